//! The journal as the engine sees it, its operation's types erased
//! ([`RunJournal`]): groups are named by their index in the run, so ONE
//! copy of the engine's decisions serves every operation (see
//! [`super::engine`]). Each method is the [`Journal`] method of the same
//! name; a submission's `group` is the index of its group.

use super::journal::{Journal, JournalError, NextStep, Progress, ReconcileReport, RunStatus};
use super::journal::{RefusalOutcome, Submission};
use super::operation::{Operation, PageSeen};
use super::unsent::Unsent;

pub(in crate::core::run) trait RunJournal {
    fn progress(&self) -> Progress;
    fn group_count(&self) -> usize;
    fn chunk_size(&self) -> usize;
    fn is_unfinished(&self) -> bool;
    fn status(&self) -> RunStatus;
    fn not_ready(&self) -> usize;
    fn in_flight(&self) -> Option<u64>;
    /// The group index of row `row`, if it was ready.
    fn row_group(&self, row: usize) -> Option<usize>;
    fn pause(&mut self) -> Result<(), JournalError>;
    fn resume(&mut self) -> Result<(), JournalError>;
    fn cancel(&mut self) -> Result<(), JournalError>;
    fn next_submission(&self, now_ms: u64) -> NextStep<usize>;
    fn mark_in_flight(
        &mut self,
        submission: &Submission<usize>,
        now_ms: u64,
    ) -> Result<(), JournalError>;
    fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError>;
    fn record_refused(
        &mut self,
        id: u64,
        page_words: &str,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError>;
    fn record_unsent(
        &mut self,
        id: u64,
        message: &str,
        why: Unsent,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError>;
    fn reconcile(&mut self, page: &PageSeen) -> ReconcileReport;
}

impl<O: Operation> Journal<O> {
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

impl<O: Operation> RunJournal for Journal<O> {
    fn progress(&self) -> Progress {
        Journal::progress(self)
    }

    fn group_count(&self) -> usize {
        self.groups.len()
    }

    fn chunk_size(&self) -> usize {
        Journal::chunk_size(self)
    }

    fn is_unfinished(&self) -> bool {
        Journal::is_unfinished(self)
    }

    fn status(&self) -> RunStatus {
        Journal::status(self)
    }

    fn not_ready(&self) -> usize {
        Journal::not_ready(self)
    }

    fn in_flight(&self) -> Option<u64> {
        Journal::in_flight(self)
    }

    fn row_group(&self, row: usize) -> Option<usize> {
        self.rows.get(row).and_then(|r| r.group)
    }

    fn pause(&mut self) -> Result<(), JournalError> {
        Journal::pause(self)
    }

    fn resume(&mut self) -> Result<(), JournalError> {
        Journal::resume(self)
    }

    fn cancel(&mut self) -> Result<(), JournalError> {
        Journal::cancel(self)
    }

    fn next_submission(&self, now_ms: u64) -> NextStep<usize> {
        match Journal::next_submission(self, now_ms) {
            NextStep::Submit(s) => NextStep::Submit(Submission {
                // The rows of a submission share their group.
                group: s
                    .rows
                    .first()
                    .and_then(|&r| RunJournal::row_group(self, r))
                    .unwrap_or(usize::MAX),
                id: s.id,
                emails: s.emails,
                rows: s.rows,
                retries: s.retries,
            }),
            NextStep::Wait { until_ms } => NextStep::Wait { until_ms },
            NextStep::AwaitingResult { submission } => NextStep::AwaitingResult { submission },
            NextStep::Paused => NextStep::Paused,
            NextStep::Cancelled => NextStep::Cancelled,
            NextStep::Done => NextStep::Done,
        }
    }

    fn mark_in_flight(
        &mut self,
        submission: &Submission<usize>,
        now_ms: u64,
    ) -> Result<(), JournalError> {
        if submission.group >= self.groups.len() {
            return Err(JournalError::StaleSubmission {
                expected: self.next_id,
                got: submission.id,
            });
        }
        let typed = self.typed_submission(submission.clone());
        Journal::mark_in_flight(self, &typed, now_ms)
    }

    fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError> {
        Journal::record_accepted(self, id, now_ms)
    }

    fn record_refused(
        &mut self,
        id: u64,
        page_words: &str,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        Journal::record_refused(self, id, page_words, now_ms)
    }

    fn record_unsent(
        &mut self,
        id: u64,
        message: &str,
        why: Unsent,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        Journal::record_unsent(self, id, message, why, now_ms)
    }

    fn reconcile(&mut self, page: &PageSeen) -> ReconcileReport {
        Journal::reconcile(self, page)
    }
}
