//! The preview: what will happen to every row, decided before anything is sent.
//!
//! Checks, in order (the first that applies decides the row's status):
//! 1. the email is valid ([`super::email`]);
//! 2. it is not a repeat of an earlier row (case-insensitive; the first wins);
//! 3. it is not already a member, then not already invited (pending);
//! 4. its role set can be resolved and expressed in the invite form.
//!
//! Resolving a row's role set:
//! - The **base** set is, in this order: the row's `template` (by name,
//!   ignoring case), else the set built from its `role`/`roles` cells, else
//!   the panel's default. A row with neither and no default is `NoRoles`.
//! - A `template` together with a `role` or `roles` cell is a **conflict**:
//!   the row must say one or the other (no silent precedence).
//! - `role` and `roles` cells are split on `;` and `|` (not `,`: the role
//!   "Unify Read-only, Engage User" contains one). Each entry is either a
//!   workspace word (owner / member) or a role name (current or older). With
//!   no workspace word the row is a Workspace Member.
//! - Scope cells then **narrow** the base set, whichever it came from:
//!   `sources` makes every Source role specific to those sources, `spaces`
//!   every Unify/Engage role, `functions` every Function role; `labels`
//!   (`key:value` list) sets "all, labelled" on every role that takes labels.
//!   A scope cell that matches no role of the set, a role that would get both
//!   specific resources and labels, or any scope on an Owner is
//!   `Inexpressible`, as is any set [`super::role_check`] refuses.
//! - A `roles` entry may carry its own scope, `Source Admin (sources: Web; iOS)`
//!   ([`role_entry`]): the scope columns then leave that role alone.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use thiserror::Error;

use super::catalogue::{lookup_role, parse_workspace_role, ScopeKind};
use super::email::{comparison_key, extract_address, Email, EmailError};
use super::input::InputRow;
use super::label::{parse_label_list, LabelListError};
use super::role_check::{canonicalise, RoleSetProblem};
use super::roles::{RoleGrant, RoleSet, Scope, WorkspaceRole};
use super::template::TemplateLibrary;
use super::text::quoted;

pub mod role_entry;

/// Emails already known to the workspace, read off the page (all pages of
/// the Users table). Stored as comparison keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownPeople {
    members: FxHashSet<String>,
    pending: FxHashSet<String>,
}

impl KnownPeople {
    /// `members`: accepted users' emails; `pending`: emails of pending invites.
    pub fn new<M, P>(members: M, pending: P) -> Self
    where
        M: IntoIterator,
        M::Item: AsRef<str>,
        P: IntoIterator,
        P::Item: AsRef<str>,
    {
        KnownPeople {
            members: members
                .into_iter()
                .map(|e| comparison_key(e.as_ref()))
                .collect(),
            pending: pending
                .into_iter()
                .map(|e| comparison_key(e.as_ref()))
                .collect(),
        }
    }

    pub fn is_member(&self, email: &str) -> bool {
        self.members.contains(&comparison_key(email))
    }

    pub fn is_pending(&self, email: &str) -> bool {
        self.pending.contains(&comparison_key(email))
    }

    /// What is known of a valid address (its key is already a comparison key).
    fn status_of(&self, email: &Email) -> Option<RowStatus> {
        if self.members.contains(email.key()) {
            Some(RowStatus::AlreadyMember)
        } else if self.pending.contains(email.key()) {
            Some(RowStatus::AlreadyInvited)
        } else {
            None
        }
    }
}

/// Everything the preview needs besides the rows.
#[derive(Debug, Clone, Copy)]
pub struct PreviewContext<'a> {
    pub known: &'a KnownPeople,
    pub templates: &'a TemplateLibrary,
    /// The panel's default (e.g. the template picked there), for rows that
    /// name no template and no roles.
    pub default_role_set: Option<&'a RoleSet>,
}

/// A row that names contradictory things.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RowConflict {
    #[error("the row names a template and also roles; use one or the other")]
    TemplateAndRoles,
    #[error("the row says both {first} and {second}")]
    TwoWorkspaceRoles {
        first: WorkspaceRole,
        second: WorkspaceRole,
    },
}

