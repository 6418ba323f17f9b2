//! Following the users table's pager to its end, whatever its shape:
//! numbered pages, Previous/Next text or icon buttons, "Load more", an
//! infinite-scroll list or a virtualized one. Every control is found through
//! the locator profile, near the table. How the walk ended is recorded as an
//! [`Ending`] for the core to judge.
//!
//! Each turn (page, load or screen) finds the rows once and reads them from
//! that one look; the wait for the next turn starts from it, and for the
//! paged shapes and "Load more" the look that saw the next page (or the
//! list grow) is the next turn's look. A list that appends ("Load more",
//! infinite scroll) keeps the rows read before, so only the rows after
//! them are parsed — when the rows of the last turn are still first, in
//! order, with the same text ([`appended_from`]). When
//! any of them vanished, moved or changed, the page replaced or re-rendered
//! the list: what it shows now is the list as it is, so the rows read
//! before are dropped and every row shown is read again (a person removed
//! meanwhile is not counted; one shifted into the rows read before is).
//! Either way rows are de-duplicated by email, and completeness is judged
//! from the ending and the stated total as for any pager. A virtualized
//! list recycles its rows: every screen is read whole. Scrolling lists are
//! followed in [`super::scroll`].

use rustc_hash::FxHashSet;

use web_sys::Element;

use super::super::act;
use super::super::control::ControlId;
use super::super::dom::LiveDom;
use super::super::error::DriverError;
use super::super::page::Driver;
use super::super::profile::Params;
use super::super::rows::UserRow;
use super::super::tree::{accessible_name, is_disabled, role_of};
use super::super::wait::{wait_for, Check};
use super::table::{Shown, TableWatch};
use crate::core::appended::appended_from;
use crate::core::completeness::{Ending, PagerEnd, PagerShape};
use crate::core::email::comparison_key;

/// Safety stop for paging (a table that never reports its last page).
pub const MAX_PAGES: u32 = 500;

fn none() -> Params {
    Params::none()
}

/// The rows read so far, without repeats.
#[derive(Debug, Default)]
pub(super) struct Walk {
    pub rows: Vec<UserRow>,
    keys: FxHashSet<String>,
    /// Pages, loads or screens read.
    pub pages: u32,
    /// Rows on the first page (the page size, for page arithmetic).
    pub first_page_rows: usize,
    /// What the page stated when the walk ended.
    pub stated: crate::core::completeness::Stated,
    /// Each row's text at the last look (an appending list keeps them).
    seen: Vec<String>,
}

impl Walk {
    /// Read the rows shown now as the one page.
    pub fn merge_visible(&mut self, d: &Driver) -> Result<(), DriverError> {
        let shown = d.rows_now()?;
        let rows = d.parse_rows(&shown.rows, 1)?;
        self.seen = shown.texts;
        self.first_page_rows = rows.len();
        self.merge(rows);
        self.pages = self.pages.max(1);
        Ok(())
    }

    /// Read an appending list's rows: those after the rows of the last look
    /// when those are unchanged, else all of them in place of the rows read
    /// before (see the module docs). How many rows were parsed.
    pub(super) fn merge_appended(
        &mut self,
        d: &Driver,
        shown: &Shown,
        page: u32,
    ) -> Result<usize, DriverError> {
        let appended = appended_from(&self.seen, &shown.texts);
        let rows = d.parse_rows(&shown.rows[appended.unwrap_or(0)..], page)?;
        if appended.is_none() {
            // The list shown holds every row loaded so far.
            self.rows.clear();
            self.keys.clear();
        }
        let parsed = rows.len();
        self.seen.clone_from(&shown.texts);
        self.merge(rows);
        Ok(parsed)
    }

    pub(super) fn merge(&mut self, rows: Vec<UserRow>) {
        for r in rows {
            if self.keys.insert(comparison_key(&r.email)) {
                self.rows.push(r);
            }
        }
    }
}

/// The pager found, and through which control.
#[derive(Debug, Clone)]
pub(super) enum Pager {
    /// Previous / next (numbered, text or icon): the next control.
    Paged(PagerShape),
    /// A "Load more" button.
    LoadMore(Element),
    /// A scroll container (infinite or virtualized).
    Scroll(PagerShape, Element),
    /// Nothing to follow.
    None,
}

impl Driver {
    /// The first enabled-or-not match of a `many` control.
    pub(crate) fn first(&self, id: ControlId) -> Result<Option<Element>, DriverError> {
        Ok(self.find_all(id, &none())?.into_iter().next())
    }

    /// "pagination_next: button “Next ›”", for reports.
    pub(super) fn describe_control(&self, id: ControlId, el: &Element) -> String {
        let name = LiveDom::current()
            .map(|d| accessible_name(&d, el))
            .unwrap_or_default();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let role = LiveDom::current()
            .ok()
            .and_then(|d| role_of(&d, el))
            .map_or_else(
                || el.tag_name().to_ascii_lowercase(),
                |r| r.as_str().to_string(),
            );
        if name.is_empty() {
            format!("{id}: {role} without a name")
        } else {
            format!("{id}: {role} “{name}”")
        }
    }

