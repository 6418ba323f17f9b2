//! The run journal: every row's state during a run, as serde data the
//! executor stores before and after each submission.
//!
//! The protocol, per submission (the [`super::engine`] follows it):
//! 1. `next_submission(now)` peeks at what to send next (no change);
//! 2. `mark_in_flight(&submission, now)`, then **persist**, then submit;
//! 3. `record_accepted(id, now)`, `record_refused(id, words, now)`, or
//!    `record_unsent(id, message, why, now)` when nothing reached the page;
//!    then **persist**.
//!
//! After a reload, crash, closed tab or a page that went away, the stored
//! journal may hold rows `InFlight`: whether the page acted on them is
//! unknown. The executor re-reads the users table and calls `reconcile`,
//! which settles them by what the page shows ([`Operation::seen`]) and puts
//! the others back in the queue. Only then does `next_submission` offer new
//! work, so nothing is sent twice and nothing is lost.
//!
//! Steps: a row may follow an earlier row on the same person
//! ([`Row::after`]; re-sending revokes, then invites again). It is only
//! offered once the row it follows has its effect on the page, skipped
//! when that one ends otherwise, and not settled by a read before then
//! (the page still shows the person as before the first step).
//!
//! A refused submission is assumed to have changed nothing (the page
//! rejected it as a whole); `reconcile` may be called at any time to
//! re-check against the page if that assumption is in doubt.
//!
//! One copy for every operation: the bookkeeping ([`Ledger`]: everything
//! but the groups) does not depend on the operation, so it is made once;
//! where the operation decides, it asks [`Rules`], the operation's rules
//! with groups named by their index. [`Journal`] is the typed face (and
//! the stored form, field for field as before the split).

use std::collections::HashSet;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub(super) use super::ledger::Ledger;
use super::operation::Operation;
pub use super::outcome::{Progress, ReconcileReport, RefusalOutcome};
pub use super::row::{NewRow, Note, Row, RowState, RunStatus, Skip};
use super::stored::JournalWire;
use super::untyped::RulesOf;
use crate::core::plan::{ChunkSize, RetryPolicy};

/// Longest raw email cell kept for a row that was not ready.
pub const SKIPPED_EMAIL_CHARS: usize = 320;

/// Rows that must be sent together next: the halves of a refused chunk, a
/// chunk waiting for its retry, or a chunk re-cut after a size limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Batch {
    pub(super) rows: Vec<usize>,
    /// Transient retries already made for these rows.
    pub(super) retries: u32,
    /// Not to be sent before this time (backoff).
    pub(super) not_before_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct InFlight {
    pub(super) id: u64,
    pub(super) rows: Vec<usize>,
    pub(super) retries: u32,
    pub(super) started_ms: u64,
}

/// One submission for the driver to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission<G> {
    pub id: u64,
    pub group: G,
    /// The rows' addresses, in row order.
    pub emails: Vec<String>,
    /// Journal row indices, parallel to `emails`.
    pub rows: Vec<usize>,
    /// Transient retries already made for these rows (0 on first send).
    pub retries: u32,
}

/// Where the row another row follows stands ([`Row::after`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StepBefore {
    /// Its effect is on the page (or there is none): the row may be sent.
    Done,
    /// Still queued or in flight: the row waits.
    Waiting,
    /// Ended otherwise: the row is not sent.
    NotDone,
}

/// What the driver should do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep<G> {
    Submit(Submission<G>),
    /// Only backoff batches remain; ask again at `until_ms`.
    Wait {
        until_ms: u64,
    },
    /// A submission's outcome must be recorded (or reconciled) first.
    AwaitingResult {
        submission: u64,
    },
    Paused,
    Cancelled,
    Done,
}

