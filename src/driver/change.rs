//! Changing someone's roles through the page's own UI, for a roster run
//! (`core::run::roster`) and re-sending invites (`core::run::resend`): a
//! member's roles set in their editor ([`Driver::attempt_set_roles`]), and
//! the steps of re-sending a pending invite ([`Driver::attempt_resend`]:
//! revoke, then invite again with the step's roles) — ONE flow for the
//! Invites tab's "Re-send selected" and a roster plan's re-invites. Each
//! answers with one typed [`Attempt`].
//!
//! ## Protocol
//! - Role change: open the member's editor through
//!   [`Surface::MemberEditor`] (as a removal does; a person no row or
//!   search shows is "gone"), read the role set it shows; when it already
//!   is the wanted one, nothing is touched and the answer is
//!   [`SAME_ROLES_WORDS`] (a row sent again after an unknown outcome finds
//!   its change made: exactly once). Otherwise set the role set exactly
//!   ([`RoleForm::Editor`]) and press "Save" / "Save Changes", reading the
//!   page's answer as any submission's. A change taking Workspace Owner
//!   away is vetted through the page lease for exactly this person, so the
//!   last-owner guard lets the save through after the plan's own check
//!   and the caller's count of owners right before; one making them
//!   Workspace Owner is vetted too, so the new-owner prompt (the plan
//!   flagged it) does not ask again.
//! - Re-send step: a revoke is the removal flow's
//!   ([`Driver::attempt_revoke`], one invite), an invite the invite form's
//!   ([`Driver::attempt_invite`], grouped, vetted through the lease for the
//!   prompts). The journal orders and settles the two (`core::run::resend`).
//! - Re-invite in one row ([`Driver::attempt_reinvite`]), only for roster
//!   runs stored before re-invites were re-send steps (`Change::Reinvite`):
//!   the page's search says where the person stands. A member
//!   now: [`ACCEPTED_WORDS`], nothing done. A pending invite that already
//!   shows the new roles ([`reinvited_already`]): [`SAME_ROLES_WORDS`].
//!   A pending invite otherwise: revoke it (the removal flow's revoke),
//!   then invite with the new roles (the invite form, one email). Not
//!   there: only invite (a revocation that went through before an
//!   interruption is not repeated). A refused or unclear invite after a
//!   revocation is answered as such, and the run retries the invite alone.

use super::attempt::{not_sent, unsent_for};
use super::control::ControlId;
use super::invite::{InviteOutcome, RoleForm, Submit};
use super::lease::PageLease;
use super::page::Driver;
use super::rows::{Permission, UserRow};
use crate::core::guard::GuardAction;
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::roster::diff::same_access;
use crate::core::run::remove::ACCEPTED_WORDS;
use crate::core::run::roster::SAME_ROLES_WORDS;
use crate::core::run::{Attempt, NotSentWhy, ResendStep};

fn refused(email: &str, words: &str) -> Attempt {
    Attempt::Refused {
        page_words: format!("{email} {words}"),
    }
}

impl Driver {
    /// Sets member `email`'s roles to exactly `to` in their editor and
    /// saves (see the module docs). `lease`: the run's hold on the page,
    /// which vets a demotion of an owner for the guard.
    pub async fn attempt_set_roles(
        &self,
        email: &str,
        to: &RoleSet,
        lease: Option<&PageLease>,
    ) -> Attempt {
        self.in_editor(email, || async {
            let have = match self.read_role_set(RoleForm::Editor).await {
                Ok(s) => s,
                Err(e) => return not_sent(e, "the editor's roles could not be read"),
            };
            if same_access(&have, to) {
                return refused(email, SAME_ROLES_WORDS);
            }
            let owner = |s: &RoleSet| s.workspace == WorkspaceRole::Owner;
            let action = GuardAction::Demote {
                email: email.to_string(),
            };
            // Vetted for exactly this person until the answer is read: the
            // plan showed (and flagged) a promotion, and checked a demotion.
            let _vetted = lease.and_then(|l| match (owner(&have), owner(to)) {
                (true, false) => Some(l.vet(&action)),
                (false, true) => Some(l.vet_promote(email)),
                _ => None,
            });
            match self.apply_role_set_in(RoleForm::Editor, to).await {
                Err(e) => return not_sent(e, "the roles could not be set"),
                Ok(report) => {
                    if let Some(unsent) = unsent_for(&report) {
                        return unsent;
                    }
                }
            }
            match self
                .submit_and_wait(ControlId::EditorSave, ControlId::MemberEditor, None)
                .await
            {
                Ok(InviteOutcome::Accepted { .. }) => Attempt::Accepted,
                Ok(InviteOutcome::Refused { message }) => Attempt::Refused {
                    page_words: message,
                },
                Err(Submit::NotClicked(e)) => not_sent(e, "\"Save\" could not be pressed"),
                Err(Submit::NoAnswer(e)) => Attempt::Unknown {
                    error: e.to_string(),
                },
            }
        })
        .await
    }

