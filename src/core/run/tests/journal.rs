//! The journal's state machine, driven against a simulated invite form.
//! (Ported from the first release's journal tests; the assertions are
//! theirs, except where "already a member / invited" is now an outcome of
//! its own rather than a failure.)

use std::collections::HashSet;

use super::sim::*;
use crate::core::plan::ChunkSize;
use crate::core::roles::RoleSet;
use crate::core::run::*;

// ---- construction -----------------------------------------------------------

#[test]
fn new_queues_ready_rows_and_skips_the_rest() {
    let p = preview_text(3, "bad@@x.com,member,\nuser0@x.com,member,\n");
    let j = Journal::new(&p, ChunkSize::default(), 42);
    assert_eq!(j.status(), RunStatus::Running);
    assert_eq!(j.created_ms(), 42);
    assert_eq!(j.groups(), &sets()[..3]);
    let s = states(&j);
    assert_eq!(
        s[..3],
        [&RowState::Queued, &RowState::Queued, &RowState::Queued]
    );
    match s[3] {
        RowState::Skipped {
            reason: Skip::NotReady { message },
        } => {
            assert!(message.starts_with("Row 5: \"bad@@x.com\" is not a valid email"))
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(s[4], RowState::Skipped { reason: Skip::NotReady { message } } if message.contains("duplicate of row 2"))
    );
    assert_eq!(j.progress().total, 3);
}

#[test]
fn nothing_ready_is_done_at_once() {
    let p = preview_text(0, "bad,member,\n");
    let j = Journal::new(&p, ChunkSize::default(), 0);
    assert_eq!(j.status(), RunStatus::Done);
    assert_eq!(j.next_submission(0), NextStep::Done);
    assert!(!j.is_unfinished());
}

// ---- the happy path ---------------------------------------------------------

#[test]
fn two_hundred_rows_four_sets_eight_submissions() {
    let mut j = journal(200, 25);
    let mut page = Page::default();
    let mut clock = 0;
    assert_eq!(
        drive(&mut j, &mut page, &mut clock, &HashSet::new()),
        NextStep::Done
    );
    assert_eq!(page.submissions, 8);
    assert_eq!(j.status(), RunStatus::Done);
    assert_eq!(j.progress().succeeded, 200);
    assert_invited_exactly_once(&j, &page);
}

#[test]
fn submissions_follow_group_order_and_chunk_size() {
    let mut j = journal(80, 10);
    let mut seen = Vec::new();
    for _ in 0..8 {
        let s = submit_next(&mut j, 0);
        assert_eq!(s.emails.len(), 10);
        assert!(s
            .emails
            .iter()
            .zip(&s.rows)
            .all(|(e, &r)| &j.rows()[r].email == e));
        seen.push(s.group.clone());
        j.record_accepted(s.id, 1).unwrap();
    }
    let s = sets();
    assert_eq!(
        seen,
        [&s[0], &s[0], &s[1], &s[1], &s[2], &s[2], &s[3], &s[3]].map(Clone::clone)
    );
    assert_eq!(j.status(), RunStatus::Done);
}

#[test]
fn next_submission_does_not_change_anything() {
    let j = journal(5, 2);
    let before = j.clone();
    let a = j.next_submission(0);
    let b = j.next_submission(0);
    assert_eq!(a, b);
    assert_eq!(j, before);
}

// ---- protocol misuse --------------------------------------------------------

#[test]
fn awaiting_result_blocks_new_work() {
    let mut j = journal(5, 2);
    let s = submit_next(&mut j, 0);
    assert_eq!(
        j.next_submission(0),
        NextStep::AwaitingResult { submission: s.id }
    );
    assert_eq!(
        j.mark_in_flight(&s, 0),
        Err(JournalError::SubmissionInFlight { id: s.id })
    );
    assert_eq!(j.in_flight(), Some(s.id));
}

#[test]
fn stale_or_forged_submissions_refused() {
    let mut j = journal(5, 2);
    let NextStep::Submit(s) = j.next_submission(0) else {
        panic!()
    };
    let mut wrong_id = s.clone();
    wrong_id.id += 1;
    assert!(matches!(
        j.mark_in_flight(&wrong_id, 0),
        Err(JournalError::StaleSubmission { .. })
    ));
    let mut wrong_rows = s.clone();
    wrong_rows.rows.swap(0, 1);
    assert!(matches!(
        j.mark_in_flight(&wrong_rows, 0),
        Err(JournalError::StaleSubmission { .. })
    ));
    let mut wrong_set = s.clone();
    wrong_set.group = RoleSet::owner();
    assert!(matches!(
        j.mark_in_flight(&wrong_set, 0),
        Err(JournalError::StaleSubmission { .. })
    ));
    let mut empty = s.clone();
    empty.rows.clear();
    empty.emails.clear();
    assert!(matches!(
        j.mark_in_flight(&empty, 0),
        Err(JournalError::StaleSubmission { .. })
    ));
    j.mark_in_flight(&s, 0).unwrap();
    j.record_accepted(s.id, 1).unwrap();
    // Replaying an old submission: its rows are no longer queued.
    let mut replay = s.clone();
    replay.id = 2;
    assert!(matches!(
        j.mark_in_flight(&replay, 0),
        Err(JournalError::StaleSubmission { .. })
    ));
}

#[test]
fn results_for_unknown_submissions_refused() {
    let mut j = journal(5, 2);
    assert_eq!(
        j.record_accepted(1, 0),
        Err(JournalError::UnknownSubmission { id: 1 })
    );
    let s = submit_next(&mut j, 0);
    assert_eq!(
        j.record_refused(s.id + 1, "x", 0),
        Err(JournalError::UnknownSubmission { id: s.id + 1 })
    );
    j.record_accepted(s.id, 0).unwrap();
    assert_eq!(
        j.record_accepted(s.id, 0),
        Err(JournalError::UnknownSubmission { id: s.id })
    );
}

// ---- refusals ---------------------------------------------------------------

#[test]
fn transient_failures_back_off_then_give_up() {
    let mut j = single_set(2, 25);
    let mut now = 1_000;
    let mut waits = Vec::new();
    for retry in 1..=3 {
        let s = submit_next(&mut j, now);
        assert_eq!(s.retries, retry - 1);
        let out = j.record_refused(s.id, TRANSIENT, now).unwrap();
        let NextStep::Wait { until_ms } = j.next_submission(now) else {
            panic!()
        };
        assert_eq!(
            out,
            RefusalOutcome::Retrying {
                at_ms: until_ms,
                retry
            }
        );
        assert!(states(&j).iter().all(|s| **s == RowState::Queued));
        waits.push(until_ms - now);
        now = until_ms;
    }
    assert_eq!(waits, [1_000, 2_000, 4_000]);
    let s = submit_next(&mut j, now);
    let out = j.record_refused(s.id, TRANSIENT, now).unwrap();
    assert_eq!(out, RefusalOutcome::failed(vec![0, 1]));
    let failed = RowState::Failed {
        message: TRANSIENT.into(),
        permanent: false,
    };
    assert_eq!(states(&j), [&failed, &failed]);
    assert_eq!(j.status(), RunStatus::Done);
}

#[test]
fn transient_then_success() {
    let mut j = single_set(3, 25);
    let mut page = Page {
        transient: HashSet::from([0, 1]),
        ..Page::default()
    };
    let mut clock = 0;
    drive(&mut j, &mut page, &mut clock, &HashSet::new());
    assert_eq!(page.submissions, 3); // two transient failures, then accepted
    assert_eq!(j.progress().succeeded, 3);
    assert!(clock >= 3_000); // waited 1 s, then 2 s
    assert_invited_exactly_once(&j, &page);
}

#[test]
fn other_groups_go_ahead_while_one_waits() {
    let mut j = journal(8, 25); // two rows in each of four sets
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, TRANSIENT, 0).unwrap();
    let next = submit_next(&mut j, 0);
    assert_ne!(next.group, s.group);
}

