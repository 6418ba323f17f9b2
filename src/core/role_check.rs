//! Checks a [`RoleSet`] against the catalogue and brings it to canonical form,
//! so that templates, CSV rows and the page driver all agree on one spelling.
//!
//! Canonical form: current role names, roles sorted by name, labels sorted
//! and de-duplicated, specific resources trimmed, de-duplicated (ignoring
//! case) and sorted, and `All` without labels on an unscoped role written as
//! `Unscoped` (the page has only one way to grant those).

use thiserror::Error;

use super::catalogue::{lookup_role, ScopeKind};
use super::label::{validate_label, LabelError};
use super::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// One thing the page could not express. `index` is the role's position in
/// the set as given; the `Display` text names the role, not the position.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RoleSetProblem {
    #[error("a Workspace Owner has full access and takes no roles ({count} given)")]
    OwnerWithRoles { count: usize },
    #[error("unknown role \"{name}\"")]
    UnknownRole { index: usize, name: String },
    #[error("{role} is listed twice")]
    DuplicateRole {
        index: usize,
        first_index: usize,
        role: String,
    },
    #[error("{role} applies to the whole workspace and cannot be limited to specific resources")]
    ScopeOnUnscopedRole { index: usize, role: String },
    #[error("{role} needs a scope: all {noun} or specific {noun}", noun = kind.noun())]
    MissingScope {
        index: usize,
        role: String,
        kind: ScopeKind,
    },
    #[error("{role} does not take labels")]
    LabelsNotAllowed { index: usize, role: String },
    #[error("{error}")]
    InvalidLabel {
        index: usize,
        label_index: usize,
        error: LabelError,
    },
    #[error("{role}: labels {first} and {second} can never both match (a resource has one value per key)")]
    ConflictingLabels {
        index: usize,
        role: String,
        first: String,
        second: String,
    },
    #[error("{role}: \"specific {noun}\" needs at least one name", noun = kind.noun())]
    EmptySpecific {
        index: usize,
        role: String,
        kind: ScopeKind,
    },
    #[error("{role}: a resource name is empty")]
    EmptyResourceName {
        index: usize,
        resource_index: usize,
        role: String,
    },
}

impl RoleSetProblem {
    /// Where the problem sits inside a set, as a JSON-style path relative to
    /// the set (e.g. `roles[0].scope.labels[1]`), for import messages.
    pub fn path(&self) -> String {
        self.path_with(&|i| i)
    }

    /// Like [`RoleSetProblem::path`], with role positions translated by
    /// `index_map` (for callers that dropped malformed entries before checking).
    pub fn path_with(&self, index_map: &dyn Fn(usize) -> usize) -> String {
        use RoleSetProblem::*;
        match self {
            OwnerWithRoles { .. } => "roles".to_string(),
            UnknownRole { index, .. } | DuplicateRole { index, .. } => {
                format!("roles[{}].role", index_map(*index))
            }
            ScopeOnUnscopedRole { index, .. }
            | MissingScope { index, .. }
            | LabelsNotAllowed { index, .. }
            | ConflictingLabels { index, .. } => format!("roles[{}].scope", index_map(*index)),
            EmptySpecific { index, .. } => format!("roles[{}].scope.resources", index_map(*index)),
            InvalidLabel {
                index, label_index, ..
            } => {
                format!("roles[{}].scope.labels[{label_index}]", index_map(*index))
            }
            EmptyResourceName {
                index,
                resource_index,
                ..
            } => format!(
                "roles[{}].scope.resources[{resource_index}]",
                index_map(*index)
            ),
        }
    }
}