/// A role combination the invite form cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Inexpressible {
    #[error("a Workspace Owner has full access and takes no other roles")]
    RolesUnderOwner,
    #[error("a Workspace Owner takes no {column}")]
    ScopeOnOwner { column: &'static str },
    #[error("{column} were given, but none of the roles takes {}", kind.noun())]
    ScopeColumnUnused {
        column: &'static str,
        kind: ScopeKind,
    },
    #[error("labels were given, but none of the roles takes labels")]
    LabelsUnused,
    #[error("{role} cannot have specific {} and labels together", kind.noun())]
    SpecificAndLabels { role: String, kind: ScopeKind },
    #[error("{0}")]
    InvalidLabel(LabelListError),
    #[error("{0}")]
    Roles(RoleSetProblem),
    #[error("{role}: \"({text})\" is not a scope; write (all), (labels: key:value, …) or ({noun}: name; name)", noun = kind.noun())]
    UnreadableScope {
        role: String,
        text: String,
        kind: ScopeKind,
    },
}

/// The decision for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStatus {
    /// Will be invited with this (canonical) role set, shared by every row
    /// that names the same roles (thousands of rows, a handful of sets).
    Ready(Rc<RoleSet>),
    InvalidEmail(EmailError),
    /// Same email as the row on line `of_row`, which is the one kept.
    Duplicate {
        of_row: usize,
    },
    AlreadyMember,
    AlreadyInvited,
    UnknownTemplate(String),
    /// A `role`/`roles` entry that is neither a workspace word nor a role.
    UnknownRole(String),
    Conflict(RowConflict),
    Inexpressible(Inexpressible),
    /// No template, no roles, and no default in the panel.
    NoRoles,
}

/// The status without its data, for counting and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusKind {
    Ready,
    InvalidEmail,
    Duplicate,
    AlreadyMember,
    AlreadyInvited,
    UnknownTemplate,
    UnknownRole,
    Conflict,
    Inexpressible,
    NoRoles,
}

impl StatusKind {
    /// Every kind, in the order the summary shows them.
    pub const ALL: [StatusKind; 10] = [
        StatusKind::Ready,
        StatusKind::InvalidEmail,
        StatusKind::Duplicate,
        StatusKind::AlreadyMember,
        StatusKind::AlreadyInvited,
        StatusKind::UnknownTemplate,
        StatusKind::UnknownRole,
        StatusKind::Conflict,
        StatusKind::Inexpressible,
        StatusKind::NoRoles,
    ];

    /// Short label for the summary and the status column.
    pub fn label(self) -> &'static str {
        match self {
            StatusKind::Ready => "Ready",
            StatusKind::InvalidEmail => "Invalid email",
            StatusKind::Duplicate => "Duplicate",
            StatusKind::AlreadyMember => "Already a member",
            StatusKind::AlreadyInvited => "Already invited",
            StatusKind::UnknownTemplate => "Unknown template",
            StatusKind::UnknownRole => "Unknown role",
            StatusKind::Conflict => "Conflicting columns",
            StatusKind::Inexpressible => "Roles not possible",
            StatusKind::NoRoles => "No roles",
        }
    }
}

impl RowStatus {
    pub fn kind(&self) -> StatusKind {
        match self {
            RowStatus::Ready(_) => StatusKind::Ready,
            RowStatus::InvalidEmail(_) => StatusKind::InvalidEmail,
            RowStatus::Duplicate { .. } => StatusKind::Duplicate,
            RowStatus::AlreadyMember => StatusKind::AlreadyMember,
            RowStatus::AlreadyInvited => StatusKind::AlreadyInvited,
            RowStatus::UnknownTemplate(_) => StatusKind::UnknownTemplate,
            RowStatus::UnknownRole(_) => StatusKind::UnknownRole,
            RowStatus::Conflict(_) => StatusKind::Conflict,
            RowStatus::Inexpressible(_) => StatusKind::Inexpressible,
            RowStatus::NoRoles => StatusKind::NoRoles,
        }
    }
}

/// One row of the preview table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    /// Line in the pasted text (see [`InputRow::line`]).
    pub line: usize,
    /// The email cell as written, when that is not exactly `email` (most
    /// cells are: one copy of the address per row, not two).
    raw: Option<String>,
    /// The cleaned address, when valid.
    pub email: Option<Email>,
    pub status: RowStatus,
}

