//! Property tests of the run protocol (issue 17): a journal driven by the
//! engine through the simulated executor and page, under random sequences
//! of outcomes and faults (transient refusals, lost answers, form trouble,
//! an ended session, saves that fail, the tab dying with a submission in
//! flight, the page or the extension going away, a person pausing), resumed
//! from storage after each stop until it finishes:
//! - nothing is sent that was not saved in flight first (`Exec` asserts it);
//! - no email is sent again once the page has it (its success is known or
//!   found by the read every resume makes);
//! - no row is lost: the journal keeps every input row, and at the end every
//!   ready row is settled, each one on the page exactly when it is `Done`.
//!
//! And the plan: every ready row is in exactly one submission, each
//! submission's role set is its rows' role set, and no submission is larger
//! than the chunk size.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;

const CELLS: [&str; 4] = [
    "member,Source Admin",
    "member,Source Read-only",
    "member,Function Admin",
    "owner,",
];

/// Pasted text: each row a role set (0..4), or an invalid address (4).
fn pasted(kinds: &[u8]) -> String {
    let mut text = String::from("email,role,roles\n");
    for (i, k) in kinds.iter().enumerate() {
        match *k {
            4 => text.push_str(&format!("not-an-email-{i},member,Source Admin\n")),
            k => text.push_str(&format!("user{i}@x.com,{}\n", CELLS[k as usize])),
        }
    }
    text
}

fn indexes(max: usize) -> impl Strategy<Value = HashSet<usize>> {
    prop::collection::hash_set(0..max, 0..4)
}

#[derive(Debug, Clone)]
struct Faults {
    transient: HashSet<usize>,
    unknown: HashSet<usize>,
    trouble: HashSet<usize>,
    expired: HashSet<usize>,
    persist_fails: HashSet<usize>,
    read_fails: HashSet<usize>,
    reload_at: HashSet<usize>,
    pause_after: Option<usize>,
    cancel_after: Option<usize>,
    /// After how many sends the run loses its page, and why.
    ended: Option<(usize, u8)>,
    bad: HashSet<usize>,
    max_per_submission: Option<usize>,
}

fn faults() -> impl Strategy<Value = Faults> {
    (
        (indexes(30), indexes(30), indexes(30), indexes(30)),
        (indexes(60), indexes(10), indexes(30)),
        (
            prop::option::of(1usize..20),
            prop::option::weighted(0.15, 1usize..20),
            prop::option::of((1usize..20, 0u8..4)),
            indexes(24),
            prop::option::weighted(0.3, 1usize..4),
        ),
    )
        .prop_map(
            |(
                (transient, unknown, trouble, expired),
                (persist_fails, read_fails, reload_at),
                (pause_after, cancel_after, ended, bad, max_per_submission),
            )| Faults {
                transient,
                unknown,
                trouble,
                expired,
                persist_fails,
                read_fails,
                reload_at,
                pause_after,
                cancel_after,
                ended,
                bad,
                max_per_submission,
            },
        )
}

fn interruption(k: u8) -> Interruption {
    [
        Interruption::PageLeft,
        Interruption::SignedOut,
        Interruption::ExtensionGone,
        Interruption::LockLost,
    ][k as usize % 4]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_run_under_random_faults_resumes_to_the_end_sending_nothing_twice_and_losing_no_row(
        kinds in prop::collection::vec(0u8..5, 1..20),
        chunk in 1usize..6,
        f in faults(),
    ) {
        let text = pasted(&kinds);
        let start_journal = journal_of(&text, None, chunk);
        let rows_in = start_journal.rows().len();
        prop_assert_eq!(rows_in, kinds.len());
        let mut page = Page {
            transient: f.transient.clone(),
            max_per_submission: f.max_per_submission,
            ..Page::default()
        };
        for i in &f.bad {
            page.bad.insert(format!("user{i}@x.com"));
        }
        let mut exec = Exec {
            page,
            unknown: f.unknown.clone(),
            trouble: f.trouble.clone(),
            expired: f.expired.clone(),
            persist_fails: f.persist_fails.clone(),
            read_fails: f.read_fails.clone(),
            reload_at: f.reload_at.clone(),
            pause_after: f.pause_after,
            cancel_after: f.cancel_after,
            end_after: f.ended.map(|(n, _)| n),
            gone: f.ended.map(|(_, k)| interruption(k)),
            ..Exec::default()
        };
        let (mut engine, mut ran) = start(&mut exec, start_journal);
        let mut rounds = 0;
        let status = loop {
            rounds += 1;
            prop_assert!(rounds < 200, "no end after {} resumes: {:?}", rounds, ran);
            // Whatever happened, the stored journal keeps every row.
            if let Some(stored) = exec.stored.as_deref() {
                prop_assert_eq!(from_json(stored).unwrap().rows().len(), rows_in);
            }
            match ran {
                Ran::Stopped(Stop::Finished { status, .. }) => break Some(status),
                Ran::Stopped(Stop::NotStarted { .. }) => break None,
                // The tab died, the page or the extension went away: a new
                // copy starts from what was stored.
                Ran::Reloaded => engine = exec.restore(),
                Ran::Stopped(_) if exec.ended => engine = exec.restore(),
                // A pause in place: the person presses Resume.
                Ran::Stopped(_) => {}
            }
            ran = resume(&mut exec, &mut engine);
        };
        let journal = engine.journal();
        prop_assert_eq!(journal.rows().len(), rows_in);
        match status {
            None => prop_assert!(exec.page.log.is_empty(), "sent before the run was saved"),
            Some(status) => {
                prop_assert!(journal.in_flight().is_none());
                assert_invited_exactly_once(journal, &exec.page);
                if status == RunStatus::Done {
                    prop_assert!(journal.rows().iter().all(|r| r.state != RowState::Queued));
                }
            }
        }
        // Round trip: what a reload reads back is the journal.
        prop_assert_eq!(&from_json(&to_json(journal)).unwrap(), journal);
    }

    #[test]
    fn the_plan_puts_every_ready_row_in_exactly_one_uniform_submission_within_the_chunk(
        kinds in prop::collection::vec(0u8..5, 1..40),
        chunk in 1usize..8,
    ) {
        let preview = preview_of(&pasted(&kinds), None);
        let ready: Vec<String> = preview
            .ready()
            .filter_map(|r| r.email.as_ref().map(|e| e.as_str().to_string()))
            .collect();
        let mut j = journal_of(&pasted(&kinds), None, chunk);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut clock = 0;
        loop {
            match j.next_submission(clock) {
                NextStep::Submit(s) => {
                    prop_assert!(!s.emails.is_empty() && s.emails.len() <= chunk);
                    prop_assert_eq!(s.emails.len(), s.rows.len());
                    for (email, &row) in s.emails.iter().zip(&s.rows) {
                        prop_assert_eq!(&j.rows()[row].email, email);
                        prop_assert_eq!(j.row_group(row), Some(&s.group), "{} in another role set's submission", email);
                        *seen.entry(email.clone()).or_default() += 1;
                    }
                    j.mark_in_flight(&s, clock).unwrap();
                    j.record_accepted(s.id, clock).unwrap();
                    clock += 1;
                }
                NextStep::Wait { until_ms } => clock = until_ms,
                _ => break,
            }
        }
        prop_assert_eq!(seen.len(), ready.len());
        for email in &ready {
            prop_assert_eq!(seen.get(email), Some(&1), "{} not in exactly one submission", email);
        }
    }
}
