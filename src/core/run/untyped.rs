//! The journal as the engine sees it, its operation's types erased
//! ([`RunJournal`]): groups are named by their index in the run, so ONE
//! copy of the engine's decisions serves every operation (see
//! [`super::engine`]). Each method is the [`Journal`] method of the same
//! name; a submission's `group` is the index of its group.
//!
//! The journal's own bookkeeping ([`super::ledger`]) sees the operation the
//! same way, through [`Rules`].

use super::journal::{Journal, JournalError, NextStep, Progress, ReconcileReport, RunStatus};
use super::journal::{RefusalOutcome, Submission};
use super::operation::{Already, Operation, PageSeen, Seen, Verdict};
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
        self.ledger.rows.get(row).and_then(|r| r.group)
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
        self.ledger
            .next_submission(&RulesOf::<O>(&self.groups), now_ms)
    }

    fn mark_in_flight(
        &mut self,
        submission: &Submission<usize>,
        now_ms: u64,
    ) -> Result<(), JournalError> {
        self.ledger
            .mark_in_flight(&RulesOf::<O>(&self.groups), submission, now_ms)
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

/// An operation's rules for a run's rows, groups named by their index
/// (see the module docs).
pub(super) trait Rules {
    /// [`Operation::batch_limit`] of group `group`.
    fn batch_limit(&self, group: usize, run_limit: usize) -> usize;
    /// [`Operation::classify_for`] (`classify` without a group).
    fn classify(&self, group: Option<usize>, page_words: &str) -> Verdict;
    /// [`Operation::confirms_for`] (`confirms` without a group).
    fn confirms(&self, group: Option<usize>, already: Already) -> bool;
    /// [`Operation::key`].
    fn key(&self, email: &str) -> String;
    /// [`Operation::seen`] for a row of group `group`.
    fn seen(&self, email: &str, group: usize, page: &PageSeen) -> Seen;
}

/// The rules of `O` for a run's groups.
pub(super) struct RulesOf<'a, O: Operation>(pub(super) &'a [O::Group]);

impl<O: Operation> Rules for RulesOf<'_, O> {
    fn batch_limit(&self, group: usize, run_limit: usize) -> usize {
        O::batch_limit(&self.0[group], run_limit)
    }

    fn classify(&self, group: Option<usize>, page_words: &str) -> Verdict {
        match group {
            Some(g) => O::classify_for(&self.0[g], page_words),
            None => O::classify(page_words),
        }
    }

    fn confirms(&self, group: Option<usize>, already: Already) -> bool {
        match group {
            Some(g) => O::confirms_for(&self.0[g], already),
            None => O::confirms(already),
        }
    }

    fn key(&self, email: &str) -> String {
        O::key(email)
    }

    fn seen(&self, email: &str, group: usize, page: &PageSeen) -> Seen {
        O::seen(email, &self.0[group], page)
    }
}
