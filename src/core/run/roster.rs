//! Applying a roster plan as ONE run of the shared engine: every row is one
//! person and one [`Change`] — an invite (grouped by role set, several
//! emails per submission), a member's roles set through their editor, a
//! step of re-sending a pending invite with other roles ([`ResendStep`],
//! as [`super::ResendOp`]: two rows), or a removal / revocation
//! ([`Target`], as [`super::RemoveOp`]). One journal, one executor, one
//! results table.
//!
//! Order: the journal sends groups in order of first appearance, and the
//! plan lists its rows in apply order (`core::roster::plan`): promotions
//! first, owners' demotions and removals last, so an owner is made before
//! one is taken away.
//!
//! ## Exactly once
//! - Invites and removals: as [`super::InviteOp`] and [`super::RemoveOp`]
//!   (a read of the table settles rows in doubt; "already invited" /
//!   "already gone" after an unknown outcome proves the earlier attempt).
//! - Re-invites: ONE implementation with re-sending — the pending invite's
//!   revoke row, then its invite row following it (`Row::after`), both
//!   carrying the new roles, under [`super::ResendOp`]'s rules (the plan
//!   lays them out with [`super::ResendOp::rows`]); the driver carries a
//!   step out as it does for re-sending.
//! - Role changes: a read of the table does not show exact grants, so
//!   [`RosterOp::seen`] never settles them; a row in doubt is sent again,
//!   and the flow reads the person's grants before acting: when they
//!   already are the wanted ones it acts on nothing and answers with
//!   [`SAME_ROLES_WORDS`], which is "already" for this row — the earlier
//!   attempt went through when it was in doubt.
//! - [`Change::Reinvite`]: one row doing both steps, as runs stored before
//!   re-invites became re-send steps hold it; still resumed, never planned.

use serde::{Deserialize, Serialize};

use super::invite::InviteOp;
use super::operation::{Already, Operation, PageSeen, Seen, Verdict};
use super::remove::{RemoveOp, Target, ACCEPTED_WORDS};
use super::resend::{ResendOp, ResendStep};
use super::row::RowState;
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::wire::from_wire;

/// What one row of a roster run does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ChangeWire")]
pub enum Change {
    /// Invite with these roles (several emails per submission).
    Invite { to: RoleSet },
    /// Set a member's roles in their editor and save. `from`: as planned
    /// (for the results; the flow reads the editor itself).
    SetRoles { from: RoleSet, to: RoleSet },
    /// One step of re-sending a pending invite with the roles the step
    /// carries (`step.roles()`): revoke, then invite again (a second row
    /// following the first). `from`: as planned (for the results).
    Resend { from: RoleSet, step: ResendStep },
    /// Revoke a pending invite and invite again with `to`, in one row:
    /// only in runs stored before [`Change::Resend`] (see the module docs).
    Reinvite { from: RoleSet, to: RoleSet },
    /// Remove a member or revoke a pending invite.
    Remove { target: Target },
}

/// [`Change`] as stored: the tag and every variant's fields
/// ([`crate::core::wire`]).
#[derive(Deserialize)]
struct ChangeWire {
    kind: String,
    from: Option<RoleSet>,
    to: Option<RoleSet>,
    step: Option<ResendStep>,
    target: Option<Target>,
}

from_wire! { ChangeWire => Change by kind {
    "invite" => Invite { to },
    "set_roles" => SetRoles { from, to },
    "resend" => Resend { from, step },
    "reinvite" => Reinvite { from, to },
    "remove" => Remove { target },
} }

impl Change {
    /// Whether this change may take Workspace Owner away from someone (the
    /// flow counts the owners right before).
    pub fn demotes_owner(&self) -> bool {
        match self {
            Change::SetRoles { from, to } => {
                from.workspace == WorkspaceRole::Owner && to.workspace != WorkspaceRole::Owner
            }
            Change::Remove {
                target: Target::Member { owner },
            } => *owner,
            _ => false,
        }
    }
}

/// The flow's words when the person's grants already are the wanted ones:
/// nothing was changed ("already" for the engine).
pub const SAME_ROLES_WORDS: &str = "already has exactly these roles";

/// Applying a roster plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterOp;

