//! Reading a person's grants from a role SUMMARY, for pages whose panel
//! shows one instead of the role editor (a pending invite's panel before
//! "Edit Invite", or a page that never shows more).
//!
//! A summary is only taken when it is exact: the permission line ("Workspace
//! Owner" / "Workspace Member"), and per role either its bare name (a role
//! with no scope shown: read as unscoped, as the editor reader reads a role
//! without "Edit Sources") or its name with "(All)" (every source, no
//! labels). A count ("Source Admin (2)", "(1 Label)") says how many but not
//! which, and "+ 2 more" says some roles are not shown at all: both are
//! refused with a [`SummaryError`] — the exact grants are never guessed.

use thiserror::Error;

use crate::core::catalogue::{lookup_role, parse_workspace_role};
use crate::core::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// Why a summary does not give the exact grants.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryError {
    /// "+ 2 more": some roles are not shown.
    #[error("the role summary is truncated (\"{line}\"): not every role is shown")]
    Truncated { line: String },
    /// "Source Admin (2)": a count of sources or labels, not which ones.
    #[error("the role summary \"{line}\" gives a count, not which sources or labels")]
    Inexact { line: String },
    /// Neither "Workspace Owner" nor "Workspace Member" is shown.
    #[error("the summary does not say whether this is a Workspace Owner or Member")]
    NoPermission,
}

/// Whether a line says more is hidden ("+ 2 more", "Protocols Admin + 2 more").
fn is_truncation(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).any(|w| {
        let n = w[0].trim_start_matches('+');
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && w[1].eq_ignore_ascii_case("more")
    }) || line.contains('…')
}

/// The grants a summary shows, from its lines in document order (other
/// texts — headings, the email, "No roles" — are passed over). A role shown
/// twice (a page with a second summary panel) counts once; the same role
/// shown with two different scopes is refused as inexact.
pub fn parse_summary<S: AsRef<str>>(lines: &[S]) -> Result<RoleSet, SummaryError> {
    let mut workspace = None;
    let mut roles: Vec<RoleGrant> = Vec::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if is_truncation(line) {
            return Err(SummaryError::Truncated { line: line.into() });
        }
        if let Some(w) = parse_workspace_role(line) {
            // An owner's line wins: owners take no further roles.
            if workspace != Some(WorkspaceRole::Owner) {
                workspace = Some(w);
            }
            continue;
        }
        let (name, detail) = match line.split_once('(') {
            Some((name, rest)) => (name.trim(), Some(rest.trim_end_matches(')').trim())),
            None => (line, None),
        };
        let Some(found) = lookup_role(name) else {
            continue;
        };
        let scope = match detail {
            None => Scope::Unscoped,
            Some(d) if d.eq_ignore_ascii_case("all") => Scope::all(),
            Some(_) => return Err(SummaryError::Inexact { line: line.into() }),
        };
        let grant = RoleGrant::new(found.info.name, scope);
        match roles.iter().find(|g| g.role == grant.role) {
            Some(g) if *g == grant => {}
            Some(_) => return Err(SummaryError::Inexact { line: line.into() }),
            None => roles.push(grant),
        }
    }
    match workspace {
        None => Err(SummaryError::NoPermission),
        Some(WorkspaceRole::Owner) => Ok(RoleSet::owner()),
        Some(WorkspaceRole::Member) => Ok(RoleSet::member(roles)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_summary_gives_its_grants() {
        let lines = [
            "-",
            "x.invite@acme.io",
            "Invite Pending",
            "Permission",
            "Workspace Member",
            "Individual Roles",
            "Source Admin (All)",
            "Tracking Plan Read-only",
        ];
        assert_eq!(
            parse_summary(&lines),
            Ok(RoleSet::member([
                RoleGrant::new("Source Admin", Scope::all()),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ]))
        );
    }

    #[test]
    fn an_owner_takes_no_roles_and_a_member_may_have_none() {
        assert_eq!(
            parse_summary(&["Permission", "Workspace Owner", "Individual Roles", "All"]),
            Ok(RoleSet::owner())
        );
        assert_eq!(
            parse_summary(&["Workspace Member", "No roles"]),
            Ok(RoleSet::member([]))
        );
    }

    #[test]
    fn a_role_shown_twice_counts_once() {
        let lines = [
            "Workspace Member",
            "Source Admin (All)",
            "Workspace Member",
            "Source Admin (All)",
        ];
        assert_eq!(
            parse_summary(&lines),
            Ok(RoleSet::member([RoleGrant::new(
                "Source Admin",
                Scope::all()
            )]))
        );
    }

    #[test]
    fn counts_and_truncation_are_refused_never_guessed() {
        for (line, truncated) in [
            ("Source Admin (2)", false),
            ("Source Admin (1 Label)", false),
            ("Source Read-only (3 Labels)", false),
            ("+ 2 more", true),
            ("Protocols Admin + 2 more", true),
            ("Source Admin, Function Admin…", true),
        ] {
            let got = parse_summary(&["Workspace Member", line]);
            let want = if truncated {
                SummaryError::Truncated { line: line.into() }
            } else {
                SummaryError::Inexact { line: line.into() }
            };
            assert_eq!(got, Err(want), "{line}");
        }
        assert_eq!(
            parse_summary(&["Workspace Member", "Source Admin (All)", "Source Admin (2)"]),
            Err(SummaryError::Inexact {
                line: "Source Admin (2)".into()
            })
        );
    }

    #[test]
    fn no_permission_line_is_refused() {
        assert_eq!(
            parse_summary(&["Source Admin (All)"]),
            Err(SummaryError::NoPermission)
        );
    }
}
