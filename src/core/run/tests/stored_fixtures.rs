//! Stored runs as this format writes them, kept as files: every row
//! state, note and skip, every scope, change and re-send step, for each
//! kind of run. Each file must read back to the run it was written from,
//! and that run must write exactly the file again — so a change to how the
//! stored types are decoded (`crate::core::wire`) cannot stop an earlier
//! build's runs from resuming.
//!
//! The files were written by the build before `wire` (main 9dd245c), with
//! `AK_WRITE_STORED_FIXTURES=1 cargo test stored_fixtures`; rewrite them
//! only for a deliberate change of the stored format.

use std::marker::PhantomData;
use std::path::PathBuf;

use crate::core::plan::RetryPolicy;
use crate::core::roles::{Label, RoleGrant, RoleSet, Scope};
use crate::core::run::journal::{Batch, InFlight};
use crate::core::run::stored::JournalWire;
use crate::core::run::*;

fn roles(scope: Scope) -> RoleSet {
    RoleSet::member([RoleGrant::new("Source Admin", scope)])
}

/// A role set of each kind of scope, and an owner.
fn role_sets() -> Vec<RoleSet> {
    vec![
        RoleSet::member([
            RoleGrant::new("Source Admin", Scope::all()),
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
        ]),
        roles(Scope::All {
            labels: vec![Label::new("environment", "prod"), Label::new("team", "web")],
        }),
        roles(Scope::Specific {
            resources: vec!["Web".into(), "iOS \"app\"".into()],
        }),
        RoleSet::owner(),
    ]
}

fn row(line: usize, group: Option<usize>, state: RowState) -> Row {
    Row {
        line,
        email: format!("person{line}@x.com"),
        group,
        state,
        attempts: 1,
        uncertain: false,
        note: None,
        after: None,
    }
}

/// A run of `groups` holding every row state, note and skip, a backoff
/// batch and a submission in flight; every group has a row.
fn sample<O: Operation>(groups: Vec<O::Group>) -> StoredRun<O> {
    let mut rows = vec![
        Row {
            note: Some(Note::ConfirmedAfterInterruption),
            ..row(2, Some(0), RowState::Done)
        },
        Row {
            note: Some(Note::EarlierAttemptWentThrough {
                page_words: "already invited".into(),
            }),
            attempts: 2,
            ..row(
                3,
                Some(0),
                RowState::Already {
                    already: Already::Invited,
                    page_words: "person3@x.com has already been invited".into(),
                },
            )
        },
        Row {
            uncertain: true,
            attempts: 4,
            note: Some(Note::Text {
                text: "a note of an older version".into(),
            }),
            ..row(
                4,
                Some(0),
                RowState::Failed {
                    message: "Something went wrong.".into(),
                    permanent: false,
                },
            )
        },
        row(
            5,
            Some(0),
            RowState::InFlight {
                submission: 7,
                attempt: 1,
            },
        ),
        row(
            6,
            Some(0),
            RowState::InFlight {
                submission: 7,
                attempt: 1,
            },
        ),
        Row {
            attempts: 0,
            ..row(7, Some(0), RowState::Queued)
        },
        Row {
            note: Some(Note::FoundAfterUnknownAttempt),
            ..row(
                8,
                Some(0),
                RowState::Skipped {
                    reason: Skip::FoundOnPage {
                        already: Already::Member,
                    },
                },
            )
        },
        Row {
            email: "not an email".into(),
            attempts: 0,
            ..row(
                9,
                None,
                RowState::Skipped {
                    reason: Skip::NotReady {
                        message: "Row 9: \"not an email\" is not a valid email".into(),
                    },
                },
            )
        },
        Row {
            after: Some(2),
            attempts: 0,
            ..row(
                10,
                Some(0),
                RowState::Skipped {
                    reason: Skip::StepBeforeNotDone { after: 2 },
                },
            )
        },
        row(
            11,
            Some(0),
            RowState::Failed {
                message: "person11@x.com is not a valid email".into(),
                permanent: true,
            },
        ),
        Row {
            attempts: 0,
            ..row(12, Some(0), RowState::Cancelled)
        },
    ];
    for g in 1..groups.len() {
        rows.push(row(20 + g, Some(g), RowState::Done));
    }
    let journal = Journal::from(JournalWire {
        created_ms: 1_700_000_000_000,
        status: RunStatus::Paused,
        chunk_size: 2,
        retry: RetryPolicy::default(),
        groups,
        rows,
        batches: vec![Batch {
            rows: vec![5],
            retries: 1,
            not_before_ms: 1_700_000_005_000,
        }],
        in_flight: Some(InFlight {
            id: 7,
            rows: vec![3, 4],
            retries: 0,
            started_ms: 1_700_000_001_000,
        }),
        next_id: 8,
        timed_submissions: 6,
        total_submission_ms: 3_000,
        op: PhantomData,
    });
    let submission = SubmissionRef {
        id: 6,
        rows: 2,
        group: 0,
    };
    let activity = [
        Event::Started {
            rows: 10,
            groups: 1,
            per_submission: 2,
        },
        Event::Answered {
            submission,
            answer: AnswerEvent::Refused {
                page_words: "person11@x.com is not a valid email".into(),
                then: Ok(RefusalOutcome::Settled {
                    failed: vec![9],
                    already: vec![],
                    confirmed: vec![1],
                }),
            },
        },
        Event::Answered {
            submission,
            answer: AnswerEvent::NotSent {
                why: "the form did not open".into(),
                then: Err("no submission 6 is in flight".into()),
            },
        },
        Event::Answered {
            submission,
            answer: AnswerEvent::Unclear {
                error: "no answer within 30 s".into(),
            },
        },
        Event::Checked {
            why: CheckWhy::AfterUnclear { id: 6 },
            report: ReconcileReport {
                confirmed: vec![0],
                requeued: vec![5],
                found_on_page: vec![6],
            },
        },
        Event::CheckFailed {
            why: CheckWhy::BeforeResuming,
            error: "the users table did not load".into(),
        },
        Event::Paused {
            why: Some(PauseReason::FormTrouble {
                times: 3,
                last: "the Invite button stayed disabled".into(),
            }),
        },
        Event::Paused { why: None },
        Event::Resumed,
        Event::Finished {
            status: RunStatus::Cancelled,
            progress: Progress {
                total: 10,
                done: 8,
                ..Progress::default()
            },
            not_ready: 1,
        },
        Event::Text {
            text: "A line of an older version.".into(),
        },
    ];
    let activity: Vec<Logged> = activity
        .into_iter()
        .enumerate()
        .map(|(i, event)| Logged {
            at_ms: 1_700_000_000_000 + i as u64,
            event,
        })
        .collect();
    StoredRun::new(journal, &activity)
}

