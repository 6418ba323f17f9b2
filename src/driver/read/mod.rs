//! Reading the page: the users table (members and pending invites) as a
//! whole, whatever its pager, with a verdict on how complete the read was;
//! the signed-in user; and whose editor is open.
//!
//! A whole-table read ([`Driver::read_users`]) takes one turn at a time (the
//! guard's census and a preview never page the table at once), then:
//! 1. saves the person's view ([`view`]): search text, page, scroll;
//! 2. clears the search and chooses the largest page size offered;
//! 3. finds the pager ([`pager`]) and follows it to its end ([`scroll`] for
//!    a scrolling list), reading every page, load or screen ([`table`]);
//! 4. judges completeness from how the walk ended and what the page states
//!    about its size (`core::completeness`);
//! 5. puts the view back (page size, search, page, scroll), even when the
//!    walk failed half-way.
//!
//! [`search`] confirms single people through the page's search box when a
//! read was partial; [`member`] opens and closes the member editor.

mod member;
mod pager;
mod scroll;
pub mod search;
mod table;
mod view;

use std::cell::Cell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::error::DriverError;
use super::page::Driver;
use super::rows::UserRow;
use super::wait::{wait_for, Check};
use crate::core::completeness::{judge, Completeness, Ending, PagerEnd, PagerShape, Stated};
use pager::{Pager, Walk};

pub use pager::MAX_PAGES;
pub use search::{Lookup, LOOKUP_LIMIT};
pub use view::PageSizeChange;

/// Everyone in the users table, and how sure that is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersTable {
    /// Members and pending invites, in table order, page after page.
    pub rows: Vec<UserRow>,
    /// How many pages (loads, screens) were read.
    pub pages: u32,
    /// The signed-in user's email ("(you)"), if the table shows it.
    pub signed_in: Option<String>,
    /// Whether everyone was read, with the evidence or the reason.
    pub completeness: Completeness,
    /// The pager followed, and through which control.
    pub pager: PagerReport,
    /// What the page states about the table's size, at the end of the read.
    pub stated: Stated,
}

/// Which pager a read followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagerReport {
    /// Its shape.
    pub shape: PagerShape,
    /// The control followed ("pagination_next: button “Next ›”"), if any.
    pub control: Option<String>,
    /// The page size chosen for the read (and put back afterwards).
    pub page_size: Option<PageSizeChange>,
    /// Problems putting the person's view back, if any.
    pub restore_problem: Option<String>,
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
    /// Whether everyone was read.
    pub fn is_complete(&self) -> bool {
        self.completeness.is_complete()
    }
}

/// Held while a whole-table read pages the table; released on drop.
pub(crate) struct ReadTurn(Rc<Cell<bool>>);

impl Drop for ReadTurn {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl Driver {
    /// Wait for any other whole-table read (the guard's, a preview's) to end.
    pub(crate) async fn read_turn(&self) -> Result<ReadTurn, DriverError> {
        let busy = self.read_busy();
        if busy.get() {
            let free = || {
                if busy.get() {
                    Check::NotYet
                } else {
                    Check::Done(())
                }
            };
            wait_for(
                self.limits().page_ms.saturating_mul(30),
                free,
                |waited_ms| DriverError::Timeout {
                    control: "users_row".into(),
                    condition: super::error::Condition::Appear,
                    looked_in: "the users table (another read was still paging it)".into(),
                    waited_ms,
                },
            )
            .await?;
        }
        busy.set(true);
        Ok(ReadTurn(busy))
    }

    /// Every member and pending invite, whatever the pager, with a verdict
    /// on completeness (see the module docs). The person's view is put back.
    pub async fn read_users(&self) -> Result<UsersTable, DriverError> {
        let _turn = self.read_turn().await?;
        let saved = self.save_view()?;
        if !saved.search.is_empty() {
            self.search_for("").await?;
        }
        let size = self.widen_page_size().await.unwrap_or(None);
        let walked = self.walk_all().await;
        let page_rows = walked.as_ref().map_or(0, |(w, ..)| w.first_page_rows);
        let restore = self.restore_view(&saved, size.as_ref(), page_rows).await;
        let (walk, ending, shape, control) = walked?;
        let stated = walk.stated;
        let pending = walk.rows.iter().filter(|r| r.pending).count();
        let completeness = judge(walk.rows.len(), pending, ending, &stated);
        Ok(UsersTable {
            signed_in: walk.rows.iter().find(|r| r.you).map(|r| r.email.clone()),
            pages: walk.pages,
            rows: walk.rows,
            completeness,
            pager: PagerReport {
                shape,
                control,
                page_size: size,
                restore_problem: restore.err().map(|e| e.to_string()),
            },
            stated,
        })
    }

    /// Find the pager and follow it to its end.
    async fn walk_all(&self) -> Result<(Walk, Ending, PagerShape, Option<String>), DriverError> {
        let mut walk = Walk::default();
        if self.rows_shown().await?.rows.is_empty() {
            // Never an empty workspace (the signed-in owner is in it): the
            // table is not on screen (an editor page covers it).
            return Err(DriverError::NotFound {
                control: super::ControlId::UsersRow.to_string(),
                looked_in: "the page (the users table is not shown)".into(),
                waited_ms: self.timeouts.glance_ms.into(),
            });
        }
        let pager = self.find_pager()?;
        let (ending, shape, control) = match pager {
            Pager::Paged(shape) => {
                self.first_page().await?;
                let control = self
                    .first(super::ControlId::PaginationNext)?
                    .map(|n| self.describe_control(super::ControlId::PaginationNext, &n));
                (self.walk_paged(&mut walk).await?, shape, control)
            }
            Pager::LoadMore(el) => {
                let control = Some(self.describe_control(super::ControlId::LoadMore, &el));
                (
                    self.walk_load_more(&mut walk).await?,
                    PagerShape::LoadMore,
                    control,
                )
            }
            Pager::Scroll(shape, bx) => {
                let whole_page = table::is_document(&bx);
                walk.merge_visible(self)?;
                let stated = self.stated()?;
                let agrees = stated.total.is_some_and(|t| t == walk.rows.len() as u64);
                if whole_page && agrees {
                    // The document scrolls, but everything is already shown.
                    (
                        Ending::Exhausted {
                            how: PagerEnd::NoPager,
                        },
                        PagerShape::None,
                        None,
                    )
                } else {
                    let control = Some(if whole_page {
                        "the page's scrolling".to_string()
                    } else {
                        "the list's scroll container".to_string()
                    });
                    let virtualized = shape == PagerShape::Virtualized;
                    let before = walk.rows.len();
                    let ending = self.walk_scroll(&mut walk, &bx, virtualized).await?;
                    if whole_page && walk.rows.len() == before {
                        // Scrolling the page brought nothing: there is no pager to speak of.
                        (ending, PagerShape::None, None)
                    } else {
                        (ending, shape, control)
                    }
                }
            }
            Pager::None => {
                walk.merge_visible(self)?;
                (
                    Ending::Exhausted {
                        how: PagerEnd::NoPager,
                    },
                    PagerShape::None,
                    None,
                )
            }
        };
        walk.stated = self.stated()?;
        Ok((walk, ending, shape, control))
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
}
