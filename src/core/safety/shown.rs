//! What a prompt showed, and whether the page still says it when the person
//! answers "go on".
//!
//! A prompt stops a submission, shows what it would do and, on "go on",
//! replays it. Between the two the page may change (its own script, a late
//! autofill, a re-render that clears or adds roles or emails, another
//! editor row). The rule: **nothing is sent that the person did not see.**
//! On "go on" the UI reads the form again, with the same read the prompt was
//! built from, and replays only when [`invite_change`] (or, for the member
//! editor, [`ShownEdit`] equality) finds it the same. Otherwise nothing is
//! sent and the person is asked again, with the new content and what
//! changed — also when the new content raises no concern any more: they
//! confirmed something else.
//!
//! Same means same people and same grants, not the same text: the order and
//! case of the addresses, the separators and whitespace between them, a
//! repeated address, and the order of roles, labels and sources do not
//! count (the page sends the same invite either way). An added or removed
//! address, another workspace role, or an added, removed or re-scoped role
//! does. Roles that could not be read are "unknown", which the prompt says:
//! unknown again is the same (the person went on knowing it), but known
//! roles becoming unknown (or unknown becoming known) is a change.

use crate::core::email::comparison_key;
use crate::core::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// An invite as a prompt showed it, in comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownInvite {
    /// Comparison keys of the addresses.
    emails: Vec<String>,
    workspace: WorkspaceRole,
    /// The other roles, each scope's lists sorted; `None`: not read.
    roles: Option<Vec<RoleGrant>>,
}

impl ShownInvite {
    /// `addresses` as typed, sent as `workspace` with `roles` (the form's
    /// role set, `None` when it could not be read).
    pub fn new(addresses: &[&str], workspace: WorkspaceRole, roles: Option<&RoleSet>) -> Self {
        ShownInvite {
            emails: set_of(
                addresses
                    .iter()
                    .map(|a| comparison_key(a))
                    .filter(|k| !k.is_empty()),
            ),
            workspace,
            roles: roles.map(|set| set_of(set.roles.iter().map(normal_grant))),
        }
    }
}

/// How an invite differs from what the prompt showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteChange {
    /// Addresses in the form now that the prompt did not show (keys, sorted).
    pub added: Vec<String>,
    /// Addresses the prompt showed that are gone (keys, sorted).
    pub removed: Vec<String>,
    /// The workspace role or the other roles differ (or became unknown).
    pub roles: bool,
}

/// `None` when `now` sends what `shown` showed (see the module docs).
pub fn invite_change(shown: &ShownInvite, now: &ShownInvite) -> Option<InviteChange> {
    let change = InviteChange {
        added: difference(&now.emails, &shown.emails),
        removed: difference(&shown.emails, &now.emails),
        roles: shown.workspace != now.workspace || shown.roles != now.roles,
    };
    (change != InviteChange::default()).then_some(change)
}

/// A grant with its scope's lists in one order, without repeats.
fn normal_grant(g: &RoleGrant) -> RoleGrant {
    let scope = match &g.scope {
        Scope::Unscoped => Scope::Unscoped,
        Scope::All { labels } => Scope::labelled(set_of(labels.iter().cloned())),
        Scope::Specific { resources } => Scope::specific(set_of(resources.iter().cloned())),
    };
    RoleGrant::new(g.role.clone(), scope)
}

/// A set as a sorted list without repeats (the in-page core carries no
/// ordered-set code for a handful of items).
fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = items.into_iter().collect();
    v.sort();
    v.dedup();
    v
}

/// The items of sorted `a` that sorted `b` lacks, in order.
fn difference(a: &[String], b: &[String]) -> Vec<String> {
    a.iter()
        .filter(|x| b.binary_search(x).is_err())
        .cloned()
        .collect()
}

/// What a member-editor activation showed: who, and what becomes of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownEdit {
    /// Comparison key of the person the editor or dialog is about.
    who: String,
    /// Their role once the page acts (`Some(None)`: removed; `None`: not
    /// known from the control, e.g. the first step of a removal).
    after: Option<Option<WorkspaceRole>>,
    /// The activation removes them.
    removal: bool,
}