impl PreviewRow {
    /// The email cell as written.
    pub fn raw_email(&self) -> &str {
        match (&self.raw, &self.email) {
            (Some(raw), _) => raw,
            (None, Some(email)) => email.as_str(),
            (None, None) => "",
        }
    }

    /// The role set this row will be sent with, if ready.
    pub fn role_set(&self) -> Option<&RoleSet> {
        match &self.status {
            RowStatus::Ready(set) => Some(set),
            _ => None,
        }
    }

    /// A sentence for a row that will not be sent, naming the row and the
    /// problem, e.g. `Row 14: "bob@@x.com" is not a valid email: it has more than one @`.
    /// `None` for ready rows.
    pub fn message(&self) -> Option<String> {
        let row = self.line;
        let shown = self
            .email
            .as_ref()
            .map_or_else(|| quoted(self.raw_email()), |e| quoted(e.as_str()));
        Some(match &self.status {
            RowStatus::Ready(_) => return None,
            RowStatus::InvalidEmail(e) => format!("Row {row}: {shown} is not a valid email: {e}"),
            RowStatus::Duplicate { of_row } => format!("Row {row}: {shown} is a duplicate of row {of_row}"),
            RowStatus::AlreadyMember => format!("Row {row}: {shown} is already a member of this workspace"),
            RowStatus::AlreadyInvited => format!("Row {row}: {shown} already has a pending invite"),
            RowStatus::UnknownTemplate(name) => format!("Row {row}: there is no template named {}", quoted(name)),
            RowStatus::UnknownRole(name) => format!(
                "Row {row}: {} is not a role Segment offers (nor Owner or Member)",
                quoted(name)
            ),
            RowStatus::Conflict(c) => format!("Row {row}: {c}"),
            RowStatus::Inexpressible(why) => {
                format!("Row {row}: these roles cannot be set in Segment's invite form: {why}")
            }
            RowStatus::NoRoles => format!(
                "Row {row}: no roles given; add a template or roles column, or pick a default template"
            ),
        })
    }
}

/// The classified rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
}

impl Preview {
    /// How many rows have status `kind`.
    pub fn count(&self, kind: StatusKind) -> usize {
        self.rows.iter().filter(|r| r.status.kind() == kind).count()
    }

    /// Every kind with its count (zeros included), in summary order.
    pub fn counts(&self) -> Vec<(StatusKind, usize)> {
        // StatusKind::ALL lists the kinds in declaration order, so a kind's
        // discriminant is its place there: a counter array, no hashing.
        let mut by_kind = [0usize; StatusKind::ALL.len()];
        for r in &self.rows {
            by_kind[r.status.kind() as usize] += 1;
        }
        StatusKind::ALL.iter().copied().zip(by_kind).collect()
    }

    /// Rows that will be sent.
    pub fn ready(&self) -> impl Iterator<Item = &PreviewRow> {
        self.rows.iter().filter(|r| r.role_set().is_some())
    }
}

/// Classifies every row. Pure: the same inputs always give the same preview.
pub fn build_preview(rows: &[InputRow<'_>], ctx: &PreviewContext<'_>) -> Preview {
    // Each address's first line, by comparison key: borrowed from the row's
    // cell when the address has no capitals (nearly always), else a copy.
    // FxHash, as these maps hold only our own keys and SipHash's 64-bit
    // rounds are slow in the wasm2js build.
    let mut first_line: FxHashMap<Cow<'_, str>, usize> = FxHashMap::default();
    first_line.reserve(rows.len());
    // Pastes repeat a handful of role columns over thousands of rows:
    // resolve each distinct combination once.
    let mut resolved: FxHashMap<RoleCells<'_>, Result<Rc<RoleSet>, RowStatus>> =
        FxHashMap::default();
    // One pass: each row's address is parsed, judged and moved into its
    // preview row.
    let rows = rows
        .iter()
        .map(|row| {
            let address = extract_address(&row.email);
            let email = Email::from_extracted(address);
            let status = match &email {
                Err(e) => RowStatus::InvalidEmail(e.clone()),
                Ok(email) => {
                    let key = if email.key_is_address() {
                        Cow::Borrowed(address)
                    } else {
                        Cow::Owned(email.key().to_string())
                    };
                    match first_line.entry(key) {
                        Entry::Occupied(first) => RowStatus::Duplicate {
                            of_row: *first.get(),
                        },
                        Entry::Vacant(first) => {
                            first.insert(row.line);
                            match ctx.known.status_of(email) {
                                Some(known) => known,
                                None => match resolved
                                    .entry(RoleCells::of(row))
                                    .or_insert_with(|| resolve_role_set(row, ctx).map(Rc::new))
                                {
                                    Ok(set) => RowStatus::Ready(set.clone()),
                                    Err(status) => status.clone(),
                                },
                            }
                        }
                    }
                }
            };
            PreviewRow {
                line: row.line,
                // The address is cut from the cell, so the same length means
                // the same text.
                raw: match &email {
                    Ok(e) if e.as_str().len() == row.email.len() => None,
                    _ => Some(row.email.to_string()),
                },
                email: email.ok(),
                status,
            }
        })
        .collect();
    Preview { rows }
}

/// The cells of a row that decide its role set (everything but the email).
#[derive(Eq, Hash)]
struct RoleCells<'a>([Option<&'a str>; 7]);