    /// Which pager the table has now.
    pub(super) fn find_pager(&self) -> Result<Pager, DriverError> {
        if let Some(next) = self.first(ControlId::PaginationNext)? {
            let shape = if next
                .closest("nav, [role=navigation]")
                .ok()
                .flatten()
                .is_some()
                || self.is_present(ControlId::PaginationCurrent, &none())?
            {
                PagerShape::Numbered
            } else if next.text_content().is_some_and(|t| !t.trim().is_empty()) {
                PagerShape::TextButtons
            } else {
                PagerShape::IconButtons
            };
            return Ok(Pager::Paged(shape));
        }
        if let Some(more) = self.first(ControlId::LoadMore)? {
            return Ok(Pager::LoadMore(more));
        }
        if let Some(bx) = self.scroll_box()? {
            let shape = if self.is_virtualized(&bx)? {
                PagerShape::Virtualized
            } else {
                PagerShape::InfiniteScroll
            };
            return Ok(Pager::Scroll(shape, bx));
        }
        Ok(Pager::None)
    }

    /// Rows render after the data arrives: wait for at least one. The rows
    /// shown then.
    pub(super) async fn rows_shown(&self) -> Result<Shown, DriverError> {
        let shown = self.rows_now()?;
        if !shown.rows.is_empty() {
            return Ok(shown);
        }
        let _ = self
            .appear_all(ControlId::UsersRow, &none(), self.timeouts.glance_ms)
            .await;
        self.rows_now()
    }

    /// Click `el` and wait until the table shows another screen (`grow`:
    /// more rows, for "Load more"). `false` when it did not in time.
    async fn click_and_wait(&self, el: &Element, grow: bool) -> Result<bool, DriverError> {
        let before = self.rows_now()?;
        Ok(self.click_and_watch(el, grow, &before).await?.is_some())
    }

