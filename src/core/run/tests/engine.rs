//! The engine's effect sequences, carried out by a simulated executor
//! against the simulated invite form: every path of the first release's
//! run loop (pause, resume, cancel, reload with a submission in flight,
//! refusal split, shrinking, retry with backoff, unclear answers, form
//! trouble, a save that fails) and the page going away mid-run.

use std::collections::{HashSet, VecDeque};

use super::sim::*;
use crate::core::plan::ChunkSize;
use crate::core::roles::RoleSet;
use crate::core::run::engine::{MAX_FORM_TROUBLE, MAX_UNCLEAR};
use crate::core::run::*;

/// What the simulated executor did last.
#[derive(Debug, PartialEq)]
enum Ran {
    Stopped(Stop),
    /// The tab "died" right after the page acted on a submission.
    Reloaded,
}

/// A simulated executor: storage, the page, a clock, and faults to inject.
#[derive(Default)]
struct Exec {
    page: Page,
    clock: u64,
    /// The last saved run (JSON, as the journal store keeps it).
    stored: Option<String>,
    activity: Vec<Logged>,
    /// Effects in order, by kind, for sequence assertions.
    trace: Vec<String>,
    persists: usize,
    sends: usize,
    reads: usize,
    /// Persist numbers (0-based) that fail.
    persist_fails: HashSet<usize>,
    /// Page submission numbers whose answer is lost after the page acted.
    unknown: HashSet<usize>,
    /// Send numbers the form does not take (nothing reaches the page).
    trouble: HashSet<usize>,
    /// Send numbers the page refuses because the session ended (nothing
    /// is done).
    expired: HashSet<usize>,
    /// Read numbers that fail.
    read_fails: HashSet<usize>,
    /// Page submission numbers after which the tab dies.
    reload_at: HashSet<usize>,
    /// Ask to pause / cancel once this many sends were made.
    pause_after: Option<usize>,
    cancel_after: Option<usize>,
    /// The page goes away once this many sends were made.
    end_after: Option<usize>,
    ended: bool,
    /// Why it went away (the page was left, unless set).
    gone: Option<Interruption>,
}

impl Exec {
    fn run(&mut self, engine: &mut Engine<InviteOp>, effects: Vec<Effect<RoleSet>>) -> Ran {
        let mut queue: VecDeque<Effect<RoleSet>> = effects.into();
        loop {
            let effect = queue.pop_front().expect("the effects ended without a Stop");
            let input = match effect {
                Effect::Log(l) => {
                    self.trace.push(format!("log:{}", event_name(&l.event)));
                    self.activity.push(l);
                    continue;
                }
                Effect::Stop(stop) => {
                    self.trace.push("stop".into());
                    assert!(queue.is_empty(), "effects after Stop: {queue:?}");
                    assert!(!engine.is_active());
                    return Ran::Stopped(stop);
                }
                Effect::Persist if self.ended && !self.why().can_save() => {
                    self.trace.push("unsaved".into());
                    Input::Ended(self.why())
                }
                Effect::Persist => {
                    self.trace.push("persist".into());
                    let n = self.persists;
                    self.persists += 1;
                    if self.persist_fails.contains(&n) {
                        Input::Persisted(Err("the storage quota is used up".into()))
                    } else {
                        let run = StoredRun::new(engine.journal().clone(), &self.activity);
                        self.stored = Some(serde_json::to_string(&run).unwrap());
                        Input::Persisted(Ok(()))
                    }
                }
                Effect::Send(sub) => {
                    self.trace.push("send".into());
                    if self.ended {
                        Input::Ended(self.why())
                    } else {
                        self.assert_saved_in_flight(&sub);
                        let n = self.sends;
                        self.sends += 1;
                        let input = if self.trouble.contains(&n) {
                            Input::Answered(Attempt::NotSent {
                                why: NotSentWhy::Trouble("the invite form did not open".into()),
                            })
                        } else if self.expired.contains(&n) {
                            Input::Answered(Attempt::Refused {
                                page_words: SESSION_EXPIRED.into(),
                            })
                        } else {
                            let result = self.page.submit(&sub);
                            self.clock += 300;
                            let at = self.page.submissions - 1;
                            if self.reload_at.contains(&at) {
                                return Ran::Reloaded;
                            }
                            match result {
                                _ if self.unknown.contains(&at) => {
                                    Input::Answered(Attempt::Unknown {
                                        error: "no answer within 30 s".into(),
                                    })
                                }
                                Ok(()) => Input::Answered(Attempt::Accepted),
                                Err(page_words) => Input::Answered(Attempt::Refused { page_words }),
                            }
                        };
                        if self.pause_after == Some(self.sends) {
                            assert_eq!(engine.handle(Input::Pause, self.clock), vec![]);
                        }
                        if self.cancel_after == Some(self.sends) {
                            assert_eq!(engine.handle(Input::Cancel, self.clock), vec![]);
                        }
                        if self.end_after == Some(self.sends) {
                            self.ended = true;
                        }
                        input
                    }
                }
                Effect::ReadPage => {
                    self.trace.push("read".into());
                    if self.ended {
                        Input::Ended(self.why())
                    } else {
                        let n = self.reads;
                        self.reads += 1;
                        Input::PageRead(if self.read_fails.contains(&n) {
                            Err("the users table did not load".into())
                        } else {
                            Ok(self.page.seen())
                        })
                    }
                }
                Effect::Wait { until_ms } => {
                    self.trace.push("wait".into());
                    if self.ended {
                        Input::Ended(self.why())
                    } else {
                        assert!(until_ms > self.clock, "{until_ms} <= {}", self.clock);
                        self.clock = until_ms;
                        Input::TimerFired
                    }
                }
            };
            queue.extend(engine.handle(input, self.clock));
        }
    }

