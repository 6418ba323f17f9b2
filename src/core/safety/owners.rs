//! New owners and demoting yourself: who is made Workspace Owner, and when
//! the signed-in owner is about to give up their own access.
//!
//! - **A new owner**: an invite as Workspace Owner, or saving Workspace
//!   Owner for someone the census does not know as an owner (a member, or
//!   someone it could not read: granting ownership is the costly direction,
//!   so not knowing asks).
//! - **Demoting yourself**: removing or demoting the signed-in person while
//!   they are an owner and at least one other owner is known. With no other
//!   owner it is the last-owner guard's case (`core::guard`), which speaks
//!   first; when the page does not show who is signed in, nothing is said.

use super::super::email::comparison_key;
use super::super::guard::OwnerCensus;
use super::super::roles::WorkspaceRole;

/// Whether saving `after` for someone whose role is `now` makes them an
/// owner.
pub fn makes_owner(now: Option<WorkspaceRole>, after: WorkspaceRole) -> bool {
    after == WorkspaceRole::Owner && now != Some(WorkspaceRole::Owner)
}

/// Whether removing or demoting `target` is the signed-in owner giving up
/// their own access while other owners remain.
pub fn demotes_yourself(census: &OwnerCensus, target: &str, signed_in: Option<&str>) -> bool {
    let target = comparison_key(target);
    let Some(me) = signed_in.map(comparison_key) else {
        return false;
    };
    !target.is_empty()
        && me == target
        && census.owners().contains(&target)
        && census.owners().len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_grant_to_a_non_owner_is_new() {
        assert!(makes_owner(
            Some(WorkspaceRole::Member),
            WorkspaceRole::Owner
        ));
        assert!(makes_owner(None, WorkspaceRole::Owner));
        assert!(!makes_owner(
            Some(WorkspaceRole::Owner),
            WorkspaceRole::Owner
        ));
        assert!(!makes_owner(None, WorkspaceRole::Member));
    }

    #[test]
    fn yourself_among_other_owners() {
        let two = OwnerCensus::from_owners(["me@x.io", "ann@x.io"], true);
        assert!(demotes_yourself(&two, "Me@X.io", Some("me@x.io")));
        assert!(
            !demotes_yourself(&two, "ann@x.io", Some("me@x.io")),
            "someone else"
        );
        assert!(
            !demotes_yourself(&two, "me@x.io", None),
            "nobody shown as you"
        );
        assert!(!demotes_yourself(&two, "", Some("me@x.io")));
        let alone = OwnerCensus::from_owners(["me@x.io"], true);
        assert!(
            !demotes_yourself(&alone, "me@x.io", Some("me@x.io")),
            "the last owner is the guard's case"
        );
        // Other owners known from a partial read still remain.
        let partial = OwnerCensus::from_owners(["me@x.io", "ann@x.io"], false);
        assert!(demotes_yourself(&partial, "me@x.io", Some("me@x.io")));
    }
}