impl ShownEdit {
    pub fn new(who: &str, after: Option<Option<WorkspaceRole>>, removal: bool) -> Self {
        ShownEdit {
            who: comparison_key(who),
            after,
            removal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Label;

    fn member(grants: impl IntoIterator<Item = RoleGrant>) -> RoleSet {
        RoleSet::member(grants)
    }

    #[test]
    fn the_same_people_and_grants_are_the_same_invite() {
        let set = member([
            RoleGrant::new("Source Admin", Scope::specific(["Web", "iOS"])),
            RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("env", "prod"), Label::new("team", "a")]),
            ),
        ]);
        let shown = ShownInvite::new(
            &["ana@kicksco.io", "bo@yahoo.com"],
            WorkspaceRole::Member,
            Some(&set),
        );
        let reordered = member([
            RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("team", "a"), Label::new("env", "prod")]),
            ),
            RoleGrant::new("Source Admin", Scope::specific(["iOS", "Web"])),
        ]);
        let now = ShownInvite::new(
            &["Bo@Yahoo.com", " ana@kicksco.io", "ana@kicksco.io"],
            WorkspaceRole::Member,
            Some(&reordered),
        );
        assert_eq!(invite_change(&shown, &now), None);
    }

    #[test]
    fn an_address_or_a_grant_more_or_less_is_a_change() {
        let set = member([RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped)]);
        let shown = ShownInvite::new(&["bo@yahoo.com"], WorkspaceRole::Member, Some(&set));
        let added = ShownInvite::new(
            &["bo@yahoo.com", "cy@gmail.com"],
            WorkspaceRole::Member,
            Some(&set),
        );
        assert_eq!(
            invite_change(&shown, &added),
            Some(InviteChange {
                added: vec!["cy@gmail.com".into()],
                ..InviteChange::default()
            })
        );
        assert_eq!(
            invite_change(&added, &shown).unwrap().removed,
            ["cy@gmail.com"]
        );
        let none = ShownInvite::new(&["bo@yahoo.com"], WorkspaceRole::Member, Some(&member([])));
        assert!(invite_change(&shown, &none).unwrap().roles);
        let rescoped = member([RoleGrant::new("Tracking Plan Read-only", Scope::all())]);
        let rescoped = ShownInvite::new(&["bo@yahoo.com"], WorkspaceRole::Member, Some(&rescoped));
        assert!(invite_change(&shown, &rescoped).unwrap().roles);
        let owner = ShownInvite::new(
            &["bo@yahoo.com"],
            WorkspaceRole::Owner,
            Some(&RoleSet::owner()),
        );
        assert!(invite_change(&none, &owner).unwrap().roles);
    }

    #[test]
    fn unknown_roles_stay_unknown_or_count_as_a_change() {
        let set = member([]);
        let known = ShownInvite::new(&["bo@yahoo.com"], WorkspaceRole::Member, Some(&set));
        let unknown = ShownInvite::new(&["bo@yahoo.com"], WorkspaceRole::Member, None);
        assert_eq!(invite_change(&unknown, &unknown), None);
        assert!(invite_change(&known, &unknown).unwrap().roles);
        assert!(invite_change(&unknown, &known).unwrap().roles);
    }

    #[test]
    fn an_edit_is_the_same_only_for_the_same_person_and_outcome() {
        let a = ShownEdit::new("Ana@X.io", Some(Some(WorkspaceRole::Member)), false);
        assert_eq!(
            a,
            ShownEdit::new("ana@x.io", Some(Some(WorkspaceRole::Member)), false)
        );
        assert_ne!(
            a,
            ShownEdit::new("bo@x.io", Some(Some(WorkspaceRole::Member)), false)
        );
        assert_ne!(
            a,
            ShownEdit::new("ana@x.io", Some(Some(WorkspaceRole::Owner)), false)
        );
        assert_ne!(a, ShownEdit::new("ana@x.io", Some(None), true));
    }
}
