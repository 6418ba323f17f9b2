//! One row of a run and where it stands; the run's overall status.

use serde::{Deserialize, Serialize};

use super::operation::Already;
use crate::core::wire::from_wire;

/// Where one row stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", try_from = "RowStateWire")]
pub enum RowState {
    /// Waiting to be sent (possibly in a split or backoff batch).
    Queued,
    /// Handed to the page in submission `submission`; outcome not yet known.
    InFlight { submission: u64, attempt: u32 },
    /// The page did what the operation asked.
    Done,
    /// The page refused because the operation is not needed ("already a
    /// member"): an outcome of its own, not a failure.
    Already {
        already: Already,
        page_words: String,
    },
    /// Not done. `permanent`: retrying cannot help; otherwise the retries
    /// ran out.
    Failed { message: String, permanent: bool },
    /// Not sent: not ready in the preview, or found on the page before sending.
    Skipped { reason: Skip },
    /// Not sent because the run was cancelled.
    Cancelled,
}

impl RowState {
    /// Whether the row's effect is on the page: done by this run, or found
    /// so ("already …") by the page's word or a read.
    pub fn has_effect(&self) -> bool {
        matches!(
            self,
            RowState::Done
                | RowState::Already { .. }
                | RowState::Skipped {
                    reason: Skip::FoundOnPage { .. }
                }
        )
    }
}

/// [`RowState`] as stored: the tag and every variant's fields
/// ([`crate::core::wire`]).
#[derive(Deserialize)]
struct RowStateWire {
    state: String,
    submission: Option<u64>,
    attempt: Option<u32>,
    already: Option<Already>,
    page_words: Option<String>,
    message: Option<String>,
    permanent: Option<bool>,
    reason: Option<Skip>,
}

from_wire! { RowStateWire => RowState by state {
    "queued" => Queued,
    "in_flight" => InFlight { submission, attempt },
    "done" => Done,
    "already" => Already { already, page_words },
    "failed" => Failed { message, permanent },
    "skipped" => Skipped { reason },
    "cancelled" => Cancelled,
} }

/// Why a row was not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The preview's message for a row that was not ready.
    NotReady { message: String },
    /// A read of the page before sending showed it unnecessary.
    FoundOnPage { already: Already },
    /// The row it follows (row `after`, see [`Row::after`]) ended without
    /// its effect on the page, so this step was not taken.
    StepBeforeNotDone { after: usize },
}

/// Extra detail about a row's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// An in-flight row the page showed done after an interruption.
    ConfirmedAfterInterruption,
    /// A queued row found done on the page after an attempt whose outcome
    /// was unknown.
    FoundAfterUnknownAttempt,
    /// The page said "already …" and an earlier attempt had an unknown
    /// outcome: that attempt went through.
    EarlierAttemptWentThrough { page_words: String },
    /// A note stored by an older version, as it was written.
    Text { text: String },
}

/// The run as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Paused,
    Cancelled,
    Done,
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RunStatus::Running => "running",
            RunStatus::Paused => "paused",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Done => "done",
        })
    }
}

/// One row of the run, ready or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Line in the pasted text.
    pub line: usize,
    /// The cleaned address for ready rows; the raw cell otherwise.
    pub email: String,
    /// Index into the run's groups; `None` for rows not ready in the preview.
    pub group: Option<usize>,
    pub state: RowState,
    /// Submissions this row has been part of.
    pub attempts: u32,
    /// An earlier submission of this row may have reached the page without
    /// a clear answer (a transient error, or a reload mid-flight).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// A second step on the same person (re-sending an invite: revoke,
    /// then invite again): the index of the earlier row that must have its
    /// effect on the page first. This row is not sent before, and is
    /// skipped when that one ends otherwise. The row it follows is a step
    /// of this one: the results show them as one line (this row's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<usize>,
}

/// A row for a new run.
#[derive(Debug, Clone, PartialEq)]
pub enum NewRow<G> {
    /// To be sent with `group`.
    Ready {
        line: usize,
        email: String,
        group: G,
    },
    /// To be sent with `group` once the row at index `after` (among the
    /// rows given, earlier than this one) has its effect; see [`Row::after`].
    After {
        line: usize,
        email: String,
        group: G,
        after: usize,
    },
    /// Not sendable; kept for the results with the preview's message.
    NotReady {
        line: usize,
        raw: String,
        message: String,
    },
}

impl<G> NewRow<G> {
    /// This row placed in another run at `line`, its group as `f` makes
    /// it and `after` moved by `offset`: rows laid out by one operation
    /// (re-sending's two steps) put at index `offset` among another's (a
    /// roster run's).
    pub fn placed<H>(self, line: usize, offset: usize, f: impl FnOnce(G) -> H) -> NewRow<H> {
        match self {
            NewRow::Ready { email, group, .. } => NewRow::Ready {
                line,
                email,
                group: f(group),
            },
            NewRow::After {
                email,
                group,
                after,
                ..
            } => NewRow::After {
                line,
                email,
                group: f(group),
                after: after + offset,
            },
            NewRow::NotReady { raw, message, .. } => NewRow::NotReady { line, raw, message },
        }
    }
}
