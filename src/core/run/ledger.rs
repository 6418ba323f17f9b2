//! A journal's bookkeeping without its groups ([`Ledger`]): ONE copy for
//! every operation (see [`super::journal`] for the protocol). Where the
//! operation decides, it asks [`Rules`].

use std::collections::HashSet;

use super::journal::{Batch, InFlight, JournalError, NextStep, StepBefore, Submission};
use super::operation::Verdict;
use super::outcome::{Progress, RefusalOutcome};
use super::row::{Note, Row, RowState, RunStatus, Skip};
use super::untyped::Rules;
use crate::core::plan::{bisect, mentioned_emails, shrink_chunk, RetryPolicy};

/// A journal without its groups: rows, batches and the submission in
/// flight, with the bookkeeping that does not depend on the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ledger {
    pub(super) created_ms: u64,
    pub(super) status: RunStatus,
    pub(super) chunk_size: usize,
    pub(super) retry: RetryPolicy,
    pub(super) rows: Vec<Row>,
    pub(super) batches: Vec<Batch>,
    pub(super) in_flight: Option<InFlight>,
    pub(super) next_id: u64,
    pub(super) timed_submissions: u64,
    pub(super) total_submission_ms: u64,
}

impl Ledger {
    /// What to do next. Does not change the journal.
    pub(super) fn next_submission(&self, rules: &dyn Rules, now_ms: u64) -> NextStep<usize> {
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
        if let Some(rows) = self.fresh_chunk(rules) {
            return NextStep::Submit(self.submission(rows, 0));
        }
        match self.batches.iter().map(|b| b.not_before_ms).min() {
            Some(until_ms) => NextStep::Wait { until_ms },
            None => NextStep::Done,
        }
    }

    /// [`Journal::mark_in_flight`], the submission's group by its index.
    pub(super) fn mark_in_flight(
        &mut self,
        rules: &dyn Rules,
        submission: &Submission<usize>,
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
            && group == Some(submission.group);
        if !well_formed {
            return Err(stale());
        }
        let limit = group.map_or(0, |g| self.limit_of(rules, g));
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

    pub(super) fn record_accepted(&mut self, id: u64, now_ms: u64) -> Result<(), JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        for r in flight.rows {
            self.rows[r].state = RowState::Done;
        }
        self.settle();
        Ok(())
    }

    pub(super) fn record_refused(
        &mut self,
        rules: &dyn Rules,
        id: u64,
        page_words: &str,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        let rows = flight.rows;
        // A submission's rows share one group.
        let group = rows.first().and_then(|&r| self.rows[r].group);
        let verdict = rules.classify(group, page_words);
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
            _ if rows.len() == 1 => self.settle_refused(rules, rows, verdict, page_words, group),
            _ => {
                let emails: Vec<String> =
                    rows.iter().map(|&r| self.rows[r].email.clone()).collect();
                let named: HashSet<String> = mentioned_emails(page_words, &emails)
                    .into_iter()
                    .map(|e| rules.key(e))
                    .collect();
                // A specific refusal that names emails settles exactly
                // those; an unexplained one only when it singles some out.
                let trust_names = verdict.is_specific() || named.len() < rows.len();
                if !named.is_empty() && trust_names {
                    let (refused, rest): (Vec<usize>, Vec<usize>) = rows
                        .iter()
                        .partition(|&&r| named.contains(&rules.key(&self.rows[r].email)));
                    self.requeue_front(vec![Batch {
                        rows: rest,
                        retries: 0,
                        not_before_ms: 0,
                    }]);
                    self.settle_refused(rules, refused, verdict, page_words, group)
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

    pub(super) fn pause(&mut self) -> Result<(), JournalError> {
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

    pub(super) fn resume(&mut self) -> Result<(), JournalError> {
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

    pub(super) fn cancel(&mut self) -> Result<(), JournalError> {
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

    pub(super) fn progress(&self, rules: &dyn Rules) -> Progress {
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
            .map(|mean| mean.saturating_mul(self.remaining_submissions(rules) as u64));
        p
    }

    /// A lower bound on submissions left: batches as they are, the rest
    /// chunked per group, plus the one in flight.
    fn remaining_submissions(&self, rules: &dyn Rules) -> usize {
        let mut per_group: Vec<usize> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            if row.state == RowState::Queued && !self.in_batch(i) {
                if let Some(g) = row.group {
                    if per_group.len() <= g {
                        per_group.resize(g + 1, 0);
                    }
                    per_group[g] += 1;
                }
            }
        }
        let fresh: usize = per_group
            .iter()
            .enumerate()
            .map(|(g, n)| n.div_ceil(self.limit_of(rules, g)))
            .sum();
        fresh + self.batches.len() + usize::from(self.in_flight.is_some())
    }

    // ---- internals -------------------------------------------------------

    /// Most rows per submission of group `g` now.
    fn limit_of(&self, rules: &dyn Rules, g: usize) -> usize {
        rules
            .batch_limit(g, self.chunk_size)
            .clamp(1, self.chunk_size.max(1))
    }

    fn submission(&self, rows: Vec<usize>, retries: u32) -> Submission<usize> {
        let group = self.rows[rows[0]]
            .group
            .expect("queued rows are ready rows");
        Submission {
            id: self.next_id,
            group,
            emails: rows.iter().map(|&r| self.rows[r].email.clone()).collect(),
            rows,
            retries,
        }
    }

    /// The next chunk of queued rows outside any batch: first group (in
    /// order of first appearance) that has some, up to its limit.
    fn fresh_chunk(&self, rules: &dyn Rules) -> Option<Vec<usize>> {
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
                .take(self.limit_of(rules, group))
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

    pub(super) fn steps(&self) -> HashSet<usize> {
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
        rules: &dyn Rules,
        rows: Vec<usize>,
        verdict: Verdict,
        words: &str,
        group: Option<usize>,
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
        let confirms = rules.confirms(group, already);
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
