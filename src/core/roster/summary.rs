//! The page's role SUMMARIES, read for what they prove — the one parser of
//! them, for both places the page shows one:
//! - the users table's "Individual Roles" cell ([`read_summary`]): the
//!   export and the plan take a person's grants from it when it is exact,
//!   else read their editor;
//! - a person's panel when it shows a summary instead of the role editor
//!   (a pending invite's panel before "Edit Invite", or a page that never
//!   shows more) ([`parse_panel`]): `driver::grants` takes it when exact.
//!
//! ## The page's format
//! An owner is "All" (the table) or "Workspace Owner" (the panel); a member
//! with no roles "-", "None", "No roles" or "Minimal Workspace Access";
//! else the roles, joined by ", " in the table and one per line in the
//! panel, each a role name with, for a resource-scoped role, its scope in
//! brackets: "Source Admin (All)" (every source), "Source Admin (2)" (two
//! specific sources, not named), "Source Admin (1 Label)" (labels, not
//! named). Long lists end in "+ 2 more" or "…". Role names may hold ", "
//! themselves ("Unify Read-only, Engage User"); older names read as the
//! current ones.
//!
//! ## Exact, or refused — never guessed
//! A summary is taken only when every role is named and every scope fully
//! said: an unscoped role's bare name, a scoped role with "(All)". A count,
//! a truncation, a word the catalogue does not know (in the table), the
//! same role with two scopes: [`NotExact`]. A scoped role's BARE name is
//! where the two places differ: in the table it sends the reader to the
//! editor (which may show a scope picker); in a panel, which is all the
//! page shows, it is read as unscoped, as the editor reader reads a role
//! without "Edit Sources" (`core::roster::read::settle` then gives it the
//! page's default, every resource).

use thiserror::Error;

use crate::core::catalogue::{lookup_key, lookup_role, parse_workspace_role, ScopeKind};
use crate::core::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};

/// Why a summary does not give the exact grants.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NotExact {
    /// The table shows no summary (no such column, or an unknown permission).
    #[error("the table shows no role summary for this person")]
    NoSummary,
    /// The panel shows neither "Workspace Owner" nor "Workspace Member".
    #[error("the summary does not say whether this is a Workspace Owner or Member")]
    NoPermission,
    /// "+ 2 more", "…": some roles are not shown.
    #[error("the role summary is truncated (\"{text}\"): not every role is shown")]
    Truncated { text: String },
    /// "Source Admin (2)": a count of sources or labels, not which ones; or
    /// a role whose scope is not shown at all.
    #[error("the role summary \"{text}\" does not say which sources or labels {role} covers")]
    ScopeNotShown { role: String, text: String },
    /// The same role shown with two different scopes.
    #[error("the role summary shows {role} twice with different scopes")]
    Conflicting { role: String },
    /// Text that is not a role the catalogue knows.
    #[error("the role summary holds \"{text}\", which is not a role this tool knows")]
    Unrecognised { text: String },
}

/// Where the summary was shown (see the module docs: a scoped role's bare
/// name is read differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Table,
    Panel,
}

/// The grants the table's "Individual Roles" cell proves. `workspace` is
/// the table's permission column (`None`: not read); `text` the cell
/// (`None`: no such column).
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
        return Err(NotExact::Truncated { text: text.into() });
    }
    let mut roles = Vec::new();
    merge(&mut roles, grants_of(text, Place::Table)?)?;
    Ok(RoleSet::member(roles))
}

