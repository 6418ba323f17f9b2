//! The run engine: one state machine that turns what happens (the person
//! pressed Pause, the page answered, the table was read, a save failed…)
//! into what to do next. It performs nothing itself, so every sequence is
//! tested natively; `ui::run`'s executor carries the effects out.
//!
//! ## Protocol
//! [`Engine::start`] / [`Engine::handle`] return a list of [`Effect`]s to
//! carry out in order. `Log` and `Stop` need no answer; each of `Persist`,
//! `Send`, `ReadPage` and `Wait` needs exactly one, fed back as the next
//! [`Input`] (`Persisted`, `Answered`, `PageRead`, `TimerFired`). At most
//! one of those is in a list, and it is last. `Stop` is last too: the
//! executor is done until the person acts again.
//!
//! The person's `Pause` and `Cancel` may arrive at any time. While the
//! executor is busy they are noted and take effect at the next decision
//! point, between submissions (they return no effects; a `Wait` should be
//! cut short so they are prompt). When the run is idle they act at once,
//! as do `Resume` and a `Cancel` of a paused run: those return effects for
//! a fresh executor.
//!
//! When the run can no longer act on its page, the executor feeds
//! `Ended(why)` instead of carrying out `Send`, `ReadPage` or `Wait`: the
//! engine pauses before anything else touches the page, saying why (the
//! app left the page, Segment asked to sign in again, the extension was
//! reloaded, the tab lost the workspace's run lock). When the interruption
//! forbids saving ([`Interruption::can_save`]: a replaced copy of the
//! extension, a tab that lost the lock), the executor feeds `Ended` instead
//! of `Persist` too, and the engine stops without writing: the journal
//! stored last (saved before every submission) is what a resume starts
//! from.
//!
//! ## Safety rules
//! - the journal is saved before a submission is sent; when it cannot be,
//!   nothing is sent and the run pauses;
//! - a refusal that says the session is over changed nothing: its rows go
//!   back to be sent first and the run pauses until the person signs in;
//! - an unclear answer is settled by reading the users table, never by
//!   guessing; when the table cannot be read the run pauses;
//! - resuming always reads the table first, and so does cancelling a run
//!   whose last submission has no recorded answer;
//! - a journal error pauses the run with the error, it is never dropped.
//!
//! ## One copy for every operation
//! The decisions do not depend on the operation, so they are made once
//! (`Turn`), over the journal as [`RunJournal`] sees it: groups named by
//! their index. [`Engine`] is the typed face: it turns the index of a
//! `Send` back into the group. (Made per operation, the decisions cost
//! about 8 KB of wasm each.)

pub use super::effect::{
    Attempt, Effect, Input, Interruption, NotResumed, NotSentWhy, Phase, Stop,
};
use super::event::{AnswerEvent, CheckWhy, Event, Logged, PauseReason, SubmissionRef};
use super::journal::{Journal, NextStep, RunStatus, Submission};
use super::operation::{Operation, PageSeen};
use super::unsent::Unsent;
pub(super) use super::untyped::RunJournal;
use crate::core::session::says_signed_out;

/// Submissions in a row whose answer was unclear before the run pauses.
pub const MAX_UNCLEAR: u32 = 3;
/// Submissions in a row the form would not take before the run pauses.
pub const MAX_FORM_TROUBLE: u32 = 2;

#[derive(Debug, Clone, PartialEq)]
enum Then {
    /// The run's first save: on failure it does not start.
    Start,
    /// The submission was marked in flight and saved: send it.
    Send(Submission<usize>),
    /// An answer was recorded and saved: go on, or pause for `stop`.
    Continue { stop: Option<PauseReason> },
    /// Saved after pausing or finishing: stop.
    Stop(Stop),
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    /// The executor is not running.
    Idle,
    Persisting(Then),
    Sending(Submission<usize>),
    Reading(CheckWhy),
    Waiting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Pause,
    Cancel,
}