#[test]
fn bisecting_isolates_refused_emails() {
    let mut j = journal(100, 25);
    let bad: HashSet<String> = ["user8@x.com", "user44@x.com", "user45@x.com"]
        .map(String::from)
        .into();
    let mut page = Page {
        bad: bad.clone(),
        ..Page::default()
    };
    let mut clock = 0;
    drive(&mut j, &mut page, &mut clock, &HashSet::new());
    for row in j.rows() {
        if bad.contains(&row.email) {
            assert_eq!(
                row.state,
                RowState::Failed {
                    message: "One of the addresses is not a valid email".into(),
                    permanent: true
                }
            );
        } else {
            assert_eq!(row.state, RowState::Done, "{}", row.email);
        }
    }
    assert_invited_exactly_once(&j, &page);
    // 4 chunks, plus a bounded number of splits for 3 bad emails.
    assert!(page.submissions <= 4 + 3 * 2 * 5, "{}", page.submissions);
}

#[test]
fn a_message_naming_emails_settles_them_without_bisecting() {
    let mut j = journal(12, 25); // 3 rows per set
    let s = submit_next(&mut j, 0);
    assert_eq!(s.emails, ["user0@x.com", "user4@x.com", "user8@x.com"]);
    let out = j
        .record_refused(
            s.id,
            "USER4@x.com is already a member of this workspace.",
            0,
        )
        .unwrap();
    // "Already a member" is an outcome of its own, not a failure.
    assert_eq!(out, RefusalOutcome::already(vec![4]));
    assert_eq!(
        j.rows()[4].state,
        RowState::Already {
            already: Already::Member,
            page_words: "USER4@x.com is already a member of this workspace.".into()
        }
    );
    let again = submit_next(&mut j, 0);
    assert_eq!(again.emails, ["user0@x.com", "user8@x.com"]);
}

