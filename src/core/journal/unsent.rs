//! Submissions that never reached the page.
//!
//! Between `mark_in_flight` and clicking the form's submit button the
//! driver may fail (the form did not open, a role the set needs is not
//! offered, a source is missing). Nothing was sent, so the rows are not in
//! doubt: this records that without counting it as a page refusal, which
//! would bisect the chunk and blame individual emails for a form problem.

use super::{Batch, Journal, JournalError, RefusalOutcome, RowState};

/// Why a submission was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsent {
    /// The form misbehaved (a timeout, a control that left the page):
    /// send the same rows again after the retry policy's delay; when the
    /// retries are used up the rows fail (not permanently).
    Retry,
    /// The form cannot express the role set (a role, source or label the
    /// page does not offer): every queued row of that role set fails, since
    /// each of its submissions would meet the same form.
    RoleSetUnavailable,
}

impl Journal {
    /// Records that submission `id` was not sent (see [`Unsent`]). The rows'
    /// attempt counters are put back: the page never saw them, and a later
    /// "already invited" must not be taken as proof of this attempt.
    pub fn record_unsent(
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
                let retry = flight.retries + 1;
                match self.retry.delay_before_retry(retry) {
                    Some(delay) => {
                        let at_ms = now_ms.saturating_add(delay);
                        self.requeue_front(vec![Batch {
                            rows: flight.rows,
                            retries: retry,
                            not_before_ms: at_ms,
                        }]);
                        RefusalOutcome::Retrying { at_ms, retry }
                    }
                    None => self.fail(flight.rows, &not_sent(message), false),
                }
            }
            Unsent::RoleSetUnavailable => {
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
        };
        self.settle();
        Ok(outcome)
    }
}

fn not_sent(message: &str) -> String {
    format!("not sent: {message}")
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::Unsent;
    use crate::core::input::parse_text;
    use crate::core::preview::{build_preview, KnownPeople, PreviewContext};
    use crate::core::template::TemplateLibrary;

    fn journal(text: &str, chunk: usize) -> Journal {
        let input = parse_text(text).unwrap();
        let known = KnownPeople::default();
        let templates = TemplateLibrary::new();
        let ctx = PreviewContext {
            known: &known,
            templates: &templates,
            default_role_set: None,
        };
        Journal::new(
            &build_preview(&input.rows, &ctx),
            ChunkSize::new(chunk).unwrap(),
            0,
        )
    }

    fn two_groups() -> Journal {
        // Rows 0, 1, 4 are Source Admin; 2, 3 are owners. Chunks of 2.
        journal(
            "email,role,roles\na@x.com,member,Source Admin\nb@x.com,member,Source Admin\n\
             c@x.com,owner,\nd@x.com,owner,\ne@x.com,member,Source Admin\n",
            2,
        )
    }

    fn take(j: &mut Journal, now: u64) -> Submission {
        match j.next_submission(now) {
            NextStep::Submit(s) => {
                j.mark_in_flight(&s, now).unwrap();
                s
            }
            other => panic!("expected a submission, got {other:?}"),
        }
    }

    #[test]
    fn retry_resends_the_same_rows_after_the_backoff() {
        let mut j = two_groups();
        let s = take(&mut j, 0);
        assert_eq!(s.rows, vec![0, 1]);
        let out = j
            .record_unsent(s.id, "the form did not open", Unsent::Retry, 100)
            .unwrap();
        assert_eq!(
            out,
            RefusalOutcome::Retrying {
                at_ms: 1_100,
                retry: 1
            }
        );
        assert!(j.rows()[..2]
            .iter()
            .all(|r| r.state == RowState::Queued && r.attempts == 0));
        // Meanwhile the next fresh chunk may go; the batch waits for its time.
        let other = take(&mut j, 200);
        assert_eq!(other.rows, vec![4]);
        j.record_accepted(other.id, 300).unwrap();
        let owners = take(&mut j, 300);
        assert_eq!(owners.rows, vec![2, 3]);
        j.record_accepted(owners.id, 400).unwrap();
        assert_eq!(j.next_submission(400), NextStep::Wait { until_ms: 1_100 });
        let later = take(&mut j, 1_100);
        assert_eq!(later.rows, vec![0, 1]);
        assert_eq!(later.retries, 1);
        j.record_accepted(later.id, 1_200).unwrap();
        assert_eq!(j.status(), RunStatus::Done);
        assert_eq!(j.progress().invited, 5);
    }

    #[test]
    fn retries_are_bounded_and_end_in_a_non_permanent_failure() {
        let mut j = two_groups().with_retry_policy(RetryPolicy {
            max_retries: 1,
            base_delay_ms: 10,
            max_delay_ms: 10,
        });
        let s = take(&mut j, 0);
        j.record_unsent(s.id, "timeout", Unsent::Retry, 0).unwrap();
        let again = take(&mut j, 10);
        assert_eq!(again.rows, s.rows);
        let out = j
            .record_unsent(again.id, "timeout", Unsent::Retry, 20)
            .unwrap();
        assert_eq!(out, RefusalOutcome::Failed { rows: vec![0, 1] });
        for r in &j.rows()[..2] {
            assert_eq!(
                r.state,
                RowState::Failed {
                    message: "not sent: timeout".into(),
                    permanent: false
                }
            );
            assert_eq!(r.attempts, 0);
        }
        // The other rows are unaffected.
        assert_eq!(j.rows()[4].state, RowState::Queued);
    }

    #[test]
    fn an_unavailable_role_set_fails_its_whole_group_and_only_it() {
        let mut j = two_groups();
        let s = take(&mut j, 0);
        let out = j
            .record_unsent(
                s.id,
                "the form has no role Source Admin",
                Unsent::RoleSetUnavailable,
                5,
            )
            .unwrap();
        assert_eq!(
            out,
            RefusalOutcome::Failed {
                rows: vec![0, 1, 4]
            }
        );
        for i in [0, 1, 4] {
            assert!(matches!(
                &j.rows()[i].state,
                RowState::Failed { message, permanent: true } if message == "not sent: the form has no role Source Admin"
            ));
        }
        let next = take(&mut j, 6);
        assert_eq!(next.rows, vec![2, 3]);
        j.record_accepted(next.id, 7).unwrap();
        assert_eq!(j.status(), RunStatus::Done);
        let p = j.progress();
        assert_eq!((p.invited, p.failed), (2, 3));
    }

    #[test]
    fn unsent_needs_the_submission_in_flight() {
        let mut j = two_groups();
        assert_eq!(
            j.record_unsent(1, "x", Unsent::Retry, 0),
            Err(JournalError::UnknownSubmission { id: 1 })
        );
        let s = take(&mut j, 0);
        assert_eq!(
            j.record_unsent(s.id + 1, "x", Unsent::Retry, 0),
            Err(JournalError::UnknownSubmission { id: s.id + 1 })
        );
    }

    #[test]
    fn survives_a_round_trip_through_storage() {
        let mut j = two_groups();
        let s = take(&mut j, 0);
        j.record_unsent(s.id, "x", Unsent::Retry, 0).unwrap();
        let back = Journal::from_json(&j.to_json()).unwrap();
        assert_eq!(back, j);
    }
}