/// A misuse of the journal or a corrupted stored copy.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JournalError {
    #[error("the run is {status}; it cannot {action}")]
    InvalidTransition {
        status: RunStatus,
        action: &'static str,
    },
    #[error("submission {id} is still awaiting its result")]
    SubmissionInFlight { id: u64 },
    #[error("submission {got} is not the one the journal expects (next is {expected})")]
    StaleSubmission { expected: u64, got: u64 },
    #[error("no submission {id} is in flight")]
    UnknownSubmission { id: u64 },
    #[error("the stored run could not be read: {detail}")]
    Corrupt { detail: String },
    #[error(
        "the stored run has format version {found}; this version reads versions 1 and {current}"
    )]
    UnsupportedVersion { found: u32, current: u32 },
    #[error("the stored run is a {found} run, not a {expected} run")]
    WrongKind {
        found: String,
        expected: &'static str,
    },
}

/// The run. See the module docs for the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(bound = "", from = "JournalWire<O>")]
pub struct Journal<O: Operation> {
    pub(super) groups: Vec<O::Group>,
    pub(super) ledger: Ledger,
    pub(super) op: PhantomData<O>,
}

impl<O: Operation> Journal<O> {
    /// A new run: ready rows are queued, grouped in order of first
    /// appearance; the others are `Skipped` with the preview's message.
    pub fn from_rows(
        rows: impl IntoIterator<Item = NewRow<O::Group>>,
        chunk_size: ChunkSize,
        now_ms: u64,
    ) -> Journal<O> {
        let mut groups: Vec<O::Group> = Vec::new();
        let mut ready = |line, email, group, after| {
            let index = groups.iter().position(|g| *g == group).unwrap_or_else(|| {
                groups.push(group);
                groups.len() - 1
            });
            Row {
                line,
                email,
                group: Some(index),
                state: RowState::Queued,
                attempts: 0,
                uncertain: false,
                note: None,
                after,
            }
        };
        let rows: Vec<Row> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                NewRow::Ready { line, email, group } => ready(line, email, group, None),
                // A step may only follow an earlier row (no cycles).
                NewRow::After {
                    line,
                    email,
                    group,
                    after,
                } => ready(line, email, group, (after < i).then_some(after)),
                NewRow::NotReady { line, raw, message } => Row {
                    line,
                    // Bounded: the journal is persisted, and a pasted
                    // megabyte in an email cell must not be stored twice.
                    email: crate::core::text::shorten(&raw, SKIPPED_EMAIL_CHARS),
                    group: None,
                    state: RowState::Skipped {
                        reason: Skip::NotReady { message },
                    },
                    attempts: 0,
                    uncertain: false,
                    note: None,
                    after: None,
                },
            })
            .collect();
        let mut ledger = Ledger {
            created_ms: now_ms,
            status: RunStatus::Running,
            chunk_size: chunk_size.get(),
            retry: RetryPolicy::default(),
            rows,
            batches: Vec::new(),
            in_flight: None,
            next_id: 1,
            timed_submissions: 0,
            total_submission_ms: 0,
        };
        ledger.settle();
        Journal {
            groups,
            ledger,
            op: PhantomData,
        }
    }

    /// Replaces the retry policy (default: 3 retries after 1, 2 and 4 s).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Journal<O> {
        self.ledger.retry = retry;
        self
    }

    pub fn status(&self) -> RunStatus {
        self.ledger.status
    }

    pub fn rows(&self) -> &[Row] {
        &self.ledger.rows
    }

    /// The groups of the run; [`Row::group`] indexes this.
    pub fn groups(&self) -> &[O::Group] {
        &self.groups
    }

    /// The group of row `index`, if it was ready.
    pub fn row_group(&self, index: usize) -> Option<&O::Group> {
        self.ledger.rows.get(index)?.group.map(|g| &self.groups[g])
    }

    /// Rows that were not ready in the preview.
    pub fn not_ready(&self) -> usize {
        self.ledger
            .rows
            .iter()
            .filter(|r| r.group.is_none())
            .count()
    }

    /// Lowers the rows per submission, e.g. when the driver finds an
    /// invite form that takes a single email. Never raises it.
    pub fn limit_chunk_size(&mut self, max: ChunkSize) {
        self.ledger.chunk_size = self.ledger.chunk_size.min(max.get());
    }

    /// Current rows per submission (it shrinks when the page asks).
    pub fn chunk_size(&self) -> usize {
        self.ledger.chunk_size
    }

    pub fn created_ms(&self) -> u64 {
        self.ledger.created_ms
    }

    /// The id of the submission awaiting its result, if any.
    pub fn in_flight(&self) -> Option<u64> {
        self.ledger.in_flight.as_ref().map(|f| f.id)
    }

    /// Whether a stored run has work left (the panel offers "Resume").
    pub fn is_unfinished(&self) -> bool {
        matches!(self.ledger.status, RunStatus::Running | RunStatus::Paused)
            || self.ledger.in_flight.is_some()
    }

    /// What to do next. Does not change the journal.
    pub fn next_submission(&self, now_ms: u64) -> NextStep<O::Group> {
        match self
            .ledger
            .next_submission(&RulesOf::<O>(&self.groups), now_ms)
        {
            NextStep::Submit(s) => NextStep::Submit(self.typed_submission(s)),
            NextStep::Wait { until_ms } => NextStep::Wait { until_ms },
            NextStep::AwaitingResult { submission } => NextStep::AwaitingResult { submission },
            NextStep::Paused => NextStep::Paused,
            NextStep::Cancelled => NextStep::Cancelled,
            NextStep::Done => NextStep::Done,
        }
    }

    /// Records that `submission` (from [`Journal::next_submission`]) is about
    /// to be sent. Persist the journal after this and before submitting.
    pub fn mark_in_flight(
        &mut self,
        submission: &Submission<O::Group>,
        now_ms: u64,
    ) -> Result<(), JournalError> {
        // The group by its index: its rows' group, if it is that one.
        let group = submission
            .rows
            .first()
            .and_then(|&r| self.ledger.rows.get(r))
            .and_then(|r| r.group)
            .filter(|&g| self.groups[g] == submission.group);
        let untyped = Submission {
            id: submission.id,
            group: group.unwrap_or(usize::MAX),
            emails: submission.emails.clone(),
            rows: submission.rows.clone(),
            retries: submission.retries,
        };
        self.ledger
            .mark_in_flight(&RulesOf::<O>(&self.groups), &untyped, now_ms)
    }

    /// The page accepted submission `id`: its rows are done.
    pub fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError> {
        self.ledger.record_accepted(id, now_ms)
    }

    /// The page refused submission `id` with `page_words`. Transient
    /// failures are retried with backoff; a size limit shrinks the chunks;
    /// otherwise the rows the words name get their outcome, or the chunk is
    /// split in halves until the refused rows stand alone.
    pub fn record_refused(
        &mut self,
        id: u64,
        page_words: &str,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        self.ledger
            .record_refused(&RulesOf::<O>(&self.groups), id, page_words, now_ms)
    }

    /// Stops after the current submission. Unsent rows stay queued.
    pub fn pause(&mut self) -> Result<(), JournalError> {
        self.ledger.pause()
    }

    /// Continues a paused run (or a running one: no change).
    pub fn resume(&mut self) -> Result<(), JournalError> {
        self.ledger.resume()
    }

    /// Ends the run: every queued row becomes `Cancelled` (kept in the
    /// results). A submission in flight still gets its outcome recorded.
    pub fn cancel(&mut self) -> Result<(), JournalError> {
        self.ledger.cancel()
    }

    /// Counts and time estimate for the progress bar.
    pub fn progress(&self) -> Progress {
        self.ledger.progress(&RulesOf::<O>(&self.groups))
    }

    /// The rows another row follows: steps of those rows (counted and
    /// reported with them, not on their own).
    pub fn steps(&self) -> HashSet<usize> {
        self.ledger.steps()
    }

    /// `submission` with its group given by value: the group it names.
    pub(super) fn typed_submission(&self, submission: Submission<usize>) -> Submission<O::Group> {
        Submission {
            id: submission.id,
            group: self.groups[submission.group].clone(),
            emails: submission.emails,
            rows: submission.rows,
            retries: submission.retries,
        }
    }
}