#[test]
fn form_taking_one_email_sends_one_at_a_time() {
    let mut j = journal(12, 25);
    let mut page = Page {
        max_per_submission: Some(1),
        ..Page::default()
    };
    let mut clock = 0;
    drive(&mut j, &mut page, &mut clock, &HashSet::new());
    assert_eq!(j.chunk_size(), 1);
    assert_eq!(j.progress().succeeded, 12);
    assert_eq!(page.submissions, 1 + 12); // one refusal, then singles
    assert_invited_exactly_once(&j, &page);
}

#[test]
fn stated_limit_shrinks_chunks() {
    let mut j = journal(100, 25);
    let s = submit_next(&mut j, 0);
    assert_eq!(
        j.record_refused(s.id, "at most 10", 0).unwrap(),
        RefusalOutcome::Shrunk { chunk_size: 10 }
    );
    assert_eq!(j.chunk_size(), 10);
    let sizes: Vec<usize> = (0..3)
        .map(|_| {
            let s = submit_next(&mut j, 0);
            j.record_accepted(s.id, 0).unwrap();
            s.emails.len()
        })
        .collect();
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(submit_next(&mut j, 0).emails.len(), 10); // next set, new size
}

#[test]
fn unstated_limit_halves() {
    let mut j = journal(40, 25);
    let s = submit_next(&mut j, 0);
    assert_eq!(s.emails.len(), 10);
    assert_eq!(
        j.record_refused(s.id, "Too many emails", 0).unwrap(),
        RefusalOutcome::Shrunk { chunk_size: 5 }
    );
    assert_eq!(submit_next(&mut j, 0).emails.len(), 5);
}

#[test]
fn size_refusal_of_a_single_email_fails_it() {
    let mut j = journal(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, "Too many emails", 0).unwrap();
    assert!(matches!(
        j.rows()[0].state,
        RowState::Failed {
            permanent: true,
            ..
        }
    ));
}

#[test]
fn unknown_refusal_of_one_email_is_not_retried() {
    let mut j = journal(1, 25);
    let s = submit_next(&mut j, 0);
    let out = j.record_refused(s.id, "Validation failure", 0).unwrap();
    assert_eq!(out, RefusalOutcome::failed(vec![0]));
    assert_eq!(j.next_submission(0), NextStep::Done);
}

#[test]
fn already_invited_after_an_unknown_outcome_counts_as_invited() {
    let mut j = journal(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, TRANSIENT, 0).unwrap(); // the server did create it
    let s = submit_next(&mut j, 1_000);
    let out = j
        .record_refused(s.id, "already been invited", 1_000)
        .unwrap();
    assert_eq!(out, RefusalOutcome::confirmed(vec![0]));
    assert_eq!(j.rows()[0].state, RowState::Done);
    assert!(j.rows()[0].note.is_some());
}

#[test]
fn already_invited_after_a_definite_refusal_is_not_an_invite() {
    // A chunk refused for a size limit created nothing: "already invited"
    // on the resend means someone else invited the person meanwhile.
    let mut j = journal(2, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, "You can invite at most 1 team members at a time", 0)
        .unwrap();
    let s = submit_next(&mut j, 0);
    let out = j.record_refused(s.id, "already been invited", 0).unwrap();
    assert_eq!(out, RefusalOutcome::already(vec![s.rows[0]]));
    assert!(matches!(
        j.rows()[s.rows[0]].state,
        RowState::Already {
            already: Already::Invited,
            ..
        }
    ));
}

