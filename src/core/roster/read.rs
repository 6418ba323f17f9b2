//! Building a [`Roster`] from what the page shows (the driver's
//! `read_roster` does the reading; the rules are here, tested natively).
//!
//! 1. The whole users table is read; each row's "Individual Roles" summary
//!    is taken when it is exact ([`super::summary::read_summary`]), else the person is
//!    queued for their editor.
//! 2. Every queued person's editor is read (`read_grants`); what it shows is
//!    [`settle`]d into canonical form.
//! 3. [`assemble`]: the people read, sorted by email, and the completeness:
//!    the table's when it was partial; else partial with
//!    [`PartialReason::GrantsNotRead`] when anyone's grants could not be
//!    read (they are left out, never guessed); else complete.

use super::summary::{read_summary, NotExact};
use super::{Person, Roster};
use crate::core::catalogue::{role_info, ScopeKind};
use crate::core::completeness::{Completeness, PartialReason};
use crate::core::role_check::{canonicalise, RoleSetProblem};
use crate::core::roles::{RoleSet, Scope, WorkspaceRole};

/// One person whose grants could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub email: String,
    pub why: String,
}

/// The grants a table row's summary proves, in canonical form.
pub fn from_summary(
    workspace: Option<WorkspaceRole>,
    summary: Option<&str>,
) -> Result<RoleSet, NotExact> {
    let set = read_summary(workspace, summary)?;
    settle(&set).map_err(|p| NotExact::Unrecognised {
        text: p.to_string(),
    })
}

/// What an editor shows, in canonical form. A resource-scoped role the page
/// shows without a scope picker has the page's default, every resource
/// (as the invite form applies it).
pub fn settle(set: &RoleSet) -> Result<RoleSet, RoleSetProblem> {
    let mut set = set.clone();
    for g in &mut set.roles {
        let scoped = role_info(&g.role).is_some_and(|r| r.scope != ScopeKind::Unscoped);
        if scoped && g.scope == Scope::Unscoped {
            g.scope = Scope::all();
        }
    }
    canonicalise(&set).map_err(|mut problems| problems.swap_remove(0))
}

/// The roster of `people` (see the module docs for its completeness).
/// `table` is the table read's verdict.
pub fn assemble(
    workspace: &str,
    people: Vec<Person>,
    unread: &[Unread],
    table: Completeness,
) -> Roster {
    let completeness = match table {
        Completeness::Complete { total, .. } if !unread.is_empty() => Completeness::Partial {
            rows_read: people.len(),
            total,
            why: PartialReason::GrantsNotRead {
                people: u32::try_from(unread.len()).unwrap_or(u32::MAX),
            },
        },
        other => other,
    };
    Roster::new(workspace, people, completeness)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::completeness::PagerEnd;
    use crate::core::roles::RoleGrant;
    use crate::core::roster::Status;

    #[test]
    fn a_scoped_role_without_a_picker_has_every_resource() {
        let shown = RoleSet::member([
            RoleGrant::new("Function Admin", Scope::Unscoped),
            RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
        ]);
        assert_eq!(
            settle(&shown),
            Ok(RoleSet::member([
                RoleGrant::new("Function Admin", Scope::all()),
                RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
            ]))
        );
        assert!(settle(&RoleSet::member([RoleGrant::new("Nope", Scope::Unscoped)])).is_err());
    }

    #[test]
    fn people_left_unread_make_a_whole_table_partial() {
        let whole = Completeness::Complete {
            end: PagerEnd::NextDisabled,
            total: Some(3),
        };
        let p = |e: &str| Person::new(e, None, Status::Member, RoleSet::owner());
        let unread = [Unread {
            email: "c@x.io".into(),
            why: "the editor did not open".into(),
        }];
        let r = assemble("acme", vec![p("b@x.io"), p("a@x.io")], &unread, whole);
        assert_eq!(r.people[0].email, "a@x.io");
        assert_eq!(
            r.completeness,
            Completeness::Partial {
                rows_read: 2,
                total: Some(3),
                why: PartialReason::GrantsNotRead { people: 1 }
            }
        );
        assert_eq!(
            assemble("acme", vec![p("a@x.io")], &[], whole).completeness,
            whole
        );
        // A partial table keeps its own reason.
        let part = Completeness::Partial {
            rows_read: 25,
            total: Some(80),
            why: PartialReason::NoWayToNextPage,
        };
        assert_eq!(assemble("acme", vec![], &unread, part).completeness, part);
    }
}
