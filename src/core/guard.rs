//! Last-owner guard decisions: would an action leave the workspace without
//! a Workspace Owner?
//!
//! Rules, for removing or demoting `target`:
//! - two or more owners known, target among them → `Allow` (one remains),
//!   even if the census is incomplete: more owners can only help;
//! - target known not to be an owner → `Allow` (owner count unchanged);
//! - the census is complete and consistent, target is the only owner →
//!   `Block` (`SelfLastOwner` when the target is the signed-in person);
//! - anything else (pages unread, counts that disagree, target never seen,
//!   no owner found at all) → `Uncertain`: the UI treats it as dangerous
//!   and says why.

use rustc_hash::FxHashMap;

use thiserror::Error;

use super::email::comparison_key;
use super::roles::WorkspaceRole;

/// Why the owner count could not be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CensusProblem {
    #[error("not every page of the members list could be read")]
    NotAllPagesRead,
    #[error("the page says there are {expected} people, but {found} were read")]
    CountMismatch { expected: usize, found: usize },
    #[error("{email} appears twice with different permissions")]
    ConflictingRows { email: String },
    #[error("no Workspace Owner was found in the members list")]
    NoOwnerFound,
    #[error("the page does not show whom the action is about")]
    UnknownTarget,
    #[error(
        "you ({email}) were not found as a Workspace Owner, yet only owners can open this page"
    )]
    SignedInNotOwner { email: String },
}

/// The owners read off the Users table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerCensus {
    /// Comparison keys of owners, in the order read.
    owners: Vec<String>,
    /// Comparison keys of members who are not owners.
    members: Vec<String>,
    /// Empty when the census is complete and consistent.
    problems: Vec<CensusProblem>,
}

impl OwnerCensus {
    /// A census from the permission of every person read, across all pages.
    /// `all_pages_read`: the driver reached the last page; `expected_total`:
    /// a total the page states, if any, to cross-check the rows read.
    pub fn from_rows<S: AsRef<str>>(
        rows: impl IntoIterator<Item = (S, WorkspaceRole)>,
        all_pages_read: bool,
        expected_total: Option<usize>,
    ) -> Self {
        // FxHash like every map of the in-page core: one hasher's code, not two.
        let mut seen: FxHashMap<String, WorkspaceRole> = FxHashMap::default();
        let mut order: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        for (email, role) in rows {
            let key = comparison_key(email.as_ref());
            match seen.get(&key) {
                Some(previous) if *previous != role => {
                    if !problems.iter().any(
                        |p| matches!(p, CensusProblem::ConflictingRows { email } if *email == key),
                    ) {
                        problems.push(CensusProblem::ConflictingRows { email: key.clone() });
                    }
                    // Worst case for the guard: count them as an owner.
                    seen.insert(key, WorkspaceRole::Owner);
                }
                Some(_) => {}
                None => {
                    order.push(key.clone());
                    seen.insert(key, role);
                }
            }
        }
        if !all_pages_read {
            problems.insert(0, CensusProblem::NotAllPagesRead);
        }
        if let Some(expected) = expected_total {
            if expected != order.len() {
                problems.push(CensusProblem::CountMismatch {
                    expected,
                    found: order.len(),
                });
            }
        }
        let (owners, members): (Vec<String>, Vec<String>) = order
            .into_iter()
            .partition(|k| seen[k] == WorkspaceRole::Owner);
        if owners.is_empty() && all_pages_read {
            problems.push(CensusProblem::NoOwnerFound);
        }
        OwnerCensus {
            owners,
            members,
            problems,
        }
    }

    /// A census from owner emails alone; `complete` says whether every page
    /// was read and counts agreed.
    pub fn from_owners<S: AsRef<str>>(owners: impl IntoIterator<Item = S>, complete: bool) -> Self {
        Self::from_rows(
            owners.into_iter().map(|o| (o, WorkspaceRole::Owner)),
            complete,
            None,
        )
    }

    /// Known owners (comparison keys).
    pub fn owners(&self) -> &[String] {
        &self.owners
    }

    /// The number of owners, when it can be trusted.
    pub fn owner_count(&self) -> Option<usize> {
        self.problems.is_empty().then_some(self.owners.len())
    }

    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn problems(&self) -> &[CensusProblem] {
        &self.problems
    }

