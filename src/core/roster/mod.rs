//! A roster: everyone with access to one workspace — members and pending
//! invites — each with their exact grants, and whether the read that made
//! it saw everyone.
//!
//! This is the shared model of the roster issue (#14): the export reads
//! the page into a [`Roster`] (the table for who is there, each person's
//! editor where the table's role summary is truncated or ambiguous) and
//! writes it as CSV in the bulk-invite format or as JSON; a desired roster
//! is parsed from the same files into [`Person`]s; the plan compares the
//! two; the apply runs the plan's changes through the page's own flows.
//!
//! Emails are the key and are compared case-insensitively: a [`Person`]'s
//! `email` is stored lower-cased (see [`Person::new`]) and a roster holds
//! each email once, sorted, so two rosters of the same people compare
//! equal whatever the table's order.

use serde::{Deserialize, Serialize};

pub mod diff;
pub mod plan;

use super::completeness::Completeness;
use super::roles::RoleSet;

pub mod format;
pub mod read;
pub mod summary;

/// Whether a person has joined the workspace or has only been invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A member of the workspace.
    Member,
    /// A pending invite.
    Invited,
}

/// What one person is granted, as their editor (or an exact summary)
/// shows it: the driver's `read_grants` answers with this.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grants {
    /// Member or pending invite.
    pub status: Status,
    /// Workspace permission and every role with its exact scope.
    pub access: RoleSet,
}

/// One person of a roster and everything they are granted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Person {
    /// Lower-cased email: the key.
    pub email: String,
    /// Display name as the page shows it; `None` for invites and files
    /// without names. Not compared by the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Member or pending invite.
    pub status: Status,
    /// Workspace permission and every role with its exact scope.
    pub access: RoleSet,
}

impl Person {
    /// A person, with the email lower-cased (and trimmed) as the key.
    pub fn new(email: &str, name: Option<String>, status: Status, access: RoleSet) -> Self {
        Self {
            email: email.trim().to_lowercase(),
            name,
            status,
            access,
        }
    }
}

/// Everyone with access to one workspace, as one read found them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// The workspace's slug (the first path segment of the page's URL).
    pub workspace: String,
    /// Sorted by email; each email once.
    pub people: Vec<Person>,
    /// Whether the read saw everyone; a partial roster is never presented
    /// as whole (an export says so, a plan refuses to remove from it).
    pub completeness: Completeness,
}

impl Roster {
    /// A roster of `people`, sorted by email with duplicates dropped (the
    /// first of each email is kept).
    pub fn new(workspace: &str, mut people: Vec<Person>, completeness: Completeness) -> Self {
        people.sort_by(|a, b| a.email.cmp(&b.email));
        people.dedup_by(|b, a| a.email == b.email);
        Self {
            workspace: workspace.to_string(),
            people,
            completeness,
        }
    }

    /// The person with `email` (compared case-insensitively), if present.
    pub fn get(&self, email: &str) -> Option<&Person> {
        let key = email.trim().to_lowercase();
        self.people
            .binary_search_by(|p| p.email.as_str().cmp(&key))
            .ok()
            .map(|i| &self.people[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::completeness::PagerEnd;
    use crate::core::roles::WorkspaceRole;

    fn member(email: &str) -> Person {
        Person::new(
            email,
            None,
            Status::Member,
            RoleSet {
                workspace: WorkspaceRole::Member,
                roles: vec![],
            },
        )
    }

    #[test]
    fn emails_are_keys_whatever_their_case_and_order() {
        let complete = Completeness::Complete {
            end: PagerEnd::NoPager,
            total: None,
        };
        let a = Roster::new(
            "acme",
            vec![member("B@x.io"), member("a@x.io"), member("b@X.io ")],
            complete,
        );
        let b = Roster::new("acme", vec![member("a@x.io"), member("b@x.io")], complete);
        assert_eq!(a, b);
        assert_eq!(a.get("A@X.IO").map(|p| p.email.as_str()), Some("a@x.io"));
        assert!(a.get("c@x.io").is_none());
    }
}
