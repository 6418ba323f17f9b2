//! The owners the guard knows of, kept current while the page is used.
//!
//! Read in full once (every page of the users table, through the same
//! reader as the preview), then kept up to date from what the guard itself
//! lets through and from rows as they render, by the rules of
//! `core::guard::ledger`: only what the page confirmed counts, people gone
//! are dropped, and a count older than the page's last change is read
//! afresh before a decision about an owner. A partial read is "owner count
//! unknown".

use std::cell::{Cell, RefCell};

use crate::core::guard::ledger::Ledger;
use crate::core::guard::{CensusProblem, GuardAction, OwnerCensus};
use crate::core::roles::WorkspaceRole;
use crate::driver::rows::{Permission, UserRow};
use crate::driver::wait::now_ms;
use crate::driver::{Driver, DriverError};

/// Where the census stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The first full read has not finished.
    Reading,
    /// Every page was read.
    Ready,
    /// The read failed or was partial; decisions about owners are uncertain.
    Failed,
}

/// The guard's ledger and the state of its reads.
#[derive(Debug, Default)]
pub struct LiveCensus {
    ledger: RefCell<Ledger>,
    status: Cell<Option<Status>>,
    /// The members' addresses of the last full read (the safety prompts
    /// learn the workspace's domains from them).
    emails: RefCell<Vec<String>>,
}

fn role_of(row: &UserRow) -> Option<WorkspaceRole> {
    match row.permission {
        Permission::Owner => Some(WorkspaceRole::Owner),
        Permission::Member => Some(WorkspaceRole::Member),
        Permission::Unknown => None,
    }
}

impl LiveCensus {
    /// Where the census stands.
    pub fn status(&self) -> Status {
        self.status.get().unwrap_or(Status::Reading)
    }

    /// Reads the whole users table (pending invites are not members).
    pub async fn refresh(&self, driver: &Driver) -> Result<(), DriverError> {
        match driver.read_users().await {
            Ok(table) => {
                let complete = table.is_complete();
                *self.emails.borrow_mut() = table.members().map(|r| r.email.clone()).collect();
                self.ledger.borrow_mut().replace(
                    table.members().map(|r| (r.email.as_str(), role_of(r))),
                    table.signed_in.as_deref(),
                    complete,
                    now_ms(),
                );
                self.status.set(Some(if complete {
                    Status::Ready
                } else {
                    Status::Failed
                }));
                Ok(())
            }
            Err(e) => {
                self.status.set(Some(Status::Failed));
                Err(e)
            }
        }
    }

    /// Merges the rows one screen shows now: catches changes made outside
    /// the guard's sight, e.g. in another tab.
    pub fn merge_rows(&self, rows: &[UserRow]) {
        let members = rows
            .iter()
            .filter(|r| !r.pending)
            .map(|r| (r.email.as_str(), role_of(r)));
        self.ledger.borrow_mut().merge_screen(members, now_ms());
    }

    /// Records a change the page is about to make (the guard saw it go
    /// ahead); a promotion counts only once a row shows it.
    pub fn set_role(&self, email: &str, role: Option<WorkspaceRole>) {
        self.ledger.borrow_mut().note_action(email, role);
    }

    /// Whether the table must be read afresh before deciding `action`.
    pub fn needs_fresh_read(&self, action: &GuardAction) -> bool {
        self.ledger.borrow().needs_fresh_read(action)
    }

    /// The members' addresses of the last full read.
    pub fn member_emails(&self) -> Vec<String> {
        self.emails.borrow().clone()
    }

    /// The role the census holds for `email`.
    pub fn role(&self, email: &str) -> Option<WorkspaceRole> {
        self.ledger.borrow().role(email)
    }

    /// The signed-in person (the "(you)" row), when shown.
    pub fn signed_in(&self) -> Option<String> {
        self.ledger.borrow().signed_in().map(str::to_string)
    }

    /// Number of owners known now.
    pub fn owner_count(&self) -> usize {
        self.ledger.borrow().owner_count()
    }

    /// The core's view of it, for a decision.
    pub fn snapshot(&self) -> OwnerCensus {
        self.ledger.borrow().census()
    }

    /// Why decisions are uncertain right now, if they are.
    pub fn problem(&self) -> Option<CensusProblem> {
        self.snapshot().problems().first().cloned()
    }
}
