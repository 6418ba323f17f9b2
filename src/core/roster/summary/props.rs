//! Properties of the summary parser against the page's own summary format
//! (the replica's `grantSummary` / `rolesText`, www/src): what the page
//! writes exactly is read back exactly; a count or a truncation is never
//! taken; and whatever the parser accepts reads the same once written
//! back in the page's format.

use proptest::prelude::*;

use super::*;
use crate::core::catalogue::ROLES;
use crate::core::roles::Label;

/// One grant as the page writes it.
fn written(g: &RoleGrant) -> String {
    match &g.scope {
        Scope::Unscoped => g.role.clone(),
        Scope::All { labels } if labels.is_empty() => format!("{} (All)", g.role),
        Scope::All { labels } => {
            let n = labels.len();
            format!("{} ({n} Label{})", g.role, if n > 1 { "s" } else { "" })
        }
        Scope::Specific { resources } => format!("{} ({})", g.role, resources.len()),
    }
}

/// The table's cell, at most `max` roles then "+ N more".
fn cell(set: &RoleSet, max: usize) -> String {
    if set.workspace == WorkspaceRole::Owner {
        return "All".into();
    }
    if set.roles.is_empty() {
        return "-".into();
    }
    let shown: Vec<String> = set.roles.iter().take(max).map(written).collect();
    let more = set.roles.len().saturating_sub(max);
    match (shown.join(", "), more) {
        (s, 0) => s,
        (s, n) if s.is_empty() => format!("+ {n} more"),
        (s, n) => format!("{s} + {n} more"),
    }
}

/// The panel's lines.
fn panel(set: &RoleSet) -> Vec<String> {
    let mut lines = vec!["Permission".to_string()];
    lines.push(match set.workspace {
        WorkspaceRole::Owner => "Workspace Owner".into(),
        WorkspaceRole::Member => "Workspace Member".into(),
    });
    lines.push("Individual Roles".into());
    lines.extend(set.roles.iter().map(written));
    lines
}

/// Whether the page's writing of `g` says its grant exactly.
fn exact_grant(g: &RoleGrant) -> bool {
    let kind = crate::core::catalogue::role_info(&g.role).map(|r| r.scope);
    match (&g.scope, kind) {
        (Scope::Unscoped, Some(ScopeKind::Unscoped)) => true,
        (Scope::All { labels }, Some(k)) => labels.is_empty() && k != ScopeKind::Unscoped,
        _ => false,
    }
}

fn grant() -> impl Strategy<Value = RoleGrant> {
    (0..ROLES.len(), 0..4usize, 1..3usize).prop_map(|(i, s, n)| {
        let info = &ROLES[i];
        let scope = match (info.scope, s) {
            (ScopeKind::Unscoped, _) => Scope::Unscoped,
            (_, 0 | 1) => Scope::all(),
            (ScopeKind::Functions, _) | (_, 2) => Scope::specific((0..n).map(|k| format!("r{k}"))),
            _ => Scope::labelled((0..n).map(|k| Label::new("env", format!("v{k}")))),
        };
        RoleGrant::new(info.name, scope)
    })
}

fn role_set() -> impl Strategy<Value = RoleSet> {
    prop_oneof![
        1 => Just(RoleSet::owner()),
        6 => proptest::collection::vec(grant(), 0..6).prop_map(|gs| {
            // One grant per role, as the page holds them.
            let mut seen = Vec::new();
            RoleSet::member(gs.into_iter().filter(|g| {
                let new = !seen.contains(&g.role);
                seen.push(g.role.clone());
                new
            }))
        }),
    ]
}

/// Texts near the page's format, right and wrong.
fn near_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        (0..ROLES.len()).prop_map(|i| ROLES[i].name.to_string()),
        (0..ROLES.len()).prop_map(|i| format!("{} (All)", ROLES[i].name)),
        (0..ROLES.len()).prop_map(|i| format!("{} (2)", ROLES[i].name)),
        Just("Protocols Admin".to_string()),
        Just("Leadership".to_string()),
        Just("+ 2 more".to_string()),
        Just("-".to_string()),
        Just("Engage User".to_string()),
    ];
    proptest::collection::vec(piece, 1..5).prop_map(|ps| ps.join(", "))
}

proptest! {
    #[test]
    fn what_the_page_writes_exactly_is_read_exactly(set in role_set(), max in 1..8usize) {
        let shown = cell(&set, max);
        let whole = set.workspace == WorkspaceRole::Owner || set.roles.len() <= max;
        let exact = set.roles.iter().all(exact_grant);
        let read = read_summary(Some(set.workspace), Some(&shown));
        if whole && exact {
            prop_assert_eq!(read, Ok(set.clone()), "{}", shown);
        } else {
            prop_assert!(read.is_err(), "{} was taken as exact", shown);
        }
        let read = parse_panel(&panel(&set));
        if exact {
            prop_assert_eq!(read, Ok(set.clone()));
        } else {
            prop_assert!(read.is_err());
        }
    }

    #[test]
    fn what_is_accepted_round_trips_through_the_page_format(text in near_text()) {
        if let Ok(set) = read_summary(Some(WorkspaceRole::Member), Some(&text)) {
            let again = cell(&set, usize::MAX);
            prop_assert_eq!(read_summary(Some(WorkspaceRole::Member), Some(&again)), Ok(set.clone()), "{} → {}", text, again);
            prop_assert_eq!(parse_panel(&panel(&set)), Ok(set));
        }
    }
}
