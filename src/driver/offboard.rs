//! Taking access away through the page's own UI, one person at a time:
//! removing a member ([`Driver::attempt_remove`]) and revoking a pending
//! invite ([`Driver::attempt_revoke`]). Each answers with one typed
//! [`Attempt`], as the run engine needs (see `core::run::remove`).
//!
//! ## Protocol
//! 1. Find the person's row (page by page) and open their editor through
//!    [`Surface::MemberEditor`] ("open, act, close if we opened it").
//!    When no row shows them, the page's search is asked: when it answers
//!    without them they are gone ([`GONE_WORDS`], "already gone" to the
//!    engine); when it cannot answer nothing was sent.
//! 2. Removal: "Remove Team Member" / "Delete User" (the locator profile's
//!    `editor_remove`, with its alternatives), then the page's confirm
//!    dialog ("Remove" / "Delete"). The action is vetted through the page
//!    lease for exactly this person from before the first click until the
//!    answer, so the last-owner guard lets these two clicks through (it
//!    still stops a person's own clicks). The caller checks the owner
//!    count first; the vetting says the tool did.
//! 3. Revocation: "Edit Invite" when the editor shows it, "Revoke Invite",
//!    and the page's confirm dialog when it asks for one. An editor with
//!    nothing to revoke whose row shows a member, not a pending invite:
//!    the person accepted meanwhile ([`ACCEPTED_WORDS`], "already a
//!    member" to the engine), nothing done.
//! 4. The answer: a fresh success toast or the editor/dialog closing is
//!    `Accepted`; a fresh error toast is `Refused` with the page's words
//!    (the dialog left open is cancelled); no answer in time is `Unknown`.
//!    Anything that fails before the final click is `NotSent`.

use web_sys::Element;

use super::act;
use super::attempt::not_sent;
use super::control::ControlId;
use super::error::DriverError;
use super::invite::{message_of, InviteOutcome, Submit};
use super::lease::PageLease;
use super::page::Driver;
use super::profile::Params;
use super::surface::Surface;
use super::wait::{now_ms, wait_for, Check};
use crate::core::guard::GuardAction;
use crate::core::run::remove::{ACCEPTED_WORDS, GONE_WORDS};
use crate::core::run::{Attempt, NotSentWhy};

fn none() -> Params {
    Params::none()
}

/// What the page did after a click that may ask for confirmation.
enum Answer {
    Outcome(InviteOutcome),
    /// It asks: "Are you sure…?"
    Confirm,
}

impl Driver {
    /// Removes member `email` from the workspace through their editor and
    /// the page's confirm dialog (see the module docs). `lease`: the
    /// caller's hold on the page, which vets this removal for the guard.
    pub async fn attempt_remove(&self, email: &str, lease: Option<&PageLease>) -> Attempt {
        let action = GuardAction::Remove {
            email: email.to_string(),
        };
        // Vetted for exactly this person until the answer is read.
        let _vetted = lease.map(|l| l.vet(&action));
        self.in_editor(email, || async {
            if let Err(e) = self.click(ControlId::EditorRemove, &none()).await {
                return not_sent(e, "\"Remove Team Member\" could not be pressed");
            }
            if let Err(e) = self.appear(ControlId::ConfirmDialog, &none()).await {
                return not_sent(e, "the page's confirm dialog did not open");
            }
            self.confirm().await
        })
        .await
    }

    /// Revokes the pending invite of `email` through its editor ("Edit
    /// Invite", "Revoke Invite", and the confirm dialog if the page asks).
    pub async fn attempt_revoke(&self, email: &str) -> Attempt {
        self.in_editor(email, || async {
            if let Ok(Some(edit)) = self.first(ControlId::EditInvite) {
                if let Err(e) = act::click(&edit) {
                    return not_sent(e, "\"Edit Invite\" could not be pressed");
                }
            }
            let revoke = match self.enabled(ControlId::RevokeInvite, &none()).await {
                Ok(b) => b,
                Err(_) if self.shows_member(email) => {
                    return Attempt::Refused {
                        page_words: format!("{email} {ACCEPTED_WORDS}"),
                    }
                }
                Err(e) => return not_sent(e, "\"Revoke Invite\" was not found"),
            };
            let old = match self.toasts() {
                Ok(t) => t,
                Err(e) => return not_sent(e, "the page's messages could not be read"),
            };
            if let Err(e) = act::click(&revoke) {
                return not_sent(e, "\"Revoke Invite\" could not be pressed");
            }
            match self.answer_or_confirm(&old).await {
                Ok(Answer::Outcome(o)) => attempt_of(o),
                Ok(Answer::Confirm) => self.confirm().await,
                Err(e) => Attempt::Unknown {
                    error: e.to_string(),
                },
            }
        })
        .await
    }

    /// Whether the table shows `email` as a member, not a pending invite:
    /// they accepted the invite meanwhile (asked only once the editor shows
    /// nothing to revoke).
    fn shows_member(&self, email: &str) -> bool {
        self.read_visible_rows().is_ok_and(|rows| {
            rows.iter()
                .any(|r| r.email.eq_ignore_ascii_case(email) && !r.pending)
        })
    }