    /// As [`Driver::click_and_wait`], from the rows `before` the click; the
    /// rows of the look that saw the other screen, `None` when none came.
    async fn click_and_watch(
        &self,
        el: &Element,
        grow: bool,
        before: &Shown,
    ) -> Result<Option<Shown>, DriverError> {
        let mut watch = TableWatch::from_rows(&before.rows);
        let count = before.texts.len();
        act::click(el)?;
        let probe = || match watch.look_rows(self) {
            Ok(Some(now))
                if !now.texts.is_empty()
                    && now.texts != before.texts
                    && (!grow || now.texts.len() > count) =>
            {
                Check::Done(now)
            }
            Ok(_) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        match wait_for(self.limits().page_ms, probe, |_| DriverError::Detached {
            control: ControlId::UsersRow.to_string(),
        })
        .await
        {
            Ok(now) => Ok(Some(now)),
            Err(DriverError::Detached { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Read page after page through the next control.
    pub(super) async fn walk_paged(&self, walk: &mut Walk) -> Result<Ending, DriverError> {
        let mut shown = self.rows_shown().await?;
        loop {
            let rows = self.parse_rows(&shown.rows, walk.pages + 1)?;
            if walk.pages == 0 {
                walk.first_page_rows = rows.len();
            }
            walk.merge(rows);
            walk.pages += 1;
            let stated = self.stated()?;
            if stated.is_last() {
                return Ok(Ending::Exhausted {
                    how: PagerEnd::LastPageStated,
                });
            }
            if walk.pages >= MAX_PAGES {
                return Ok(Ending::TooManyPages { limit: MAX_PAGES });
            }
            let dom = LiveDom::current()?;
            let Some(next) = self.first(ControlId::PaginationNext)? else {
                return Ok(if stated.has_more() {
                    Ending::NoWayToNextPage
                } else {
                    Ending::Exhausted {
                        how: PagerEnd::ControlGone,
                    }
                });
            };
            if is_disabled(&dom, &next) {
                return Ok(Ending::Exhausted {
                    how: PagerEnd::NextDisabled,
                });
            }
            // The look that saw the next page is that page's turn.
            match self.click_and_watch(&next, false, &shown).await? {
                Some(now) => shown = now,
                None => {
                    return Ok(Ending::TimedOut {
                        page: walk.pages + 1,
                    })
                }
            }
        }
    }

    /// Press "Load more" until it is gone.
    pub(super) async fn walk_load_more(&self, walk: &mut Walk) -> Result<Ending, DriverError> {
        let mut shown = self.rows_shown().await?;
        loop {
            let parsed = walk.merge_appended(self, &shown, walk.pages + 1)?;
            if walk.pages == 0 {
                walk.first_page_rows = parsed;
            }
            walk.pages += 1;
            if walk.pages >= MAX_PAGES {
                return Ok(Ending::TooManyPages { limit: MAX_PAGES });
            }
            let dom = LiveDom::current()?;
            let Some(more) = self.first(ControlId::LoadMore)? else {
                return Ok(Ending::Exhausted {
                    how: PagerEnd::ControlGone,
                });
            };
            if is_disabled(&dom, &more) && !self.is_loading() {
                return Ok(Ending::Exhausted {
                    how: PagerEnd::NextDisabled,
                });
            }
            match self.click_and_watch(&more, true, &shown).await? {
                Some(now) => shown = now,
                None => {
                    return Ok(Ending::TimedOut {
                        page: walk.pages + 1,
                    })
                }
            }
        }
    }

    /// The current page number of a numbered pager (its `aria-current` button).
    pub fn current_page(&self) -> Result<Option<u32>, DriverError> {
        let dom = LiveDom::current()?;
        let Some(el) = self.first(ControlId::PaginationCurrent)? else {
            return Ok(None);
        };
        let name = accessible_name(&dom, &el);
        let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
        Ok(digits.parse().ok())
    }

    /// The page shown now: the numbered pager's, else what the page states
    /// with `page_size` rows per page.
    pub(super) fn page_now(&self, page_size: usize) -> Result<Option<u32>, DriverError> {
        if let Some(p) = self.current_page()? {
            return Ok(Some(p));
        }
        Ok(self
            .stated()?
            .current_page(page_size)
            .and_then(|p| u32::try_from(p).ok()))
    }

    /// Back to the first page: its own control, else "previous" until it
    /// is disabled or gone.
    pub(super) async fn first_page(&self) -> Result<(), DriverError> {
        if self.current_page()? == Some(1) {
            return Ok(());
        }
        let dom = LiveDom::current()?;
        if let Some(first) = self.first(ControlId::PaginationFirst)? {
            if !is_disabled(&dom, &first) {
                self.click_and_wait(&first, false).await?;
                return Ok(());
            }
        }
        if self.current_page()?.is_some() {
            return self.goto_page(1, 0).await;
        }
        for _ in 0..MAX_PAGES {
            match self.first(ControlId::PaginationPrev)? {
                Some(prev) if !is_disabled(&dom, &prev) => {
                    if !self.click_and_wait(&prev, false).await? {
                        break;
                    }
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// Show page `target` of the users table: its own button, or stepping
    /// with next / previous (`page_size` tells pages apart when the pager
    /// has no numbers).
    pub async fn goto_page(&self, target: u32, page_size: usize) -> Result<(), DriverError> {
        if target == 1 && self.page_now(page_size)?.is_some_and(|now| now > 2) {
            self.first_page_by_search().await?;
        }
        for _ in 0..MAX_PAGES {
            let Some(now) = self.page_now(page_size)? else {
                return Ok(());
            };
            if now == target {
                return Ok(());
            }
            let direct = Params::one("page", target.to_string());
            if let Some(b) = self
                .find_all(ControlId::PaginationPage, &direct)?
                .into_iter()
                .next()
            {
                if self.click_and_wait(&b, false).await? {
                    continue;
                }
            }
            let id = if now < target {
                ControlId::PaginationNext
            } else {
                ControlId::PaginationPrev
            };
            let dom = LiveDom::current()?;
            let step = self.first(id)?.filter(|b| !is_disabled(&dom, b));
            let moved = match step {
                Some(b) => self.click_and_wait(&b, false).await?,
                None => false,
            };
            if !moved {
                return Err(DriverError::NotFound {
                    control: id.to_string(),
                    looked_in: format!(
                        "the pagination (page {target} is not reachable from {now})"
                    ),
                    waited_ms: 0,
                });
            }
        }
        Ok(())
    }

    /// Back to page 1 in two answers instead of one per page, where the
    /// pager has neither numbers nor a "first" control: a table goes back to
    /// its first page when its search changes, so search for a row shown
    /// now, then clear the search. Only from an empty search (the person's
    /// own is put back by the caller); the caller checks where it landed and
    /// steps with "previous" if this did not bring page 1.
    async fn first_page_by_search(&self) -> Result<(), DriverError> {
        let direct = Params::one("page", "1");
        if self.is_present(ControlId::PaginationPage, &direct)?
            || self.is_present(ControlId::PaginationFirst, &none())?
        {
            return Ok(());
        }
        let Some(search) = self.first(ControlId::SearchBox)? else {
            return Ok(());
        };
        if !act::text_value(&search).is_empty() {
            return Ok(());
        }
        let Some(row) = self.read_rows(0)?.into_iter().next() else {
            return Ok(());
        };
        self.search_for(&row.email).await?;
        self.search_for("").await?;
        Ok(())
    }

    /// The row of `email`, looking on the current page first, then page by
    /// page. The table is left on the row's page.
    pub async fn find_member_row(&self, email: &str) -> Result<Element, DriverError> {
        let p = Params::one("email", email);
        if let Ok(row) = self.find(ControlId::MemberRow, &p) {
            return Ok(row);
        }
        if let Pager::Paged(..) = self.find_pager()? {
            self.first_page().await?;
            for _ in 0..MAX_PAGES {
                if let Ok(row) = self.find(ControlId::MemberRow, &p) {
                    return Ok(row);
                }
                let dom = LiveDom::current()?;
                match self.first(ControlId::PaginationNext)? {
                    Some(n) if !is_disabled(&dom, &n) => {
                        if !self.click_and_wait(&n, false).await? {
                            break;
                        }
                    }
                    _ => break,
                }
            }
        }
        self.find(ControlId::MemberRow, &p)
    }
}