    /// Carries one step of re-sending invites out for `emails` (one for a
    /// revoke; see the module docs). `lease`: the run's hold on the page,
    /// which vets the invite for the prompts.
    pub async fn attempt_resend(
        &self,
        step: &ResendStep,
        emails: &[String],
        lease: Option<&PageLease>,
    ) -> Attempt {
        match step {
            ResendStep::Revoke { .. } => match emails.first() {
                Some(email) => self.attempt_revoke(email).await,
                None => Attempt::Accepted,
            },
            ResendStep::Invite { roles } => self.attempt_invite(emails, roles, lease).await,
        }
    }

    /// Revokes the pending invite of `email` and invites them again with
    /// `to`, in one row of a stored run (see the module docs). `from`: the roles the plan saw; `lease`:
    /// the run's hold on the page, which vets the invite for the prompts.
    pub async fn attempt_reinvite(
        &self,
        email: &str,
        from: &RoleSet,
        to: &RoleSet,
        lease: Option<&PageLease>,
    ) -> Attempt {
        let found = match self.look_up(&[email.to_string()], &|_, _| {}).await {
            Ok(l) => l,
            Err(e) => return not_sent(e, "the page's search could not be used"),
        };
        if let Some(row) = found.found.first() {
            if !row.pending {
                return refused(email, ACCEPTED_WORDS);
            }
            if reinvited_already(row, from, to) {
                return refused(email, SAME_ROLES_WORDS);
            }
            match self.attempt_revoke(email).await {
                Attempt::Accepted => {}
                other => return other,
            }
        } else if found.absent.is_empty() {
            return Attempt::NotSent {
                why: NotSentWhy::Trouble(format!("the page's search did not answer for {email}")),
            };
        }
        self.attempt_invite(&[email.to_string()], to, lease).await
    }
}

/// Whether the table's row of a pending invite shows `to` rather than
/// `from`: by its permission when the two differ there, else by which role
/// names its "Individual Roles" cell names. When the row cannot tell them
/// apart (the same role names with other scopes, or a cell cut short) it
/// answers false: the invite is sent again.
pub fn reinvited_already(row: &UserRow, from: &RoleSet, to: &RoleSet) -> bool {
    let shows = |w: WorkspaceRole| {
        matches!(
            (row.permission, w),
            (Permission::Owner, WorkspaceRole::Owner) | (Permission::Member, WorkspaceRole::Member)
        )
    };
    if from.workspace != to.workspace {
        return shows(to.workspace);
    }
    if to.workspace == WorkspaceRole::Owner || !shows(WorkspaceRole::Member) {
        return false;
    }
    let Some(cell) = row.roles.as_deref() else {
        return false;
    };
    let names = |s: &RoleSet| -> Vec<String> { s.roles.iter().map(|g| g.role.clone()).collect() };
    let (old, new) = (names(from), names(to));
    let only_old: Vec<&String> = old.iter().filter(|n| !new.contains(n)).collect();
    let only_new: Vec<&String> = new.iter().filter(|n| !old.contains(n)).collect();
    if only_old.is_empty() && only_new.is_empty() {
        return false;
    }
    only_new.iter().all(|n| cell.contains(n.as_str()))
        && only_old.iter().all(|n| !cell.contains(n.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::{RoleGrant, Scope};

    fn row(permission: Permission, roles: &str) -> UserRow {
        UserRow {
            email: "a@x.io".into(),
            name: None,
            permission,
            pending: true,
            you: false,
            roles: Some(roles.into()),
            page: 1,
            name_differs: false,
        }
    }

    fn set(role: &str, scope: Scope) -> RoleSet {
        RoleSet::member([RoleGrant::new(role, scope)])
    }

    #[test]
    fn a_reinvite_is_recognised_by_what_the_row_can_tell() {
        let reader = set("Tracking Plan Read-only", Scope::Unscoped);
        let admin = set("Source Admin", Scope::all());
        let shows_admin = row(Permission::Member, "Source Admin (All)");
        let shows_reader = row(Permission::Member, "Tracking Plan Read-only");
        assert!(reinvited_already(&shows_admin, &reader, &admin));
        assert!(!reinvited_already(&shows_reader, &reader, &admin));
        // Owner ↔ member: the permission tells.
        let owner = row(Permission::Owner, "All");
        assert!(reinvited_already(&owner, &reader, &RoleSet::owner()));
        assert!(!reinvited_already(
            &shows_reader,
            &reader,
            &RoleSet::owner()
        ));
        // Only the scope differs: the row cannot tell, so it is sent again.
        let web = set("Source Admin", Scope::specific(["Web"]));
        assert!(!reinvited_already(&shows_admin, &admin, &web));
    }
}
