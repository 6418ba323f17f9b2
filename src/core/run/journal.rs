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

use std::collections::HashSet;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::operation::{Operation, Verdict};
pub use super::outcome::{Progress, ReconcileReport, RefusalOutcome};
pub use super::row::{NewRow, Note, Row, RowState, RunStatus, Skip};
use crate::core::plan::{bisect, mentioned_emails, shrink_chunk, ChunkSize, RetryPolicy};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Journal<O: Operation> {
    pub(super) created_ms: u64,
    pub(super) status: RunStatus,
    pub(super) chunk_size: usize,
    pub(super) retry: RetryPolicy,
    pub(super) groups: Vec<O::Group>,
    pub(super) rows: Vec<Row>,
    pub(super) batches: Vec<Batch>,
    pub(super) in_flight: Option<InFlight>,
    pub(super) next_id: u64,
    pub(super) timed_submissions: u64,
    pub(super) total_submission_ms: u64,
    #[serde(skip)]
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
        let mut journal = Journal {
            created_ms: now_ms,
            status: RunStatus::Running,
            chunk_size: chunk_size.get(),
            retry: RetryPolicy::default(),
            groups,
            rows,
            batches: Vec::new(),
            in_flight: None,
            next_id: 1,
            timed_submissions: 0,
            total_submission_ms: 0,
            op: PhantomData,
        };
        journal.settle();
        journal
    }

    /// Replaces the retry policy (default: 3 retries after 1, 2 and 4 s).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Journal<O> {
        self.retry = retry;
        self
    }

    pub fn status(&self) -> RunStatus {
        self.status
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The groups of the run; [`Row::group`] indexes this.
    pub fn groups(&self) -> &[O::Group] {
        &self.groups
    }

    /// The group of row `index`, if it was ready.
    pub fn row_group(&self, index: usize) -> Option<&O::Group> {
        self.rows.get(index)?.group.map(|g| &self.groups[g])
    }

    /// Rows that were not ready in the preview.
    pub fn not_ready(&self) -> usize {
        self.rows.iter().filter(|r| r.group.is_none()).count()
    }

    /// Lowers the rows per submission, e.g. when the driver finds an
    /// invite form that takes a single email. Never raises it.
    pub fn limit_chunk_size(&mut self, max: ChunkSize) {
        self.chunk_size = self.chunk_size.min(max.get());
    }

    /// Current rows per submission (it shrinks when the page asks).
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }

    pub fn created_ms(&self) -> u64 {
        self.created_ms
    }

    /// The id of the submission awaiting its result, if any.
    pub fn in_flight(&self) -> Option<u64> {
        self.in_flight.as_ref().map(|f| f.id)
    }

    /// Whether a stored run has work left (the panel offers "Resume").
    pub fn is_unfinished(&self) -> bool {
        matches!(self.status, RunStatus::Running | RunStatus::Paused) || self.in_flight.is_some()
    }

    /// What to do next. Does not change the journal.
    pub fn next_submission(&self, now_ms: u64) -> NextStep<O::Group> {
        if let Some(f) = &self.in_flight {
            return NextStep::AwaitingResult { submission: f.id };
        }
        match self.status {
            RunStatus::Paused => return NextStep::Paused,
            RunStatus::Cancelled => return NextStep::Cancelled,
            RunStatus::Done => return NextStep::Done,
            RunStatus::Running => {}
        }
        if let Some(batch) = self.batches.iter().find(|b| b.not_before_ms <= now_ms) {
            return NextStep::Submit(self.submission(batch.rows.clone(), batch.retries));
        }
        if let Some(rows) = self.fresh_chunk() {
            return NextStep::Submit(self.submission(rows, 0));
        }
        match self.batches.iter().map(|b| b.not_before_ms).min() {
            Some(until_ms) => NextStep::Wait { until_ms },
            None => NextStep::Done,
        }
    }

    /// Records that `submission` (from [`Journal::next_submission`]) is about
    /// to be sent. Persist the journal after this and before submitting.
    pub fn mark_in_flight(
        &mut self,
        submission: &Submission<O::Group>,
        now_ms: u64,
    ) -> Result<(), JournalError> {
        if let Some(f) = &self.in_flight {
            return Err(JournalError::SubmissionInFlight { id: f.id });
        }
        if self.status != RunStatus::Running {
            return Err(JournalError::InvalidTransition {
                status: self.status,
                action: "send",
            });
        }
        let stale = || JournalError::StaleSubmission {
            expected: self.next_id,
            got: submission.id,
        };
        if submission.id != self.next_id {
            return Err(stale());
        }
        // The submission must be exactly what the journal would offer:
        // queued rows of one group, either a whole ready batch or unbatched rows.
        let rows = &submission.rows;
        let group = rows
            .first()
            .and_then(|&r| self.rows.get(r))
            .and_then(|r| r.group);
        let well_formed = !rows.is_empty()
            && rows.len() == submission.emails.len()
            && rows.iter().zip(&submission.emails).all(|(&r, e)| {
                self.rows.get(r).is_some_and(|row| {
                    row.state == RowState::Queued
                        && row.group == group
                        && &row.email == e
                        && self.step_before(r) == StepBefore::Done
                })
            })
            && group.is_some_and(|g| self.groups[g] == submission.group);
        if !well_formed {
            return Err(stale());
        }
        let limit = group.map_or(0, |g| self.limit_of(g));
        let retries = match self.batches.iter().position(|b| &b.rows == rows) {
            Some(i) if self.batches[i].not_before_ms <= now_ms => self.batches.remove(i).retries,
            Some(_) => return Err(stale()),
            None if rows.iter().any(|r| self.in_batch(*r)) || rows.len() > limit => {
                return Err(stale())
            }
            None => 0,
        };
        if retries != submission.retries {
            return Err(stale());
        }
        for &r in rows {
            let row = &mut self.rows[r];
            row.state = RowState::InFlight {
                submission: submission.id,
                attempt: retries,
            };
            row.attempts += 1;
        }
        self.in_flight = Some(InFlight {
            id: submission.id,
            rows: rows.clone(),
            retries,
            started_ms: now_ms,
        });
        self.next_id += 1;
        Ok(())
    }

    /// The page accepted submission `id`: its rows are done.
    pub fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        for r in flight.rows {
            self.rows[r].state = RowState::Done;
        }
        self.settle();
        Ok(())
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
        let flight = self.take_in_flight(id, now_ms)?;
        let rows = flight.rows;
        // A submission's rows share one group.
        let group = rows
            .first()
            .and_then(|&r| self.rows[r].group)
            .map(|g| self.groups[g].clone());
        let verdict = match &group {
            Some(g) => O::classify_for(g, page_words),
            None => O::classify(page_words),
        };
        let outcome = match verdict {
            Verdict::Transient => self.retry_later(rows, flight.retries, page_words, now_ms),
            Verdict::TooMany { limit } if rows.len() > 1 => {
                let size = shrink_chunk(rows.len(), limit);
                self.chunk_size = self.chunk_size.min(size);
                let parts: Vec<Batch> = rows
                    .chunks(size)
                    .map(|c| Batch {
                        rows: c.to_vec(),
                        retries: 0,
                        not_before_ms: 0,
                    })
                    .collect();
                self.requeue_front(parts);
                RefusalOutcome::Shrunk { chunk_size: size }
            }
            _ if rows.len() == 1 => self.settle_refused(rows, verdict, page_words, group.as_ref()),
            _ => {
                let emails: Vec<String> =
                    rows.iter().map(|&r| self.rows[r].email.clone()).collect();
                let named: HashSet<String> = mentioned_emails(page_words, &emails)
                    .into_iter()
                    .map(|e| O::key(e))
                    .collect();
                // A specific refusal that names emails settles exactly
                // those; an unexplained one only when it singles some out.
                let trust_names = verdict.is_specific() || named.len() < rows.len();
                if !named.is_empty() && trust_names {
                    let (refused, rest): (Vec<usize>, Vec<usize>) = rows
                        .iter()
                        .partition(|&&r| named.contains(&O::key(&self.rows[r].email)));
                    self.requeue_front(vec![Batch {
                        rows: rest,
                        retries: 0,
                        not_before_ms: 0,
                    }]);
                    self.settle_refused(refused, verdict, page_words, group.as_ref())
                } else {
                    let (a, b) = bisect(&rows);
                    self.requeue_front(vec![
                        Batch {
                            rows: a,
                            retries: 0,
                            not_before_ms: 0,
                        },
                        Batch {
                            rows: b,
                            retries: 0,
                            not_before_ms: 0,
                        },
                    ]);
                    RefusalOutcome::Split { parts: 2 }
                }
            }
        };
        self.settle();
        Ok(outcome)
    }

    /// Stops after the current submission. Unsent rows stay queued.
    pub fn pause(&mut self) -> Result<(), JournalError> {
        match self.status {
            RunStatus::Running | RunStatus::Paused => {
                self.status = RunStatus::Paused;
                Ok(())
            }
            status => Err(JournalError::InvalidTransition {
                status,
                action: "pause",
            }),
        }
    }

    /// Continues a paused run (or a running one: no change).
    pub fn resume(&mut self) -> Result<(), JournalError> {
        match self.status {
            RunStatus::Running | RunStatus::Paused => {
                self.status = RunStatus::Running;
                self.settle();
                Ok(())
            }
            status => Err(JournalError::InvalidTransition {
                status,
                action: "resume",
            }),
        }
    }

    /// Ends the run: every queued row becomes `Cancelled` (kept in the
    /// results). A submission in flight still gets its outcome recorded.
    pub fn cancel(&mut self) -> Result<(), JournalError> {
        match self.status {
            RunStatus::Done => Err(JournalError::InvalidTransition {
                status: RunStatus::Done,
                action: "cancel",
            }),
            _ => {
                self.status = RunStatus::Cancelled;
                self.settle();
                Ok(())
            }
        }
    }

    /// Counts and time estimate for the progress bar.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        let steps = self.steps();
        let counted = self
            .rows
            .iter()
            .enumerate()
            .filter(|(i, r)| r.group.is_some() && !steps.contains(i));
        for (_, row) in counted {
            p.total += 1;
            match row.state {
                RowState::Queued => p.queued += 1,
                RowState::InFlight { .. } => p.in_flight += 1,
                RowState::Done => p.succeeded += 1,
                RowState::Already { .. } => p.already += 1,
                RowState::Failed { .. } => p.failed += 1,
                RowState::Skipped { .. } => p.skipped += 1,
                RowState::Cancelled => p.cancelled += 1,
            }
        }
        p.done = p.succeeded + p.already + p.failed + p.skipped + p.cancelled;
        p.eta_ms = self
            .total_submission_ms
            .checked_div(self.timed_submissions)
            .map(|mean| mean.saturating_mul(self.remaining_submissions() as u64));
        p
    }

    /// A lower bound on submissions left: batches as they are, the rest
    /// chunked per group, plus the one in flight.
    fn remaining_submissions(&self) -> usize {
        let mut per_group = vec![0usize; self.groups.len()];
        for (i, row) in self.rows.iter().enumerate() {
            if row.state == RowState::Queued && !self.in_batch(i) {
                if let Some(g) = row.group {
                    per_group[g] += 1;
                }
            }
        }
        let fresh: usize = per_group
            .iter()
            .enumerate()
            .map(|(g, n)| n.div_ceil(self.limit_of(g)))
            .sum();
        fresh + self.batches.len() + usize::from(self.in_flight.is_some())
    }

    // ---- internals -------------------------------------------------------

    /// Most rows per submission of group `g` now.
    fn limit_of(&self, g: usize) -> usize {
        O::batch_limit(&self.groups[g], self.chunk_size).clamp(1, self.chunk_size.max(1))
    }

    fn submission(&self, rows: Vec<usize>, retries: u32) -> Submission<O::Group> {
        let group = self.rows[rows[0]]
            .group
            .expect("queued rows are ready rows");
        Submission {
            id: self.next_id,
            group: self.groups[group].clone(),
            emails: rows.iter().map(|&r| self.rows[r].email.clone()).collect(),
            rows,
            retries,
        }
    }

    /// The next chunk of queued rows outside any batch: first group (in
    /// order of first appearance) that has some, up to its limit.
    fn fresh_chunk(&self) -> Option<Vec<usize>> {
        let batched: HashSet<usize> = self
            .batches
            .iter()
            .flat_map(|b| b.rows.iter().copied())
            .collect();
        let free = |(i, row): &(usize, &Row)| {
            row.state == RowState::Queued
                && !batched.contains(i)
                && self.step_before(*i) == StepBefore::Done
        };
        let group = self
            .rows
            .iter()
            .enumerate()
            .filter(free)
            .filter_map(|(_, r)| r.group)
            .min()?;
        Some(
            self.rows
                .iter()
                .enumerate()
                .filter(free)
                .filter(|(_, r)| r.group == Some(group))
                .map(|(i, _)| i)
                .take(self.limit_of(group))
                .collect(),
        )
    }

    /// Where the row that `row` follows stands ([`Row::after`]); `Done`
    /// for a row that follows none.
    pub(super) fn step_before(&self, row: usize) -> StepBefore {
        let Some(before) = self.rows[row].after.and_then(|a| self.rows.get(a)) else {
            return StepBefore::Done;
        };
        match before.state {
            _ if before.state.has_effect() => StepBefore::Done,
            RowState::Queued | RowState::InFlight { .. } => StepBefore::Waiting,
            _ => StepBefore::NotDone,
        }
    }

    /// The rows another row follows: steps of those rows (counted and
    /// reported with them, not on their own).
    pub fn steps(&self) -> HashSet<usize> {
        self.rows.iter().filter_map(|r| r.after).collect()
    }

    pub(super) fn in_batch(&self, row: usize) -> bool {
        self.batches.iter().any(|b| b.rows.contains(&row))
    }

    pub(super) fn take_in_flight(
        &mut self,
        id: u64,
        now_ms: u64,
    ) -> Result<InFlight, JournalError> {
        match &self.in_flight {
            Some(f) if f.id == id => {}
            _ => return Err(JournalError::UnknownSubmission { id }),
        }
        let flight = self.in_flight.take().expect("checked above");
        self.timed_submissions += 1;
        self.total_submission_ms += now_ms.saturating_sub(flight.started_ms);
        Ok(flight)
    }

    /// Puts rows back as batches to be sent before anything else, in order.
    pub(super) fn requeue_front(&mut self, batches: Vec<Batch>) {
        for b in &batches {
            for &r in &b.rows {
                self.rows[r].state = RowState::Queued;
            }
        }
        let batches: Vec<Batch> = batches.into_iter().filter(|b| !b.rows.is_empty()).collect();
        self.batches.splice(0..0, batches);
    }

    /// Re-queues `rows` for their next retry after the backoff delay, or
    /// fails them (not permanently) once the retries are used up.
    fn retry_later(
        &mut self,
        rows: Vec<usize>,
        retries: u32,
        message: &str,
        now_ms: u64,
    ) -> RefusalOutcome {
        for &r in &rows {
            self.rows[r].uncertain = true;
        }
        self.retry_or_fail(rows, retries, message.to_string(), now_ms)
    }

    /// The backoff step shared by transient refusals and unsent submissions.
    pub(super) fn retry_or_fail(
        &mut self,
        rows: Vec<usize>,
        retries: u32,
        failure: String,
        now_ms: u64,
    ) -> RefusalOutcome {
        let retry = retries + 1;
        match self.retry.delay_before_retry(retry) {
            Some(delay) => {
                let at_ms = now_ms.saturating_add(delay);
                self.requeue_front(vec![Batch {
                    rows,
                    retries: retry,
                    not_before_ms: at_ms,
                }]);
                RefusalOutcome::Retrying { at_ms, retry }
            }
            None => self.fail(rows, &failure, false),
        }
    }

    pub(super) fn fail(
        &mut self,
        rows: Vec<usize>,
        message: &str,
        permanent: bool,
    ) -> RefusalOutcome {
        for &r in &rows {
            self.rows[r].state = RowState::Failed {
                message: message.to_string(),
                permanent,
            };
        }
        RefusalOutcome::failed(rows)
    }

    /// Gives refused rows their final outcome.
    fn settle_refused(
        &mut self,
        rows: Vec<usize>,
        verdict: Verdict,
        words: &str,
        group: Option<&O::Group>,
    ) -> RefusalOutcome {
        let Verdict::Already(already) = verdict else {
            // Unknown refusals are not retried automatically either:
            // repeating an unexplained refusal risks hammering the page.
            return self.fail(rows, words, true);
        };
        // "Already invited" for a row sent before in a submission whose
        // outcome was unknown (a transient error, a reload) means that
        // earlier attempt went through: the row is done, once. After a
        // definite refusal it means someone else did it meanwhile.
        let confirms = match group {
            Some(g) => O::confirms_for(g, already),
            None => O::confirms(already),
        };
        let (confirmed, already_rows): (Vec<usize>, Vec<usize>) = rows
            .into_iter()
            .partition(|&r| confirms && self.rows[r].uncertain);
        for &r in &confirmed {
            self.rows[r].state = RowState::Done;
            self.rows[r].note = Some(Note::EarlierAttemptWentThrough {
                page_words: words.to_string(),
            });
        }
        for &r in &already_rows {
            self.rows[r].state = RowState::Already {
                already,
                page_words: words.to_string(),
            };
        }
        RefusalOutcome::Settled {
            failed: vec![],
            already: already_rows,
            confirmed,
        }
    }

    /// Restores invariants after any change: batches hold only queued rows,
    /// a cancelled run has nothing queued, and a run with nothing left is done.
    pub(super) fn settle(&mut self) {
        if self.status == RunStatus::Cancelled {
            for row in &mut self.rows {
                if row.state == RowState::Queued {
                    row.state = RowState::Cancelled;
                }
            }
        }
        // In row order: a row only follows an earlier one, so one pass
        // settles chains of steps.
        for i in 0..self.rows.len() {
            if self.rows[i].state == RowState::Queued && self.step_before(i) == StepBefore::NotDone
            {
                let after = self.rows[i].after.unwrap_or_default();
                self.rows[i].state = RowState::Skipped {
                    reason: Skip::StepBeforeNotDone { after },
                };
            }
        }
        let rows = &self.rows;
        for b in &mut self.batches {
            b.rows.retain(|&r| rows[r].state == RowState::Queued);
        }
        self.batches.retain(|b| !b.rows.is_empty());
        let nothing_left =
            self.in_flight.is_none() && !self.rows.iter().any(|r| r.state == RowState::Queued);
        if nothing_left && matches!(self.status, RunStatus::Running | RunStatus::Paused) {
            self.status = RunStatus::Done;
        }
    }
}