impl Operation for RosterOp {
    type Group = Change;
    const KIND: &'static str = "roster";
    const DONE_WORD: &'static str = "applied";
    const GROUP_COLUMNS: &'static [&'static str] = &["change", "from", "to"];

    fn batch_limit(group: &Change, run_limit: usize) -> usize {
        match group {
            Change::Invite { to } => InviteOp::batch_limit(to, run_limit),
            Change::Resend { step, .. } => ResendOp::batch_limit(step, run_limit),
            _ => 1,
        }
    }

    /// Without the group: the invite form's and the removal flow's words,
    /// and this module's. [`RosterOp::classify_for`] is what the journal
    /// uses.
    fn classify(page_words: &str) -> Verdict {
        let m = page_words.to_lowercase();
        if m.contains(SAME_ROLES_WORDS) {
            return Verdict::Already(Already::Member);
        }
        match RemoveOp::classify(page_words) {
            Verdict::Already(a) => Verdict::Already(a),
            Verdict::Permanent => Verdict::Permanent,
            _ => InviteOp::classify(page_words),
        }
    }

    fn classify_for(group: &Change, page_words: &str) -> Verdict {
        let m = page_words.to_lowercase();
        match group {
            Change::Invite { .. } => InviteOp::classify(page_words),
            Change::Remove { .. } => RemoveOp::classify(page_words),
            Change::Resend { step, .. } => ResendOp::classify_for(step, page_words),
            Change::SetRoles { .. } if m.contains(SAME_ROLES_WORDS) => {
                Verdict::Already(Already::Member)
            }
            Change::Reinvite { .. } if m.contains(SAME_ROLES_WORDS) => {
                Verdict::Already(Already::Invited)
            }
            Change::Reinvite { .. } if m.contains(ACCEPTED_WORDS) => {
                Verdict::Already(Already::Member)
            }
            // Gone, or a member now: the removal flow's and the invite
            // form's words.
            Change::SetRoles { .. } | Change::Reinvite { .. } => {
                match RemoveOp::classify(page_words) {
                    v @ (Verdict::Already(_) | Verdict::Permanent) => v,
                    _ => InviteOp::classify(page_words),
                }
            }
        }
    }

    /// Group-less: only what proves an earlier attempt for every kind.
    fn confirms(_already: Already) -> bool {
        false
    }

    fn confirms_for(group: &Change, already: Already) -> bool {
        match group {
            Change::Invite { .. } => InviteOp::confirms(already),
            Change::Remove { .. } => RemoveOp::confirms(already),
            Change::Resend { step, .. } => ResendOp::confirms_for(step, already),
            Change::SetRoles { .. } => already == Already::Member,
            Change::Reinvite { .. } => already == Already::Invited,
        }
    }

    fn seen(email: &str, group: &Change, page: &PageSeen) -> Seen {
        match group {
            Change::Invite { to } => InviteOp::seen(email, to, page),
            Change::Remove { target } => RemoveOp::seen(email, target, page),
            Change::Resend { step, .. } => ResendOp::seen(email, step, page),
            // The table does not show exact grants: the flow checks them.
            Change::SetRoles { .. } | Change::Reinvite { .. } => Seen::NotDone,
        }
    }

    fn group_cells(group: &Change) -> Vec<String> {
        let (what, from, to) = match group {
            Change::Invite { to } => ("invite", String::new(), to.to_string()),
            Change::SetRoles { from, to } => ("change roles", from.to_string(), to.to_string()),
            Change::Reinvite { from, to } => ("re-invite", from.to_string(), to.to_string()),
            Change::Resend { from, step } => {
                ("re-invite", from.to_string(), step.roles().to_string())
            }
            Change::Remove { target } => (
                match target {
                    Target::Invite => "revoke",
                    Target::Member { .. } => "remove",
                },
                RemoveOp::group_cells(target).concat(),
                String::new(),
            ),
        };
        vec![what.into(), from, to]
    }

    fn done_word(group: &Change) -> &'static str {
        match group {
            Change::Invite { .. } => "invited",
            Change::SetRoles { .. } => "roles changed",
            Change::Reinvite { .. }
            | Change::Resend {
                step: ResendStep::Invite { .. },
                ..
            } => "re-invited",
            Change::Resend { step, .. } => ResendOp::done_word(step),
            Change::Remove { target } => RemoveOp::done_word(target),
        }
    }

    /// A re-invite revoked and not invited again: the roles to invite
    /// with by hand, as re-sending reports them.
    fn result_note(
        group: &Change,
        state: &RowState,
        step_before: Option<&RowState>,
    ) -> Option<String> {
        match group {
            Change::Resend { step, .. } => ResendOp::result_note(step, state, step_before),
            _ => None,
        }
    }
}
