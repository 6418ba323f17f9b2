//! Following a scrolling list to its end: an infinite list that loads more
//! rows when it reaches its end, or a virtualized one that recycles its rows.
//!
//! An infinite list is scrolled to its end each turn, and the page's answer
//! is awaited ([`More`]), ending as soon as the page gives it:
//! - more rows, or a taller list: the next turn reads them;
//! - the page's loading sign (the profile's `loading_indicator`) came and
//!   went with nothing new: the list has ended;
//! - nothing at all for [`SETTLE_MS`]: when the rows read are as many as
//!   the page states, the list has ended; when the page states more and
//!   the list has loaded more before, it gets the page timeout to start
//!   loading, else the glance timeout (and [`SCREEN_MS`]) before the list
//!   counts as ended (the verdict still compares the rows read with any
//!   stated total);
//! - still loading when the page timeout passes: the read timed out
//!   (partial).
//!
//! A virtualized list is stepped a screen at a time (screens overlap by a
//! row, so no row is skipped between two) and every screen is read whole;
//! at its end it waits for the page's answer in the same way.

use web_sys::Element;

use super::super::control::ControlId;
use super::super::error::DriverError;
use super::super::page::Driver;
use super::super::wait::{now_ms, wait_for, Check, DomChanges, POLL_MS};
use super::pager::{Walk, MAX_PAGES};
use super::table::{metrics, row_height, Shown, TableWatch};
use crate::core::completeness::{Ending, PagerEnd};

/// How long a list scrolled to its end is given to start loading before
/// the rows read are compared with the page's stated total.
const SETTLE_MS: u32 = 150;
/// After the loading sign went with nothing new, how long rows may still
/// take to render.
const GRACE_MS: u32 = 100;
/// How long a virtualized list's next screen may take to render.
const SCREEN_MS: u32 = 400;

/// The page's answer to a list scrolled to its end.
enum More {
    /// More rows, or the list grew.
    Grew,
    /// Nothing more: the list has ended.
    End,
    /// Still loading at the page timeout.
    Stuck,
}

impl Driver {
    /// Scroll the list to its end, reading every screen on the way, until
    /// it stops growing (see the module docs).
    pub(super) async fn walk_scroll(
        &self,
        walk: &mut Walk,
        bx: &Element,
        virtualized: bool,
    ) -> Result<Ending, DriverError> {
        loop {
            let shown = self.rows_shown().await?;
            if virtualized {
                walk.merge(self.parse_rows(&shown.rows, walk.pages.max(1))?);
            } else {
                walk.merge_appended(self, &shown, walk.pages.max(1))?;
            }
            if walk.pages == 0 {
                walk.first_page_rows = walk.rows.len();
                walk.pages = 1;
            }
            if walk.pages >= MAX_PAGES {
                return Ok(Ending::TooManyPages { limit: MAX_PAGES });
            }
            let (top, client, height) = metrics(bx);
            if virtualized && top + client < height - 2.0 {
                self.next_screen(bx, &shown, top, client).await?;
                walk.pages += 1;
                continue;
            }
            if !virtualized {
                bx.set_scroll_top(height.ceil() as i32);
            }
            // A list that has loaded more before is waited for when it
            // states more than was read (not one that never grew: a page
            // that scrolls but pages otherwise).
            let patient = !virtualized && walk.pages > 1;
            match self.more_at_end(walk, bx, &shown, height, patient).await? {
                More::Grew => walk.pages += u32::from(!virtualized),
                More::End => {
                    return Ok(Ending::Exhausted {
                        how: PagerEnd::ListEnd,
                    })
                }
                More::Stuck => {
                    return Ok(Ending::TimedOut {
                        page: walk.pages + 1,
                    })
                }
            }
        }
    }

    /// Scroll a virtualized list by a screen less a row, and wait briefly
    /// for it to show the next rows.
    async fn next_screen(
        &self,
        bx: &Element,
        shown: &Shown,
        top: f64,
        client: f64,
    ) -> Result<(), DriverError> {
        let row = row_height(&shown.rows).unwrap_or(client * 0.2);
        bx.set_scroll_top((top + (client - row).max(client * 0.5)).ceil() as i32);
        let mut watch = TableWatch::from_rows(&shown.rows);
        let changed = || match watch.look(self) {
            Ok(Some(sig)) if sig != shown.texts => Check::Done(()),
            Ok(_) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        let _ = wait_for(self.timeouts.glance_ms.min(SCREEN_MS), changed, |_| {
            DriverError::Detached {
                control: ControlId::UsersRow.to_string(),
            }
        })
        .await;
        Ok(())
    }

    /// The page's answer to the list at its end (`height`: its scroll
    /// height when it got there), as soon as it gives one (module docs).
    /// `patient`: the list loaded more before.
    async fn more_at_end(
        &self,
        walk: &Walk,
        bx: &Element,
        shown: &Shown,
        height: f64,
        patient: bool,
    ) -> Result<More, DriverError> {
        let mut watch = TableWatch::from_rows(&shown.rows);
        let start = now_ms();
        let at = |ms: u32| start + f64::from(ms);
        let glance = self.timeouts.glance_ms.max(SETTLE_MS);
        let limit = at(glance) + f64::from(self.limits().page_ms);
        let changes = DomChanges::observe()?;
        let mut loading_seen = false;
        // When the loading sign went, having been seen.
        let mut gone_at: Option<f64> = None;
        // What the page states, once looked at (at the settle time).
        let mut stated: Option<Option<u64>> = None;
        loop {
            if let Some(sig) = watch.look(self)? {
                if sig != shown.texts {
                    return Ok(More::Grew);
                }
            }
            let now = now_ms();
            // Taller with the same rows: its loading sign, or rows rendered
            // outside the rows' container.
            let taller = f64::from(bx.scroll_height()) > height;
            // Rows that come within the settle time need no other look.
            if taller || loading_seen || now >= at(SETTLE_MS) {
                if self.is_loading() {
                    loading_seen = true;
                    gone_at = None;
                } else if taller {
                    return Ok(More::Grew);
                } else if loading_seen {
                    let gone = *gone_at.get_or_insert(now);
                    if now >= gone + f64::from(GRACE_MS) {
                        return Ok(More::End);
                    }
                } else if stated.is_none() {
                    let total = self.stated()?.total;
                    if total == Some(walk.rows.len() as u64) {
                        return Ok(More::End);
                    }
                    stated = Some(total);
                }
            }
            let deadline = match (loading_seen, gone_at, stated) {
                (_, Some(gone), _) => gone + f64::from(GRACE_MS),
                (true, None, _) => limit,
                (false, _, None) => at(SETTLE_MS),
                // The page states more than was read: it gets the page
                // timeout to start loading (a slow page, a loaded machine).
                (false, _, Some(Some(total))) if patient && (walk.rows.len() as u64) < total => {
                    limit
                }
                (false, _, Some(_)) => at(glance + SCREEN_MS),
            };
            if now >= deadline {
                return Ok(if loading_seen && gone_at.is_none() {
                    More::Stuck
                } else {
                    More::End
                });
            }
            let wait = (deadline - now).ceil() as u32;
            changes.next(wait.clamp(1, POLL_MS)).await;
        }
    }
}