    fn is_owner(&self, key: &str) -> bool {
        self.owners.iter().any(|o| o == key)
    }

    fn is_known_member(&self, key: &str) -> bool {
        self.members.iter().any(|m| m == key)
    }
}

/// An action that could remove an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardAction {
    /// "Remove Team Member" / "Delete User" and its confirm button.
    Remove { email: String },
    /// Switching from Workspace Owner to Workspace Member and saving.
    Demote { email: String },
}

impl GuardAction {
    pub fn email(&self) -> &str {
        match self {
            GuardAction::Remove { email } | GuardAction::Demote { email } => email,
        }
    }
}

/// Why an action is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    /// The target is the workspace's only owner.
    LastOwner,
    /// The signed-in person is the only owner and is removing or demoting themselves.
    SelfLastOwner,
}

/// The guard's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Block {
        owner: String,
        why: BlockReason,
    },
    /// The owner count could not be established; treat as dangerous.
    Uncertain {
        owner: String,
        why: CensusProblem,
    },
}

/// Decides whether `action` may go ahead. `signed_in` is the signed-in
/// person's email when the page shows it (the "(you)" row).
pub fn decide(census: &OwnerCensus, action: &GuardAction, signed_in: Option<&str>) -> Decision {
    let target = comparison_key(action.email());
    if target.is_empty() {
        // Whoever it is, one owner remains only if there are two.
        return if census.owners.len() >= 2 {
            Decision::Allow
        } else {
            Decision::Uncertain {
                owner: target,
                why: CensusProblem::UnknownTarget,
            }
        };
    }
    let me = signed_in.map(comparison_key);
    let target_is_owner = census.is_owner(&target);
    if target_is_owner && census.owners.len() >= 2 {
        return Decision::Allow;
    }
    if census.is_complete() {
        if !target_is_owner {
            return Decision::Allow;
        }
        // Only owners can open Access Management: if the signed-in person is
        // not listed as an owner, the list was misread.
        if let Some(me) = me.as_ref().filter(|me| !census.is_owner(me)) {
            return Decision::Uncertain {
                owner: target,
                why: CensusProblem::SignedInNotOwner { email: me.clone() },
            };
        }
        let why = if me.as_deref() == Some(target.as_str()) {
            BlockReason::SelfLastOwner
        } else {
            BlockReason::LastOwner
        };
        return Decision::Block { owner: target, why };
    }
    if census.is_known_member(&target) {
        return Decision::Allow;
    }
    Decision::Uncertain {
        owner: target,
        why: census.problems[0].clone(),
    }
}

/// The overlay's explanation for a blocked or uncertain decision.
pub fn explain(decision: &Decision, action: &GuardAction) -> Option<String> {
    let verb = match action {
        GuardAction::Remove { .. } => "Removing",
        GuardAction::Demote { .. } => "Making a Workspace Member of",
    };
    let fix = "Make someone else a Workspace Owner first, then try again.";
    Some(match decision {
        Decision::Allow => return None,
        Decision::Block { owner, why: BlockReason::LastOwner } => format!(
            "{owner} is the last Workspace Owner. {verb} {owner} would leave the workspace with no owner, and nobody could manage its settings or access. {fix}"
        ),
        Decision::Block { owner, why: BlockReason::SelfLastOwner } => format!(
            "You ({owner}) are the last Workspace Owner. {verb} yourself would leave the workspace with no owner, and you would lose access to its settings. {fix}"
        ),
        Decision::Uncertain { owner, why } if owner.is_empty() => format!(
            "This could leave the workspace with no owner: {why}, and fewer than two Workspace Owners are known. {fix}"
        ),
        Decision::Uncertain { owner, why } => format!(
            "{owner} may be the last Workspace Owner: the number of owners could not be established ({why}). {verb} {owner} could leave the workspace with no owner. {fix}"
        ),
    })
}

/// Whether the text typed in the overlay confirms `owner_email`: the same
/// address, ignoring case and surrounding whitespace. Empty never matches.
pub fn confirmation_matches(typed: &str, owner_email: &str) -> bool {
    let typed = typed.trim().to_lowercase();
    !typed.is_empty() && typed == comparison_key(owner_email)
}

pub mod ledger;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