/// The grants a person's panel summary proves, from its text pieces in
/// document order (other texts — headings, the email — are passed over). A
/// role shown twice the same way (a page with a second summary panel)
/// counts once, as in the table.
pub fn parse_panel<S: AsRef<str>>(lines: &[S]) -> Result<RoleSet, NotExact> {
    let mut workspace = None;
    let mut roles: Vec<RoleGrant> = Vec::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if is_truncated(line) {
            return Err(NotExact::Truncated { text: line.into() });
        }
        if let Some(w) = parse_workspace_role(line) {
            // An owner's line wins: owners take no further roles.
            if workspace != Some(WorkspaceRole::Owner) {
                workspace = Some(w);
            }
            continue;
        }
        let grants = match grants_of(line, Place::Panel) {
            // A line naming a role among other words is not passed over.
            Err(e @ NotExact::Unrecognised { .. })
                if line.split(',').any(|p| role_of(p.trim()).is_some()) =>
            {
                return Err(e)
            }
            // Not a list of roles ("Permission", the email): passed over.
            Err(NotExact::Unrecognised { .. }) => continue,
            other => other?,
        };
        merge(&mut roles, grants)?;
    }
    match workspace.ok_or(NotExact::NoPermission)? {
        WorkspaceRole::Owner => Ok(RoleSet::owner()),
        WorkspaceRole::Member => Ok(RoleSet::member(roles)),
    }
}

/// Adds `grants` to `roles`: a role shown twice the same way counts once;
/// with two scopes it is [`NotExact::Conflicting`].
fn merge(roles: &mut Vec<RoleGrant>, grants: Vec<RoleGrant>) -> Result<(), NotExact> {
    for grant in grants {
        match roles.iter().find(|g| g.role == grant.role) {
            Some(g) if *g == grant => {}
            Some(_) => return Err(NotExact::Conflicting { role: grant.role }),
            None => roles.push(grant),
        }
    }
    Ok(())
}

/// "+ 2 more", "and 3 more", "…", "...".
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

/// Whether `text` says "no roles".
fn says_none(text: &str) -> bool {
    let key = lookup_key(text);
    matches!(key.as_str(), "" | "none" | "no roles")
        || parse_workspace_role(text) == Some(WorkspaceRole::Member)
}

/// The items of a list: the longest runs of ", "-separated pieces that
/// each read as one role (a role name may hold a comma). `Err`: the first
/// piece that belongs to no role.
fn split_items(text: &str) -> Result<Vec<String>, String> {
    let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let end = (i + 1..=pieces.len())
            .rev()
            .find(|&end| role_of(&pieces[i..end].join(", ")).is_some())
            .ok_or_else(|| pieces[i].to_string())?;
        items.push(pieces[i..end].join(", "));
        i = end;
    }
    Ok(items)
}

/// An item's role name and its bracketed scope, if any.
fn role_of(item: &str) -> Option<(&'static str, ScopeKind, Option<&str>)> {
    let (name, scope) = match (item.rfind('('), item.strip_suffix(')')) {
        (Some(open), Some(body)) => (item[..open].trim_end(), Some(body[open + 1..].trim())),
        _ => (item, None),
    };
    if name.contains(['(', ')']) {
        return None;
    }
    let info = lookup_role(name)?.info;
    Some((info.name, info.scope, scope))
}

/// The grants a list proves; `Err(Unrecognised)` when it is not a list
/// of roles.
fn grants_of(text: &str, place: Place) -> Result<Vec<RoleGrant>, NotExact> {
    if says_none(text) {
        return Ok(Vec::new());
    }
    let items = split_items(text).map_err(|text| NotExact::Unrecognised { text })?;
    let grants = items.iter().map(|item| {
        let (role, kind, scope) = role_of(item).expect("split_items keeps roles only");
        let not_shown = || NotExact::ScopeNotShown {
            role: role.to_string(),
            text: item.clone(),
        };
        match (kind, scope) {
            (ScopeKind::Unscoped, None) => Ok(RoleGrant::new(role, Scope::Unscoped)),
            (ScopeKind::Unscoped, Some(_)) => Err(not_shown()),
            (_, Some(s)) if lookup_key(s) == "all" => Ok(RoleGrant::new(role, Scope::all())),
            (_, None) if place == Place::Panel => Ok(RoleGrant::new(role, Scope::Unscoped)),
            _ => Err(not_shown()),
        }
    });
    grants.collect()
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
