//! Re-sending pending invites as an [`Operation`]: revoke each invite,
//! then invite the same email again with a given role set — the roles read
//! from the invite's editor (the "Invites" tab's "Re-send selected"), or
//! new ones (a roster plan changing a pending invite's roles). Segment has
//! no "resend" and does not change an invite in place (fact sheet 1.5, 3):
//! revoking and inviting again is how it is done.
//!
//! ## Rows and steps
//! [`ResendOp::rows`] gives each person two rows: a [`ResendStep::Revoke`]
//! row, and a [`ResendStep::Invite`] row that follows it (`Row::after`).
//! Both carry the role set to invite with, so the roles are in the journal
//! (stored before anything is sent) before the revoke: a reload between the
//! two steps loses nothing. The invite row is only sent once the revoke
//! has its effect (revoked, or the invite found gone); it is skipped when
//! the revoke ends otherwise (the old invite then stands as it was).
//!
//! Rows are laid out per role set, in order of first appearance: that
//! set's revokes, then its invites, which are sent together as bulk invite
//! sends them (one submission per role set, up to the chunk size). The
//! engine takes the first group that has work, so one role set is revoked
//! and invited again before the next is touched.
//!
//! ## Exactly once, across a reload
//! - Revoke in flight: the invite row has not been sent, so a complete
//!   read that shows the invite says the revoke did not happen (sent
//!   again); one that does not show it says it did. A partial read settles
//!   nothing: sent again, the flow finds the invite gone and says so
//!   ([`super::remove::GONE_WORDS`]: "already gone" confirms it).
//! - Invite in flight: the revoke is done, so the person shown as a pending
//!   invite was invited again by this run; not shown, the invite is sent
//!   again, and "already invited" after an unknown outcome confirms it.
//! - The invite row is never settled by a read before its revoke has its
//!   effect: until then the page shows the old invite.
//!
//! ## Results
//! One line per person (the invite row's; the revoke is its step). A
//! person revoked but not invited again is reported with the roles to
//! invite by hand, and the results CSV carries them in the bulk-invite
//! columns ([`crate::core::bulk_row`]), so the file pastes back into bulk
//! invite.

use serde::{Deserialize, Serialize};

use super::invite::InviteOp;
use super::operation::{Already, Operation, PageSeen, Seen, Verdict};
use super::remove::{RemoveOp, Target};
use super::row::{NewRow, RowState};
use crate::core::bulk_row::{bulk_cells, BULK_COLUMNS};
use crate::core::roles::RoleSet;
use crate::core::wire::{field, unknown_variant, WireError};

/// One step of re-sending an invite; both carry the role set to invite
/// with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", try_from = "ResendStepWire")]
pub enum ResendStep {
    /// Revoke the pending invite (through its editor).
    Revoke { roles: RoleSet },
    /// Invite the email again with `roles` (through the invite form).
    Invite { roles: RoleSet },
}

/// [`ResendStep`] as stored: the tag and its one field
/// ([`crate::core::wire`]).
#[derive(Deserialize)]
struct ResendStepWire {
    step: String,
    roles: Option<RoleSet>,
}

impl TryFrom<ResendStepWire> for ResendStep {
    type Error = WireError;

    fn try_from(w: ResendStepWire) -> Result<ResendStep, WireError> {
        // The tags this version knows, for the message about another.
        const STEPS: &[&str] = &["revoke", "invite"];
        let step: fn(RoleSet) -> ResendStep = match w.step.as_str() {
            "revoke" => |roles| ResendStep::Revoke { roles },
            "invite" => |roles| ResendStep::Invite { roles },
            other => return Err(unknown_variant(other, STEPS)),
        };
        Ok(step(field(w.roles, "roles")?))
    }
}

impl ResendStep {
    /// The role set the person is invited with again.
    pub fn roles(&self) -> &RoleSet {
        match self {
            ResendStep::Revoke { roles } | ResendStep::Invite { roles } => roles,
        }
    }
}

/// Revoking pending invites and inviting the same emails again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResendOp;

