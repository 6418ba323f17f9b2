//! Bulk invite as an [`Operation`]: rows are emails, grouped by role set,
//! up to the chosen chunk size per submission of the page's invite form.

use super::journal::{Journal, JournalError, NewRow};
use super::operation::{Already, Operation, PageSeen, Seen, Verdict};
use crate::core::plan::{classify_refusal, ChunkSize, Refusal};
use crate::core::preview::Preview;
use crate::core::roles::RoleSet;

/// Inviting people with a role set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InviteOp;

impl Operation for InviteOp {
    type Group = RoleSet;
    const KIND: &'static str = "invite";
    const DONE_WORD: &'static str = "invited";
    const GROUP_COLUMNS: &'static [&'static str] = &["roles"];

    fn classify(page_words: &str) -> Verdict {
        match classify_refusal(page_words) {
            Refusal::AlreadyMember => Verdict::Already(Already::Member),
            Refusal::AlreadyInvited => Verdict::Already(Already::Invited),
            Refusal::InvalidEmail => Verdict::Permanent,
            Refusal::TooMany { limit } => Verdict::TooMany { limit },
            Refusal::Transient => Verdict::Transient,
            Refusal::Unknown => Verdict::Unknown,
        }
    }

    /// Only "already invited" proves an earlier invite went through; a
    /// member was not made a member by an invite a moment ago.
    fn confirms(already: Already) -> bool {
        already == Already::Invited
    }

    /// Invited means present on the page: as a member or a pending invite.
    fn seen(email: &str, _group: &RoleSet, page: &PageSeen) -> Seen {
        match page.state_of(email) {
            Already::Absent => Seen::NotDone,
            how => Seen::Done { how },
        }
    }

    fn group_cells(group: &RoleSet) -> Vec<String> {
        vec![group.to_string()]
    }

    fn from_v1(journal_json: &str) -> Result<Journal<InviteOp>, JournalError> {
        super::v1::read(journal_json)
    }
}

impl Journal<InviteOp> {
    /// A new invite run over every preview row: ready rows are queued,
    /// grouped by role set in order of first appearance; the others are
    /// skipped with the preview's message.
    pub fn new(preview: &Preview, chunk_size: ChunkSize, now_ms: u64) -> Journal<InviteOp> {
        let rows = preview.rows.iter().map(|r| match (r.role_set(), &r.email) {
            (Some(set), Some(email)) => NewRow::Ready {
                line: r.line,
                email: email.as_str().to_string(),
                group: set.clone(),
            },
            _ => NewRow::NotReady {
                line: r.line,
                raw: r.raw_email().to_string(),
                message: r.message().unwrap_or_default(),
            },
        });
        Journal::from_rows(rows, chunk_size, now_ms)
    }
}
