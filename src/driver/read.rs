//! Reading the page: the users table (members and pending invites) across
//! every page, the signed-in user, and whose editor is open. Reading pages
//! through the table moves the table; the user's page and search are put
//! back afterwards.

use serde::{Deserialize, Serialize};
use web_sys::Element;

use super::act;
use super::control::ControlId;
use super::dom::{text_pieces, LiveDom};
use super::error::{Condition, DriverError};
use super::page::Driver;
use super::profile::Params;
use super::rows::{parse_row, UserRow};
use super::text::find_email;
use super::tree::{accessible_name, is_disabled};
use super::wait::{wait_for, Check};

/// Safety stop for paging (a table that never reports its last page).
pub const MAX_PAGES: u32 = 500;

/// Everyone in the users table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersTable {
    /// Members and pending invites, in table order, page after page.
    pub rows: Vec<UserRow>,
    /// How many pages were read.
    pub pages: u32,
    /// The signed-in user's email ("(you)"), if the table shows it.
    pub signed_in: Option<String>,
}

impl UsersTable {
    /// Accepted members (not pending).
    pub fn members(&self) -> impl Iterator<Item = &UserRow> {
        self.rows.iter().filter(|r| !r.pending)
    }
    /// Pending invites.
    pub fn invites(&self) -> impl Iterator<Item = &UserRow> {
        self.rows.iter().filter(|r| r.pending)
    }
    /// The row of an email (case-insensitive).
    pub fn get(&self, email: &str) -> Option<&UserRow> {
        self.rows
            .iter()
            .find(|r| r.email.eq_ignore_ascii_case(email))
    }
}

fn none() -> Params {
    Params::none()
}

/// Children of a row that take part in its layout (not a fixed or
/// absolute helper such as Evergreen's scrollbar-size probe in the header).
fn in_flow_children(el: &Element) -> Vec<Element> {
    let window = web_sys::window();
    let kids = el.children();
    (0..kids.length())
        .filter_map(|i| kids.item(i))
        .filter(|c| {
            let position = window
                .as_ref()
                .and_then(|w| w.get_computed_style(c).ok().flatten())
                .and_then(|s| s.get_property_value("position").ok())
                .unwrap_or_default();
            !matches!(position.as_str(), "fixed" | "absolute")
        })
        .collect()
}

/// Where the roles column is: the header cell's index among its row's
/// cells, and its horizontal span. Walking up from the header text, the
/// cell is the first element whose parent holds several cells (div tables
/// have no roles to say which element is a cell).
fn roles_column(header: &Element) -> Option<(usize, usize, f64, f64)> {
    let mut cur = header.clone();
    while let Some(parent) = cur.parent_element() {
        let cells = in_flow_children(&parent);
        if cells.len() >= 3 {
            let index = cells.iter().position(|c| *c == cur)?;
            let r = cur.get_bounding_client_rect();
            return Some((index, cells.len(), r.left(), r.right()));
        }
        cur = parent;
    }
    None
}