    /// Opens the editor of `email` (or finds them gone), runs `act`, and
    /// closes the editor again if it is still open.
    pub(super) async fn in_editor<F, Fut>(&self, email: &str, act: F) -> Attempt
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Attempt>,
    {
        match self.find_member_row(email).await {
            Ok(_) => {}
            Err(DriverError::NotFound { .. }) => return self.gone_or_not_sent(email).await,
            Err(e) => return not_sent(e, "the person's row could not be found"),
        }
        match self
            .within(
                &Surface::MemberEditor {
                    email: email.to_string(),
                },
                act,
            )
            .await
        {
            Ok(within) => within.value,
            Err(e) => not_sent(e, "the person's editor did not open"),
        }
    }

    /// No row shows `email`: the page's search settles whether they are
    /// gone.
    async fn gone_or_not_sent(&self, email: &str) -> Attempt {
        match self.look_up(&[email.to_string()], &|_, _| {}).await {
            Ok(l) if !l.absent.is_empty() => Attempt::Refused {
                page_words: format!("{email} {GONE_WORDS}"),
            },
            Ok(l) if !l.found.is_empty() => Attempt::NotSent {
                why: NotSentWhy::Trouble(format!(
                    "{email} is shown by the page's search but their row could not be opened"
                )),
            },
            Ok(_) => Attempt::NotSent {
                why: NotSentWhy::Trouble(format!("the page's search did not answer for {email}")),
            },
            Err(e) => not_sent(e, "the person's row was not shown and the search failed"),
        }
    }

    /// Presses the open confirm dialog's button and reads the answer; a
    /// refused dialog is cancelled so the editor can close.
    async fn confirm(&self) -> Attempt {
        let answer = self
            .submit_and_wait(ControlId::ConfirmButton, ControlId::ConfirmDialog, None)
            .await;
        let attempt = match answer {
            Ok(o) => attempt_of(o),
            Err(Submit::NotClicked(e)) => not_sent(e, "the confirm button could not be pressed"),
            Err(Submit::NoAnswer(e)) => Attempt::Unknown {
                error: e.to_string(),
            },
        };
        if matches!(attempt, Attempt::Refused { .. }) {
            if let Ok(Some(cancel)) = self.first(ControlId::ConfirmCancel) {
                act::click(&cancel).ok();
                self.gone(ControlId::ConfirmDialog, &none()).await.ok();
            }
        }
        attempt
    }

    fn toasts(&self) -> Result<Vec<Element>, DriverError> {
        Ok([
            self.find_all(ControlId::ToastSuccess, &none())?,
            self.find_all(ControlId::ToastDanger, &none())?,
        ]
        .concat())
    }

    /// After a click that acts or asks: a fresh toast, the editor closing,
    /// or a confirm dialog.
    async fn answer_or_confirm(&self, old: &[Element]) -> Result<Answer, DriverError> {
        let fresh = |id: ControlId| -> Result<Option<Element>, DriverError> {
            Ok(self
                .find_all(id, &none())?
                .into_iter()
                .find(|t| !old.contains(t)))
        };
        let step = || -> Result<Option<Answer>, DriverError> {
            if let Some(t) = fresh(ControlId::ToastDanger)? {
                return Ok(Some(Answer::Outcome(InviteOutcome::Refused {
                    message: message_of(&t),
                })));
            }
            if let Some(t) = fresh(ControlId::ToastSuccess)? {
                return Ok(Some(Answer::Outcome(InviteOutcome::Accepted {
                    message: Some(message_of(&t)),
                })));
            }
            if self.is_present(ControlId::ConfirmDialog, &none())? {
                return Ok(Some(Answer::Confirm));
            }
            if !self.is_present(ControlId::MemberEditor, &none())? {
                return Ok(Some(Answer::Outcome(InviteOutcome::Accepted {
                    message: None,
                })));
            }
            Ok(None)
        };
        let start = now_ms();
        let answer = wait_for(
            self.limits().submit_ms,
            || match step() {
                Ok(Some(a)) => Check::Done(a),
                Ok(None) => Check::NotYet,
                Err(e) => Check::Fail(e),
            },
            |waited_ms| DriverError::Timeout {
                control: ControlId::RevokeInvite.to_string(),
                condition: super::error::Condition::Respond,
                looked_in: "toasts, a confirm dialog, and whether the editor closed".into(),
                waited_ms,
            },
        )
        .await?;
        // The page's answer to a removal teaches the driver its pace, as an
        // invite's does; a confirm dialog opening is not the page answering.
        if let Answer::Outcome(_) = answer {
            self.observe_answer(now_ms() - start);
        }
        Ok(answer)
    }
}

fn attempt_of(o: InviteOutcome) -> Attempt {
    match o {
        InviteOutcome::Accepted { .. } => Attempt::Accepted,
        InviteOutcome::Refused { message } => Attempt::Refused {
            page_words: message,
        },
    }
}