/// Validates `set` and returns its canonical form, or every problem found.
pub fn canonicalise(set: &RoleSet) -> Result<RoleSet, Vec<RoleSetProblem>> {
    if set.workspace == WorkspaceRole::Owner {
        return if set.roles.is_empty() {
            Ok(RoleSet::owner())
        } else {
            Err(vec![RoleSetProblem::OwnerWithRoles {
                count: set.roles.len(),
            }])
        };
    }
    let mut problems = Vec::new();
    let mut grants: Vec<RoleGrant> = Vec::new();
    let mut first_seen: Vec<(&'static str, usize)> = Vec::new();
    for (index, grant) in set.roles.iter().enumerate() {
        let Some(found) = lookup_role(&grant.role) else {
            problems.push(RoleSetProblem::UnknownRole {
                index,
                name: grant.role.clone(),
            });
            continue;
        };
        let name = found.info.name;
        if let Some(&(_, first_index)) = first_seen.iter().find(|(n, _)| *n == name) {
            problems.push(RoleSetProblem::DuplicateRole {
                index,
                first_index,
                role: name.to_string(),
            });
            continue;
        }
        first_seen.push((name, index));
        match canonical_scope(index, name, found.info.scope, &grant.scope) {
            Ok(scope) => grants.push(RoleGrant::new(name, scope)),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(RoleSet::member(grants))
    } else {
        Err(problems)
    }
}

fn canonical_scope(
    index: usize,
    role: &str,
    kind: ScopeKind,
    scope: &Scope,
) -> Result<Scope, Vec<RoleSetProblem>> {
    let role_s = || role.to_string();
    match scope {
        Scope::Unscoped if kind == ScopeKind::Unscoped => Ok(Scope::Unscoped),
        Scope::Unscoped => Err(vec![RoleSetProblem::MissingScope {
            index,
            role: role_s(),
            kind,
        }]),
        Scope::All { labels } if labels.is_empty() => Ok(if kind == ScopeKind::Unscoped {
            Scope::Unscoped
        } else {
            Scope::all()
        }),
        Scope::All { .. } if !kind.takes_labels() => Err(vec![RoleSetProblem::LabelsNotAllowed {
            index,
            role: role_s(),
        }]),
        Scope::All { labels } => {
            let mut problems: Vec<RoleSetProblem> = labels
                .iter()
                .enumerate()
                .filter_map(|(label_index, l)| {
                    validate_label(l)
                        .err()
                        .map(|error| RoleSetProblem::InvalidLabel {
                            index,
                            label_index,
                            error,
                        })
                })
                .collect();
            let mut sorted = labels.clone();
            sorted.sort();
            sorted.dedup();
            for pair in sorted.windows(2) {
                if pair[0].key == pair[1].key {
                    problems.push(RoleSetProblem::ConflictingLabels {
                        index,
                        role: role_s(),
                        first: pair[0].to_string(),
                        second: pair[1].to_string(),
                    });
                }
            }
            if problems.is_empty() {
                Ok(Scope::All { labels: sorted })
            } else {
                Err(problems)
            }
        }
        Scope::Specific { .. } if !kind.takes_specific() => {
            Err(vec![RoleSetProblem::ScopeOnUnscopedRole {
                index,
                role: role_s(),
            }])
        }
        Scope::Specific { resources } => {
            if resources.is_empty() {
                return Err(vec![RoleSetProblem::EmptySpecific {
                    index,
                    role: role_s(),
                    kind,
                }]);
            }
            let problems: Vec<RoleSetProblem> = resources
                .iter()
                .enumerate()
                .filter(|(_, r)| r.trim().is_empty())
                .map(|(resource_index, _)| RoleSetProblem::EmptyResourceName {
                    index,
                    resource_index,
                    role: role_s(),
                })
                .collect();
            if !problems.is_empty() {
                return Err(problems);
            }
            let mut names: Vec<String> = Vec::with_capacity(resources.len());
            for r in resources {
                let r = r.trim();
                if !names.iter().any(|n| n.to_lowercase() == r.to_lowercase()) {
                    names.push(r.to_string());
                }
            }
            names.sort_by_key(|n| n.to_lowercase());
            Ok(Scope::Specific { resources: names })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Label;

    fn member(grants: Vec<RoleGrant>) -> RoleSet {
        RoleSet {
            workspace: WorkspaceRole::Member,
            roles: grants,
        }
    }

    #[test]
    fn canonicalises_names_order_and_scopes() {
        let set = member(vec![
            RoleGrant::new("protocols read-only", Scope::all()),
            RoleGrant::new(
                "source read-only",
                Scope::labelled([
                    Label::new("team", "web"),
                    Label::new("environment", "prod"),
                    Label::new("team", "web"),
                ]),
            ),
            RoleGrant::new("Functions Admin", Scope::specific([" b ", "A", "a"])),
        ]);
        let got = canonicalise(&set).unwrap();
        assert_eq!(
            got,
            RoleSet {
                workspace: WorkspaceRole::Member,
                roles: vec![
                    RoleGrant::new("Function Admin", Scope::specific(["A", "b"])),
                    RoleGrant::new(
                        "Source Read-only",
                        Scope::labelled([
                            Label::new("environment", "prod"),
                            Label::new("team", "web")
                        ])
                    ),
                    RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
                ]
            }
        );
        // Idempotent.
        assert_eq!(canonicalise(&got).unwrap(), got);
    }

    #[test]
    fn owner_takes_no_roles() {
        assert_eq!(canonicalise(&RoleSet::owner()).unwrap(), RoleSet::owner());
        let bad = RoleSet {
            workspace: WorkspaceRole::Owner,
            roles: vec![RoleGrant::new("Source Admin", Scope::all())],
        };
        assert_eq!(
            canonicalise(&bad),
            Err(vec![RoleSetProblem::OwnerWithRoles { count: 1 }])
        );
    }

    #[test]
    fn reports_every_problem_with_paths() {
        let set = member(vec![
            RoleGrant::new(
                "Source Admin",
                Scope::labelled([Label::new("env", "prod"), Label::new("env prod", "x")]),
            ),
            RoleGrant::new("Wizard", Scope::all()),
            RoleGrant::new("source admin", Scope::all()),
            RoleGrant::new("Tracking Plan Admin", Scope::specific(["Web"])),
            RoleGrant::new(
                "Function Read-only",
                Scope::labelled([Label::new("env", "dev")]),
            ),
            RoleGrant::new("Source Read-only", Scope::Unscoped),
            RoleGrant::new(
                "Unify and Engage Admin",
                Scope::specific(Vec::<String>::new()),
            ),
            RoleGrant::new(
                "Identity Admin",
                Scope::labelled([Label::new("env", "dev")]),
            ),
        ]);
        let problems = canonicalise(&set).unwrap_err();
        let paths: Vec<String> = problems.iter().map(|p| p.path()).collect();
        assert_eq!(
            paths,
            vec![
                "roles[0].scope.labels[1]",
                "roles[1].role",
                "roles[2].role",
                "roles[3].scope",
                "roles[4].scope",
                "roles[5].scope",
                "roles[6].scope.resources",
                "roles[7].scope",
            ]
        );
        assert!(matches!(
            problems[2],
            RoleSetProblem::DuplicateRole { first_index: 0, .. }
        ));
        assert_eq!(
            problems[4].to_string(),
            "Function Read-only does not take labels"
        );
        assert_eq!(
            problems[5].to_string(),
            "Source Read-only needs a scope: all sources or specific sources"
        );
        assert_eq!(problems[0].to_string(), "\"env prod:x\" is not key:value");
    }

    #[test]
    fn conflicting_label_keys_and_empty_resource_names() {
        let set = member(vec![RoleGrant::new(
            "Source Admin",
            Scope::labelled([
                Label::new("environment", "dev"),
                Label::new("environment", "prod"),
            ]),
        )]);
        let p = canonicalise(&set).unwrap_err();
        assert!(
            matches!(&p[0], RoleSetProblem::ConflictingLabels { first, second, .. } if first == "environment:dev" && second == "environment:prod")
        );
        let set = member(vec![RoleGrant::new(
            "Source Admin",
            Scope::specific(["Web", "  "]),
        )]);
        let p = canonicalise(&set).unwrap_err();
        assert_eq!(p[0].path(), "roles[0].scope.resources[1]");
    }

    #[test]
    fn member_without_roles_is_valid() {
        assert_eq!(canonicalise(&member(vec![])).unwrap(), member(vec![]));
    }
}
