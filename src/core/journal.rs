//! The run journal: every row's state during a bulk invite, as a serde value
//! the UI writes to `chrome.storage.local` before and after each submission.
//!
//! The protocol, per submission:
//! 1. `next_submission(now)` peeks at what to send next (no change);
//! 2. `mark_in_flight(&submission, now)`, then **persist**, then submit;
//! 3. `record_accepted(id, now)`, `record_refused(id, message, now)`, or
//!    `record_unsent(id, message, why, now)` when the submit button was
//!    never pressed; then **persist**.
//!
//! After a reload, crash or closed tab, the persisted journal may hold rows
//! `InFlight`: whether the page created those invites is unknown. The UI
//! re-reads the pending invites and members from the page and calls
//! `reconcile_after_reload`, which marks the ones present as invited and
//! puts the others back in the queue. Only then does `next_submission`
//! offer new work, so nothing is sent twice and nothing is lost.
//!
//! A refused submission is assumed to have created no invite (the form
//! rejected it as a whole); `reconcile_after_reload` may be called at any
//! time to re-check against the page if that assumption is in doubt.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::email::comparison_key;
use super::plan::{
    bisect, classify_refusal, mentioned_emails, shrink_chunk, ChunkSize, Refusal, RetryPolicy,
};
use super::preview::Preview;
use super::roles::RoleSet;

mod unsent;
pub use unsent::Unsent;

/// Format version of the serialised journal.
pub const JOURNAL_VERSION: u32 = 1;

/// Longest raw email cell kept for a row that was not ready.
pub const SKIPPED_EMAIL_CHARS: usize = 320;

/// Where one row stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RowState {
    /// Waiting to be sent (possibly in a split or backoff batch).
    Queued,
    /// Handed to the page in submission `submission`; outcome not yet known.
    InFlight { submission: u64, attempt: u32 },
    /// The page accepted the invite.
    Invited,
    /// Not invited. `permanent`: retrying cannot help (already a member,
    /// malformed…); otherwise the retries ran out.
    Failed { message: String, permanent: bool },
    /// Not sent: not ready in the preview, or found on the page before sending.
    Skipped { reason: String },
    /// Not sent because the run was cancelled.
    Cancelled,
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
pub struct JournalRow {
    /// Line in the pasted text.
    pub line: usize,
    /// The cleaned address for ready rows; the raw cell otherwise.
    pub email: String,
    /// Index into the run's role sets; `None` for rows not ready in the preview.
    pub group: Option<usize>,
    pub state: RowState,
    /// Submissions this row has been part of.
    pub attempts: u32,
    /// An earlier submission of this row may have reached the page without
    /// a clear answer (a transient error, or a reload mid-flight).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    /// Extra detail for the results (e.g. "confirmed after reload").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Rows that must be sent together next: the halves of a refused chunk, a
/// chunk waiting for its retry, or a chunk re-cut after a size limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Batch {
    rows: Vec<usize>,
    /// Transient retries already made for these rows.
    retries: u32,
    /// Not to be sent before this time (backoff).
    not_before_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct InFlight {
    id: u64,
    rows: Vec<usize>,
    retries: u32,
    started_ms: u64,
}

/// One submission for the page driver to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: u64,
    pub role_set: RoleSet,
    /// Addresses to type, comma-separated, in the form.
    pub emails: Vec<String>,
    /// Journal row indices, parallel to `emails`.
    pub rows: Vec<usize>,
    /// Transient retries already made for these rows (0 on first send).
    pub retries: u32,
}

/// What the driver should do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    Submit(Submission),
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

/// What a refusal led to, for the run log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalOutcome {
    /// Transient: the same rows will be retried at `at_ms`.
    Retrying { at_ms: u64, retry: u32 },
    /// The rows were split to find the refused email(s).
    Split { parts: usize },
    /// The page takes fewer emails per submission; chunks are now this size.
    Shrunk { chunk_size: usize },
    /// These rows failed (named by the page, isolated, or out of retries);
    /// any others of the submission were re-queued.
    Failed { rows: Vec<usize> },
    /// The page says the row is already invited, and an earlier attempt of
    /// it had an unknown outcome: it counts as invited.
    Confirmed { rows: Vec<usize> },
}

/// Counts for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    /// Rows that were ready in the preview.
    pub total: usize,
    /// Of those, rows with a final outcome.
    pub done: usize,
    pub invited: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: usize,
    pub queued: usize,
    pub in_flight: usize,
    /// Estimated time left, from the mean submission duration so far.
    pub eta_ms: Option<u64>,
}