    fn why(&self) -> Interruption {
        self.gone.unwrap_or(Interruption::PageLeft)
    }

    /// Nothing is sent unless the journal was saved first with exactly
    /// this submission in flight.
    fn assert_saved_in_flight(&self, sub: &Submission<RoleSet>) {
        let saved = from_json(self.stored.as_deref().expect("saved before sending")).unwrap();
        assert_eq!(saved.in_flight(), Some(sub.id), "sent before being saved");
        for &r in &sub.rows {
            assert!(matches!(
                saved.rows()[r].state,
                RowState::InFlight { submission, .. } if submission == sub.id
            ));
        }
        // Never again once the page has it (the journal knows, or the read
        // every resume makes finds it).
        for e in &sub.emails {
            assert!(!self.page.log.contains(e), "{e} sent again");
        }
    }

    /// The stored run, as a reloaded tab finds it.
    fn restore(&mut self) -> Engine<InviteOp> {
        let run: StoredRun<InviteOp> =
            serde_json::from_str(self.stored.as_deref().expect("a saved run")).unwrap();
        let run = run.checked().unwrap();
        self.activity = run.activity;
        self.ended = false;
        Engine::restored(run.journal)
    }

    fn events(&self) -> Vec<&Event> {
        self.activity.iter().map(|l| &l.event).collect()
    }
}

fn event_name(e: &Event) -> &'static str {
    match e {
        Event::Started { .. } => "started",
        Event::Answered {
            answer: AnswerEvent::Accepted,
            ..
        } => "accepted",
        Event::Answered {
            answer: AnswerEvent::Refused { .. },
            ..
        } => "refused",
        Event::Answered {
            answer: AnswerEvent::NotSent { .. },
            ..
        } => "not_sent",
        Event::Answered {
            answer: AnswerEvent::Unclear { .. },
            ..
        } => "unclear",
        Event::Checked { .. } => "checked",
        Event::CheckFailed { .. } => "check_failed",
        Event::Paused { .. } => "paused",
        Event::Resumed => "resumed",
        Event::Finished { .. } => "finished",
        Event::Text { .. } => "text",
    }
}

const SESSION_EXPIRED: &str = "Your session has expired. Please log in again.";

fn trace(t: &[&str]) -> Vec<String> {
    t.iter().map(|s| s.to_string()).collect()
}

fn paused(why: Option<PauseReason>) -> Ran {
    Ran::Stopped(Stop::Paused { why, unsaved: None })
}

fn finished_stop(status: RunStatus) -> Stop {
    Stop::Finished {
        status,
        unsaved: None,
    }
}

fn finished(status: RunStatus) -> Ran {
    Ran::Stopped(finished_stop(status))
}

fn start(exec: &mut Exec, j: Journal<InviteOp>) -> (Engine<InviteOp>, Ran) {
    let (mut engine, effects) = Engine::start(j, exec.clock);
    let ran = exec.run(&mut engine, effects);
    (engine, ran)
}

/// Carries effects out by hand, with every save succeeding and `send`
/// answering each submission, until an effect the test takes over from
/// (a `Stop`, `Wait` or `ReadPage`), which it returns.
fn by_hand(
    engine: &mut Engine<InviteOp>,
    effects: Vec<Effect<RoleSet>>,
    mut send: impl FnMut(&Submission<RoleSet>) -> Attempt,
) -> Effect<RoleSet> {
    let mut queue: VecDeque<_> = effects.into();
    loop {
        let input = match queue.pop_front().expect("the effects ended without a Stop") {
            Effect::Log(_) => continue,
            Effect::Persist => Input::Persisted(Ok(())),
            Effect::Send(s) => Input::Answered(send(&s)),
            other => return other,
        };
        queue.extend(engine.handle(input, 0));
    }
}

