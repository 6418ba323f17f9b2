//! Settling a run against what the page shows: after an interruption, an
//! unclear answer, or before resuming or cancelling.

use super::journal::{Batch, Journal, Ledger, ReconcileReport, StepBefore};
use super::operation::{Operation, PageSeen, Seen};
use super::row::{Note, Row, RowState, Skip};
use super::untyped::{Rules, RulesOf};

impl<O: Operation> Journal<O> {
    /// After an interruption (or whenever the page's state is in doubt):
    /// settles rows against what the page shows. In-flight rows the page
    /// shows done are done, the others re-queued (the page shows it did not
    /// act on them, so resending is safe). Queued rows the page shows done
    /// are not sent: done when an earlier attempt of theirs had an unknown
    /// outcome, skipped otherwise.
    pub fn reconcile(&mut self, page: &PageSeen) -> ReconcileReport {
        self.ledger.reconcile(&RulesOf::<O>(&self.groups), page)
    }
}

impl Ledger {
    pub(super) fn reconcile(&mut self, rules: &dyn Rules, page: &PageSeen) -> ReconcileReport {
        let seen = |rows: &[Row], r: usize| {
            let row = &rows[r];
            match row.group {
                Some(g) => rules.seen(&row.email, g, page),
                None => Seen::NotDone,
            }
        };
        let mut report = ReconcileReport::default();
        if let Some(flight) = self.in_flight.take() {
            let (present, absent): (Vec<usize>, Vec<usize>) = flight
                .rows
                .iter()
                .partition(|&&r| matches!(seen(&self.rows, r), Seen::Done { .. }));
            for &r in &present {
                self.rows[r].state = RowState::Done;
                self.rows[r].note = Some(Note::ConfirmedAfterInterruption);
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
        for i in 0..self.rows.len() {
            // A step whose step before has not had its effect says nothing
            // by what the page shows (re-sending: the invite is still the
            // old one).
            if self.rows[i].state != RowState::Queued
                || report.requeued.contains(&i)
                || self.step_before(i) != StepBefore::Done
            {
                continue;
            }
            let Seen::Done { how } = seen(&self.rows, i) else {
                continue;
            };
            let row = &mut self.rows[i];
            if row.attempts > 0 {
                row.state = RowState::Done;
                row.note = Some(Note::FoundAfterUnknownAttempt);
            } else {
                row.state = RowState::Skipped {
                    reason: Skip::FoundOnPage { already: how },
                };
            }
            report.found_on_page.push(i);
        }
        self.settle();
        report
    }
}
