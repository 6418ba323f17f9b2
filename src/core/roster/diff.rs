//! Grants compared as SETS with scopes, and what changes between two role
//! sets, grant by grant, for display ("Source Admin (all) → Source Admin
//! (specific: Web)").
//!
//! Two role sets are the same access when their normal forms are equal:
//! an owner's roles are ignored (an owner takes no further roles), grants
//! are sorted and each kept once, label chips and specific resources are
//! compared as sets (the order they were written or shown in does not
//! count), and "no scope" is "all" (see `normal_scope`). Role names,
//! labels and resources are compared as written: the
//! file's parser and the page's reader both give canonical names.

use std::collections::BTreeMap;

use crate::core::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// `set` in its normal form (see the module docs).
pub fn normalized(set: &RoleSet) -> RoleSet {
    if set.workspace == WorkspaceRole::Owner {
        return RoleSet::owner();
    }
    let mut roles: Vec<RoleGrant> = set
        .roles
        .iter()
        .map(|g| RoleGrant::new(g.role.trim(), normal_scope(&g.scope)))
        .collect();
    roles.sort();
    roles.dedup();
    RoleSet {
        workspace: WorkspaceRole::Member,
        roles,
    }
}

fn normal_scope(scope: &Scope) -> Scope {
    match scope {
        // A role without a scope and one over everything without labels
        // grant the same (the importer writes the latter for every role;
        // the editor shows no sources picker for the former).
        Scope::Unscoped => Scope::all(),
        Scope::All { labels } => {
            let mut labels = labels.clone();
            labels.sort();
            labels.dedup();
            Scope::All { labels }
        }
        Scope::Specific { resources } => {
            let mut resources = resources.clone();
            resources.sort();
            resources.dedup();
            Scope::Specific { resources }
        }
    }
}

/// Whether `a` and `b` grant the same access.
pub fn same_access(a: &RoleSet, b: &RoleSet) -> bool {
    normalized(a) == normalized(b)
}

/// Whether going from `from` to `to` takes anything away: Workspace Owner
/// lost, or a grant of `from` not in `to` (a narrower or merely other
/// scope counts: the person loses the scope they had).
pub fn takes_away(from: &RoleSet, to: &RoleSet) -> bool {
    let (from, to) = (normalized(from), normalized(to));
    match (from.workspace, to.workspace) {
        (WorkspaceRole::Owner, WorkspaceRole::Member) => true,
        (_, WorkspaceRole::Owner) => false,
        (WorkspaceRole::Member, WorkspaceRole::Member) => {
            from.roles.iter().any(|g| !to.roles.contains(g))
        }
    }
}

/// One line of a change: the workspace permission, or one role with its
/// grant before and after (`None`: not granted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantChange {
    Workspace {
        from: WorkspaceRole,
        to: WorkspaceRole,
    },
    Role {
        role: String,
        from: Option<RoleGrant>,
        to: Option<RoleGrant>,
    },
}

impl std::fmt::Display for GrantChange {
    /// "Workspace Member → Workspace Owner", "— → Source Admin (all)",
    /// "Source Admin (all) → Source Admin (specific: Web)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let side = |g: &Option<RoleGrant>| g.as_ref().map_or("—".to_string(), |g| g.to_string());
        match self {
            GrantChange::Workspace { from, to } => write!(f, "{from} → {to}"),
            GrantChange::Role { from, to, .. } => write!(f, "{} → {}", side(from), side(to)),
        }
    }
}

/// What changes from `from` to `to`, grant by grant (by role name, in
/// name order, after the workspace permission); empty when the access is
/// the same.
pub fn grant_changes(from: &RoleSet, to: &RoleSet) -> Vec<GrantChange> {
    let (nf, nt) = (normalized(from), normalized(to));
    let mut out = Vec::new();
    if nf.workspace != nt.workspace {
        out.push(GrantChange::Workspace {
            from: nf.workspace,
            to: nt.workspace,
        });
    }
    // Compared in normal form, shown as written; a role granted twice
    // with different scopes is one line (its first grant shown).
    let by_role = |set: &RoleSet, normal: &RoleSet| {
        let mut m: BTreeMap<String, (Vec<RoleGrant>, Option<RoleGrant>)> = BTreeMap::new();
        for g in &normal.roles {
            m.entry(g.role.clone()).or_default().0.push(g.clone());
        }
        for g in set
            .roles
            .iter()
            .filter(|_| normal.workspace == WorkspaceRole::Member)
        {
            if let Some(e) = m.get_mut(g.role.trim()) {
                e.1.get_or_insert_with(|| g.clone());
            }
        }
        m
    };
    let (before, after) = (by_role(from, &nf), by_role(to, &nt));
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for name in names {
        let (b, a) = (before.get(name), after.get(name));
        if b.map(|e| &e.0) == a.map(|e| &e.0) {
            continue;
        }
        out.push(GrantChange::Role {
            role: name.clone(),
            from: b.and_then(|e| e.1.clone()),
            to: a.and_then(|e| e.1.clone()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Label;

    fn admin(scope: Scope) -> RoleGrant {
        RoleGrant::new("Source Admin", scope)
    }

    #[test]
    fn sets_compare_whatever_the_order_of_grants_labels_and_sources() {
        let a = RoleSet {
            workspace: WorkspaceRole::Member,
            roles: vec![
                RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
                admin(Scope::specific(["iOS", "Web"])),
                RoleGrant::new(
                    "Source Read-only",
                    Scope::labelled([Label::new("env", "prod"), Label::new("team", "a")]),
                ),
            ],
        };
        let b = RoleSet::member([
            RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("team", "a"), Label::new("env", "prod")]),
            ),
            admin(Scope::specific(["Web", "iOS", "Web"])),
            RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
        ]);
        assert!(same_access(&a, &b));
        assert!(grant_changes(&a, &b).is_empty());
        // An owner's leftover roles do not count.
        let unscoped = RoleSet::member([RoleGrant::new("Function Admin", Scope::Unscoped)]);
        let all = RoleSet::member([RoleGrant::new("Function Admin", Scope::all())]);
        assert!(same_access(&unscoped, &all));
        let owner = RoleSet {
            workspace: WorkspaceRole::Owner,
            roles: vec![admin(Scope::all())],
        };
        assert!(same_access(&owner, &RoleSet::owner()));
    }

    #[test]
    fn a_scope_change_is_one_line_old_to_new() {
        let from = RoleSet::member([admin(Scope::all())]);
        let to = RoleSet::member([admin(Scope::specific(["Web"]))]);
        let changes = grant_changes(&from, &to);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].to_string(),
            "Source Admin (all) → Source Admin (specific: Web)"
        );
        assert!(takes_away(&from, &to), "a narrower scope takes away");
        assert!(!same_access(&from, &to));
    }

    #[test]
    fn promotion_demotion_additions_and_losses() {
        let member = RoleSet::member([admin(Scope::all())]);
        let more = RoleSet::member([
            admin(Scope::all()),
            RoleGrant::new("Function Admin", Scope::Unscoped),
        ]);
        assert!(!takes_away(&member, &more));
        assert!(takes_away(&more, &member));
        assert!(!takes_away(&member, &RoleSet::owner()));
        assert!(takes_away(&RoleSet::owner(), &member));
        let lines: Vec<String> = grant_changes(&RoleSet::owner(), &more)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            vec![
                "Workspace Owner → Workspace Member",
                "— → Function Admin",
                "— → Source Admin (all)",
            ]
        );
    }
}