#[test]
fn already_invited_on_first_attempt_is_its_own_outcome() {
    let mut j = journal(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, "already been invited", 0).unwrap();
    assert!(matches!(
        j.rows()[0].state,
        RowState::Already {
            already: Already::Invited,
            ..
        }
    ));
    let p = j.progress();
    assert_eq!((p.already, p.failed, p.done), (1, 0, 1));
}

// ---- pause, resume, cancel ----------------------------------------------------

#[test]
fn pause_and_resume() {
    let mut j = journal(8, 2);
    let s = submit_next(&mut j, 0);
    j.pause().unwrap();
    // The submission in flight still gets its result.
    assert_eq!(
        j.next_submission(0),
        NextStep::AwaitingResult { submission: s.id }
    );
    j.record_accepted(s.id, 0).unwrap();
    assert_eq!(j.status(), RunStatus::Paused);
    assert_eq!(j.next_submission(0), NextStep::Paused);
    let NextStep::Paused = j.next_submission(0) else {
        panic!()
    };
    j.pause().unwrap(); // idempotent
    j.resume().unwrap();
    assert!(matches!(j.next_submission(0), NextStep::Submit(_)));
}

#[test]
fn cannot_send_while_paused() {
    let mut j = journal(4, 2);
    let NextStep::Submit(s) = j.next_submission(0) else {
        panic!()
    };
    j.pause().unwrap();
    assert_eq!(
        j.mark_in_flight(&s, 0),
        Err(JournalError::InvalidTransition {
            status: RunStatus::Paused,
            action: "send"
        })
    );
}

#[test]
fn paused_run_whose_last_submission_lands_is_done() {
    let mut j = journal(1, 2);
    let s = submit_next(&mut j, 0);
    j.pause().unwrap();
    j.record_accepted(s.id, 0).unwrap();
    assert_eq!(j.status(), RunStatus::Done);
}

#[test]
fn cancel_keeps_every_row() {
    let mut j = journal(10, 2);
    let a = submit_next(&mut j, 0);
    j.record_accepted(a.id, 0).unwrap();
    let b = submit_next(&mut j, 0);
    j.cancel().unwrap();
    assert_eq!(j.status(), RunStatus::Cancelled);
    // The in-flight submission keeps its state until its outcome is known.
    assert_eq!(
        j.next_submission(0),
        NextStep::AwaitingResult { submission: b.id }
    );
    j.record_accepted(b.id, 0).unwrap();
    assert_eq!(j.next_submission(0), NextStep::Cancelled);
    let p = j.progress();
    assert_eq!((p.total, p.succeeded, p.cancelled, p.queued), (10, 3, 7, 0));
    assert_eq!(
        j.resume(),
        Err(JournalError::InvalidTransition {
            status: RunStatus::Cancelled,
            action: "resume"
        })
    );
    assert!(j.pause().is_err());
    j.cancel().unwrap(); // idempotent
}

#[test]
fn refusal_after_cancel_does_not_requeue() {
    let mut j = journal(4, 25);
    let s = submit_next(&mut j, 0);
    j.cancel().unwrap();
    j.record_refused(s.id, TRANSIENT, 0).unwrap();
    assert_eq!(states(&j)[0], &RowState::Cancelled);
    assert_eq!(j.next_submission(10_000), NextStep::Cancelled);
}

#[test]
fn done_run_cannot_be_cancelled_or_resumed() {
    let mut j = journal(1, 1);
    let s = submit_next(&mut j, 0);
    j.record_accepted(s.id, 0).unwrap();
    assert!(j.cancel().is_err() && j.resume().is_err() && j.pause().is_err());
}

// ---- reconcile and reload in every state ---------------------------------------

fn reload(j: &Journal<InviteOp>) -> Journal<InviteOp> {
    from_json(&to_json(j)).unwrap()
}

#[test]
fn reload_while_in_flight_and_accepted() {
    let mut j = journal(6, 25);
    let s = submit_next(&mut j, 0);
    let mut j = reload(&j);
    assert!(j.is_unfinished());
    let report = j.reconcile_after_reload(s.emails.iter(), Vec::<String>::new());
    assert_eq!(report.confirmed, s.rows);
    assert!(report.requeued.is_empty());
    assert!(s.rows.iter().all(|&r| j.rows()[r].state == RowState::Done));
    assert!(matches!(j.next_submission(0), NextStep::Submit(n) if n.group != s.group));
}