impl ResendOp {
    /// The rows of a run re-sending each `(email, roles)`: `roles` is what
    /// the new invite grants (the invite's own, read from its editor, or
    /// new ones). Lines are 1-based positions in `invites`. See the module
    /// docs for the layout.
    pub fn rows(invites: impl IntoIterator<Item = (String, RoleSet)>) -> Vec<NewRow<ResendStep>> {
        let mut sets: Vec<(RoleSet, Vec<(usize, String)>)> = Vec::new();
        for (i, (email, roles)) in invites.into_iter().enumerate() {
            match sets.iter_mut().find(|(s, _)| *s == roles) {
                Some((_, people)) => people.push((i + 1, email)),
                None => sets.push((roles, vec![(i + 1, email)])),
            }
        }
        let mut rows = Vec::new();
        for (roles, people) in sets {
            let first = rows.len();
            for (line, email) in &people {
                rows.push(NewRow::Ready {
                    line: *line,
                    email: email.clone(),
                    group: ResendStep::Revoke {
                        roles: roles.clone(),
                    },
                });
            }
            for (k, (line, email)) in people.into_iter().enumerate() {
                rows.push(NewRow::After {
                    line,
                    email,
                    group: ResendStep::Invite {
                        roles: roles.clone(),
                    },
                    after: first + k,
                });
            }
        }
        rows
    }
}

impl Operation for ResendOp {
    type Group = ResendStep;
    const KIND: &'static str = "resend";
    const DONE_WORD: &'static str = "invited again";
    const GROUP_COLUMNS: &'static [&'static str] = &BULK_COLUMNS;

    /// Revokes one at a time; invites again as bulk invite does.
    fn batch_limit(group: &ResendStep, run_limit: usize) -> usize {
        match group {
            ResendStep::Revoke { .. } => 1,
            ResendStep::Invite { .. } => run_limit,
        }
    }

    /// The two steps' refusals do not overlap: "no pending invite" is the
    /// revoke's "already gone", "already invited" the invite's.
    fn classify(page_words: &str) -> Verdict {
        match RemoveOp::classify(page_words) {
            v @ Verdict::Already(_) => v,
            _ => InviteOp::classify(page_words),
        }
    }

    /// "Already gone" after a revoke, "already invited" after an invite,
    /// each following an attempt with an unknown outcome: it went through.
    fn confirms(already: Already) -> bool {
        RemoveOp::confirms(already) || InviteOp::confirms(already)
    }

    fn seen(email: &str, group: &ResendStep, page: &PageSeen) -> Seen {
        match group {
            ResendStep::Revoke { .. } => RemoveOp::seen(email, &Target::Invite, page),
            ResendStep::Invite { roles } => InviteOp::seen(email, roles, page),
        }
    }

    /// The bulk-invite columns; empty when one row cannot say the set
    /// (the message then names it).
    fn group_cells(group: &ResendStep) -> Vec<String> {
        bulk_cells(group.roles())
            .map(Vec::from)
            .unwrap_or_else(|| vec![String::new(); BULK_COLUMNS.len()])
    }

    fn done_word(group: &ResendStep) -> &'static str {
        match group {
            ResendStep::Revoke { .. } => "revoked",
            ResendStep::Invite { .. } => Self::DONE_WORD,
        }
    }

    fn result_note(
        group: &ResendStep,
        state: &RowState,
        step_before: Option<&RowState>,
    ) -> Option<String> {
        let ResendStep::Invite { roles } = group else {
            return None;
        };
        if state.has_effect() {
            return None;
        }
        let revoked = step_before.is_some_and(RowState::has_effect);
        Some(if !revoked {
            "the old invite was not revoked: it stands as it was".into()
        } else if bulk_cells(roles).is_some() {
            format!("the old invite was revoked: invite again by hand with {roles}")
        } else {
            format!(
                "the old invite was revoked: invite again by hand with {roles} (one bulk-invite row cannot say these roles)"
            )
        })
    }
}