/// What `reconcile_after_reload` changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReconcileReport {
    /// In-flight rows found on the page: now `Invited`.
    pub confirmed: Vec<usize>,
    /// In-flight rows not on the page: back in the queue.
    pub requeued: Vec<usize>,
    /// Queued rows found on the page (invited meanwhile, or by an attempt
    /// whose outcome was unknown): no longer sent.
    pub found_on_page: Vec<usize>,
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
    #[error("the stored run has format version {found}; this version reads {JOURNAL_VERSION}")]
    UnsupportedVersion { found: u32 },
}

/// The run. See the module docs for the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    version: u32,
    created_ms: u64,
    status: RunStatus,
    chunk_size: usize,
    retry: RetryPolicy,
    groups: Vec<RoleSet>,
    rows: Vec<JournalRow>,
    batches: Vec<Batch>,
    in_flight: Option<InFlight>,
    next_id: u64,
    timed_submissions: u64,
    total_submission_ms: u64,
}

impl Journal {
    /// A new run over every preview row: ready rows are queued, grouped by
    /// role set in order of first appearance; the others are `Skipped` with
    /// the preview's message.
    pub fn new(preview: &Preview, chunk_size: ChunkSize, now_ms: u64) -> Journal {
        let mut groups: Vec<RoleSet> = Vec::new();
        let rows = preview
            .rows
            .iter()
            .map(|r| match (r.role_set(), &r.email) {
                (Some(set), Some(email)) => {
                    let group = groups.iter().position(|g| g == set).unwrap_or_else(|| {
                        groups.push(set.clone());
                        groups.len() - 1
                    });
                    JournalRow {
                        line: r.line,
                        email: email.as_str().to_string(),
                        group: Some(group),
                        state: RowState::Queued,
                        attempts: 0,
                        uncertain: false,
                        note: None,
                    }
                }
                _ => JournalRow {
                    line: r.line,
                    // Bounded: the journal is persisted, and a pasted
                    // megabyte in an email cell must not be stored twice.
                    email: super::text::shorten(&r.raw_email, SKIPPED_EMAIL_CHARS),
                    group: None,
                    state: RowState::Skipped {
                        reason: r.message().unwrap_or_default(),
                    },
                    attempts: 0,
                    uncertain: false,
                    note: None,
                },
            })
            .collect();
        let mut journal = Journal {
            version: JOURNAL_VERSION,
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
        };
        journal.settle();
        journal
    }

