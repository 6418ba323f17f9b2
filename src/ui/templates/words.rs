//! Pure wording and conversions shared by the templates views: how a
//! template, an apply report and a problem read to a person, and how a role
//! set read off the page becomes a template draft.

use crate::core::catalogue::{lookup_role, ScopeKind};
use crate::core::roles::{RoleSet, Scope, WorkspaceRole};
use crate::core::template::{LibraryError, TemplateProblem};
use crate::driver::invite::Missing;

/// One line naming what a template grants, e.g.
/// `Member: Source Read-only (all labelled environment:prod), Tracking Plan Read-only`.
pub fn summary(set: &RoleSet) -> String {
    match set.workspace {
        WorkspaceRole::Owner => "Workspace Owner (full access)".into(),
        WorkspaceRole::Member if set.roles.is_empty() => "Workspace Member, no roles".into(),
        WorkspaceRole::Member => {
            let roles: Vec<String> = set.roles.iter().map(ToString::to_string).collect();
            format!("Member: {}", roles.join(", "))
        }
    }
}

/// The driver's "what is set" lines grouped by role: `Source Admin`,
/// `Source Admin: all sources`, `Source Admin: label env:dev` read as
/// `Source Admin (all sources, label env:dev)`.
pub fn group_set(set: &[String]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for line in set {
        let parent = line.split_once(": ").and_then(|(role, detail)| {
            groups
                .iter()
                .position(|(r, _)| r == role)
                .map(|i| (i, detail))
        });
        match parent {
            Some((i, detail)) => groups[i].1.push(detail.to_string()),
            None => groups.push((line.clone(), Vec::new())),
        }
    }
    groups
        .into_iter()
        .map(|(role, details)| {
            if details.is_empty() {
                role
            } else {
                format!("{role} ({})", details.join(", "))
            }
        })
        .collect()
}

/// What the page did not have, in words.
pub fn missing_text(m: &Missing) -> String {
    match m {
        Missing::Role { role } => {
            format!(
                "{role}: this role is not offered here (the workspace's plan may not include it)"
            )
        }
        Missing::ScopeEditor { role } => format!(
            "{role}: the page offers no source choice for this role, so its scope could not be set"
        ),
        Missing::Label { role, label } => {
            format!("{role}: label {label} does not exist in this workspace")
        }
        Missing::Source { role, source } => {
            format!("{role}: source \"{source}\" does not exist in this workspace")
        }
        Missing::Failed { what, error } => format!("{what}: could not be set ({error})"),
    }
}

/// Every problem of a library operation, one line each, with where it is.
pub fn library_error_lines(e: &LibraryError) -> Vec<String> {
    match e {
        LibraryError::Invalid(problems) => problems.iter().map(problem_line).collect(),
        other => vec![other.to_string()],
    }
}

/// `roles[0].scope: Source Admin needs a scope…`; field-level problems read
/// without a path.
pub fn problem_line(p: &TemplateProblem) -> String {
    match p {
        TemplateProblem::EmptyName
        | TemplateProblem::NameTooLong { .. }
        | TemplateProblem::NameControlCharacter => format!("Name: {p}"),
        TemplateProblem::DescriptionTooLong { .. } => format!("Description: {p}"),
        _ => format!("{}: {p}", p.path()),
    }
}

/// A role set read off the invite form, ready to validate as a template.
///
/// A resource-scoped role for which the page shows no source picker was
/// granted with the page's default, which is every resource; the catalogue
/// requires a scope for it, so write that default down instead of leaving
/// the role unscoped.
pub fn from_page(mut set: RoleSet) -> RoleSet {
    for grant in &mut set.roles {
        let scoped = lookup_role(&grant.role).is_some_and(|m| m.info.scope != ScopeKind::Unscoped);
        if scoped && grant.scope == Scope::Unscoped {
            grant.scope = Scope::all();
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::{Label, RoleGrant};
    use crate::driver::DriverError;

    #[test]
    fn summaries() {
        assert_eq!(summary(&RoleSet::owner()), "Workspace Owner (full access)");
        assert_eq!(summary(&RoleSet::member([])), "Workspace Member, no roles");
        let set = RoleSet::member([
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("environment", "prod")]),
            ),
        ]);
        assert_eq!(
            summary(&set),
            "Member: Source Read-only (all labelled environment:prod), Tracking Plan Read-only"
        );
    }

    #[test]
    fn set_lines_group_by_role() {
        let set: Vec<String> = [
            "Workspace Member",
            "Function Read-only",
            "Source Admin",
            "Source Admin: all sources",
            "Source Admin: label environment:dev",
            "Unify Read-only, Engage User",
            "Orphan: detail",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            group_set(&set),
            vec![
                "Workspace Member",
                "Function Read-only",
                "Source Admin (all sources, label environment:dev)",
                "Unify Read-only, Engage User",
                "Orphan: detail",
            ]
        );
    }

    #[test]
    fn missing_texts_name_the_thing() {
        let t = missing_text(&Missing::Source {
            role: "Source Admin".into(),
            source: "Prod Nowhere".into(),
        });
        assert_eq!(
            t,
            "Source Admin: source \"Prod Nowhere\" does not exist in this workspace"
        );
        assert!(missing_text(&Missing::Role {
            role: "Entities Admin".into()
        })
        .starts_with("Entities Admin: this role is not offered"));
        assert!(missing_text(&Missing::Label {
            role: "Source Admin".into(),
            label: "env:none".into()
        })
        .contains("label env:none does not exist"));
        let f = missing_text(&Missing::Failed {
            what: "Source Admin: sources".into(),
            error: DriverError::Disabled {
                control: "sources_save".into(),
            },
        });
        assert!(
            f.starts_with("Source Admin: sources: could not be set ("),
            "{f}"
        );
    }

    #[test]
    fn page_roles_without_a_picker_get_the_default_scope() {
        let read = RoleSet::member([
            RoleGrant::new("Function Read-only", Scope::Unscoped),
            RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
            RoleGrant::new("Source Admin", Scope::specific(["Prod Web"])),
        ]);
        let fixed = from_page(read);
        let scope_of = |role: &str| &fixed.roles.iter().find(|g| g.role == role).unwrap().scope;
        assert_eq!(scope_of("Function Read-only"), &Scope::all());
        assert_eq!(scope_of("Tracking Plan Admin"), &Scope::Unscoped);
        assert_eq!(scope_of("Source Admin"), &Scope::specific(["Prod Web"]));
        assert!(crate::core::role_check::canonicalise(&fixed).is_ok());
    }

    #[test]
    fn problem_lines_carry_paths() {
        let e = LibraryError::Invalid(vec![
            TemplateProblem::EmptyName,
            TemplateProblem::Roles(crate::core::role_check::RoleSetProblem::UnknownRole {
                index: 1,
                name: "Boss".into(),
            }),
        ]);
        assert_eq!(
            library_error_lines(&e),
            vec![
                "Name: the name is empty".to_string(),
                "roles[1].role: unknown role \"Boss\"".to_string()
            ]
        );
        assert_eq!(
            library_error_lines(&LibraryError::NameTaken { name: "A".into() }),
            vec!["a template named \"A\" already exists".to_string()]
        );
    }
}
