//! Reading the whole roster: [`Driver::read_roster`]. Read-only.
//!
//! ## Protocol (the rules are `core::roster::read`'s)
//! 1. One whole-table read ([`Driver::read_users`]): everyone, any pager,
//!    with its completeness and who is signed in; the person's view is
//!    put back.
//! 2. Each row whose "Individual Roles" summary is exact gives that
//!    person's grants at once; the others are queued.
//! 3. Each queued person's editor is read ([`Driver::read_grants`]: open,
//!    read, close what was opened), one at a time, reporting progress
//!    before each. A failure is tried once more, then the person is left
//!    out of the roster with the reason (never guessed); the page going
//!    away ends the read.
//! 4. `cancelled()` is asked before each editor read: a cancelled read
//!    answers `Ok(None)` with every editor it opened closed.
//!
//! The export writes what it read; the plan compares a desired roster with
//! it (people left out are "not compared" there, never invited).

use super::error::DriverError;
use super::page::Driver;
use super::rows::{Permission, UserRow};
use super::PagerReport;
use crate::core::roles::WorkspaceRole;
use crate::core::roster::read::{assemble, from_summary, settle, Unread};
use crate::core::roster::{Person, Roster, Status};

/// How far a roster read has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterProgress {
    /// People whose grants are known (from the table or an editor).
    pub read: usize,
    /// Everyone in the table.
    pub total: usize,
    /// Editors read so far, of `editors` to read.
    pub editors_read: usize,
    pub editors: usize,
}

/// A finished roster read.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRead {
    /// The people read, and whether that is everyone.
    pub roster: Roster,
    /// The "(you)" row's email, if the table shows one.
    pub signed_in: Option<String>,
    /// People whose grants came from their editor.
    pub editor_reads: usize,
    /// People left out: their grants could not be read.
    pub unread: Vec<Unread>,
    /// The pager the table read followed.
    pub pager: PagerReport,
    /// Pages (loads, screens) read.
    pub pages: u32,
}

fn workspace_of(row: &UserRow) -> Option<WorkspaceRole> {
    match row.permission {
        Permission::Owner => Some(WorkspaceRole::Owner),
        Permission::Member => Some(WorkspaceRole::Member),
        Permission::Unknown => None,
    }
}

fn status_of(row: &UserRow) -> Status {
    if row.pending {
        Status::Invited
    } else {
        Status::Member
    }
}

impl Driver {
    /// Every member and pending invite of `workspace` with their exact
    /// grants (see the module docs). `Ok(None)`: cancelled.
    pub async fn read_roster(
        &self,
        workspace: &str,
        progress: &dyn Fn(RosterProgress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<RosterRead>, DriverError> {
        let table = self.read_users().await?;
        let total = table.rows.len();
        let mut people = Vec::with_capacity(total);
        let mut queued: Vec<&UserRow> = Vec::new();
        for row in &table.rows {
            // Any summary that is not exact sends the person to their editor.
            match from_summary(workspace_of(row), row.roles.as_deref()) {
                Ok(access) => people.push(Person::new(
                    &row.email,
                    row.name.clone(),
                    status_of(row),
                    access,
                )),
                Err(_) => queued.push(row),
            }
        }
        let editors = queued.len();
        let mut unread = Vec::new();
        for (i, row) in queued.into_iter().enumerate() {
            progress(RosterProgress {
                read: people.len(),
                total,
                editors_read: i,
                editors,
            });
            if cancelled() {
                return Ok(None);
            }
            match self.grants_of(row).await {
                Ok(person) => people.push(person),
                Err(DriverError::Ended) => return Err(DriverError::Ended),
                Err(e) => unread.push(Unread {
                    email: row.email.clone(),
                    why: e.to_string(),
                }),
            }
        }
        progress(RosterProgress {
            read: people.len(),
            total,
            editors_read: editors,
            editors,
        });
        Ok(Some(RosterRead {
            roster: assemble(workspace, people, &unread, table.completeness),
            signed_in: table.signed_in.clone(),
            editor_reads: editors - unread.len(),
            unread,
            pager: table.pager,
            pages: table.pages,
        }))
    }

    /// One person's grants from their editor, tried twice.
    async fn grants_of(&self, row: &UserRow) -> Result<Person, DriverError> {
        let grants = match self.read_grants(&row.email).await {
            Err(DriverError::Ended) => return Err(DriverError::Ended),
            Err(DriverError::GrantsNotExact { email, reason }) => {
                // The page shows no more than this: trying again changes nothing.
                return Err(DriverError::GrantsNotExact { email, reason });
            }
            Err(_) => self.read_grants(&row.email).await?,
            Ok(g) => g,
        };
        let access = settle(&grants.access).map_err(|p| DriverError::GrantsNotExact {
            email: row.email.clone(),
            reason: p.to_string(),
        })?;
        Ok(Person::new(
            &row.email,
            row.name.clone(),
            grants.status,
            access,
        ))
    }
}
