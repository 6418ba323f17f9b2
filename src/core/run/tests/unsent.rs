//! Submissions that never reached the page (ported from the first release).

use super::sim::*;
use crate::core::plan::RetryPolicy;
use crate::core::roles::RoleSet;
use crate::core::run::*;

fn two_groups() -> Journal<InviteOp> {
    // Rows 0, 1, 4 are Source Admin; 2, 3 are owners. Chunks of 2.
    journal_of(
        "email,role,roles\na@x.com,member,Source Admin\nb@x.com,member,Source Admin\n\
         c@x.com,owner,\nd@x.com,owner,\ne@x.com,member,Source Admin\n",
        None,
        2,
    )
}

fn take(j: &mut Journal<InviteOp>, now: u64) -> Submission<RoleSet> {
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
    assert_eq!(j.progress().succeeded, 5);
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
    assert_eq!(out, RefusalOutcome::failed(vec![0, 1]));
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
            Unsent::GroupUnavailable,
            5,
        )
        .unwrap();
    assert_eq!(out, RefusalOutcome::failed(vec![0, 1, 4]));
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
    assert_eq!((p.succeeded, p.failed), (2, 3));
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
    let back = from_json(&to_json(&j)).unwrap();
    assert_eq!(back, j);
}

#[test]
fn an_interrupted_submission_goes_first_with_no_retry_counted() {
    let mut j = two_groups();
    let s = take(&mut j, 0);
    let out = j
        .record_unsent(s.id, "the page went away", Unsent::Interrupted, 10)
        .unwrap();
    assert_eq!(out, RefusalOutcome::Interrupted);
    assert!(j.rows()[..2]
        .iter()
        .all(|r| r.state == RowState::Queued && r.attempts == 0 && !r.uncertain));
    let again = take(&mut j, 10);
    assert_eq!((again.rows.clone(), again.retries), (s.rows, 0));
    assert_eq!(again.id, s.id + 1);
}
