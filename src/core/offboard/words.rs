//! The plan's words: each kind of fate with its label and filter slug, and
//! one sentence per row that does not lose access.

use super::{Fate, OwnerKept, PlanRow};
use crate::core::text::quoted;

/// A fate without its data, for counting and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FateKind {
    Remove,
    Revoke,
    NotInWorkspace,
    NotChecked,
    InvalidEmail,
    Duplicate,
    You,
    LastOwner,
    MaybeYou,
}

impl FateKind {
    /// Every kind, in the order the summary shows them.
    pub const ALL: [FateKind; 9] = [
        FateKind::Remove,
        FateKind::Revoke,
        FateKind::NotInWorkspace,
        FateKind::NotChecked,
        FateKind::InvalidEmail,
        FateKind::Duplicate,
        FateKind::You,
        FateKind::LastOwner,
        FateKind::MaybeYou,
    ];

    /// Short label for the summary and the status column.
    pub fn label(self) -> &'static str {
        match self {
            FateKind::Remove => "Will be removed",
            FateKind::Revoke => "Invite will be revoked",
            FateKind::NotInWorkspace => "Not in this workspace",
            FateKind::NotChecked => "Could not be checked",
            FateKind::InvalidEmail => "Invalid email",
            FateKind::Duplicate => "Duplicate",
            FateKind::You => "You (refused)",
            FateKind::LastOwner => "Last owner (refused)",
            FateKind::MaybeYou => "Owner, could be you (refused)",
        }
    }

    /// The slug the preview table gives its rows (`data-status`).
    pub fn slug(self) -> &'static str {
        match self {
            FateKind::Remove => "remove",
            FateKind::Revoke => "revoke",
            FateKind::NotInWorkspace => "absent",
            FateKind::NotChecked => "unchecked",
            FateKind::InvalidEmail => "invalid-email",
            FateKind::Duplicate => "duplicate",
            FateKind::You => "you",
            FateKind::LastOwner => "last-owner",
            FateKind::MaybeYou => "maybe-you",
        }
    }
}

impl Fate {
    pub fn kind(&self) -> FateKind {
        match self {
            Fate::Remove { .. } => FateKind::Remove,
            Fate::Revoke => FateKind::Revoke,
            Fate::NotInWorkspace => FateKind::NotInWorkspace,
            Fate::NotChecked => FateKind::NotChecked,
            Fate::InvalidEmail(_) => FateKind::InvalidEmail,
            Fate::Duplicate { .. } => FateKind::Duplicate,
            Fate::You => FateKind::You,
            Fate::OwnerKept(OwnerKept::LastOwner) => FateKind::LastOwner,
            Fate::OwnerKept(OwnerKept::MaybeYou) => FateKind::MaybeYou,
        }
    }
}

impl OwnerKept {
    /// Why `who`, a Workspace Owner, is not removed.
    pub fn reason(self, who: &str) -> String {
        match self {
            OwnerKept::LastOwner => format!(
                "{who} is a Workspace Owner and no other owner would stay: removing them would leave the workspace without an owner"
            ),
            OwnerKept::MaybeYou => format!(
                "{who} is a Workspace Owner and the page does not show who is signed in: it could be you, so owners are not removed"
            ),
        }
    }
}

impl PlanRow {
    pub fn kind(&self) -> FateKind {
        self.fate.kind()
    }

    /// A sentence naming the row and why its person does not lose access,
    /// e.g. `Row 4: "ann@x.com" is not in this workspace`; `None` for rows
    /// whose person does.
    pub fn message(&self) -> Option<String> {
        let row = self.line;
        let shown = self
            .email
            .as_ref()
            .map_or_else(|| quoted(&self.raw_email), |e| quoted(e.as_str()));
        Some(match &self.fate {
            Fate::Remove { .. } | Fate::Revoke => return None,
            Fate::InvalidEmail(e) => format!("Row {row}: {shown} is not a valid email: {e}"),
            Fate::Duplicate { of_row } => format!("Row {row}: {shown} is a duplicate of row {of_row}"),
            Fate::NotInWorkspace => format!(
                "Row {row}: {shown} is not in this workspace (neither a member nor a pending invite)"
            ),
            Fate::NotChecked => format!(
                "Row {row}: {shown} was not seen, but the users table was not read completely, so it could not be checked; look it up with the page's search"
            ),
            Fate::You => format!(
                "Row {row}: {shown} is you, the signed-in person; the tool does not remove you"
            ),
            Fate::OwnerKept(OwnerKept::LastOwner) => format!(
                "Row {row}: {}; of the owners listed, the first by email address stays",
                OwnerKept::LastOwner.reason(&shown)
            ),
            Fate::OwnerKept(why) => format!("Row {row}: {}", why.reason(&shown)),
        })
    }
}
