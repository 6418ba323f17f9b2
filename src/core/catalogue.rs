//! The role catalogue: Segment's current role names (fact sheet 1.7), which
//! scope each takes, and the older names people still write.
//!
//! Lookups ignore case, punctuation and spacing, and read `&` as "and", so
//! "source read only", "Source Read-Only" and "SOURCE_READ_ONLY" all resolve
//! to "Source Read-only".

use super::roles::WorkspaceRole;

/// What a role's "Select …" dialog lets you choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// Sources: all (optionally narrowed by labels) or specific sources.
    Sources,
    /// Unify/Engage spaces: all (optionally narrowed by labels) or specific spaces.
    Spaces,
    /// Functions: all or specific functions; no labels.
    Functions,
    /// Applies to the whole workspace; the page offers no scope.
    Unscoped,
}

impl ScopeKind {
    /// Whether `All` may be narrowed by label chips (fact sheet 1.8: sources and spaces only).
    pub fn takes_labels(self) -> bool {
        matches!(self, ScopeKind::Sources | ScopeKind::Spaces)
    }

    /// Whether the role can be limited to specific named resources.
    pub fn takes_specific(self) -> bool {
        !matches!(self, ScopeKind::Unscoped)
    }

    /// Plural noun for messages ("sources", "spaces", "functions").
    pub fn noun(self) -> &'static str {
        match self {
            ScopeKind::Sources => "sources",
            ScopeKind::Spaces => "spaces",
            ScopeKind::Functions => "functions",
            ScopeKind::Unscoped => "resources",
        }
    }
}

/// One role as the page names it today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoleInfo {
    /// Canonical name, exactly as the invite form's checkbox label reads.
    pub name: &'static str,
    pub scope: ScopeKind,
}

/// Current roles (fact sheet 1.7, `roles.md` 2024-11).
pub const ROLES: &[RoleInfo] = &[
    RoleInfo {
        name: "Source Admin",
        scope: ScopeKind::Sources,
    },
    RoleInfo {
        name: "Source Read-only",
        scope: ScopeKind::Sources,
    },
    RoleInfo {
        name: "Function Admin",
        scope: ScopeKind::Functions,
    },
    RoleInfo {
        name: "Function Read-only",
        scope: ScopeKind::Functions,
    },
    RoleInfo {
        name: "Unify and Engage Admin",
        scope: ScopeKind::Spaces,
    },
    RoleInfo {
        name: "Unify and Engage Read-only",
        scope: ScopeKind::Spaces,
    },
    RoleInfo {
        name: "Unify Read-only, Engage User",
        scope: ScopeKind::Spaces,
    },
    RoleInfo {
        name: "Tracking Plan Admin",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Tracking Plan Read-only",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Warehouse Destination Admin",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Warehouse Destination Read-only",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Identity Admin",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "End User Privacy Admin",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Entities Admin",
        scope: ScopeKind::Unscoped,
    },
    RoleInfo {
        name: "Entities Read-only",
        scope: ScopeKind::Unscoped,
    },
];

/// Older names and the current role each became (fact sheet 1.7 history and
/// `labels.md`). Differences of case or punctuation alone ("Source Read-Only")
/// need no entry: lookup ignores them.
pub const ALIASES: &[(&str, &str)] = &[
    // ≤2020
    ("Personas Admin", "Unify and Engage Admin"),
    ("Personas User", "Unify Read-only, Engage User"),
    ("Personas Read-only", "Unify and Engage Read-only"),
    ("Protocols Admin", "Tracking Plan Admin"),
    ("Protocols Read-only", "Tracking Plan Read-only"),
    ("Warehouse Admin", "Warehouse Destination Admin"),
    ("Warehouse Read-only", "Warehouse Destination Read-only"),
    ("Functions Admin", "Function Admin"),
    ("Functions Read-only", "Function Read-only"),
    // Feb 2023
    ("Profiles and Engage Admin", "Unify and Engage Admin"),
    (
        "Profiles and Engage Read-only",
        "Unify and Engage Read-only",
    ),
    (
        "Profiles Read-only, Engage User",
        "Unify Read-only, Engage User",
    ),
    ("Profiles Identity Admin", "Identity Admin"),
    // labels.md wording
    ("Engage Admin", "Unify and Engage Admin"),
    ("Engage User", "Unify Read-only, Engage User"),
    ("Engage Read-Only", "Unify and Engage Read-only"),
];

/// The result of a successful lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleMatch {
    pub info: &'static RoleInfo,
    /// The older name that matched, when the text was an alias.
    pub via_alias: Option<&'static str>,
}

/// Reduces a role name to its lookup key: lower-case ASCII alphanumerics
/// separated by single spaces, with `&` read as "and".
pub fn lookup_key(name: &str) -> String {
    let spaced = name.replace('&', " and ");
    let mut key = String::with_capacity(spaced.len());
    for word in spaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_lowercase());
    }
    key
}