fn invite() -> StoredRun<InviteOp> {
    sample(role_sets())
}

fn remove() -> StoredRun<RemoveOp> {
    sample(vec![
        Target::Member { owner: true },
        Target::Member { owner: false },
        Target::Invite,
    ])
}

fn revoke() -> StoredRun<RevokeOp> {
    sample(vec![Target::Invite])
}

fn resend() -> StoredRun<ResendOp> {
    let [a, b, ..]: [RoleSet; 4] = role_sets().try_into().unwrap();
    sample(vec![
        ResendStep::Revoke { roles: a },
        ResendStep::Invite { roles: b },
    ])
}

fn roster() -> StoredRun<RosterOp> {
    let [a, b, c, owner]: [RoleSet; 4] = role_sets().try_into().unwrap();
    sample(vec![
        Change::Invite { to: a.clone() },
        Change::SetRoles {
            from: owner.clone(),
            to: b.clone(),
        },
        Change::Resend {
            from: a.clone(),
            step: ResendStep::Revoke { roles: c.clone() },
        },
        Change::Resend {
            from: a.clone(),
            step: ResendStep::Invite { roles: c },
        },
        Change::Reinvite { from: b, to: owner },
        Change::Remove {
            target: Target::Member { owner: true },
        },
        Change::Remove {
            target: Target::Invite,
        },
    ])
}

fn fixture_path(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/core/run/tests/fixtures")
        .join(format!("stored-{kind}.json"))
}

/// The file reads back to `run` (checked, as a stored run is on load),
/// and `run` writes exactly the file.
fn reads_back<O: Operation + Clone + PartialEq + std::fmt::Debug>(run: StoredRun<O>) {
    let path = fixture_path(O::KIND);
    if std::env::var_os("AK_WRITE_STORED_FIXTURES").is_some() {
        let text = serde_json::to_string_pretty(&run).unwrap() + "\n";
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let read: StoredRun<O> = crate::core::json::from_str(&text).unwrap();
    assert_eq!(read.clone().checked().unwrap(), read, "{}", O::KIND);
    assert_eq!(read, run, "{}", O::KIND);
    let written = serde_json::to_value(&run).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, file, "{}", O::KIND);
    // The text too: the fields in the order the file has them (a value
    // compares objects without their order).
    let written = serde_json::to_string_pretty(&run).unwrap() + "\n";
    assert_eq!(written, text, "{}", O::KIND);
}

#[test]
fn stored_invite_runs_read_back() {
    reads_back(invite());
}

#[test]
fn stored_removal_runs_read_back() {
    reads_back(remove());
}

#[test]
fn stored_revocation_runs_read_back() {
    reads_back(revoke());
}

#[test]
fn stored_resend_runs_read_back() {
    reads_back(resend());
}

#[test]
fn stored_roster_runs_read_back() {
    reads_back(roster());
}

/// A variant's missing field is named, as serde's derived decoder named it.
#[test]
fn a_missing_field_of_a_variant_is_named() {
    let cases = [
        (
            r#"{"state": "in_flight", "submission": 1}"#,
            "missing field `attempt`",
        ),
        (r#"{"state": "sent"}"#, "unknown variant `sent`"),
        (r#"{"submission": 1}"#, "missing field `state`"),
    ];
    for (text, words) in cases {
        let e = crate::core::json::from_str::<RowState>(text).unwrap_err();
        assert!(e.contains(words), "{text}: {e}");
    }
    let e = crate::core::json::from_str::<Change>(
        r#"{"kind": "set_roles", "to": {"workspace": "owner"}}"#,
    )
    .unwrap_err();
    assert!(e.contains("missing field `from`"), "{e}");
    let e = crate::core::json::from_str::<Scope>(r#"{"kind": "specific"}"#).unwrap_err();
    assert!(e.contains("missing field `resources`"), "{e}");
    let e = crate::core::json::from_str::<ResendStep>(r#"{"step": "revoke"}"#).unwrap_err();
    assert!(e.contains("missing field `roles`"), "{e}");
}
