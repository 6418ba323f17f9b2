//! The stored form: version 2 round trips and is checked on read; the
//! first release's version 1 (JSON text in a string) is still read.

use serde_json::json;

use super::sim::*;
use crate::core::plan::ChunkSize;
use crate::core::roles::RoleSet;
use crate::core::run::*;

fn logged(at_ms: u64, event: Event) -> Logged {
    Logged { at_ms, event }
}

#[test]
fn version_2_round_trips_with_its_activity() {
    let mut j = journal(6, 2);
    let s = submit_next(&mut j, 5);
    j.record_refused(s.id, "user0@x.com is already a member", 9)
        .unwrap();
    let activity = vec![
        logged(
            1,
            Event::Started {
                rows: 6,
                groups: 4,
                per_submission: 2,
            },
        ),
        logged(
            9,
            Event::Paused {
                why: Some(PauseReason::PageLeft),
            },
        ),
    ];
    let run = StoredRun::new(j.clone(), &activity);
    let text = serde_json::to_string(&run).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(v["kind"], "invite");
    // Structured data, not JSON text inside a string.
    assert!(v["journal"].is_object());
    assert_eq!(v["activity"][1]["event"]["paused"]["why"], "page_left");
    let head: StoredHead = serde_json::from_str(&text).unwrap();
    assert_eq!(head.version, Some(2));
    let back: StoredRun<InviteOp> = serde_json::from_str(&text).unwrap();
    assert_eq!(back.checked().unwrap(), run);
}

#[test]
fn only_the_newest_activity_is_kept() {
    let activity: Vec<Logged> = (0..1_500).map(|i| logged(i, Event::Resumed)).collect();
    let run = StoredRun::new(journal(1, 1), &activity);
    assert_eq!(run.activity.len(), stored::MAX_ACTIVITY);
    assert_eq!(run.activity[0].at_ms, 500);
}

/// A journal as the first release stored it: every row state, a note of
/// each kind, a batch and a submission in flight.
fn v1_item() -> serde_json::Value {
    let owner = serde_json::to_value(RoleSet::owner()).unwrap();
    let admin = serde_json::to_value(set("Source Admin")).unwrap();
    let journal = json!({
        "version": 1,
        "created_ms": 1_700_000_000_000u64,
        "status": "running",
        "chunk_size": 2,
        "retry": {"max_retries": 3, "base_delay_ms": 1000, "max_delay_ms": 30000},
        "groups": [admin, owner],
        "rows": [
            {"line": 2, "email": "a@x.com", "group": 0, "state": {"state": "invited"}, "attempts": 1,
             "note": "confirmed on the page after an interruption"},
            {"line": 3, "email": "b@x.com", "group": 0, "state": {"state": "failed",
             "message": "b@x.com is already a member of this workspace", "permanent": true}, "attempts": 1},
            {"line": 4, "email": "c@x.com", "group": 0, "state": {"state": "failed",
             "message": "Something went wrong. Please try again.", "permanent": false}, "attempts": 4,
             "uncertain": true},
            {"line": 5, "email": "d@x.com", "group": 1, "state": {"state": "in_flight", "submission": 7,
             "attempt": 0}, "attempts": 1},
            {"line": 6, "email": "e@x.com", "group": 1, "state": {"state": "in_flight", "submission": 7,
             "attempt": 0}, "attempts": 1},
            {"line": 7, "email": "f@x.com", "group": 0, "state": {"state": "queued"}, "attempts": 0},
            {"line": 8, "email": "g@x.com", "group": 0, "state": {"state": "skipped",
             "reason": "already invited (found before sending)"}, "attempts": 0},
            {"line": 9, "email": "bad@@x", "group": null, "state": {"state": "skipped",
             "reason": "Row 9: \"bad@@x\" is not a valid email"}, "attempts": 0},
            {"line": 10, "email": "h@x.com", "group": 0, "state": {"state": "invited"}, "attempts": 2,
             "note": "the page says: h@x.com has already been invited (an earlier attempt went through)"},
            {"line": 11, "email": "i@x.com", "group": 0, "state": {"state": "cancelled"}, "attempts": 0}
        ],
        "batches": [{"rows": [5], "retries": 1, "not_before_ms": 1_700_000_005_000u64}],
        "in_flight": {"id": 7, "rows": [3, 4], "retries": 0, "started_ms": 1_700_000_001_000u64},
        "next_id": 8,
        "timed_submissions": 6,
        "total_submission_ms": 3000
    });
    json!({
        "journal": journal.to_string(),
        "activity": ["Started: 9 rows to invite in 2 role sets, up to 2 emails per submission."]
    })
}