impl PartialEq for RoleCells<'_> {
    /// Compared for every row (each finds its set in the memo): four bytes at
    /// a time, as the wasm build's byte-by-byte `memcmp` dominated here.
    fn eq(&self, other: &Self) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => same_text(a, b),
            _ => false,
        })
    }
}

/// `a == b`, comparing 32-bit words.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let words = a.len() / 4 * 4;
    let mut i = 0;
    while i < words {
        let x = u32::from_le_bytes([a[i], a[i + 1], a[i + 2], a[i + 3]]);
        let y = u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        if x != y {
            return false;
        }
        i += 4;
    }
    a[words..] == b[words..]
}

impl<'a> RoleCells<'a> {
    fn of(row: &'a InputRow<'_>) -> Self {
        RoleCells(
            [
                &row.template,
                &row.workspace_role,
                &row.roles,
                &row.sources,
                &row.spaces,
                &row.functions,
                &row.labels,
            ]
            .map(|c| c.as_deref()),
        )
    }
}

/// The canonical role set for one row, by the rules in the module docs.
pub fn resolve_role_set(
    row: &InputRow<'_>,
    ctx: &PreviewContext<'_>,
) -> Result<RoleSet, RowStatus> {
    let base = if let Some(name) = &row.template {
        if row.has_role_columns() {
            return Err(RowStatus::Conflict(RowConflict::TemplateAndRoles));
        }
        ctx.templates
            .find_by_name(name)
            .map(|t| t.role_set.clone())
            .ok_or_else(|| RowStatus::UnknownTemplate(name.to_string()))?
    } else if row.has_role_columns() {
        return roles_from_cells(row).and_then(|(base, scoped)| finish(base, row, &scoped));
    } else if let Some(default) = ctx.default_role_set {
        default.clone()
    } else {
        return Err(RowStatus::NoRoles);
    };
    finish(base, row, &[])
}

/// Narrows `base` by the row's scope columns (leaving the roles in
/// `scoped` alone) and checks the result.
fn finish(base: RoleSet, row: &InputRow<'_>, scoped: &[&str]) -> Result<RoleSet, RowStatus> {
    let narrowed = apply_scope_cells(base, row, scoped).map_err(RowStatus::Inexpressible)?;
    canonicalise(&narrowed).map_err(|mut problems| {
        // One reason is enough for a row; the first is the most specific.
        RowStatus::Inexpressible(Inexpressible::Roles(problems.swap_remove(0)))
    })
}

