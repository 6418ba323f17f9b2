//! A role set written as the cells of one bulk-invite row: the inverse of
//! how the preview reads a row's `role`, `roles` and scope cells (see
//! [`super::preview`]), so a results file can be pasted back into bulk
//! invite and give the same role set.
//!
//! One row's scope cells apply to every role of their kind (`sources` to
//! every Source role, `labels` to every role that takes labels), so not
//! every role set fits in one row: two Source roles with different sources,
//! or labels on one Source role and not on another, do not. Those are
//! refused ([`bulk_cells`] answers `None`) rather than written differently.

use super::catalogue::{lookup_role, ScopeKind};
use super::roles::{Label, RoleSet, Scope, WorkspaceRole};

/// The bulk-invite columns [`bulk_cells`] fills, in order.
pub const BULK_COLUMNS: [&str; 6] = ["role", "roles", "sources", "spaces", "functions", "labels"];

/// The cells of [`BULK_COLUMNS`] for `set`, or `None` when one row cannot
/// say it exactly (see the module docs).
pub fn bulk_cells(set: &RoleSet) -> Option<[String; 6]> {
    if set.workspace == WorkspaceRole::Owner {
        return set.roles.is_empty().then(|| {
            let mut cells: [String; 6] = Default::default();
            cells[0] = "owner".into();
            cells
        });
    }
    let kind_of = |role: &str| lookup_role(role).map(|m| m.info.scope);
    // Per specific-able kind: the one resource list every role of that kind has.
    let specific = |kind: ScopeKind| -> Option<String> {
        let mut lists = set
            .roles
            .iter()
            .filter(|g| kind_of(&g.role) == Some(kind))
            .map(|g| match &g.scope {
                Scope::Specific { resources } => Some(resources.clone()),
                _ => None,
            });
        let Some(first) = lists.next() else {
            return Some(String::new());
        };
        // All specific with one list, or none specific.
        if !lists.all(|l| l == first) {
            return None;
        }
        match first {
            // A name holding a separator would read back as two names.
            Some(r)
                if r.iter()
                    .any(|n| n.contains([';', '|']) || n.trim().is_empty()) =>
            {
                None
            }
            Some(r) => Some(r.join("; ")),
            None => Some(String::new()),
        }
    };
    let sources = specific(ScopeKind::Sources)?;
    let spaces = specific(ScopeKind::Spaces)?;
    let functions = specific(ScopeKind::Functions)?;
    // Labels: every label-taking role that is not specific has the same ones.
    let mut labels: Option<&Vec<Label>> = None;
    for g in &set.roles {
        let takes = kind_of(&g.role).is_some_and(ScopeKind::takes_labels);
        match &g.scope {
            Scope::All { labels: l } if takes => match labels {
                Some(seen) if seen != l => return None,
                _ => labels = Some(l),
            },
            Scope::All { labels: l } if !l.is_empty() => return None,
            Scope::Specific { .. } if takes && labels.is_some_and(|l| !l.is_empty()) => {
                return None
            }
            _ => {}
        }
    }
    let labels = labels.filter(|l| !l.is_empty());
    if labels.is_some()
        && set.roles.iter().any(|g| {
            kind_of(&g.role).is_some_and(ScopeKind::takes_labels)
                && matches!(g.scope, Scope::Specific { .. })
        })
    {
        return None;
    }
    let roles: Vec<&str> = set.roles.iter().map(|g| g.role.as_str()).collect();
    Some([
        "member".into(),
        roles.join("; "),
        sources,
        spaces,
        functions,
        labels.map_or_else(String::new, |l| {
            l.iter()
                .map(Label::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        }),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::parse_text;
    use crate::core::preview::{build_preview, KnownPeople, PreviewContext};
    use crate::core::roles::RoleGrant;
    use crate::core::template::TemplateLibrary;

    /// What bulk invite's preview makes of the row these cells write.
    fn read_back(cells: &[String; 6]) -> Option<RoleSet> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["email"].iter().copied().chain(BULK_COLUMNS))
            .unwrap();
        w.write_record(
            ["a@x.io"]
                .iter()
                .map(|s| s.to_string())
                .chain(cells.iter().cloned()),
        )
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let input = parse_text(&text).unwrap();
        let templates = TemplateLibrary::default();
        let known = KnownPeople::default();
        let ctx = PreviewContext {
            known: &known,
            templates: &templates,
            default_role_set: None,
        };
        let preview = build_preview(&input.rows, &ctx);
        preview.rows[0].role_set().cloned()
    }

    fn src(names: &[&str]) -> Scope {
        Scope::specific(names.iter().copied())
    }

    #[test]
    fn exact_sets_read_back_the_same() {
        let label = Label::new("environment", "prod");
        for set in [
            RoleSet::owner(),
            RoleSet::member([]),
            RoleSet::member([RoleGrant::new("Source Admin", Scope::all())]),
            RoleSet::member([
                RoleGrant::new("Source Admin", src(&["Dev iOS", "Prod Web"])),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ]),
            RoleSet::member([
                RoleGrant::new("Source Read-only", Scope::labelled([label.clone()])),
                RoleGrant::new("Unify and Engage Admin", Scope::labelled([label])),
            ]),
            RoleSet::member([RoleGrant::new("Function Admin", src(&["Enrich"]))]),
        ] {
            let cells = bulk_cells(&set).unwrap_or_else(|| panic!("{set} fits a row"));
            assert_eq!(
                read_back(&cells).as_ref(),
                Some(&set),
                "{set} via {cells:?}"
            );
        }
    }

    #[test]
    fn sets_one_row_cannot_say_are_refused() {
        let label = Label::new("environment", "prod");
        for set in [
            RoleSet::member([
                RoleGrant::new("Source Admin", src(&["A"])),
                RoleGrant::new("Source Read-only", src(&["B"])),
            ]),
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::all()),
                RoleGrant::new("Source Read-only", src(&["B"])),
            ]),
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::labelled([label.clone()])),
                RoleGrant::new("Source Read-only", Scope::all()),
            ]),
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::labelled([label])),
                RoleGrant::new("Unify and Engage Admin", src(&["Space"])),
            ]),
            RoleSet::member([RoleGrant::new("Source Admin", src(&["A; B"]))]),
        ] {
            assert_eq!(bulk_cells(&set), None, "{set}");
        }
    }
}
