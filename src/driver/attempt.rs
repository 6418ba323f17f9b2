//! One invite submission of a run, carried out through the page's own
//! invite form and answered with one typed [`Attempt`]: what reached the
//! page, and what the page said.

use super::control::ControlId;
use super::error::DriverError;
use super::invite::{ApplyReport, InviteOutcome, Missing, Submit};
use super::lease::PageLease;
use super::page::Driver;
use super::surface::Surface;
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::run::{Attempt, NotSentWhy};

/// How many times the emails and roles are set again when the page
/// re-rendered the form and lost them.
const RETYPES: u32 = 2;

/// Why nothing was sent when the form kept losing what was typed.
const LOST_TYPING: &str =
    "the page re-rendered the invite form and lost the typed emails each time, \
     so nothing was submitted (a partial list is never sent)";

impl Driver {
    /// One invite submission of a run: open the form, type the emails, set
    /// the role set exactly, check the email field still holds the whole
    /// list (retyping when the page re-rendered the form), and only then press the form's submit button
    /// and read the page's answer; the form is closed again unless the page
    /// closed it. Anything that fails before the button is pressed sent
    /// nothing ([`Attempt::NotSent`]); an error while waiting for the answer
    /// leaves the outcome unknown ([`Attempt::Unknown`]).
    ///
    /// `lease`: the caller's hold on the page, which vets exactly this
    /// submission (these addresses, this workspace role) for the safety
    /// prompts from the click until the answer: the run's preview showed it
    /// and the person ticked its flags (`driver::lease`).
    pub async fn attempt_invite(
        &self,
        emails: &[String],
        set: &RoleSet,
        lease: Option<&PageLease>,
    ) -> Attempt {
        let act = || async {
            // The page may re-render the form while we type or set roles
            // (losing both): the field is checked right before submitting,
            // and the emails and roles set again, a bounded number of times.
            let mut typed = 0;
            loop {
                if let Err(e) = self.fill_emails(emails).await {
                    return not_sent(e, "the emails could not be typed");
                }
                match self.apply_role_set(set).await {
                    Err(e) => return not_sent(e, "the roles could not be set"),
                    Ok(report) => {
                        if let Some(unsent) = unsent_for(&report) {
                            return unsent;
                        }
                    }
                }
                match self.emails_hold(emails) {
                    Ok(true) => break,
                    Ok(false) if typed < RETYPES => typed += 1,
                    Ok(false) => {
                        return Attempt::NotSent {
                            why: NotSentWhy::Trouble(LOST_TYPING.into()),
                        }
                    }
                    Err(e) => return not_sent(e, "the typed emails could not be checked"),
                }
            }
            let _vetted =
                lease.map(|l| l.vet_invite(emails, set.workspace == WorkspaceRole::Owner));
            match self
                .submit_and_wait(
                    ControlId::InviteSubmit,
                    ControlId::InviteForm,
                    Some(ControlId::InviteValidation),
                )
                .await
            {
                Ok(InviteOutcome::Accepted { .. }) => Attempt::Accepted,
                Ok(InviteOutcome::Refused { message }) => Attempt::Refused {
                    page_words: message,
                },
                Err(Submit::NotClicked(e)) => not_sent(e, "the submit button could not be pressed"),
                Err(Submit::NoAnswer(e)) => Attempt::Unknown {
                    error: e.to_string(),
                },
            }
        };
        match self.within(&Surface::InviteForm, act).await {
            // The page keeps a refused form open; it is closed here so the
            // next submission starts from a clean form. A form that would
            // not close is met (and closed) by the next open.
            Ok(within) => within.value,
            Err(e) => not_sent(e, "the invite form did not open"),
        }
    }
}

fn is_ended(m: &Missing) -> bool {
    matches!(
        m,
        Missing::Failed {
            error: DriverError::Ended,
            ..
        }
    )
}

/// What applying a role set left undone means for the submission: nothing
/// is sent (`None`: everything was set). A page that went away is an
/// interruption; a role, scope editor, label or source the page does not
/// offer makes the group unavailable; a failed step is trouble.
pub(super) fn unsent_for(report: &ApplyReport) -> Option<Attempt> {
    if report.missing.iter().any(is_ended) {
        return Some(not_sent(DriverError::Ended, ""));
    }
    if report.is_complete() {
        return None;
    }
    let why = describe_missing(&report.missing);
    Some(Attempt::NotSent {
        why: if unavailable(&report.missing) {
            NotSentWhy::Unavailable(why)
        } else {
            NotSentWhy::Trouble(why)
        },
    })
}

/// Nothing reached the page because `e` happened while doing `what`.
pub(super) fn not_sent(e: DriverError, what: &str) -> Attempt {
    Attempt::NotSent {
        why: match e {
            DriverError::Ended => NotSentWhy::Interrupted,
            e => NotSentWhy::Trouble(format!("{what}: {e}")),
        },
    }
}

/// Describes what the form could not set, in one sentence.
pub fn describe_missing(missing: &[Missing]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| match m {
            Missing::Role { role } => format!("the invite form offers no role “{role}”"),
            Missing::ScopeEditor { role } => {
                format!("“{role}” has no sources picker, so its scope cannot be set")
            }
            Missing::Label { role, label } => {
                format!("the labels menu for “{role}” has no label “{label}”")
            }
            Missing::Source { role, source } => {
                format!("the sources list for “{role}” has no source “{source}”")
            }
            Missing::Failed { what, error } => format!("setting {what} failed: {error}"),
        })
        .collect();
    parts.join("; ")
}

/// Whether the form lacks something the role set needs (a permanent
/// problem for every row of that set), rather than a step having failed.
pub fn unavailable(missing: &[Missing]) -> bool {
    !missing.is_empty() && missing.iter().all(|m| !matches!(m, Missing::Failed { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_are_named_and_classified() {
        let role = Missing::Role {
            role: "Galaxy Admin".into(),
        };
        let source = Missing::Source {
            role: "Source Admin".into(),
            source: "Prod iOS".into(),
        };
        assert!(unavailable(&[role.clone(), source.clone()]));
        assert_eq!(
            describe_missing(&[role.clone(), source]),
            "the invite form offers no role “Galaxy Admin”; the sources list for “Source Admin” has no source “Prod iOS”"
        );
        let failed = Missing::Failed {
            what: "Source Admin".into(),
            error: DriverError::Detached {
                control: "invite_role_checkbox".into(),
            },
        };
        assert!(!unavailable(&[role, failed]));
        assert!(!unavailable(&[]));
    }

    #[test]
    fn an_ended_page_means_interrupted_and_anything_else_trouble() {
        assert_eq!(
            not_sent(DriverError::Ended, "the invite form did not open"),
            Attempt::NotSent {
                why: NotSentWhy::Interrupted
            }
        );
        let e = DriverError::Disabled {
            control: "invite_submit".into(),
        };
        assert_eq!(
            not_sent(e, "the submit button could not be pressed"),
            Attempt::NotSent {
                why: NotSentWhy::Trouble(
                    "the submit button could not be pressed: invite_submit is disabled".into()
                )
            }
        );
        assert!(is_ended(&Missing::Failed {
            what: "Source Admin".into(),
            error: DriverError::Ended
        }));
    }
}
