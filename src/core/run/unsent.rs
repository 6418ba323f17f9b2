//! Submissions that never reached the page.
//!
//! Between `mark_in_flight` and pressing the page's final button the driver
//! may fail (the form did not open, a role the group needs is not offered)
//! or the run may have to stop (the page went away). Nothing was sent, so
//! the rows are not in doubt: this records that without counting it as a
//! page refusal, which would bisect the chunk and blame individual rows for
//! a form problem.

use serde::{Deserialize, Serialize};

use super::journal::{Batch, Journal, JournalError, Ledger, RefusalOutcome, RowState};
use super::operation::Operation;

/// Why a submission was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unsent {
    /// The form misbehaved (a timeout, a control that left the page):
    /// send the same rows again after the retry policy's delay; when the
    /// retries are used up the rows fail (not permanently).
    Retry,
    /// The form cannot express the group (a role, source or label the page
    /// does not offer): every queued row of that group fails, since each of
    /// its submissions would meet the same form.
    GroupUnavailable,
    /// The run stopped before sending (the page went away, the journal
    /// could not be saved): the same rows go first when the run resumes,
    /// with no retry counted.
    Interrupted,
}

impl<O: Operation> Journal<O> {
    /// Records that submission `id` was not sent (see [`Unsent`]). The rows'
    /// attempt counters are put back: the page never saw them, and a later
    /// "already …" must not be taken as proof of this attempt.
    pub fn record_unsent(
        &mut self,
        id: u64,
        message: &str,
        why: Unsent,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        self.ledger.record_unsent(id, message, why, now_ms)
    }
}

impl Ledger {
    pub(super) fn record_unsent(
        &mut self,
        id: u64,
        message: &str,
        why: Unsent,
        now_ms: u64,
    ) -> Result<RefusalOutcome, JournalError> {
        let flight = self.take_in_flight(id, now_ms)?;
        for &r in &flight.rows {
            let row = &mut self.rows[r];
            row.attempts = row.attempts.saturating_sub(1);
            row.state = RowState::Queued;
        }
        let outcome = match why {
            Unsent::Retry => {
                self.retry_or_fail(flight.rows, flight.retries, not_sent(message), now_ms)
            }
            Unsent::GroupUnavailable => {
                let group = flight.rows.first().and_then(|&r| self.rows[r].group);
                let rows: Vec<usize> = self
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(_, row)| row.state == RowState::Queued && row.group == group)
                    .map(|(i, _)| i)
                    .collect();
                self.fail(rows, &not_sent(message), true)
            }
            Unsent::Interrupted => {
                self.requeue_front(vec![Batch {
                    rows: flight.rows,
                    retries: flight.retries,
                    not_before_ms: 0,
                }]);
                RefusalOutcome::Interrupted
            }
        };
        self.settle();
        Ok(outcome)
    }
}

fn not_sent(message: &str) -> String {
    format!("not sent: {message}")
}
