//! What a person can be granted: the workspace-level choice and resource roles.
//!
//! These types are shared by every layer: templates produce them, the CSV
//! planner groups by them, and the page driver sets them in the invite form.

use serde::{Deserialize, Serialize};

use super::wire::{field, unknown_variant, WireError};

/// The radio card at the top of Segment's permissions section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkspaceRole {
    /// "Workspace Owner": full access; takes no further roles.
    Owner,
    /// "Workspace Member": access only through the roles granted.
    Member,
}

/// A `key:value` environment or custom label (e.g. `environment:prod`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Label {
    pub key: String,
    pub value: String,
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.key, self.value)
    }
}

/// Which resources a resource-scoped role covers ("Select Sources" dialog).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", try_from = "ScopeWire")]
pub enum Scope {
    /// The role has no resource scope (e.g. Tracking Plan Read-only).
    Unscoped,
    /// "All Sources in Workspace including future Sources", optionally
    /// narrowed by label chips (all of them must match).
    All {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        labels: Vec<Label>,
    },
    /// "Specific Sources:", by display name.
    Specific { resources: Vec<String> },
}

/// [`Scope`] as stored: the tag and every variant's fields
/// ([`crate::core::wire`]).
#[derive(Deserialize)]
struct ScopeWire {
    kind: String,
    labels: Option<Vec<Label>>,
    resources: Option<Vec<String>>,
}

impl TryFrom<ScopeWire> for Scope {
    type Error = WireError;

    fn try_from(w: ScopeWire) -> Result<Scope, WireError> {
        // The tags this version knows, for the message about another.
        const KINDS: &[&str] = &["unscoped", "all", "specific"];
        Ok(match w.kind.as_str() {
            "unscoped" => Scope::Unscoped,
            "all" => Scope::All {
                labels: w.labels.unwrap_or_default(),
            },
            "specific" => Scope::Specific {
                resources: field(w.resources, "resources")?,
            },
            other => return Err(unknown_variant(other, KINDS)),
        })
    }
}

/// One role checkbox, with its scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleGrant {
    /// Canonical (current) role name as the page shows it, e.g. "Source Read-only".
    pub role: String,
    pub scope: Scope,
}

/// Everything one invite submission sets. Rows with equal role sets can share
/// a submission, so this is the grouping key of the bulk planner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleSet {
    pub workspace: WorkspaceRole,
    /// Sorted by role name; empty for owners.
    #[serde(default)]
    pub roles: Vec<RoleGrant>,
}

impl Label {
    /// Builds a label without validating it; see [`crate::core::label::parse_label`]
    /// for the checked path.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Label {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl Scope {
    /// `All` with no label chips: every current and future resource.
    pub fn all() -> Self {
        Scope::All { labels: Vec::new() }
    }

    /// `All` narrowed by the given labels (every one must match).
    pub fn labelled(labels: impl IntoIterator<Item = Label>) -> Self {
        Scope::All {
            labels: labels.into_iter().collect(),
        }
    }

    /// `Specific` resources by display name.
    pub fn specific<S: Into<String>>(resources: impl IntoIterator<Item = S>) -> Self {
        Scope::Specific {
            resources: resources.into_iter().map(Into::into).collect(),
        }
    }
}

impl std::fmt::Display for Scope {
    /// Short human form used in previews and the results CSV, e.g.
    /// `all`, `all labelled environment:prod`, `specific: Web, iOS`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Unscoped => Ok(()),
            Scope::All { labels } if labels.is_empty() => f.write_str("all"),
            Scope::All { labels } => {
                f.write_str("all labelled ")?;
                let joined: Vec<String> = labels.iter().map(Label::to_string).collect();
                f.write_str(&joined.join(" + "))
            }
            Scope::Specific { resources } => write!(f, "specific: {}", resources.join(", ")),
        }
    }
}

impl RoleGrant {
    /// A grant of `role` (a canonical name) with `scope`.
    pub fn new(role: impl Into<String>, scope: Scope) -> Self {
        RoleGrant {
            role: role.into(),
            scope,
        }
    }
}

impl std::fmt::Display for RoleGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.scope {
            Scope::Unscoped => f.write_str(&self.role),
            scope => write!(f, "{} ({})", self.role, scope),
        }
    }
}

impl RoleSet {
    /// Workspace Owner: no further roles.
    pub fn owner() -> Self {
        RoleSet {
            workspace: WorkspaceRole::Owner,
            roles: Vec::new(),
        }
    }

    /// Workspace Member with `roles`, sorted by role name so that equal sets
    /// compare equal whatever order they were written in.
    pub fn member(roles: impl IntoIterator<Item = RoleGrant>) -> Self {
        let mut roles: Vec<RoleGrant> = roles.into_iter().collect();
        roles.sort();
        RoleSet {
            workspace: WorkspaceRole::Member,
            roles,
        }
    }
}

impl std::fmt::Display for WorkspaceRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WorkspaceRole::Owner => "Workspace Owner",
            WorkspaceRole::Member => "Workspace Member",
        })
    }
}

impl std::fmt::Display for RoleSet {
    /// One line, e.g. `Workspace Member; Source Read-only (all labelled environment:prod); Tracking Plan Read-only`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.workspace)?;
        for grant in &self.roles {
            write!(f, "; {grant}")?;
        }
        Ok(())
    }
}