/// The cell of `row` in the roles column: by index when the row has as many
/// cells as the header, else the cell overlapping the header most.
fn cell_under(
    row: &Element,
    (index, count, left, right): (usize, usize, f64, f64),
) -> Option<Element> {
    let cells = in_flow_children(row);
    if cells.len() == count {
        return cells.into_iter().nth(index);
    }
    cells
        .into_iter()
        .map(|c| {
            let r = c.get_bounding_client_rect();
            ((right.min(r.right()) - left.max(r.left())).max(0.0), c)
        })
        .filter(|(o, _)| *o > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl Driver {
    /// The rows of the table as it is now (one page).
    pub fn read_rows(&self, page: u32) -> Result<Vec<UserRow>, DriverError> {
        let rows = self.find_all(ControlId::UsersRow, &none())?;
        let header = self
            .find_all(ControlId::RolesHeader, &none())?
            .into_iter()
            .next();
        let column = header.as_ref().and_then(roles_column);
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let badge = !self
                .find_all_in(ControlId::PendingBadge, &none(), &row)?
                .is_empty();
            let cell = column.and_then(|c| cell_under(&row, c));
            // Without cells, fall back to texts starting where the header starts.
            let roles_left = match cell {
                Some(_) => None,
                None => header.as_ref().map(|h| h.get_bounding_client_rect().left()),
            };
            let words = &self.profile().words;
            if let Some(mut r) = parse_row(&text_pieces(&row), badge, roles_left, words, page) {
                if let Some(cell) = cell {
                    let texts: Vec<String> = text_pieces(&cell)
                        .into_iter()
                        .map(|p| p.text)
                        .filter(|t| !t.is_empty())
                        .collect();
                    r.roles = Some(texts.join(", "));
                }
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The current page number of the users table, if it shows pagination.
    pub fn current_page(&self) -> Result<Option<u32>, DriverError> {
        let dom = LiveDom::current()?;
        let Some(el) = self
            .find_all(ControlId::PaginationCurrent, &none())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let name = accessible_name(&dom, &el);
        let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
        Ok(digits.parse().ok())
    }

    /// Emails on the current page: tells one page from another.
    fn page_signature(&self) -> Result<Vec<String>, DriverError> {
        Ok(self
            .find_all(ControlId::UsersRow, &none())?
            .iter()
            .filter_map(|r| text_pieces(r).iter().find_map(|p| find_email(&p.text)))
            .collect())
    }

    /// Click a pagination control and wait for another page to show.
    async fn turn_page(
        &self,
        id: ControlId,
        params: &Params,
        expect: Option<u32>,
    ) -> Result<bool, DriverError> {
        let dom = LiveDom::current()?;
        let Some(button) = self.find_all(id, params)?.into_iter().next() else {
            return Ok(false);
        };
        if is_disabled(&dom, &button) {
            return Ok(false);
        }
        let before = self.page_signature()?;
        act::click(&button)?;
        let probe = || {
            let sig = match self.page_signature() {
                Ok(s) => s,
                Err(e) => return Check::Fail(e),
            };
            let page_ok = match (expect, self.current_page()) {
                (Some(want), Ok(Some(now))) => now == want,
                _ => true,
            };
            if !sig.is_empty() && sig != before && page_ok {
                Check::Done(())
            } else {
                Check::NotYet
            }
        };
        wait_for(self.timeouts.page_ms, probe, |waited_ms| {
            DriverError::Timeout {
                control: id.to_string(),
                condition: Condition::Appear,
                looked_in: format!(
                    "the users table (waiting for another page{})",
                    expect.map(|p| format!(", page {p}")).unwrap_or_default()
                ),
                waited_ms,
            }
        })
        .await?;
        Ok(true)
    }

    /// Show page `target` of the users table (by its button, or stepping).
    pub async fn goto_page(&self, target: u32) -> Result<(), DriverError> {
        for _ in 0..MAX_PAGES {
            let Some(now) = self.current_page()? else {
                return Ok(());
            };
            if now == target {
                return Ok(());
            }
            let direct = Params::one("page", target.to_string());
            if self.is_present(ControlId::PaginationPage, &direct)? {
                self.turn_page(ControlId::PaginationPage, &direct, Some(target))
                    .await?;
                continue;
            }
            let (id, next) = if now < target {
                (ControlId::PaginationNext, now + 1)
            } else {
                (ControlId::PaginationPrev, now - 1)
            };
            if !self.turn_page(id, &none(), Some(next)).await? {
                return Err(DriverError::NotFound {
                    control: ControlId::PaginationPage.to_string(),
                    looked_in: format!(
                        "the pagination (page {target} is not reachable from {now})"
                    ),
                    waited_ms: 0,
                });
            }
        }
        Ok(())
    }

    /// Every member and pending invite, across all pages of the table. The
    /// search box is cleared while reading; the user's page and search text
    /// are restored afterwards.
    pub async fn read_users(&self) -> Result<UsersTable, DriverError> {
        let search = self
            .find_all(ControlId::SearchBox, &none())?
            .into_iter()
            .next();
        let query = search.as_ref().map(act::text_value).unwrap_or_default();
        // The page within the user's search, recorded before the search is
        // cleared (a new search text usually resets the table to page 1).
        let start_page = self.current_page()?;
        if !query.is_empty() {
            let before = self.page_signature()?;
            self.type_text(ControlId::SearchBox, &none(), "").await?;
            self.table_changed(&before).await?;
        }
        let result = self.read_all_pages().await;
        // Put the table back even when reading failed half-way.
        let mut restore = Ok(());
        if !query.is_empty() {
            let before = self.page_signature()?;
            restore = self.type_text(ControlId::SearchBox, &none(), &query).await;
            if restore.is_ok() {
                restore = self.table_changed(&before).await;
            }
        }
        if let Some(p) = start_page {
            restore = restore.and(self.goto_page(p).await);
        }
        let table = result?;
        restore?;
        Ok(table)
    }

    /// Wait until the rows differ from `before` (a search applied). Not an
    /// error when they never do: the results may simply be the same.
    async fn table_changed(&self, before: &[String]) -> Result<(), DriverError> {
        let probe = || match self.page_signature() {
            Ok(sig) if !sig.is_empty() && sig != before => Check::Done(()),
            Ok(_) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        let timed_out = |waited_ms| DriverError::Timeout {
            control: ControlId::UsersRow.to_string(),
            condition: Condition::Appear,
            looked_in: "the users table (waiting for the search to apply)".into(),
            waited_ms,
        };
        match wait_for(self.timeouts.glance_ms, probe, timed_out).await {
            Ok(()) | Err(DriverError::Timeout { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn read_all_pages(&self) -> Result<UsersTable, DriverError> {
        if self.current_page()?.is_some_and(|p| p != 1) {
            self.goto_page(1).await?;
        }
        let mut table = UsersTable::default();
        let mut page = 1;
        loop {
            // Rows render after the data arrives; wait for at least one.
            if self.find_all(ControlId::UsersRow, &none())?.is_empty() {
                let _ = self
                    .appear_all(ControlId::UsersRow, &none(), self.timeouts.glance_ms)
                    .await;
            }
            for r in self.read_rows(page)? {
                if !table
                    .rows
                    .iter()
                    .any(|x| x.email.eq_ignore_ascii_case(&r.email))
                {
                    table.rows.push(r);
                }
            }
            table.pages = page;
            if page >= MAX_PAGES
                || !self
                    .turn_page(ControlId::PaginationNext, &none(), Some(page + 1))
                    .await?
            {
                break;
            }
            page += 1;
        }
        table.signed_in = table.rows.iter().find(|r| r.you).map(|r| r.email.clone());
        Ok(table)
    }

    /// The signed-in user's row, reading every page if needed.
    pub async fn signed_in_user(&self) -> Result<Option<UserRow>, DriverError> {
        let page = self.current_page()?.unwrap_or(1);
        if let Some(r) = self.read_rows(page)?.into_iter().find(|r| r.you) {
            return Ok(Some(r));
        }
        let table = self.read_users().await?;
        Ok(table.rows.into_iter().find(|r| r.you))
    }

    /// The email of the member (or invite) whose editor is open, if any.
    pub fn open_editor_email(&self) -> Result<Option<String>, DriverError> {
        let Some(editor) = self
            .find_all(ControlId::MemberEditor, &none())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        Ok(text_pieces(&editor)
            .iter()
            .find_map(|p| find_email(&p.text)))
    }

    /// The row of `email`, looking on the current page first, then page by
    /// page. The table is left on the row's page.
    pub async fn find_member_row(&self, email: &str) -> Result<Element, DriverError> {
        let p = Params::one("email", email);
        if let Ok(row) = self.find(ControlId::MemberRow, &p) {
            return Ok(row);
        }
        if self.current_page()?.is_some() {
            self.goto_page(1).await?;
            for _ in 0..MAX_PAGES {
                if let Ok(row) = self.find(ControlId::MemberRow, &p) {
                    return Ok(row);
                }
                let next = self.current_page()?.map(|n| n + 1);
                if !self
                    .turn_page(ControlId::PaginationNext, &none(), next)
                    .await?
                {
                    break;
                }
            }
        }
        self.find(ControlId::MemberRow, &p)
    }

    /// Open the editor of `email` (its "Edit" link, or the row itself) and
    /// wait until it has finished opening.
    pub async fn open_member_editor(&self, email: &str) -> Result<(), DriverError> {
        if self
            .open_editor_email()?
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
        {
            return Ok(());
        }
        let row = self.find_member_row(email).await?;
        let p = Params::one("email", email);
        match self.find_all(ControlId::RowOpen, &p)?.into_iter().next() {
            Some(link) => act::click(&link)?,
            None => act::click(&row)?,
        }
        self.settled(ControlId::MemberEditor, &none()).await?;
        let want = email.to_string();
        wait_for(
            self.timeouts.step_ms,
            || match self.open_editor_email() {
                Ok(Some(e)) if e.eq_ignore_ascii_case(&want) => Check::Done(()),
                Ok(_) => Check::NotYet,
                Err(e) => Check::Fail(e),
            },
            |waited_ms| DriverError::Timeout {
                control: ControlId::MemberEditor.to_string(),
                condition: Condition::Appear,
                looked_in: format!("the member editor (for {want})"),
                waited_ms,
            },
        )
        .await
    }

    /// Close the member editor without saving (its close control, else
    /// Escape) and wait until it is gone.
    pub async fn close_member_editor(&self) -> Result<(), DriverError> {
        if !self.is_present(ControlId::MemberEditor, &none())? {
            return Ok(());
        }
        match self
            .find_all(ControlId::EditorClose, &none())?
            .into_iter()
            .next()
        {
            Some(close) => act::click(&close)?,
            None => self.press(act::Key::Escape)?,
        }
        self.gone(ControlId::MemberEditor, &none()).await
    }
}