/// The engine of one run. See the module docs.
#[derive(Debug, Clone)]
pub struct Engine<O: Operation> {
    journal: Journal<O>,
    core: Core,
}

/// The engine's own state, apart from the journal.
#[derive(Debug, Clone)]
struct Core {
    state: State,
    request: Option<Request>,
    unclear: u32,
    trouble: u32,
    /// The last unclear answer, for the pause that may follow.
    last_unclear: String,
}

/// One input's handling: the engine's state and its journal, untyped.
struct Turn<'a> {
    journal: &'a mut dyn RunJournal,
    core: &'a mut Core,
}

/// Effects with groups named by index (see the module docs).
type Effects = Vec<Effect<usize>>;

impl<O: Operation> Engine<O> {
    /// Starts a new run: logs it and saves the journal first (a run that
    /// cannot be saved does not start).
    pub fn start(journal: Journal<O>, now_ms: u64) -> (Engine<O>, Vec<Effect<O::Group>>) {
        let mut engine = Engine::restored(journal);
        let effects = engine.turn().start(now_ms);
        let effects = engine.typed(effects);
        (engine, effects)
    }

    /// A stored run, not running (the view offers Resume when unfinished).
    pub fn restored(journal: Journal<O>) -> Engine<O> {
        Engine {
            journal,
            core: Core {
                state: State::Idle,
                request: None,
                unclear: 0,
                trouble: 0,
                last_unclear: String::new(),
            },
        }
    }

    pub fn journal(&self) -> &Journal<O> {
        &self.journal
    }

    /// Whether an executor is carrying this run's effects out.
    pub fn is_active(&self) -> bool {
        self.core.state != State::Idle
    }

    /// Where the run is, for the controls.
    pub fn phase(&self) -> Phase {
        self.core.phase(&self.journal)
    }

    /// Feeds one input; returns what to do (see the module docs).
    pub fn handle(&mut self, input: Input, now_ms: u64) -> Vec<Effect<O::Group>> {
        let effects = self.turn().handle(input, now_ms);
        self.typed(effects)
    }

    fn turn(&mut self) -> Turn<'_> {
        Turn {
            journal: &mut self.journal,
            core: &mut self.core,
        }
    }

    /// The effects with the group of a `Send` given by value again.
    fn typed(&self, effects: Effects) -> Vec<Effect<O::Group>> {
        effects
            .into_iter()
            .map(|e| match e {
                Effect::Persist => Effect::Persist,
                Effect::Send(sub) => Effect::Send(self.journal.typed_submission(sub)),
                Effect::ReadPage => Effect::ReadPage,
                Effect::Wait { until_ms } => Effect::Wait { until_ms },
                Effect::Log(logged) => Effect::Log(logged),
                Effect::Stop(stop) => Effect::Stop(stop),
            })
            .collect()
    }
}

impl Core {
    fn phase(&self, journal: &dyn RunJournal) -> Phase {
        match (&self.state, self.request) {
            (State::Idle, _) if journal.is_unfinished() => Phase::Paused,
            (State::Idle, _) => Phase::Finished(journal.status()),
            (State::Reading(CheckWhy::BeforeResuming | CheckWhy::BeforeCancelling), _) => {
                Phase::Checking
            }
            (_, Some(_)) => Phase::Stopping,
            _ => Phase::Running,
        }
    }
}