#[test]
fn reload_while_in_flight_and_not_accepted_resends_the_same_rows_first() {
    let mut j = journal(6, 25);
    let s = submit_next(&mut j, 0);
    let mut j = reload(&j);
    let report = j.reconcile_after_reload(Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(report.requeued, s.rows);
    let again = submit_next(&mut j, 0);
    assert_eq!(
        (again.rows.clone(), again.emails.clone()),
        (s.rows.clone(), s.emails.clone())
    );
    assert_eq!(again.id, s.id + 1);
    assert_eq!(j.rows()[again.rows[0]].attempts, 2);
}

#[test]
fn reload_partially_accepted_submission() {
    let mut j = journal(12, 25);
    let s = submit_next(&mut j, 0);
    let mut j = reload(&j);
    let report = j.reconcile_after_reload([s.emails[0].to_uppercase()], Vec::<String>::new());
    assert_eq!(report.confirmed, [s.rows[0]]);
    assert_eq!(report.requeued, s.rows[1..]);
    assert_eq!(submit_next(&mut j, 0).rows, s.rows[1..]);
}

#[test]
fn reconcile_skips_queued_rows_already_on_the_page() {
    let mut j = journal(8, 25);
    let report = j.reconcile_after_reload(["user1@x.com"], ["USER2@x.com"]);
    assert_eq!(report.found_on_page, [1, 2]);
    assert_eq!(
        j.rows()[1].state,
        RowState::Skipped {
            reason: Skip::FoundOnPage {
                already: Already::Invited
            }
        }
    );
    assert_eq!(
        j.rows()[2].state,
        RowState::Skipped {
            reason: Skip::FoundOnPage {
                already: Already::Member
            }
        }
    );
    assert_eq!(j.progress().skipped, 2);
}

#[test]
fn reconcile_credits_rows_whose_earlier_attempt_went_through() {
    let mut j = journal(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, TRANSIENT, 0).unwrap();
    let mut j = reload(&j);
    let report = j.reconcile_after_reload(["user0@x.com"], Vec::<String>::new());
    assert_eq!(report.found_on_page, [0]);
    assert_eq!(j.rows()[0].state, RowState::Done);
    assert_eq!(j.status(), RunStatus::Done);
}

#[test]
fn reload_while_running_without_flight() {
    let mut j = journal(4, 1);
    let s = submit_next(&mut j, 0);
    j.record_accepted(s.id, 0).unwrap();
    let mut r = reload(&j);
    assert_eq!(r, j);
    assert_eq!(
        r.reconcile_after_reload(["user0@x.com"], Vec::<String>::new()),
        ReconcileReport::default()
    );
    assert_eq!(r.next_submission(0), j.next_submission(0));
}

#[test]
fn reload_while_paused_in_flight() {
    let mut j = journal(4, 1);
    let s = submit_next(&mut j, 0);
    j.pause().unwrap();
    let mut j = reload(&j);
    j.reconcile_after_reload(Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(j.status(), RunStatus::Paused);
    assert_eq!(j.next_submission(0), NextStep::Paused);
    j.resume().unwrap();
    assert_eq!(submit_next(&mut j, 0).rows, s.rows);
}

#[test]
fn reload_while_waiting_for_backoff_keeps_the_wait() {
    let mut j = journal(1, 1);
    let s = submit_next(&mut j, 100);
    j.record_refused(s.id, TRANSIENT, 100).unwrap();
    let mut j = reload(&j);
    j.reconcile_after_reload(Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(j.next_submission(500), NextStep::Wait { until_ms: 1_100 });
    assert_eq!(submit_next(&mut j, 1_100).retries, 1);
}

#[test]
fn reload_when_cancelled_in_flight() {
    let mut j = journal(4, 1);
    let s = submit_next(&mut j, 0);
    j.cancel().unwrap();
    let mut a = reload(&j);
    a.reconcile_after_reload(s.emails.iter(), Vec::<String>::new());
    assert_eq!(a.rows()[s.rows[0]].state, RowState::Done);
    assert_eq!(a.next_submission(0), NextStep::Cancelled);
    let mut b = reload(&j);
    b.reconcile_after_reload(Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(b.rows()[s.rows[0]].state, RowState::Cancelled);
    assert!(!b.is_unfinished());
}

#[test]
fn reload_when_done() {
    let mut j = journal(1, 1);
    let s = submit_next(&mut j, 0);
    j.record_accepted(s.id, 0).unwrap();
    let mut j = reload(&j);
    assert_eq!(
        j.reconcile_after_reload(["user0@x.com"], Vec::<String>::new()),
        ReconcileReport::default()
    );
    assert_eq!(j.status(), RunStatus::Done);
    assert!(!j.is_unfinished());
}

#[test]
fn reload_during_bisection_keeps_the_halves() {
    let mut j = journal(8, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, "not a valid email", 0).unwrap();
    let mut j = reload(&j);
    j.reconcile_after_reload(Vec::<String>::new(), Vec::<String>::new());
    assert_eq!(submit_next(&mut j, 0).rows, s.rows[..1]);
}

#[test]
fn corrupt_or_foreign_journals_refused() {
    let j = journal(3, 1);
    let json = to_json(&j);
    assert!(matches!(
        from_json("not json"),
        Err(JournalError::Corrupt { .. })
    ));
    assert_eq!(
        from_json(&json.replacen("\"version\":2", "\"version\":9", 1)),
        Err(JournalError::UnsupportedVersion {
            found: 9,
            current: 2
        })
    );
    assert_eq!(
        from_json(&json.replacen("\"kind\":\"invite\"", "\"kind\":\"remove\"", 1)),
        Err(JournalError::WrongKind {
            found: "remove".into(),
            expected: "invite"
        })
    );
    let bad_group = json.replacen("\"group\":0", "\"group\":99", 1);
    assert!(matches!(
        from_json(&bad_group),
        Err(JournalError::Corrupt { .. })
    ));
    let bad_chunk = json.replacen("\"chunk_size\":1", "\"chunk_size\":0", 1);
    assert!(matches!(
        from_json(&bad_chunk),
        Err(JournalError::Corrupt { .. })
    ));
    let stray_flight = json.replacen(
        "\"state\":\"queued\"",
        "\"state\":\"in_flight\",\"submission\":5,\"attempt\":0",
        1,
    );
    assert!(matches!(
        from_json(&stray_flight),
        Err(JournalError::Corrupt { .. })
    ));
}

// ---- progress --------------------------------------------------------------

#[test]
fn progress_counts_and_eta() {
    let mut j = journal(100, 25);
    assert_eq!(j.progress().eta_ms, None);
    let s = submit_next(&mut j, 0);
    j.record_accepted(s.id, 2_000).unwrap();
    let p = j.progress();
    assert_eq!((p.total, p.done, p.succeeded, p.queued), (100, 25, 25, 75));
    assert_eq!(p.eta_ms, Some(3 * 2_000));
    let s = submit_next(&mut j, 2_000);
    assert_eq!(j.progress().in_flight, 25);
    j.record_accepted(s.id, 6_000).unwrap();
    assert_eq!(j.progress().eta_ms, Some(2 * 3_000));
}

// ---- the end-to-end scenario, simulated ---------------------------------

#[test]
fn failures_and_reloads_never_double_invite_or_lose_rows() {
    // Each seed is a different mix; serde round trips make each one slow-ish in debug builds.
    for mut seed in 1..=12u64 {
        let mut extra = String::new();
        for i in 0..20 {
            extra.push_str(&format!("bad{i}@@x.com,member,\n"));
        }
        let preview = preview_text(200, &extra);
        let mut j = Journal::new(&preview, ChunkSize::default(), 0);
        let mut page = Page::default();
        for i in 0..200 {
            if lcg(&mut seed) % 50 == 0 {
                page.bad.insert(format!("user{i}@x.com"));
            }
        }
        page.transient = (0..200).filter(|_| lcg(&mut seed) % 5 == 0).collect();
        let reloads: HashSet<usize> = (0..200).filter(|_| lcg(&mut seed) % 7 == 0).collect();
        let mut clock = 0;
        let end = drive(&mut j, &mut page, &mut clock, &reloads);
        assert_eq!(end, NextStep::Done, "seed {seed}");
        assert_invited_exactly_once(&j, &page);
        let p = j.progress();
        assert_eq!(p.total, 200);
        assert_eq!(p.done, 200, "seed {seed}");
        for row in j.rows() {
            match &row.state {
                RowState::Failed { message, .. } => assert!(!message.is_empty()),
                RowState::Done => {}
                RowState::Skipped { .. } => assert!(row.group.is_none()),
                other => panic!("seed {seed}: {other:?}"),
            }
            if page.bad.contains(&row.email) {
                assert!(matches!(row.state, RowState::Failed { .. }));
            }
        }
        assert_eq!(j.rows().len(), 220);
    }
}

#[test]
fn a_specific_refusal_naming_every_email_settles_them_all_at_once() {
    let mut j = single_set(3, 25);
    let s = submit_next(&mut j, 0);
    let msg = "user0@x.com, user1@x.com and user2@x.com are already members";
    assert_eq!(
        j.record_refused(s.id, msg, 0).unwrap(),
        RefusalOutcome::already(vec![0, 1, 2])
    );
    assert_eq!(j.status(), RunStatus::Done);
}

#[test]
fn an_unexplained_refusal_echoing_every_email_is_bisected() {
    let mut j = single_set(2, 25);
    let s = submit_next(&mut j, 0);
    let msg = "Could not process user0@x.com, user1@x.com";
    assert_eq!(
        j.record_refused(s.id, msg, 0).unwrap(),
        RefusalOutcome::Split { parts: 2 }
    );
    assert_eq!(submit_next(&mut j, 0).rows, [0]);
}

#[test]
fn driver_can_lower_the_chunk_size() {
    let mut j = single_set(5, 25);
    j.limit_chunk_size(ChunkSize::new(2).unwrap());
    j.limit_chunk_size(ChunkSize::new(50).unwrap()); // never raises
    assert_eq!(j.chunk_size(), 2);
    assert_eq!(submit_next(&mut j, 0).rows, [0, 1]);
}

#[test]
fn bisection_halves_go_before_other_work_and_in_order() {
    let mut j = single_set(8, 4);
    let s = submit_next(&mut j, 0);
    assert_eq!(s.rows, [0, 1, 2, 3]);
    j.record_refused(s.id, "not a valid email", 0).unwrap();
    let a = submit_next(&mut j, 0);
    assert_eq!(a.rows, [0, 1]);
    j.record_accepted(a.id, 0).unwrap();
    let b = submit_next(&mut j, 0);
    assert_eq!(b.rows, [2, 3]);
    j.record_refused(b.id, "not a valid email", 0).unwrap();
    assert_eq!(submit_next(&mut j, 0).rows, [2]);
}

#[test]
fn mark_in_flight_refuses_a_backoff_batch_before_its_time() {
    let mut j = single_set(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, TRANSIENT, 0).unwrap();
    let NextStep::Submit(retry) = j.next_submission(1_000) else {
        panic!()
    };
    assert!(matches!(
        j.mark_in_flight(&retry, 999),
        Err(JournalError::StaleSubmission { .. })
    ));
    j.mark_in_flight(&retry, 1_000).unwrap();
}

#[test]
fn serialised_states_are_readable_by_the_ui() {
    let mut j = single_set(2, 1);
    let s = submit_next(&mut j, 0);
    let v: serde_json::Value = serde_json::from_str(&to_json(&j)).unwrap();
    let v = &v["journal"];
    assert_eq!(
        v["rows"][0]["state"],
        serde_json::json!({"state": "in_flight", "submission": s.id, "attempt": 0})
    );
    assert_eq!(
        v["rows"][1]["state"],
        serde_json::json!({"state": "queued"})
    );
    assert_eq!(v["status"], "running");
}

#[test]
fn huge_raw_cells_of_skipped_rows_are_bounded() {
    let p = preview_text(1, &format!("{},member,\n", "z".repeat(1_000_000)));
    let j = Journal::new(&p, ChunkSize::default(), 0);
    assert_eq!(
        j.rows()[1].email.chars().count(),
        crate::core::run::journal::SKIPPED_EMAIL_CHARS
    );
    assert!(to_json(&j).len() < 10_000);
}

// ---- submissions that never reached the page (more in unsent.rs) ----------------

#[test]
fn unsent_then_reload_does_not_credit_the_unsent_attempt() {
    let mut j = single_set(2, 25);
    let s = submit_next(&mut j, 0);
    j.record_unsent(s.id, "typing failed", Unsent::Retry, 0)
        .unwrap();
    let mut j = reload(&j);
    // Nothing was sent, so a pending copy means someone else invited them.
    let report = j.reconcile_after_reload(["user0@x.com"], Vec::<String>::new());
    assert_eq!(report.found_on_page, [0]);
    assert!(matches!(j.rows()[0].state, RowState::Skipped { .. }));
}