#[test]
fn version_1_is_read_and_upgraded() {
    let item = v1_item();
    let head: StoredHead = serde_json::from_value(item.clone()).unwrap();
    assert_eq!(head.version, None);
    let v1: StoredV1 = serde_json::from_value(item).unwrap();
    let run = v1.upgrade::<InviteOp>().unwrap();
    assert_eq!((run.version, run.kind.as_str()), (2, "invite"));
    let j = &run.journal;
    let states: Vec<&RowState> = j.rows().iter().map(|r| &r.state).collect();
    assert_eq!(states[0], &RowState::Done);
    assert_eq!(j.rows()[0].note, Some(Note::ConfirmedAfterInterruption));
    assert_eq!(
        states[1],
        &RowState::Already {
            already: Already::Member,
            page_words: "b@x.com is already a member of this workspace".into()
        }
    );
    assert!(matches!(
        states[2],
        RowState::Failed {
            permanent: false,
            ..
        }
    ));
    assert!(j.rows()[2].uncertain);
    assert_eq!(j.in_flight(), Some(7));
    assert_eq!(
        states[6],
        &RowState::Skipped {
            reason: Skip::FoundOnPage {
                already: Already::Invited
            }
        }
    );
    assert!(
        matches!(states[7], RowState::Skipped { reason: Skip::NotReady { message } } if message.contains("not a valid email"))
    );
    assert_eq!(
        j.rows()[8].note,
        Some(Note::EarlierAttemptWentThrough {
            page_words: "h@x.com has already been invited".into()
        })
    );
    assert_eq!(states[9], &RowState::Cancelled);
    assert_eq!(j.groups(), &[set("Source Admin"), RoleSet::owner()]);
    assert_eq!(
        run.activity,
        [logged(
            1_700_000_000_000,
            Event::Text {
                text: "Started: 9 rows to invite in 2 role sets, up to 2 emails per submission."
                    .into()
            }
        )]
    );
    // The upgraded run goes on: its submission in flight is settled by a read.
    let mut j = run.journal;
    let report = j.reconcile(&PageSeen::new(["d@x.com"], Vec::<String>::new()));
    assert_eq!((report.confirmed, report.requeued), (vec![3], vec![4]));
    assert!(matches!(j.next_submission(1_700_000_005_000), NextStep::Submit(s) if s.rows == [4]));
}

#[test]
fn a_broken_or_foreign_version_1_is_refused_clearly() {
    let mut item = v1_item();
    let text = item["journal"]
        .as_str()
        .unwrap()
        .replace("\"version\":1", "\"version\":3");
    item["journal"] = json!(text);
    let v1: StoredV1 = serde_json::from_value(item).unwrap();
    assert_eq!(
        v1.upgrade::<InviteOp>().unwrap_err(),
        JournalError::UnsupportedVersion {
            found: 3,
            current: 2
        }
    );
    let v1 = StoredV1 {
        journal: "{\"version\":1".into(),
        activity: vec![],
    };
    assert!(matches!(
        v1.upgrade::<InviteOp>(),
        Err(JournalError::Corrupt { .. })
    ));
    // A version-1 journal with an in-flight row the submission does not list.
    let mut item = v1_item();
    let text = item["journal"]
        .as_str()
        .unwrap()
        .replace("\"rows\":[3,4]", "\"rows\":[3]");
    item["journal"] = json!(text);
    let v1: StoredV1 = serde_json::from_value(item).unwrap();
    assert!(matches!(
        v1.upgrade::<InviteOp>(),
        Err(JournalError::Corrupt { .. })
    ));
}

