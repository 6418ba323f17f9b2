//! "Re-send selected" on the Invites tab: each picked invite's exact
//! permission, roles and scopes are read from its editor
//! (`Driver::read_grants`) and shown; once the person types the count, the
//! invites are revoked and the same emails invited again with exactly those
//! roles, as a run of the shared engine ([`Resending`]: `ResendOp`; each
//! step through `Driver::attempt_resend`, as a roster plan's re-invites). An invite whose exact roles cannot be
//! read is shown with the reason and left as it is.

use web_sys::Element;

use super::words;
use crate::core::plan::ChunkSize;
use crate::core::roles::RoleSet;
use crate::core::roster::Status;
use crate::core::run::{Attempt, Journal, ResendOp, ResendStep, Submission};
use crate::driver::lease::PageLease;
use crate::driver::{Driver, DriverError};
use crate::ui::dom::{table, El};
use crate::ui::run::Feature;

/// Re-sending picked invites, as a run of the shared engine.
pub struct Resending;

impl Feature for Resending {
    type Op = ResendOp;

    const WORDS: crate::ui::run::RunWords = words::RESEND_RUN;

    fn group_text(group: &ResendStep) -> String {
        match group {
            ResendStep::Revoke { roles } => words::revoke_step(roles),
            ResendStep::Invite { roles } => roles.to_string(),
        }
    }

    async fn attempt(
        driver: &Driver,
        lease: Option<&PageLease>,
        submission: &Submission<ResendStep>,
    ) -> Attempt {
        driver
            .attempt_resend(&submission.group, &submission.emails, lease)
            .await
    }
}

/// One picked invite and what its editor showed.
pub struct ReadInvite {
    pub email: String,
    /// Its exact role set, or why it cannot be re-sent.
    pub roles: Result<RoleSet, String>,
}

/// Reads the exact roles of each of `emails` from its editor, one by one;
/// `progress(done, total)` before each. `Err` when the page went away.
pub async fn read_roles(
    driver: &Driver,
    emails: &[String],
    progress: impl Fn(usize, usize),
) -> Result<Vec<ReadInvite>, DriverError> {
    let mut out = Vec::with_capacity(emails.len());
    for (i, email) in emails.iter().enumerate() {
        progress(i, emails.len());
        let roles = match driver.read_grants(email).await {
            Ok(g) if g.status == Status::Invited => Ok(g.access),
            Ok(_) => Err(words::NOW_A_MEMBER.to_string()),
            Err(DriverError::Ended) => return Err(DriverError::Ended),
            Err(e) => Err(words::roles_unread(&e)),
        };
        out.push(ReadInvite {
            email: email.clone(),
            roles,
        });
    }
    Ok(out)
}

/// The invites that can be re-sent, with their roles.
pub fn ready(read: &[ReadInvite]) -> Vec<(String, RoleSet)> {
    read.iter()
        .filter_map(|r| Some((r.email.clone(), r.roles.clone().ok()?)))
        .collect()
}

/// The table of what was read: email, the roles it will be sent again
/// with, or why not.
pub fn preview_table(read: &[ReadInvite]) -> Element {
    let rows = read.iter().map(|r| {
        let (roles, state) = match &r.roles {
            Ok(set) => (set.to_string(), "ready"),
            Err(why) => (why.clone(), "unread"),
        };
        El::new("tr")
            .attr("data-resend", state)
            .child(El::new("td").class("email").text(&r.email))
            .child(El::new("td").text(&roles))
            .build()
    });
    table(words::RESEND_TABLE, &["Email", "Roles to send again"], rows)
}

/// The run over the invites that can be re-sent.
pub fn journal(ready: Vec<(String, RoleSet)>, now_ms: u64) -> Journal<ResendOp> {
    Journal::from_rows(ResendOp::rows(ready), ChunkSize::default(), now_ms)
}