/// What the simulated page answers to `s`.
fn answer(page: &mut Page, s: &Submission<RoleSet>) -> Attempt {
    match page.submit(s) {
        Ok(()) => Attempt::Accepted,
        Err(page_words) => Attempt::Refused { page_words },
    }
}

fn resume(exec: &mut Exec, engine: &mut Engine<InviteOp>) -> Ran {
    let effects = engine.handle(Input::Resume, exec.clock);
    exec.run(engine, effects)
}

// ---- the happy path -----------------------------------------------------------

#[test]
fn a_run_saves_before_and_after_every_submission() {
    let mut exec = Exec::default();
    let (engine, ran) = start(&mut exec, journal(8, 2)); // 4 sets × 2 rows, chunks of 2
    assert_eq!(ran, finished(RunStatus::Done));
    let mut want = trace(&["log:started", "persist"]);
    for _ in 0..4 {
        want.extend(trace(&["persist", "send", "log:accepted", "persist"]));
    }
    want.extend(trace(&["log:finished", "persist", "stop"]));
    assert_eq!(exec.trace, want);
    assert_eq!(engine.phase(), Phase::Finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(engine.journal().progress().succeeded, 8);
    match exec.events().last() {
        Some(Event::Finished {
            status: RunStatus::Done,
            progress,
            not_ready: 0,
        }) => assert_eq!(progress.succeeded, 8),
        other => panic!("{other:?}"),
    }
    // The last save holds the finished run.
    let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
    assert_eq!(saved.status(), RunStatus::Done);
}

#[test]
fn a_run_that_cannot_be_saved_does_not_start() {
    let mut exec = Exec {
        persist_fails: HashSet::from([0]),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, journal(4, 2));
    assert_eq!(
        ran,
        Ran::Stopped(Stop::NotStarted {
            error: "the storage quota is used up".into()
        })
    );
    assert_eq!(exec.sends, 0);
    assert_eq!(exec.page.submissions, 0);
}

// ---- saving -------------------------------------------------------------------

#[test]
fn nothing_is_sent_unless_saved_first() {
    // Save 0 starts the run; save 1 would mark the first submission in flight.
    let mut exec = Exec {
        persist_fails: HashSet::from([1]),
        ..Exec::default()
    };
    let (mut engine, ran) = start(&mut exec, journal(4, 2));
    assert_eq!(
        ran,
        paused(Some(PauseReason::NotSavedBeforeSending {
            error: "the storage quota is used up".into()
        }))
    );
    assert_eq!(exec.sends, 0);
    assert_eq!(
        exec.trace,
        trace(&[
            "log:started",
            "persist",
            "persist",
            "log:paused",
            "persist",
            "stop"
        ])
    );
    // The rows went back, with no attempt or retry counted.
    let j = engine.journal();
    assert!(j
        .rows()
        .iter()
        .all(|r| r.state == RowState::Queued && r.attempts == 0));
    assert_eq!(j.status(), RunStatus::Paused);
    assert_eq!(engine.phase(), Phase::Paused);
    // Resuming sends them, exactly once.
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(engine.journal().progress().succeeded, 4);
}

#[test]
fn a_save_that_fails_after_an_answer_pauses_the_run() {
    // Saves: 0 start, 1 mark, 2 after the answer (fails).
    let mut exec = Exec {
        persist_fails: HashSet::from([2]),
        ..Exec::default()
    };
    let (engine, ran) = start(&mut exec, single_set(4, 2));
    assert_eq!(
        ran,
        paused(Some(PauseReason::NotSaved {
            error: "the storage quota is used up".into()
        }))
    );
    assert_eq!(exec.page.submissions, 1);
    assert_eq!(engine.journal().progress().succeeded, 2);
}

#[test]
fn a_pause_that_cannot_be_saved_says_so() {
    // Saves: 0 start, 1 mark (fails), 2 the pause (fails too).
    let mut exec = Exec {
        persist_fails: HashSet::from([1, 2]),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, journal(4, 2));
    assert_eq!(
        ran,
        Ran::Stopped(Stop::Paused {
            why: Some(PauseReason::NotSavedBeforeSending {
                error: "the storage quota is used up".into()
            }),
            unsaved: Some("the storage quota is used up".into()),
        })
    );
}

// ---- pause, resume, cancel ---------------------------------------------------------

#[test]
fn pause_takes_effect_after_the_current_submission() {
    let mut exec = Exec {
        pause_after: Some(1),
        ..Exec::default()
    };
    let (mut engine, ran) = start(&mut exec, journal(8, 2));
    assert_eq!(ran, paused(None));
    assert_eq!(exec.page.submissions, 1);
    assert_eq!(
        exec.trace[exec.trace.len() - 6..],
        trace(&[
            "send",
            "log:accepted",
            "persist",
            "log:paused",
            "persist",
            "stop"
        ])
    );
    assert_eq!(engine.journal().status(), RunStatus::Paused);
    assert_eq!(engine.phase(), Phase::Paused);
    // Pause and Resume while paused and idle change nothing…
    assert_eq!(engine.handle(Input::Pause, 0), vec![]);
    // …and Resume reads the table first, then goes on.
    let effects = engine.handle(Input::Resume, exec.clock);
    assert_eq!(effects, vec![Effect::ReadPage]);
    assert_eq!(engine.phase(), Phase::Checking);
    let ran = exec.run(&mut engine, effects);
    assert_eq!(ran, finished(RunStatus::Done));
    let after: Vec<&str> = exec.events().iter().map(|e| event_name(e)).collect();
    let at = after.iter().position(|e| *e == "paused").unwrap();
    assert_eq!(after[at + 1..at + 3], ["checked", "resumed"]);
    assert!(matches!(
        exec.events()[at + 1],
        Event::Checked {
            why: CheckWhy::BeforeResuming,
            ..
        }
    ));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(exec.page.submissions, 4);
}

#[test]
fn the_phase_says_stopping_while_a_pause_waits() {
    let j = journal(4, 2);
    let (mut engine, effects) = Engine::start(j, 0);
    assert_eq!(effects.last(), Some(&Effect::Persist));
    assert_eq!(engine.phase(), Phase::Running);
    assert_eq!(engine.handle(Input::Pause, 0), vec![]);
    assert_eq!(engine.phase(), Phase::Stopping);
    // The start is saved; the pause then takes effect before anything is sent.
    let effects = engine.handle(Input::Persisted(Ok(())), 0);
    assert!(matches!(
        &effects[..],
        [
            Effect::Log(Logged {
                event: Event::Paused { why: None },
                ..
            }),
            Effect::Persist
        ]
    ));
    assert_eq!(
        engine.handle(Input::Persisted(Ok(())), 0),
        vec![Effect::Stop(Stop::Paused {
            why: None,
            unsaved: None
        })]
    );
}

#[test]
fn resume_stays_paused_when_the_table_cannot_be_read() {
    let mut exec = Exec {
        pause_after: Some(1),
        read_fails: HashSet::from([0]),
        ..Exec::default()
    };
    let (mut engine, _) = start(&mut exec, journal(8, 2));
    let sent = exec.page.submissions;
    assert_eq!(
        resume(&mut exec, &mut engine),
        Ran::Stopped(Stop::NotResumed {
            why: NotResumed::Unreadable {
                error: "the users table did not load".into()
            }
        })
    );
    assert_eq!(exec.page.submissions, sent);
    assert_eq!(engine.phase(), Phase::Paused);
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
}

#[test]
fn cancel_while_running_stops_after_the_current_submission() {
    let mut exec = Exec {
        cancel_after: Some(2),
        ..Exec::default()
    };
    let (engine, ran) = start(&mut exec, single_set(10, 2));
    assert_eq!(ran, finished(RunStatus::Cancelled));
    assert_eq!(exec.page.submissions, 2);
    let p = engine.journal().progress();
    assert_eq!((p.succeeded, p.cancelled, p.queued), (4, 6, 0));
    assert!(matches!(
        exec.events().last(),
        Some(Event::Finished {
            status: RunStatus::Cancelled,
            ..
        })
    ));
}

#[test]
fn cancel_while_paused_finishes_at_once() {
    let mut exec = Exec {
        pause_after: Some(1),
        ..Exec::default()
    };
    let (mut engine, _) = start(&mut exec, journal(6, 2));
    let effects = engine.handle(Input::Cancel, exec.clock);
    let ran = exec.run(&mut engine, effects);
    assert_eq!(ran, finished(RunStatus::Cancelled));
    assert_eq!(exec.reads, 0, "nothing in doubt, nothing to read");
    assert_eq!(engine.phase(), Phase::Finished(RunStatus::Cancelled));
    // A finished run ignores the controls.
    assert_eq!(engine.handle(Input::Resume, 0), vec![]);
    assert_eq!(engine.handle(Input::Cancel, 0), vec![]);
}

// ---- reloads --------------------------------------------------------------------------

#[test]
fn a_reload_with_a_submission_in_flight_resumes_without_sending_twice() {
    let mut exec = Exec {
        reload_at: HashSet::from([1]),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, journal(8, 2));
    assert_eq!(ran, Ran::Reloaded);
    let mut engine = exec.restore();
    assert_eq!(engine.journal().in_flight(), Some(2));
    assert_eq!(engine.phase(), Phase::Paused);
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(exec.page.submissions, 4);
    let checked = exec.events().into_iter().find_map(|e| match e {
        Event::Checked {
            why: CheckWhy::BeforeResuming,
            report,
        } => Some(report.clone()),
        _ => None,
    });
    assert_eq!(checked.unwrap().confirmed.len(), 2);
}

#[test]
fn cancelling_an_interrupted_run_reads_the_table_first() {
    let mut exec = Exec {
        reload_at: HashSet::from([0]),
        ..Exec::default()
    };
    start(&mut exec, journal(6, 2));
    let mut engine = exec.restore();
    let effects = engine.handle(Input::Cancel, exec.clock);
    assert_eq!(effects, vec![Effect::ReadPage]);
    assert_eq!(engine.phase(), Phase::Checking);
    assert_eq!(
        exec.run(&mut engine, effects),
        finished(RunStatus::Cancelled)
    );
    let p = engine.journal().progress();
    assert_eq!((p.succeeded, p.cancelled, p.in_flight), (2, 4, 0));
}

#[test]
fn cancelling_an_interrupted_run_whose_table_cannot_be_read_reports_it_unknown() {
    let mut exec = Exec {
        reload_at: HashSet::from([0]),
        read_fails: HashSet::from([0]),
        ..Exec::default()
    };
    start(&mut exec, journal(6, 2));
    let mut engine = exec.restore();
    let effects = engine.handle(Input::Cancel, exec.clock);
    assert_eq!(
        exec.run(&mut engine, effects),
        finished(RunStatus::Cancelled)
    );
    assert!(exec.events().iter().any(|e| matches!(
        e,
        Event::CheckFailed {
            why: CheckWhy::BeforeCancelling,
            ..
        }
    )));
    assert_eq!(engine.journal().progress().in_flight, 2);
}

// ---- the page's refusals --------------------------------------------------------------

#[test]
fn a_refused_chunk_is_split_until_the_refused_address_stands_alone() {
    let mut exec = Exec::default();
    exec.page.bad.insert("user1@x.com".into());
    let (engine, ran) = start(&mut exec, single_set(4, 4));
    assert_eq!(ran, finished(RunStatus::Done));
    let outcomes: Vec<&RefusalOutcome> = exec
        .activity
        .iter()
        .filter_map(|l| match &l.event {
            Event::Answered {
                answer: AnswerEvent::Refused { then: Ok(o), .. },
                ..
            } => Some(o),
            _ => None,
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            &RefusalOutcome::Split { parts: 2 },
            &RefusalOutcome::Split { parts: 2 },
            &RefusalOutcome::failed(vec![1])
        ]
    );
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(engine.journal().progress().succeeded, 3);
}

#[test]
fn a_page_limit_shrinks_the_chunks() {
    let mut exec = Exec::default();
    exec.page.max_per_submission = Some(2);
    let (engine, ran) = start(&mut exec, single_set(6, 5));
    assert_eq!(ran, finished(RunStatus::Done));
    assert!(exec.events().iter().any(|e| matches!(
        e,
        Event::Answered {
            answer: AnswerEvent::Refused {
                then: Ok(RefusalOutcome::Shrunk { chunk_size: 2 }),
                ..
            },
            ..
        }
    )));
    assert_eq!(engine.journal().chunk_size(), 2);
    assert_invited_exactly_once(engine.journal(), &exec.page);
}

#[test]
fn transient_refusals_wait_then_retry() {
    let mut exec = Exec::default();
    exec.page.transient = HashSet::from([0, 1]);
    let (engine, ran) = start(&mut exec, single_set(2, 25));
    assert_eq!(ran, finished(RunStatus::Done));
    let sends_and_waits: Vec<&str> = exec
        .trace
        .iter()
        .map(String::as_str)
        .filter(|t| matches!(*t, "send" | "wait"))
        .collect();
    assert_eq!(sends_and_waits, ["send", "wait", "send", "wait", "send"]);
    assert!(exec.clock >= 3_000);
    assert_invited_exactly_once(engine.journal(), &exec.page);
}

#[test]
fn a_pause_during_a_backoff_wait_takes_effect_when_it_ends() {
    let mut exec = Exec::default();
    exec.page.transient = HashSet::from([0]);
    let (mut engine, effects) = Engine::start(single_set(1, 25), 0);
    let Effect::Wait { until_ms: until } =
        by_hand(&mut engine, effects, |s| answer(&mut exec.page, s))
    else {
        panic!("no wait")
    };
    assert_eq!(engine.handle(Input::Pause, 10), vec![]);
    // The executor cuts the wait short when asked something.
    let effects = engine.handle(Input::TimerFired, 10);
    assert!(10 < until);
    assert!(matches!(
        &effects[..],
        [
            Effect::Log(Logged {
                event: Event::Paused { why: None },
                ..
            }),
            Effect::Persist
        ]
    ));
}

#[test]
fn a_stored_backoff_is_waited_out_after_resuming() {
    let mut j = single_set(1, 25);
    let s = submit_next(&mut j, 0);
    j.record_refused(s.id, TRANSIENT, 0).unwrap();
    let mut engine = Engine::restored(j);
    let mut exec = Exec::default();
    // Resume → read → Wait until 1 000 (the stored backoff) → send.
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_eq!(exec.clock, 1_000 + 300);
}

// ---- answers that are not answers --------------------------------------------------------

#[test]
fn an_unclear_answer_is_settled_by_reading_the_table() {
    let mut exec = Exec {
        unknown: HashSet::from([0]),
        ..Exec::default()
    };
    let (engine, ran) = start(&mut exec, single_set(4, 2));
    assert_eq!(ran, finished(RunStatus::Done));
    assert_eq!(
        exec.trace[..8],
        trace(&[
            "log:started",
            "persist",
            "persist",
            "send",
            "log:unclear",
            "read",
            "log:checked",
            "persist"
        ])
    );
    // The page had accepted: the read confirmed it, nothing was sent twice.
    assert_eq!(exec.page.submissions, 2);
    assert_invited_exactly_once(engine.journal(), &exec.page);
}

#[test]
fn unclear_answers_in_a_row_pause_the_run() {
    let mut exec = Exec {
        unknown: (0..10).collect(),
        ..Exec::default()
    };
    let (engine, ran) = start(&mut exec, single_set(10, 1));
    assert_eq!(
        ran,
        paused(Some(PauseReason::Unclear {
            times: MAX_UNCLEAR,
            last: "no answer within 30 s".into()
        }))
    );
    assert_eq!(exec.page.submissions, MAX_UNCLEAR as usize);
    assert_eq!(engine.journal().progress().succeeded, MAX_UNCLEAR as usize);
}

#[test]
fn an_unclear_answer_that_cannot_be_checked_pauses_with_the_submission_in_doubt() {
    let mut exec = Exec {
        unknown: HashSet::from([0]),
        read_fails: HashSet::from([0]),
        ..Exec::default()
    };
    let (mut engine, ran) = start(&mut exec, single_set(4, 2));
    assert_eq!(
        ran,
        paused(Some(PauseReason::UnclearUnchecked {
            error: "no answer within 30 s".into(),
            read_error: "the users table did not load".into()
        }))
    );
    assert!(engine.journal().in_flight().is_some());
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(exec.page.submissions, 2);
}

#[test]
fn form_trouble_twice_in_a_row_pauses_the_run() {
    let mut exec = Exec {
        trouble: HashSet::from([0, 1]),
        ..Exec::default()
    };
    let (engine, ran) = start(&mut exec, single_set(2, 25));
    assert_eq!(
        ran,
        paused(Some(PauseReason::FormTrouble {
            times: MAX_FORM_TROUBLE,
            last: "the invite form did not open".into()
        }))
    );
    assert_eq!(exec.page.submissions, 0);
    assert!(engine
        .journal()
        .rows()
        .iter()
        .all(|r| r.state == RowState::Queued && r.attempts == 0));
}

#[test]
fn a_group_the_form_cannot_express_fails_and_the_run_goes_on() {
    let j = journal(8, 2);
    let (mut engine, effects) = Engine::start(j, 0);
    let mut page = Page::default();
    let mut first = true;
    let stop = by_hand(&mut engine, effects, |s| {
        if std::mem::take(&mut first) {
            assert_eq!(s.group, sets()[0]);
            return Attempt::NotSent {
                why: NotSentWhy::Unavailable("the form offers no role Source Admin".into()),
            };
        }
        answer(&mut page, s)
    });
    assert_eq!(stop, Effect::Stop(finished_stop(RunStatus::Done)));
    let p = engine.journal().progress();
    assert_eq!((p.succeeded, p.failed), (6, 2));
}

// ---- the page goes away ---------------------------------------------------------------------

#[test]
fn when_the_page_goes_away_the_run_pauses_before_its_next_submission() {
    let mut exec = Exec {
        end_after: Some(1),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, journal(8, 2));
    assert_eq!(ran, paused(Some(PauseReason::PageLeft)));
    // The second submission was marked and saved, then given back unsent.
    assert_eq!(exec.page.submissions, 1);
    assert_eq!(
        exec.trace[exec.trace.len() - 5..],
        trace(&["persist", "send", "log:paused", "persist", "stop"])
    );
    let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
    assert_eq!(saved.status(), RunStatus::Paused);
    assert_eq!(saved.in_flight(), None);
    assert_eq!(saved.progress().succeeded, 2);
    // Back on the page (a new mount restores what was saved): exactly once.
    let mut engine = exec.restore();
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(exec.page.submissions, 4);
}

#[test]
fn when_the_page_goes_away_during_a_wait_the_run_pauses() {
    let mut exec = Exec::default();
    exec.page.transient = HashSet::from([0]);
    exec.end_after = Some(1);
    let (_, ran) = start(&mut exec, single_set(1, 25));
    assert_eq!(ran, paused(Some(PauseReason::PageLeft)));
    assert_eq!(exec.trace.iter().filter(|t| *t == "wait").count(), 1);
}

#[test]
fn when_the_page_goes_away_after_an_unclear_answer_the_submission_stays_in_doubt() {
    let mut exec = Exec {
        unknown: HashSet::from([0]),
        end_after: Some(1),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, single_set(4, 2));
    assert_eq!(ran, paused(Some(PauseReason::PageLeft)));
    let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
    assert_eq!(saved.in_flight(), Some(1));
    let mut engine = exec.restore();
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(exec.page.submissions, 2);
}

#[test]
fn a_driver_interrupted_before_submitting_gives_the_rows_back() {
    let j = single_set(2, 25);
    let (mut engine, effects) = Engine::start(j, 0);
    let stop = by_hand(&mut engine, effects, |_| Attempt::NotSent {
        why: NotSentWhy::Interrupted,
    });
    assert_eq!(
        stop,
        Effect::Stop(Stop::Paused {
            why: Some(PauseReason::PageLeft),
            unsaved: None
        })
    );
    assert!(engine
        .journal()
        .rows()
        .iter()
        .all(|r| r.state == RowState::Queued && r.attempts == 0));
}

#[test]
fn a_resume_whose_page_went_away_changes_nothing() {
    let mut exec = Exec {
        pause_after: Some(1),
        ..Exec::default()
    };
    let (mut engine, _) = start(&mut exec, journal(4, 2));
    exec.ended = true;
    let before = engine.journal().clone();
    assert_eq!(
        resume(&mut exec, &mut engine),
        Ran::Stopped(Stop::NotResumed {
            why: NotResumed::Ended {
                why: Interruption::PageLeft
            }
        })
    );
    assert_eq!(engine.journal(), &before);
}

#[test]
fn a_refusal_saying_the_session_ended_gives_the_rows_back_and_pauses_until_signed_in() {
    let mut exec = Exec {
        expired: HashSet::from([1]),
        ..Exec::default()
    };
    let (mut engine, ran) = start(&mut exec, single_set(3, 1));
    assert_eq!(ran, paused(Some(PauseReason::SignedOut)));
    assert_eq!(exec.page.submissions, 1);
    let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
    assert_eq!(saved.in_flight(), None);
    assert_eq!(
        saved.rows()[1].state,
        RowState::Queued,
        "given back, not failed"
    );
    assert!(exec.events().iter().any(|e| matches!(
        e,
        Event::Answered { answer: AnswerEvent::NotSent { why, then: Ok(RefusalOutcome::Interrupted) }, .. }
            if why == SESSION_EXPIRED
    )));
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
    assert_eq!(engine.journal().progress().succeeded, 3);
}

#[test]
fn a_sign_in_page_mid_run_pauses_saved_and_says_so() {
    let mut exec = Exec {
        end_after: Some(1),
        gone: Some(Interruption::SignedOut),
        ..Exec::default()
    };
    let (_, ran) = start(&mut exec, single_set(3, 1));
    assert_eq!(ran, paused(Some(PauseReason::SignedOut)));
    let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
    assert_eq!(saved.status(), RunStatus::Paused);
    let mut engine = exec.restore();
    assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
    assert_invited_exactly_once(engine.journal(), &exec.page);
}

#[test]
fn a_reloaded_extension_stops_without_writing_and_the_new_copy_resumes_exactly_once() {
    for gone in [Interruption::ExtensionGone, Interruption::LockLost] {
        let mut exec = Exec {
            end_after: Some(1),
            gone: Some(gone),
            ..Exec::default()
        };
        let (_, ran) = start(&mut exec, single_set(4, 1));
        assert_eq!(
            ran,
            Ran::Stopped(Stop::Paused {
                why: Some(gone.reason()),
                unsaved: Some(gone.unsaved())
            }),
            "{gone:?}"
        );
        // Nothing written after the page acted on #1: its answer is unknown
        // to the store, which still has it in flight.
        assert_eq!(
            exec.trace[exec.trace.len() - 6..],
            trace(&[
                "send",
                "log:accepted",
                "unsaved",
                "log:paused",
                "unsaved",
                "stop"
            ])
        );
        let saved = from_json(exec.stored.as_deref().unwrap()).unwrap();
        assert_eq!(saved.in_flight(), Some(1));
        // The new copy reads the table first: #1 is found, nothing twice.
        let mut engine = exec.restore();
        assert_eq!(resume(&mut exec, &mut engine), finished(RunStatus::Done));
        assert_invited_exactly_once(engine.journal(), &exec.page);
        assert_eq!(exec.page.submissions, 4);
    }
}

#[test]
fn an_interruption_that_forbids_saving_before_a_send_sends_nothing() {
    // The extension goes away between two submissions: the next one is
    // marked in memory, never saved, never sent.
    let (mut engine, effects) = Engine::start(single_set(2, 1), 0);
    let mut page = Page::default();
    let mut queue: VecDeque<_> = effects.into();
    let mut sent = 0;
    let stop = loop {
        let input = match queue.pop_front().unwrap() {
            Effect::Log(_) => continue,
            Effect::Persist if sent == 1 => Input::Ended(Interruption::ExtensionGone),
            Effect::Persist => Input::Persisted(Ok(())),
            Effect::Send(s) => {
                sent += 1;
                Input::Answered(answer(&mut page, &s))
            }
            other => break other,
        };
        queue.extend(engine.handle(input, 0));
    };
    assert_eq!(sent, 1);
    assert!(matches!(
        stop,
        Effect::Stop(Stop::Paused {
            why: Some(PauseReason::ExtensionGone),
            unsaved: Some(_)
        })
    ));
    // A run that cannot be saved at its start does not start.
    let (mut engine, effects) = Engine::start(single_set(1, 1), 0);
    assert!(effects.contains(&Effect::Persist));
    assert_eq!(
        engine.handle(Input::Ended(Interruption::LockLost), 0),
        vec![Effect::Stop(Stop::NotStarted {
            error: Interruption::LockLost.unsaved()
        })]
    );
}

// ---- everything at once ----------------------------------------------------------------------

#[test]
fn faults_pauses_reloads_and_page_changes_never_send_twice_or_lose_a_row() {
    for mut seed in 1..=10u64 {
        let mut exec = Exec::default();
        for i in 0..120 {
            if lcg(&mut seed) % 40 == 0 {
                exec.page.bad.insert(format!("user{i}@x.com"));
            }
        }
        let pick = |seed: &mut u64, one_in: u64| -> HashSet<usize> {
            (0..400).filter(|_| lcg(seed) % one_in == 0).collect()
        };
        exec.page.transient = pick(&mut seed, 6);
        exec.unknown = pick(&mut seed, 9);
        exec.trouble = pick(&mut seed, 11);
        exec.reload_at = pick(&mut seed, 13);
        exec.read_fails = pick(&mut seed, 7);
        exec.persist_fails = pick(&mut seed, 17);
        let j = Journal::new(&preview_text(120, ""), ChunkSize::new(10).unwrap(), 0);
        let (mut engine, mut ran) = start(&mut exec, j);
        let mut rounds = 0;
        loop {
            rounds += 1;
            assert!(rounds < 500, "seed {seed}: no end in sight");
            match ran {
                Ran::Stopped(Stop::Finished {
                    status: RunStatus::Done,
                    ..
                }) => break,
                Ran::Stopped(Stop::NotStarted { .. }) => {
                    let j = Journal::new(&preview_text(120, ""), ChunkSize::new(10).unwrap(), 0);
                    (engine, ran) = start(&mut exec, j);
                    continue;
                }
                Ran::Reloaded => engine = exec.restore(),
                Ran::Stopped(_) => {}
            }
            // Now and then the page goes away before the next step.
            exec.end_after = (lcg(&mut seed) % 5 == 0).then_some(exec.sends + 1);
            if exec.ended {
                engine = exec.restore();
            }
            ran = resume(&mut exec, &mut engine);
        }
        let j = engine.journal();
        assert_invited_exactly_once(j, &exec.page);
        let p = j.progress();
        assert_eq!((p.total, p.done), (120, 120), "seed {seed}");
        for row in j.rows() {
            assert!(
                matches!(row.state, RowState::Done | RowState::Failed { .. }),
                "seed {seed}: {row:?}"
            );
            if exec.page.bad.contains(&row.email) {
                assert!(matches!(row.state, RowState::Failed { .. }));
            }
        }
    }
}
mod props;