#[test]
fn a_version_1_headline_at_a_glance_is_the_upgraded_runs() {
    let v1: StoredV1 = serde_json::from_value(v1_item()).unwrap();
    let glance = v1.headline().unwrap();
    let run = v1.upgrade::<InviteOp>().unwrap();
    assert_eq!(glance, stored::Headline::of(&run.journal));
    // Rows 1..=4 and 6 are not finished or not ready: 9 ready, 6 done.
    assert_eq!((glance.done, glance.total), (6, 9));
    // Each state on its own: the glance and the upgrade agree.
    for state in [
        r#"{"state":"queued"}"#,
        r#"{"state":"invited"}"#,
        r#"{"state":"failed","message":"x@x.com is already a member","permanent":true}"#,
        r#"{"state":"skipped","reason":"already invited (found before sending)"}"#,
        r#"{"state":"cancelled"}"#,
    ] {
        let mut item = v1_item();
        let text = item["journal"]
            .as_str()
            .unwrap()
            .replace(r#"{"state":"invited"}"#, state);
        item["journal"] = json!(text);
        let v1: StoredV1 = serde_json::from_value(item).unwrap();
        let upgraded = v1.upgrade::<InviteOp>().unwrap();
        assert_eq!(
            v1_headline(&text),
            stored::Headline::of(&upgraded.journal),
            "{state}"
        );
    }
}

fn v1_headline(journal: &str) -> stored::Headline {
    StoredV1 {
        journal: journal.into(),
        activity: vec![],
    }
    .headline()
    .unwrap()
}

#[test]
fn a_broken_or_foreign_version_1_has_no_headline() {
    let journal = |from: &str, to: &str| {
        let item = v1_item();
        StoredV1 {
            journal: item["journal"].as_str().unwrap().replace(from, to),
            activity: vec![],
        }
    };
    assert_eq!(
        journal("\"version\":1", "\"version\":3").headline(),
        Err(JournalError::UnsupportedVersion {
            found: 3,
            current: 2
        })
    );
    for (from, to) in [
        ("\"rows\":[3,4]", "\"rows\":[3]"),
        ("\"rows\":[3,4]", "\"rows\":[3,4,40]"),
        ("\"group\":1", "\"group\":2"),
        ("\"state\":\"cancelled\"", "\"state\":\"gone\""),
        ("\"version\":1", "\"version\":\"1\""),
    ] {
        let v1 = journal(from, to);
        assert!(v1.upgrade::<InviteOp>().is_err(), "{to}");
        assert!(
            matches!(
                journal(from, to).headline(),
                Err(JournalError::Corrupt { .. })
            ),
            "{to}"
        );
    }
}

#[test]
fn a_fresh_journal_survives_storage() {
    let j = Journal::new(
        &preview_text(9, "bad@@x.com,member,\n"),
        ChunkSize::new(3).unwrap(),
        7,
    );
    assert_eq!(from_json(&to_json(&j)).unwrap(), j);
}

#[test]
fn the_borrowed_form_stores_exactly_the_owned_one() {
    let j = journal(5, 2);
    let activity: Vec<Logged> = (0..1_200).map(|i| logged(i, Event::Resumed)).collect();
    let owned = serde_json::to_value(StoredRun::new(j.clone(), &activity)).unwrap();
    let borrowed = serde_json::to_value(stored::StoredRef::new(&j, &activity)).unwrap();
    assert_eq!(owned, borrowed);
}
