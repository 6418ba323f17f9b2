//! The users table's "Individual Roles" summary, read for what it proves.
//!
//! The table shows a short summary per person: "All" for an owner, "-" (or
//! "Minimal Workspace Access") for a member with no roles, else the roles
//! separated by ", ", a resource-scoped role with its scope in brackets:
//! "Source Admin (All)", "Source Admin (2)" (two specific sources, not
//! named), "Source Admin (1 Label)" (labels, not named). Long lists end in
//! "+ 2 more". Role names may hold ", " themselves ("Unify Read-only,
//! Engage User").
//!
//! A summary is **exact** only when every role is named and every scope is
//! fully said: unscoped roles, and scoped roles "(All)". Anything else —
//! truncated, counts without names, a scoped role without its scope, a word
//! the catalogue does not know — sends the export to the person's editor.
//! Never a guess: a wrong "exact" would export grants nobody has.

use super::super::catalogue::{lookup_key, lookup_role, parse_workspace_role, ScopeKind};
use super::super::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// Why the summary is not enough and the editor must be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotExact {
    /// The table shows no summary (no such column, or an unknown permission).
    NoSummary,
    /// "… + 2 more": not every role is shown.
    Truncated,
    /// A role whose scope the summary only counts ("(2)", "(1 Label)") or
    /// does not show.
    ScopeNotShown { role: String },
    /// Text that is not a role the catalogue knows.
    Unrecognised { text: String },
}

/// `Ok(set)` when the summary says the person's grants exactly.
/// `workspace` is the table's permission column (`None`: not read).
pub fn read_summary(
    workspace: Option<WorkspaceRole>,
    text: Option<&str>,
) -> Result<RoleSet, NotExact> {
    let workspace = workspace.ok_or(NotExact::NoSummary)?;
    let text = text.map(str::trim).ok_or(NotExact::NoSummary)?;
    if workspace == WorkspaceRole::Owner {
        // An owner has everything; the summary adds nothing.
        return Ok(RoleSet::owner());
    }
    if is_truncated(text) {
        return Err(NotExact::Truncated);
    }
    let key = lookup_key(text);
    if key.is_empty() || key == "none" || parse_workspace_role(text) == Some(WorkspaceRole::Member)
    {
        return Ok(RoleSet::member([]));
    }
    let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
    let mut grants = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // The longest run of pieces that reads as one item (a role name may
        // hold a comma).
        let found = (i + 1..=pieces.len())
            .rev()
            .find_map(|end| item(&pieces[i..end].join(", ")).map(|g| (end, g)));
        match found {
            Some((end, grant)) => {
                grants.push(grant?);
                i = end;
            }
            None => {
                return Err(NotExact::Unrecognised {
                    text: pieces[i].to_string(),
                })
            }
        }
    }
    Ok(RoleSet::member(grants))
}

/// "+ 2 more", "and 3 more", "…".
fn is_truncated(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains('…')
        || lower.contains("...")
        || lower.match_indices("more").any(|(at, _)| {
            lower[..at]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit())
        })
}

/// One item: `None` when it is not a role at all; `Some(Err)` for a role
/// whose scope the summary does not say.
fn item(text: &str) -> Option<Result<RoleGrant, NotExact>> {
    let (name, scope) = match (text.rfind('('), text.strip_suffix(')')) {
        (Some(open), Some(body)) => (text[..open].trim_end(), Some(body[open + 1..].trim())),
        _ => (text, None),
    };
    if name.contains(['(', ')']) {
        return None;
    }
    let info = lookup_role(name)?.info;
    let not_shown = || {
        Err(NotExact::ScopeNotShown {
            role: info.name.to_string(),
        })
    };
    Some(match (info.scope, scope) {
        (ScopeKind::Unscoped, None) => Ok(RoleGrant::new(info.name, Scope::Unscoped)),
        (ScopeKind::Unscoped, Some(_)) => not_shown(),
        (_, Some(s)) if lookup_key(s) == "all" => Ok(RoleGrant::new(info.name, Scope::all())),
        _ => not_shown(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Option<WorkspaceRole> = Some(WorkspaceRole::Member);

    fn exact(text: &str) -> RoleSet {
        read_summary(M, Some(text)).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn exact_summaries() {
        assert_eq!(
            read_summary(Some(WorkspaceRole::Owner), Some("All")),
            Ok(RoleSet::owner())
        );
        for none in ["-", "", "Minimal Workspace Access", "None"] {
            assert_eq!(exact(none), RoleSet::member([]), "{none}");
        }
        assert_eq!(
            exact(
                "Source Admin (All), Unify Read-only, Engage User (All), Tracking Plan Read-only"
            ),
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::all()),
                RoleGrant::new("Unify Read-only, Engage User", Scope::all()),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ])
        );
        // Older names read as the current ones.
        assert_eq!(
            exact("Protocols Admin"),
            RoleSet::member([RoleGrant::new("Tracking Plan Admin", Scope::Unscoped)])
        );
    }

    #[test]
    fn summaries_that_send_the_export_to_the_editor() {
        use NotExact::*;
        let not = |t: &str| read_summary(M, Some(t)).unwrap_err();
        assert_eq!(not("Source Admin (All) + 2 more"), Truncated);
        assert_eq!(not("Leadership, + 7 more"), Truncated);
        assert_eq!(not("Source Admin (All), Tracking Plan Admin…"), Truncated);
        assert_eq!(
            not("Source Admin (2)"),
            ScopeNotShown {
                role: "Source Admin".into()
            }
        );
        assert_eq!(
            not("Tracking Plan Admin, Source Read-only (1 Label)"),
            ScopeNotShown {
                role: "Source Read-only".into()
            }
        );
        assert_eq!(
            not("Source Admin"),
            ScopeNotShown {
                role: "Source Admin".into()
            }
        );
        assert_eq!(
            not("Source Admin (All), Leadership"),
            Unrecognised {
                text: "Leadership".into()
            }
        );
        assert_eq!(read_summary(M, None), Err(NoSummary));
        assert_eq!(read_summary(None, Some("-")), Err(NoSummary));
    }
}