impl Turn<'_> {
    fn start(&mut self, now_ms: u64) -> Effects {
        let started = Event::Started {
            rows: self.journal.progress().total,
            groups: self.journal.group_count(),
            per_submission: self.journal.chunk_size(),
        };
        vec![log(now_ms, started), self.persist(Then::Start)]
    }

    fn handle(&mut self, input: Input, now_ms: u64) -> Effects {
        let state = std::mem::replace(&mut self.core.state, State::Idle);
        match (state, input) {
            // ---- the person ------------------------------------------------
            (State::Idle, Input::Resume) if self.journal.is_unfinished() => {
                self.core.request = None;
                self.read(CheckWhy::BeforeResuming)
            }
            (State::Idle, Input::Cancel) if self.journal.is_unfinished() => {
                self.core.request = None;
                self.cancel_now(now_ms)
            }
            (State::Idle, Input::Pause | Input::Resume | Input::Cancel) => vec![],
            (state, Input::Pause) => {
                self.core.state = state;
                self.core.request.get_or_insert(Request::Pause);
                vec![]
            }
            (state, Input::Cancel) => {
                self.core.state = state;
                self.core.request = Some(Request::Cancel);
                vec![]
            }
            (state, Input::Resume) => {
                self.core.state = state;
                vec![]
            }

            // ---- saves -------------------------------------------------------
            (State::Persisting(then), Input::Persisted(saved)) => {
                self.after_persist(then, saved, now_ms)
            }

            // ---- the page ----------------------------------------------------
            (State::Sending(sub), Input::Answered(attempt)) => self.answered(sub, attempt, now_ms),
            (State::Sending(sub), Input::Ended(gone)) => self.not_sent_left(&sub, gone, now_ms),
            (State::Reading(why), Input::PageRead(read)) => self.page_read(why, read, now_ms),
            (State::Reading(why), Input::Ended(gone)) => self.read_ended(why, gone, now_ms),
            (State::Waiting, Input::TimerFired) => self.next(now_ms),
            (State::Waiting, Input::Ended(gone)) => self.pause_for(gone.reason(), now_ms),
            (State::Persisting(then), Input::Ended(gone)) => self.unsavable(then, gone, now_ms),

            // ---- anything else is an executor bug: stop safely ---------------
            (state, input) => {
                self.core.state = state;
                debug_assert!(false, "unexpected input {input:?} in {:?}", self.core.state);
                vec![]
            }
        }
    }

    // ---- decisions -------------------------------------------------------

    /// The decision point between submissions.
    fn next(&mut self, now_ms: u64) -> Effects {
        match self.core.request.take() {
            Some(Request::Cancel) => return self.cancel_now(now_ms),
            Some(Request::Pause) => {
                return match self.journal.pause() {
                    Ok(()) => self.stop_after_save(
                        now_ms,
                        Event::Paused { why: None },
                        Stop::Paused {
                            why: None,
                            unsaved: None,
                        },
                    ),
                    // Only a finished run refuses to pause: it is over.
                    Err(_) => self.finish(now_ms),
                };
            }
            None => {}
        }
        match self.journal.next_submission(now_ms) {
            NextStep::Submit(sub) => match self.journal.mark_in_flight(&sub, now_ms) {
                Ok(()) => vec![self.persist(Then::Send(sub))],
                Err(e) => self.pause_for(
                    PauseReason::JournalRefused {
                        error: e.to_string(),
                    },
                    now_ms,
                ),
            },
            NextStep::Wait { until_ms } => {
                self.core.state = State::Waiting;
                vec![Effect::Wait { until_ms }]
            }
            NextStep::AwaitingResult { submission } => {
                self.pause_for(PauseReason::NoAnswer { submission }, now_ms)
            }
            NextStep::Paused => vec![Effect::Stop(Stop::Paused {
                why: None,
                unsaved: None,
            })],
            NextStep::Cancelled | NextStep::Done => self.finish(now_ms),
        }
    }

    fn after_persist(&mut self, then: Then, saved: Result<(), String>, now_ms: u64) -> Effects {
        match (then, saved) {
            (Then::Start, Err(error)) => vec![Effect::Stop(Stop::NotStarted { error })],
            (Then::Start, Ok(())) => self.next(now_ms),
            (Then::Send(sub), Ok(())) => {
                self.core.state = State::Sending(sub.clone());
                vec![Effect::Send(sub)]
            }
            (Then::Send(sub), Err(error)) => {
                // Not sent: the rows go back before pausing.
                let why = PauseReason::NotSavedBeforeSending { error };
                match self.journal.record_unsent(
                    sub.id,
                    "the run could not be saved",
                    Unsent::Interrupted,
                    now_ms,
                ) {
                    Ok(_) => self.pause_for(why, now_ms),
                    Err(e) => self.pause_for(
                        PauseReason::JournalRefused {
                            error: e.to_string(),
                        },
                        now_ms,
                    ),
                }
            }
            (Then::Continue { stop }, saved) => {
                let stop = stop.or(saved.err().map(|error| PauseReason::NotSaved { error }));
                match stop {
                    Some(why) => self.pause_for(why, now_ms),
                    None => self.next(now_ms),
                }
            }
            (Then::Stop(stop), saved) => vec![Effect::Stop(with_unsaved(stop, saved.err()))],
        }
    }

    fn answered(&mut self, sub: Submission<usize>, attempt: Attempt, now_ms: u64) -> Effects {
        let at = self.submission_ref(&sub);
        let mut stop = None;
        let answer = match attempt {
            Attempt::Accepted => {
                self.core.unclear = 0;
                self.core.trouble = 0;
                if let Err(e) = self.journal.record_accepted(sub.id, now_ms) {
                    return self.journal_error(e, now_ms);
                }
                AnswerEvent::Accepted
            }
            Attempt::Refused { page_words } if says_signed_out(&page_words) => {
                // Refused for an ended session: nothing was done. The rows
                // go back, and the run waits for the person to sign in.
                self.core.unclear = 0;
                self.core.trouble = 0;
                stop = Some(PauseReason::SignedOut);
                let then = self
                    .journal
                    .record_unsent(sub.id, &page_words, Unsent::Interrupted, now_ms)
                    .map_err(|e| e.to_string());
                let failed = then.is_err();
                let event = AnswerEvent::NotSent {
                    why: page_words,
                    then,
                };
                if failed {
                    return self.log_then_journal_error(now_ms, at, event);
                }
                event
            }
            Attempt::Refused { page_words } => {
                self.core.unclear = 0;
                self.core.trouble = 0;
                let then = self
                    .journal
                    .record_refused(sub.id, &page_words, now_ms)
                    .map_err(|e| e.to_string());
                let failed = then.is_err();
                let event = AnswerEvent::Refused { page_words, then };
                if failed {
                    return self.log_then_journal_error(now_ms, at, event);
                }
                event
            }
            Attempt::NotSent {
                why: NotSentWhy::Interrupted,
            } => return self.not_sent_left(&sub, Interruption::PageLeft, now_ms),
            Attempt::NotSent { why } => {
                self.core.unclear = 0;
                let (message, unsent) = match why {
                    NotSentWhy::Trouble(m) => (m, Unsent::Retry),
                    NotSentWhy::Unavailable(m) => (m, Unsent::GroupUnavailable),
                    NotSentWhy::Interrupted => unreachable!("handled above"),
                };
                // A group the form cannot express is not form trouble.
                self.core.trouble = if unsent == Unsent::Retry {
                    self.core.trouble + 1
                } else {
                    0
                };
                if unsent == Unsent::Retry && self.core.trouble >= MAX_FORM_TROUBLE {
                    stop = Some(PauseReason::FormTrouble {
                        times: self.core.trouble,
                        last: message.clone(),
                    });
                }
                let then = self
                    .journal
                    .record_unsent(sub.id, &message, unsent, now_ms)
                    .map_err(|e| e.to_string());
                let failed = then.is_err();
                let event = AnswerEvent::NotSent { why: message, then };
                if failed {
                    return self.log_then_journal_error(now_ms, at, event);
                }
                event
            }
            Attempt::Unknown { error } => {
                self.core.trouble = 0;
                self.core.unclear += 1;
                self.core.last_unclear = error.clone();
                let mut effects = vec![log(
                    now_ms,
                    Event::Answered {
                        submission: at,
                        answer: AnswerEvent::Unclear { error },
                    },
                )];
                effects.extend(self.read(CheckWhy::AfterUnclear { id: sub.id }));
                return effects;
            }
        };
        vec![
            log(
                now_ms,
                Event::Answered {
                    submission: at,
                    answer,
                },
            ),
            self.persist(Then::Continue { stop }),
        ]
    }

    fn page_read(&mut self, why: CheckWhy, read: Result<PageSeen, String>, now_ms: u64) -> Effects {
        match (why, read) {
            (CheckWhy::AfterUnclear { .. }, Ok(page)) => {
                let report = self.journal.reconcile(&page);
                let stop = (self.core.unclear >= MAX_UNCLEAR).then(|| PauseReason::Unclear {
                    times: self.core.unclear,
                    last: self.core.last_unclear.clone(),
                });
                vec![
                    log(now_ms, Event::Checked { why, report }),
                    self.persist(Then::Continue { stop }),
                ]
            }
            (CheckWhy::AfterUnclear { .. }, Err(read_error)) => {
                let stop = Some(PauseReason::UnclearUnchecked {
                    error: self.core.last_unclear.clone(),
                    read_error,
                });
                vec![self.persist(Then::Continue { stop })]
            }
            (CheckWhy::BeforeResuming, Err(error)) => vec![Effect::Stop(Stop::NotResumed {
                why: NotResumed::Unreadable { error },
            })],
            (CheckWhy::BeforeResuming, Ok(page)) => {
                let report = self.journal.reconcile(&page);
                let mut effects = vec![log(now_ms, Event::Checked { why, report })];
                // Resuming fails only for a run that is over; and the read
                // may have settled everything that was left.
                let resumed = self.journal.resume().is_ok();
                if !resumed || self.journal.status() != RunStatus::Running {
                    effects.extend(self.finish(now_ms));
                    return effects;
                }
                self.core.unclear = 0;
                self.core.trouble = 0;
                effects.push(log(now_ms, Event::Resumed));
                effects.extend(self.next(now_ms));
                effects
            }
            (CheckWhy::BeforeCancelling, read) => {
                let event = match read {
                    Ok(page) => Event::Checked {
                        why,
                        report: self.journal.reconcile(&page),
                    },
                    Err(error) => Event::CheckFailed { why, error },
                };
                let mut effects = vec![log(now_ms, event)];
                effects.extend(self.cancel_and_finish(now_ms));
                effects
            }
        }
    }

    /// The run could not act on its page while the engine wanted it read.
    fn read_ended(&mut self, why: CheckWhy, gone: Interruption, now_ms: u64) -> Effects {
        match why {
            // The submission stays in flight: resuming settles it.
            CheckWhy::AfterUnclear { .. } => self.pause_for(gone.reason(), now_ms),
            CheckWhy::BeforeResuming => vec![Effect::Stop(Stop::NotResumed {
                why: NotResumed::Ended { why: gone },
            })],
            // Cancelling without the page is still possible, but not
            // without storage: a copy that may not save leaves it paused.
            CheckWhy::BeforeCancelling if !gone.can_save() => self.pause_for(gone.reason(), now_ms),
            CheckWhy::BeforeCancelling => {
                let mut effects = vec![log(
                    now_ms,
                    Event::CheckFailed {
                        why,
                        error: "the page went away".into(),
                    },
                )];
                effects.extend(self.cancel_and_finish(now_ms));
                effects
            }
        }
    }

    /// Nothing was sent because the run could not act on its page any
    /// more: the rows go back first, and the run pauses.
    fn not_sent_left(
        &mut self,
        sub: &Submission<usize>,
        gone: Interruption,
        now_ms: u64,
    ) -> Effects {
        match self
            .journal
            .record_unsent(sub.id, "the page went away", Unsent::Interrupted, now_ms)
        {
            Ok(_) => self.pause_for(gone.reason(), now_ms),
            Err(e) => self.journal_error(e, now_ms),
        }
    }

    /// A save the interruption forbids (see the module docs): stop without
    /// writing, the rows of an unsent submission given back in memory.
    fn unsavable(&mut self, then: Then, gone: Interruption, now_ms: u64) -> Effects {
        match then {
            Then::Start => vec![Effect::Stop(Stop::NotStarted {
                error: gone.unsaved(),
            })],
            Then::Send(sub) => self.not_sent_left(&sub, gone, now_ms),
            Then::Continue { .. } => self.pause_for(gone.reason(), now_ms),
            Then::Stop(stop) => vec![Effect::Stop(with_unsaved(stop, Some(gone.unsaved())))],
        }
    }

    /// Cancels at once, reading the table first when the last submission
    /// has no recorded answer.
    fn cancel_now(&mut self, now_ms: u64) -> Effects {
        if self.journal.in_flight().is_some() {
            return self.read(CheckWhy::BeforeCancelling);
        }
        self.cancel_and_finish(now_ms)
    }

    fn cancel_and_finish(&mut self, now_ms: u64) -> Effects {
        match self.journal.cancel() {
            Ok(()) => {}
            // Only a done run refuses to be cancelled: it simply finishes.
            Err(_) => debug_assert_eq!(self.journal.status(), RunStatus::Done),
        }
        self.finish(now_ms)
    }

    /// Pauses with `why` logged and saved, then stops.
    fn pause_for(&mut self, why: PauseReason, now_ms: u64) -> Effects {
        if self.journal.pause().is_err() {
            return self.finish(now_ms);
        }
        self.stop_after_save(
            now_ms,
            Event::Paused {
                why: Some(why.clone()),
            },
            Stop::Paused {
                why: Some(why),
                unsaved: None,
            },
        )
    }

    /// A journal error is never dropped: it pauses the run.
    fn journal_error(&mut self, e: super::journal::JournalError, now_ms: u64) -> Effects {
        self.pause_for(
            PauseReason::JournalRefused {
                error: e.to_string(),
            },
            now_ms,
        )
    }

    fn log_then_journal_error(
        &mut self,
        now_ms: u64,
        at: SubmissionRef,
        answer: AnswerEvent,
    ) -> Effects {
        let error = match &answer {
            AnswerEvent::Refused { then: Err(e), .. }
            | AnswerEvent::NotSent { then: Err(e), .. } => e.clone(),
            _ => String::new(),
        };
        let mut effects = vec![log(
            now_ms,
            Event::Answered {
                submission: at,
                answer,
            },
        )];
        effects.extend(self.pause_for(PauseReason::JournalRefused { error }, now_ms));
        effects
    }

    fn finish(&mut self, now_ms: u64) -> Effects {
        let status = self.journal.status();
        let event = Event::Finished {
            status,
            progress: self.journal.progress(),
            not_ready: self.journal.not_ready(),
        };
        self.stop_after_save(
            now_ms,
            event,
            Stop::Finished {
                status,
                unsaved: None,
            },
        )
    }

    fn stop_after_save(&mut self, now_ms: u64, event: Event, stop: Stop) -> Effects {
        vec![log(now_ms, event), self.persist(Then::Stop(stop))]
    }

    fn persist(&mut self, then: Then) -> Effect<usize> {
        self.core.state = State::Persisting(then);
        Effect::Persist
    }

    fn read(&mut self, why: CheckWhy) -> Effects {
        self.core.state = State::Reading(why);
        vec![Effect::ReadPage]
    }

    fn submission_ref(&self, sub: &Submission<usize>) -> SubmissionRef {
        SubmissionRef {
            id: sub.id,
            rows: sub.rows.len(),
            group: sub
                .rows
                .first()
                .and_then(|&r| self.journal.row_group(r))
                .unwrap_or(0),
        }
    }
}

fn log(at_ms: u64, event: Event) -> Effect<usize> {
    Effect::Log(Logged { at_ms, event })
}

fn with_unsaved(stop: Stop, error: Option<String>) -> Stop {
    match stop {
        Stop::Paused { why, .. } => Stop::Paused {
            why,
            unsaved: error,
        },
        Stop::Finished { status, .. } => Stop::Finished {
            status,
            unsaved: error,
        },
        other => other,
    }
}