/// Finds a role by current or older name, ignoring case and punctuation.
pub fn lookup_role(name: &str) -> Option<RoleMatch> {
    let key = lookup_key(name);
    if key.is_empty() {
        return None;
    }
    if let Some(info) = ROLES.iter().find(|r| lookup_key(r.name) == key) {
        return Some(RoleMatch {
            info,
            via_alias: None,
        });
    }
    let (alias, target) = ALIASES.iter().find(|(old, _)| lookup_key(old) == key)?;
    let info = ROLES.iter().find(|r| r.name == *target)?;
    Some(RoleMatch {
        info,
        via_alias: Some(alias),
    })
}

/// The catalogue entry for an exact canonical name (as stored in a [`super::roles::RoleGrant`]).
pub fn role_info(canonical: &str) -> Option<&'static RoleInfo> {
    ROLES.iter().find(|r| r.name == canonical)
}

/// Parses the workspace-level choice: "owner", "workspace owner", "member",
/// "workspace member" (any case or punctuation). "Minimal Workspace Access",
/// the role Segment lists for members with nothing else (and writes in its
/// users CSV export), also reads as Member.
pub fn parse_workspace_role(text: &str) -> Option<WorkspaceRole> {
    match lookup_key(text).as_str() {
        "owner" | "workspace owner" => Some(WorkspaceRole::Owner),
        "member" | "workspace member" | "minimal workspace access" => Some(WorkspaceRole::Member),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(name: &str) -> Option<&'static str> {
        lookup_role(name).map(|m| m.info.name)
    }

    #[test]
    fn every_current_name_resolves_to_itself() {
        for role in ROLES {
            let m = lookup_role(role.name).unwrap();
            assert_eq!(m.info, role);
            assert_eq!(m.via_alias, None);
        }
    }

    #[test]
    fn every_alias_targets_a_current_role_and_is_not_itself_current() {
        for (old, new) in ALIASES {
            assert!(role_info(new).is_some(), "{new}");
            assert!(
                ROLES.iter().all(|r| lookup_key(r.name) != lookup_key(old)),
                "{old}"
            );
            let m = lookup_role(old).unwrap();
            assert_eq!(m.info.name, *new);
            assert_eq!(m.via_alias, Some(*old));
        }
    }

    #[test]
    fn lookup_ignores_case_spacing_and_punctuation() {
        assert_eq!(canonical("source read only"), Some("Source Read-only"));
        assert_eq!(canonical("Source Read-Only"), Some("Source Read-only"));
        assert_eq!(canonical("  SOURCE_READ_ONLY "), Some("Source Read-only"));
        assert_eq!(
            canonical("unify read-only engage user"),
            Some("Unify Read-only, Engage User")
        );
        assert_eq!(
            canonical("Unify & Engage Admin"),
            Some("Unify and Engage Admin")
        );
        assert_eq!(canonical("protocols admin"), Some("Tracking Plan Admin"));
        assert_eq!(
            canonical("PROFILES READ-ONLY, ENGAGE USER"),
            Some("Unify Read-only, Engage User")
        );
        assert_eq!(
            canonical("warehouse read-only"),
            Some("Warehouse Destination Read-only")
        );
        assert_eq!(canonical("Functions Admin"), Some("Function Admin"));
        assert_eq!(
            canonical("personas user"),
            Some("Unify Read-only, Engage User")
        );
        assert_eq!(canonical("Profiles Identity Admin"), Some("Identity Admin"));
    }

    #[test]
    fn unknown_names() {
        for name in [
            "",
            "  ",
            "Admin",
            "Source",
            "Source Admins",
            "Minimal Workspace Access",
            "<b>Source Admin</b>x",
        ] {
            assert_eq!(canonical(name), None, "{name}");
        }
    }

    #[test]
    fn scope_kinds() {
        let kind = |n: &str| lookup_role(n).unwrap().info.scope;
        assert_eq!(kind("Source Admin"), ScopeKind::Sources);
        assert_eq!(kind("Personas Read-only"), ScopeKind::Spaces);
        assert_eq!(kind("Functions Read-only"), ScopeKind::Functions);
        assert_eq!(kind("Tracking Plan Read-only"), ScopeKind::Unscoped);
        assert_eq!(kind("Entities Admin"), ScopeKind::Unscoped);
        assert!(ScopeKind::Sources.takes_labels() && ScopeKind::Spaces.takes_labels());
        assert!(!ScopeKind::Functions.takes_labels() && ScopeKind::Functions.takes_specific());
        assert!(!ScopeKind::Unscoped.takes_specific());
    }

    #[test]
    fn workspace_role_words() {
        use WorkspaceRole::*;
        for (t, want) in [
            ("owner", Some(Owner)),
            ("Workspace Owner", Some(Owner)),
            (" WORKSPACE-OWNER ", Some(Owner)),
            ("member", Some(Member)),
            ("Workspace member", Some(Member)),
            ("Minimal Workspace Access", Some(Member)),
            ("admin", None),
            ("", None),
            ("owners", None),
        ] {
            assert_eq!(parse_workspace_role(t), want, "{t}");
        }
    }
}