    /// Replaces the retry policy (default: 3 retries after 1, 2 and 4 s).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Journal {
        self.retry = retry;
        self
    }

    pub fn status(&self) -> RunStatus {
        self.status
    }

    pub fn rows(&self) -> &[JournalRow] {
        &self.rows
    }

    /// The role sets of the run; [`JournalRow::group`] indexes this.
    pub fn role_sets(&self) -> &[RoleSet] {
        &self.groups
    }

    /// The role set of row `index`, if it was ready.
    pub fn row_role_set(&self, index: usize) -> Option<&RoleSet> {
        self.rows.get(index)?.group.map(|g| &self.groups[g])
    }

    /// Lowers the emails per submission, e.g. when the driver finds an
    /// invite form that takes a single email. Never raises it.
    pub fn limit_chunk_size(&mut self, max: ChunkSize) {
        self.chunk_size = self.chunk_size.min(max.get());
    }

    /// Current emails per submission (it shrinks when the page asks).
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
    pub fn next_submission(&self, now_ms: u64) -> NextStep {
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
        submission: &Submission,
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
        if submission.id != self.next_id {
            return Err(JournalError::StaleSubmission {
                expected: self.next_id,
                got: submission.id,
            });
        }
        let stale = || JournalError::StaleSubmission {
            expected: self.next_id,
            got: submission.id,
        };
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
                    row.state == RowState::Queued && row.group == group && &row.email == e
                })
            })
            && group.is_some_and(|g| self.groups[g] == submission.role_set);
        if !well_formed {
            return Err(stale());
        }
        let retries = match self.batches.iter().position(|b| &b.rows == rows) {
            Some(i) if self.batches[i].not_before_ms <= now_ms => self.batches.remove(i).retries,
            Some(_) => return Err(stale()),
            None if rows.iter().any(|r| self.in_batch(*r)) || rows.len() > self.chunk_size => {
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

    /// The page accepted submission `id`: its rows are invited.
    pub fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        for r in flight.rows {
            self.rows[r].state = RowState::Invited;
        }
        self.settle();
        Ok(())
    }

    /// The page refused submission `id` with `message`. Transient failures
    /// are retried with backoff; a size limit shrinks the chunks; otherwise
    /// the rows the message names fail, or the chunk is split in halves
    /// until the refused emails stand alone and fail with the page's message.
    pub fn record_refused(
        &mut self,
        id: u64,
        message: &str,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        let rows = flight.rows;
        let refusal = classify_refusal(message);
        let outcome = match refusal {
            Refusal::Transient => self.retry_later(rows, flight.retries, message, now_ms),
            Refusal::TooMany { limit } if rows.len() > 1 => {
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
            _ if rows.len() == 1 => self.fail_single(rows[0], refusal, message),
            _ => {
                let emails: Vec<String> =
                    rows.iter().map(|&r| self.rows[r].email.clone()).collect();
                let named: HashSet<String> = mentioned_emails(message, &emails)
                    .into_iter()
                    .map(|e| comparison_key(e))
                    .collect();
                // A specific refusal that names emails fails exactly those;
                // an unexplained one only when it singles some out.
                let trust_names = refusal.is_permanent() || named.len() < rows.len();
                if !named.is_empty() && trust_names {
                    let (refused, rest): (Vec<usize>, Vec<usize>) = rows
                        .iter()
                        .partition(|&&r| named.contains(&comparison_key(&self.rows[r].email)));
                    self.requeue_front(vec![Batch {
                        rows: rest,
                        retries: 0,
                        not_before_ms: 0,
                    }]);
                    self.fail(refused, message, true)
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

    /// After a reload (or whenever the page's state is in doubt): settles
    /// rows against the emails now on the page. In-flight rows present there
    /// are invited, absent ones re-queued (the page shows it did not create
    /// them, so resending is safe). Queued rows already on the page are not
    /// sent: invited when an earlier attempt of theirs had an unknown
    /// outcome, skipped otherwise.
    pub fn reconcile_after_reload<P, M>(&mut self, pending: P, members: M) -> ReconcileReport
    where
        P: IntoIterator,
        P::Item: AsRef<str>,
        M: IntoIterator,
        M::Item: AsRef<str>,
    {
        let pending: HashSet<String> = pending
            .into_iter()
            .map(|e| comparison_key(e.as_ref()))
            .collect();
        let members: HashSet<String> = members
            .into_iter()
            .map(|e| comparison_key(e.as_ref()))
            .collect();
        let on_page = |email: &str| {
            let key = comparison_key(email);
            pending.contains(&key) || members.contains(&key)
        };
        let mut report = ReconcileReport::default();
        if let Some(flight) = self.in_flight.take() {
            let (present, absent): (Vec<usize>, Vec<usize>) = flight
                .rows
                .iter()
                .partition(|&&r| on_page(&self.rows[r].email));
            for &r in &present {
                self.rows[r].state = RowState::Invited;
                self.rows[r].note = Some("confirmed on the page after an interruption".into());
            }
            for &r in &absent {
                self.rows[r].state = RowState::Queued;
                // The lost submission may still land after this re-read.
                self.rows[r].uncertain = true;
            }
            if !absent.is_empty() {
                self.requeue_front(vec![Batch {
                    rows: absent.clone(),
                    retries: flight.retries,
                    not_before_ms: 0,
                }]);
            }
            report.confirmed = present;
            report.requeued = absent;
        }
        for (i, row) in self.rows.iter_mut().enumerate() {
            if row.state != RowState::Queued || report.requeued.contains(&i) || !on_page(&row.email)
            {
                continue;
            }
            let key = comparison_key(&row.email);
            if row.attempts > 0 {
                row.state = RowState::Invited;
                row.note =
                    Some("found on the page after an attempt with an unknown outcome".into());
            } else {
                row.state = RowState::Skipped {
                    reason: if members.contains(&key) {
                        "already a member (found before sending)".into()
                    } else {
                        "already invited (found before sending)".into()
                    },
                };
            }
            report.found_on_page.push(i);
        }
        self.settle();
        report
    }

    /// Counts and time estimate for the progress bar.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for row in self.rows.iter().filter(|r| r.group.is_some()) {
            p.total += 1;
            match row.state {
                RowState::Queued => p.queued += 1,
                RowState::InFlight { .. } => p.in_flight += 1,
                RowState::Invited => p.invited += 1,
                RowState::Failed { .. } => p.failed += 1,
                RowState::Skipped { .. } => p.skipped += 1,
                RowState::Cancelled => p.cancelled += 1,
            }
        }
        p.done = p.invited + p.failed + p.skipped + p.cancelled;
        p.eta_ms = self
            .total_submission_ms
            .checked_div(self.timed_submissions)
            .map(|mean| mean.saturating_mul(self.remaining_submissions() as u64));
        p
    }

    /// A lower bound on submissions left: batches as they are, the rest
    /// chunked per role set, plus the one in flight.
    fn remaining_submissions(&self) -> usize {
        let mut per_group = vec![0usize; self.groups.len()];
        for (i, row) in self.rows.iter().enumerate() {
            if row.state == RowState::Queued && !self.in_batch(i) {
                if let Some(g) = row.group {
                    per_group[g] += 1;
                }
            }
        }
        let fresh: usize = per_group.iter().map(|n| n.div_ceil(self.chunk_size)).sum();
        fresh + self.batches.len() + usize::from(self.in_flight.is_some())
    }

    /// The journal as JSON, for `chrome.storage.local`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("the journal always serialises")
    }

    /// Reads a stored journal, refusing other versions and inconsistent data.
    pub fn from_json(text: &str) -> Result<Journal, JournalError> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let corrupt = |e: serde_json::Error| JournalError::Corrupt {
            detail: e.to_string(),
        };
        let v: VersionOnly = serde_json::from_str(text).map_err(corrupt)?;
        if v.version != JOURNAL_VERSION {
            return Err(JournalError::UnsupportedVersion { found: v.version });
        }
        let journal: Journal = serde_json::from_str(text).map_err(corrupt)?;
        journal.check_consistency()?;
        Ok(journal)
    }

    fn check_consistency(&self) -> Result<(), JournalError> {
        let bad = |detail: &str| {
            Err(JournalError::Corrupt {
                detail: detail.to_string(),
            })
        };
        if !(1..=super::plan::MAX_CHUNK_SIZE).contains(&self.chunk_size) {
            return bad("chunk size out of range");
        }
        if self
            .rows
            .iter()
            .any(|r| r.group.is_some_and(|g| g >= self.groups.len()))
        {
            return bad("a row refers to a missing role set");
        }
        let in_flight_rows: Vec<usize> = self
            .in_flight
            .iter()
            .flat_map(|f| f.rows.iter().copied())
            .collect();
        for (i, row) in self.rows.iter().enumerate() {
            let flying = matches!(row.state, RowState::InFlight { .. });
            if flying != in_flight_rows.contains(&i) {
                return bad("in-flight rows do not match the in-flight submission");
            }
        }
        if in_flight_rows.iter().any(|&r| r >= self.rows.len()) {
            return bad("the in-flight submission refers to a missing row");
        }
        for b in &self.batches {
            if b.rows.iter().any(|&r| {
                self.rows
                    .get(r)
                    .is_none_or(|row| row.state != RowState::Queued)
            }) {
                return bad("a batch holds a row that is not queued");
            }
        }
        Ok(())
    }

    // ---- internals -------------------------------------------------------

    fn submission(&self, rows: Vec<usize>, retries: u32) -> Submission {
        let group = self.rows[rows[0]]
            .group
            .expect("queued rows are ready rows");
        Submission {
            id: self.next_id,
            role_set: self.groups[group].clone(),
            emails: rows.iter().map(|&r| self.rows[r].email.clone()).collect(),
            rows,
            retries,
        }
    }

    /// The next chunk of queued rows outside any batch: first role set (in
    /// order of first appearance) that has some, up to the chunk size.
    fn fresh_chunk(&self) -> Option<Vec<usize>> {
        let batched: HashSet<usize> = self
            .batches
            .iter()
            .flat_map(|b| b.rows.iter().copied())
            .collect();
        let free =
            |(i, row): &(usize, &JournalRow)| row.state == RowState::Queued && !batched.contains(i);
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
                .take(self.chunk_size)
                .collect(),
        )
    }

    fn in_batch(&self, row: usize) -> bool {
        self.batches.iter().any(|b| b.rows.contains(&row))
    }

    fn take_in_flight(&mut self, id: u64, now_ms: u64) -> Result<InFlight, JournalError> {
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
    fn requeue_front(&mut self, batches: Vec<Batch>) {
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
            None => self.fail(rows, message, false),
        }
    }

    fn fail(&mut self, rows: Vec<usize>, message: &str, permanent: bool) -> RefusalOutcome {
        for &r in &rows {
            self.rows[r].state = RowState::Failed {
                message: message.to_string(),
                permanent,
            };
        }
        RefusalOutcome::Failed { rows }
    }

    fn fail_single(&mut self, row: usize, refusal: Refusal, message: &str) -> RefusalOutcome {
        // "Already invited" for a row sent before in a submission whose
        // outcome was unknown (a transient error, a reload) means that
        // earlier attempt went through: the person is invited, once. After a
        // definite refusal it means someone else invited them meanwhile.
        if refusal == Refusal::AlreadyInvited && self.rows[row].uncertain {
            self.rows[row].state = RowState::Invited;
            self.rows[row].note = Some(format!(
                "the page says: {message} (an earlier attempt went through)"
            ));
            return RefusalOutcome::Confirmed { rows: vec![row] };
        }
        // Unknown refusals are not retried automatically either: repeating
        // an unexplained refusal risks hammering the page for nothing.
        self.fail(vec![row], message, true)
    }

    /// Restores invariants after any change: batches hold only queued rows,
    /// a cancelled run has nothing queued, and a run with nothing left is done.
    fn settle(&mut self) {
        if self.status == RunStatus::Cancelled {
            for row in &mut self.rows {
                if row.state == RowState::Queued {
                    row.state = RowState::Cancelled;
                }
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

#[cfg(test)]
mod tests;
