//! One submission through Segment's own invite form: open it, type the
//! emails, set the role set exactly, and only then press the form's submit
//! button and read the page's answer.
//!
//! What the answer means for the journal:
//! - anything that fails before the submit button is pressed sent nothing
//!   ([`Answer::NotSent`]);
//! - an error while waiting for the answer leaves the outcome unknown
//!   ([`Answer::Unknown`]): the caller re-reads the users table.

use crate::core::journal::{Submission, Unsent};
use crate::driver::invite::{InviteOutcome, Missing};
use crate::driver::Driver;

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The page accepted it.
    Accepted,
    /// The page refused it with this message.
    Refused(String),
    /// Nothing reached the page.
    NotSent { message: String, why: Unsent },
    /// It may or may not have reached the page.
    Unknown(String),
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

/// Sends `submission` (see the module docs).
pub async fn send(driver: &Driver, submission: &Submission) -> Answer {
    let not_sent = |message: String, why: Unsent| Answer::NotSent { message, why };
    if let Err(e) = driver.open_invite_form().await {
        let _ = driver.close_invite_form().await;
        return not_sent(format!("the invite form did not open: {e}"), Unsent::Retry);
    }
    if let Err(e) = driver.fill_emails(&submission.emails).await {
        let _ = driver.close_invite_form().await;
        return not_sent(format!("the emails could not be typed: {e}"), Unsent::Retry);
    }
    match driver.apply_role_set(&submission.role_set).await {
        Err(e) => {
            let _ = driver.close_invite_form().await;
            return not_sent(format!("the roles could not be set: {e}"), Unsent::Retry);
        }
        Ok(report) if !report.is_complete() => {
            let _ = driver.close_invite_form().await;
            let why = if unavailable(&report.missing) {
                Unsent::RoleSetUnavailable
            } else {
                Unsent::Retry
            };
            return not_sent(describe_missing(&report.missing), why);
        }
        Ok(_) => {}
    }
    match driver.submit_invite().await {
        // The driver lets the closing form leave before answering.
        Ok(InviteOutcome::Accepted { .. }) => Answer::Accepted,
        Ok(InviteOutcome::Refused { message }) => {
            // The page keeps the refused form open; close it so the next
            // submission starts from a clean form.
            let _ = driver.close_invite_form().await;
            Answer::Refused(message)
        }
        Err(e) => {
            let _ = driver.close_invite_form().await;
            Answer::Unknown(e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::DriverError;

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
}
