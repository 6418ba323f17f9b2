//! The owners the guard knows of, kept current while the page is used.
//!
//! Read in full once (every page of the users table), then kept up to date
//! from what the guard itself lets through and from rows as they render, so
//! the guard never flips the table's pages under the person's hands.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use crate::core::email::comparison_key;
use crate::core::guard::{CensusProblem, OwnerCensus};
use crate::core::roles::WorkspaceRole;
use crate::driver::read::UsersTable;
use crate::driver::rows::{Permission, UserRow};
use crate::driver::{Driver, DriverError};

/// Where the census stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The first full read has not finished.
    Reading,
    /// Every page was read.
    Ready,
    /// The read failed; decisions about owners are uncertain.
    Failed,
}

/// People and their workspace role, keyed by comparison key.
#[derive(Debug, Default)]
pub struct LiveCensus {
    people: RefCell<BTreeMap<String, WorkspaceRole>>,
    /// People whose permission the table did not show.
    unreadable: RefCell<Vec<String>>,
    signed_in: RefCell<Option<String>>,
    /// Removed through the guard: a row still on screen until the page's
    /// server answers must not bring them back.
    removed: RefCell<BTreeSet<String>>,
    status: Cell<Option<Status>>,
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

    /// Reads every page of the users table (pending invites are not members).
    pub async fn refresh(&self, driver: &Driver) -> Result<(), DriverError> {
        match driver.read_users().await {
            Ok(table) => {
                self.replace(&table);
                self.status.set(Some(Status::Ready));
                Ok(())
            }
            Err(e) => {
                self.status.set(Some(Status::Failed));
                Err(e)
            }
        }
    }

    fn replace(&self, table: &UsersTable) {
        let mut people = BTreeMap::new();
        let mut unreadable = Vec::new();
        for row in table.members() {
            let key = comparison_key(&row.email);
            match role_of(row) {
                Some(role) => {
                    people.insert(key, role);
                }
                None => unreadable.push(key),
            }
        }
        *self.people.borrow_mut() = people;
        *self.unreadable.borrow_mut() = unreadable;
        *self.signed_in.borrow_mut() = table.signed_in.as_deref().map(comparison_key);
    }

    /// Merges rows as they are shown now (one page): catches changes made
    /// outside the guard's sight, e.g. in another tab.
    pub fn merge_rows(&self, rows: &[UserRow]) {
        let mut people = self.people.borrow_mut();
        let removed = self.removed.borrow();
        for row in rows.iter().filter(|r| !r.pending) {
            if let Some(role) = role_of(row) {
                let key = comparison_key(&row.email);
                if removed.contains(&key) {
                    continue;
                }
                self.unreadable.borrow_mut().retain(|k| *k != key);
                people.insert(key, role);
            }
        }
    }

    /// Records a change the page is about to make (the guard saw it go ahead).
    pub fn set_role(&self, email: &str, role: Option<WorkspaceRole>) {
        let key = comparison_key(email);
        let mut people = self.people.borrow_mut();
        match role {
            Some(r) => {
                people.insert(key, r);
            }
            None => {
                people.remove(&key);
                self.removed.borrow_mut().insert(key);
            }
        }
    }

    /// The role the census holds for `email`.
    pub fn role(&self, email: &str) -> Option<WorkspaceRole> {
        self.people.borrow().get(&comparison_key(email)).copied()
    }

    /// The signed-in person (the "(you)" row), when shown.
    pub fn signed_in(&self) -> Option<String> {
        self.signed_in.borrow().clone()
    }

    /// Number of owners known now.
    pub fn owner_count(&self) -> usize {
        self.people
            .borrow()
            .values()
            .filter(|r| **r == WorkspaceRole::Owner)
            .count()
    }

    /// The core's view of it, for a decision.
    pub fn snapshot(&self) -> OwnerCensus {
        let people = self.people.borrow();
        let unreadable = self.unreadable.borrow();
        // Someone whose permission could not be read might be an owner: the
        // count is then not trustworthy, which the core reports as a conflict.
        let rows = people
            .iter()
            .map(|(k, r)| (k.as_str(), *r))
            .chain(unreadable.iter().flat_map(|k| {
                [
                    (k.as_str(), WorkspaceRole::Owner),
                    (k.as_str(), WorkspaceRole::Member),
                ]
            }));
        OwnerCensus::from_rows(rows, self.status() == Status::Ready, None)
    }

    /// Why decisions are uncertain right now, if they are.
    pub fn problem(&self) -> Option<CensusProblem> {
        self.snapshot().problems().first().cloned()
    }
}