/// Splits a list cell on `;` and `|`, trimming and dropping empty entries.
fn list_entries(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The role set the `role` and `roles` cells name, and the roles among it
/// that carry their own scope.
fn roles_from_cells(row: &InputRow<'_>) -> Result<(RoleSet, Vec<&'static str>), RowStatus> {
    let mut workspace: Option<WorkspaceRole> = None;
    let mut grants: Vec<RoleGrant> = Vec::new();
    let mut scoped: Vec<&'static str> = Vec::new();
    let cells = [row.workspace_role.as_deref(), row.roles.as_deref()];
    for entry in cells
        .into_iter()
        .flatten()
        .flat_map(role_entry::split_entries)
    {
        let (name, scope_text) = role_entry::split_scope(entry);
        if let Some(w) = scope_text
            .is_none()
            .then(|| parse_workspace_role(entry))
            .flatten()
        {
            match workspace {
                Some(first) if first != w => {
                    return Err(RowStatus::Conflict(RowConflict::TwoWorkspaceRoles {
                        first,
                        second: w,
                    }))
                }
                _ => workspace = Some(w),
            }
        } else if let Some(found) = lookup_role(name) {
            let info = found.info;
            let scope = match scope_text {
                Some(text) => {
                    scoped.push(info.name);
                    role_entry::parse_scope(text, info.name, info.scope)
                        .map_err(RowStatus::Inexpressible)?
                }
                None if info.scope == ScopeKind::Unscoped => Scope::Unscoped,
                None => Scope::all(),
            };
            match grants.iter_mut().find(|g| g.role == info.name) {
                // The same role twice in one row plainly means that role
                // once; a scope written with either wins.
                Some(g) if scope_text.is_some() => g.scope = scope,
                Some(_) => {}
                None => grants.push(RoleGrant::new(info.name, scope)),
            }
        } else {
            return Err(RowStatus::UnknownRole(entry.to_string()));
        }
    }
    match workspace.unwrap_or(WorkspaceRole::Member) {
        WorkspaceRole::Owner if !grants.is_empty() => {
            Err(RowStatus::Inexpressible(Inexpressible::RolesUnderOwner))
        }
        WorkspaceRole::Owner => Ok((RoleSet::owner(), scoped)),
        WorkspaceRole::Member => Ok((RoleSet::member(grants), scoped)),
    }
}

fn apply_scope_cells(
    mut set: RoleSet,
    row: &InputRow<'_>,
    scoped: &[&str],
) -> Result<RoleSet, Inexpressible> {
    let specific_cells = [
        ("sources", row.sources.as_deref(), ScopeKind::Sources),
        ("spaces", row.spaces.as_deref(), ScopeKind::Spaces),
        ("functions", row.functions.as_deref(), ScopeKind::Functions),
    ];
    let labels = row
        .labels
        .as_deref()
        .map(parse_label_list)
        .transpose()
        .map_err(Inexpressible::InvalidLabel)?
        .filter(|l| !l.is_empty());
    let specific: Vec<(&'static str, Vec<String>, ScopeKind)> = specific_cells
        .into_iter()
        .filter_map(|(column, cell, kind)| {
            let names: Vec<String> = list_entries(cell?).map(String::from).collect();
            (!names.is_empty()).then_some((column, names, kind))
        })
        .collect();
    if specific.is_empty() && labels.is_none() {
        return Ok(set);
    }
    if set.workspace == WorkspaceRole::Owner {
        let column = specific.first().map_or("labels", |(c, _, _)| *c);
        return Err(Inexpressible::ScopeOnOwner { column });
    }
    let kind_of = |g: &RoleGrant| {
        let own_scope = scoped.contains(&g.role.as_str());
        lookup_role(&g.role)
            .map(|m| m.info.scope)
            .filter(|_| !own_scope)
    };
    let mut made_specific: Vec<usize> = Vec::new();
    for (column, names, kind) in specific {
        let mut matched = false;
        for (i, grant) in set.roles.iter_mut().enumerate() {
            if kind_of(grant) == Some(kind) {
                grant.scope = Scope::Specific {
                    resources: names.clone(),
                };
                made_specific.push(i);
                matched = true;
            }
        }
        if !matched {
            return Err(Inexpressible::ScopeColumnUnused { column, kind });
        }
    }
    if let Some(labels) = labels {
        let mut matched = false;
        for (i, grant) in set.roles.iter_mut().enumerate() {
            let Some(kind) = kind_of(grant).filter(|k| k.takes_labels()) else {
                continue;
            };
            if made_specific.contains(&i) {
                return Err(Inexpressible::SpecificAndLabels {
                    role: grant.role.clone(),
                    kind,
                });
            }
            grant.scope = Scope::All {
                labels: labels.clone(),
            };
            matched = true;
        }
        if !matched {
            return Err(Inexpressible::LabelsUnused);
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests;
