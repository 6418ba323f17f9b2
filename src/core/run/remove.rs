//! Offboarding as an [`Operation`]: each row is one person losing access,
//! a member removed through their editor or a pending invite revoked
//! through the invite's editor, one person per submission.
//!
//! The effect of this operation is someone's ABSENCE, so "done" is only
//! ever concluded from a COMPLETE read of the users table: a person not
//! seen by a partial read may still be there ([`RemoveOp::seen`]). A row
//! whose earlier attempt had an unknown outcome and that a partial read
//! cannot settle is sent again; the flow then finds the person gone (the
//! page's search answers without them) and says so in the words of
//! [`GONE_WORDS`], which [`RemoveOp::classify`] reads as "already gone" —
//! proof the earlier attempt went through. Nobody is removed twice: the
//! page cannot remove someone who is not there.

use serde::{Deserialize, Serialize};

use super::operation::{Already, Operation, PageSeen, Seen, Verdict};
use crate::core::plan::{classify_refusal, Refusal};

/// What one row of a removal run takes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A member, removed from the workspace. `owner`: may be a Workspace
    /// Owner, so the flow checks right before that another owner stays.
    Member { owner: bool },
    /// A pending invite, revoked.
    Invite,
}

/// The flow's words when the person (or invite) is not on the page any
/// more: "already gone".
pub const GONE_WORDS: &str = "is not in this workspace any more";

/// The flow's words when the person is a member now and the row meant
/// their pending invite (they accepted it meanwhile): "already a member",
/// nothing revoked.
pub const ACCEPTED_WORDS: &str = "accepted the invite meanwhile";

/// The flow's words when removing a Workspace Owner now would leave the
/// workspace without one (checked against a fresh read right before).
pub const LAST_OWNER_WORDS: &str =
    "not removed: this Workspace Owner is the last owner who would stay (or the page does not show who is signed in)";

/// Removing members and revoking pending invites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoveOp;

impl Operation for RemoveOp {
    type Group = Target;
    const KIND: &'static str = "remove";
    const DONE_WORD: &'static str = "removed";
    const GROUP_COLUMNS: &'static [&'static str] = &["access"];

    /// One person per submission: the page removes one at a time.
    fn batch_limit(_group: &Target, _run_limit: usize) -> usize {
        1
    }

    fn classify(page_words: &str) -> Verdict {
        let m = page_words.to_lowercase();
        if m.contains(GONE_WORDS)
            || m.contains("is not a member of this workspace")
            || m.contains("no pending invite")
            || m.contains("user not found")
        {
            return Verdict::Already(Already::Absent);
        }
        if m.contains(ACCEPTED_WORDS) {
            return Verdict::Already(Already::Member);
        }
        if m.contains(&LAST_OWNER_WORDS.to_lowercase()) {
            return Verdict::Permanent;
        }
        match classify_refusal(page_words) {
            Refusal::Transient => Verdict::Transient,
            _ => Verdict::Unknown,
        }
    }

    /// "Already gone" after an attempt with an unknown outcome: that
    /// attempt went through (nothing else removes people in this run).
    fn confirms(already: Already) -> bool {
        already == Already::Absent
    }

    /// Done only when a complete read does not show the person (as a
    /// member for a removal, as a pending invite for a revocation).
    fn seen(email: &str, group: &Target, page: &PageSeen) -> Seen {
        if !page.is_complete() {
            return Seen::NotDone;
        }
        let gone = match (group, page.state_of(email)) {
            (_, Already::Absent) => true,
            // An invite revoked and the person a member meanwhile (they
            // accepted): not this run's doing, and they still have access.
            (Target::Invite, Already::Member) => false,
            (Target::Invite, Already::Invited) => false,
            (Target::Member { .. }, _) => false,
        };
        if gone {
            Seen::Done {
                how: Already::Absent,
            }
        } else {
            Seen::NotDone
        }
    }

    fn group_cells(group: &Target) -> Vec<String> {
        vec![match group {
            Target::Member { owner: true } => "member (Workspace Owner)".into(),
            Target::Member { owner: false } => "member".into(),
            Target::Invite => "pending invite".into(),
        }]
    }

    fn done_word(group: &Target) -> &'static str {
        match group {
            Target::Member { .. } => "removed",
            Target::Invite => "revoked",
        }
    }
}

/// Revoking pending invites picked from the "Invites" tab: the rules of
/// [`RemoveOp`] under a kind of its own, so its run is stored (and resumed)
/// apart from the "Remove" tab's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokeOp;

impl Operation for RevokeOp {
    type Group = Target;
    const KIND: &'static str = "revoke";
    const DONE_WORD: &'static str = "revoked";
    const GROUP_COLUMNS: &'static [&'static str] = RemoveOp::GROUP_COLUMNS;

    fn batch_limit(group: &Target, run_limit: usize) -> usize {
        RemoveOp::batch_limit(group, run_limit)
    }

    fn classify(page_words: &str) -> Verdict {
        RemoveOp::classify(page_words)
    }

    fn confirms(already: Already) -> bool {
        RemoveOp::confirms(already)
    }

    fn seen(email: &str, group: &Target, page: &PageSeen) -> Seen {
        RemoveOp::seen(email, group, page)
    }

    fn group_cells(group: &Target) -> Vec<String> {
        RemoveOp::group_cells(group)
    }
}
