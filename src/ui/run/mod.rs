//! One executor and one run view for every kind of bulk work.
//!
//! A feature (bulk invite; later removal, invites, roster) is a [`Feature`]:
//! its [`Operation`], its nouns ([`RunWords`]), how a group reads in the
//! activity, and the driver flow that carries one submission out. The
//! feature's tab owns its input and preview; for the run it creates a
//! [`RunView`], places [`RunView::el`] in its tab, and calls
//! [`RunView::start`] with a journal built from its preview. The run view
//! does the rest: the progress bar, Pause / Resume / Cancel (derived from
//! the engine's phase), the activity (typed events rendered by
//! [`words`]), the results table and "Download results", restoring a
//! stored run, and telling the tab where the run is ([`RunState`]), which
//! the tab shows as `data-run-state`.
//!
//! ## The executor
//! [`RunView`] carries the engine's effects out (see `core::run::engine`):
//! `Persist` through `browser::journal_store`, `Send` through the feature's
//! flow, `ReadPage` by reading every page of the users table, `Wait` with a
//! timer that the person's Pause or Cancel cuts short. Before each `Send`,
//! `ReadPage` and `Wait` it checks the mount's lifetime and feeds
//! `Ended(why)` instead when the run can no longer act, so the run pauses
//! before its next action, saying why: the mount ended on Segment's sign-in
//! page (signed out: "Sign in again, then resume") or elsewhere (the page
//! was left), or the extension was updated or reloaded (`chrome.runtime.id`
//! is gone: this copy may not even save, so it feeds `Ended` for `Persist`
//! too and stops at once; the new copy resumes from the last save). A
//! restored paused run repeats why it paused. A finished run's stored copy
//! is deleted once its results are downloaded (`core::retention`). It holds the page lease (named by the feature) from
//! Start or Resume until it stops, so "Check this page" and "Apply
//! template" cannot interleave with a run.
//!
//! A mount that ends does not abort its executor: the executor winds down
//! through the lifetime and saves the paused run. A new mount of the same
//! workspace waits for that ([`registry`]) before it restores the run, so
//! two executors never write the same journal.

mod erased;
mod executor;
mod registry;
pub mod results;
mod section;
pub mod words;

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::rc::Rc;

use futures_channel::oneshot;
use web_sys::Element;

use self::erased::{Kind, Run, Step, Stored};
use self::section::Section;
pub use self::words::RunWords;
use super::dom::{clear, set_text, El, ObjectUrl};
use super::Ctx;
use crate::browser::run_lock::{self, Acquired, RunLock};
use crate::core::run::{
    Attempt, Event, Input, Journal, Logged, Operation, Phase, RunStatus, Stop, Submission,
};
use crate::driver::lease::{self, LeaseError, PageLease};
use crate::driver::Driver;

/// How long Start or Resume waits for another operator to finish with the
/// page before saying who holds it.
pub const LEASE_WAIT_MS: u32 = 5_000;

/// A kind of bulk work, as the run view needs it.
pub trait Feature: 'static {
    type Op: Operation;

    /// Its nouns and sentences.
    const WORDS: RunWords;

    /// A group, as the activity names it ("Workspace Owner").
    fn group_text(group: &<Self::Op as Operation>::Group) -> String;

    /// Carries one submission out on the page: one typed answer. `lease`:
    /// the run's hold on the page, with which a destructive flow vets its
    /// action for the last-owner guard (see `driver::lease`).
    fn attempt(
        driver: &Driver,
        lease: Option<&PageLease>,
        submission: &Submission<<Self::Op as Operation>::Group>,
    ) -> impl Future<Output = Attempt>;
}

/// Where the run shown stands, for the tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// No run, or a finished one restored from storage (its results show).
    Idle,
    Running,
    Paused,
    Done,
    Cancelled,
}

impl RunState {
    /// The `data-run-state` word.
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Idle => "idle",
            RunState::Running => "running",
            RunState::Paused => "paused",
            RunState::Done => "done",
            RunState::Cancelled => "cancelled",
        }
    }
}

/// Where the view shows its sentences: the tab's status line and alert.
#[derive(Clone)]
pub struct Messages {
    /// Progress messages (role=status).
    pub notice: Element,
    /// Problems (role=alert).
    pub alert: Element,
}

impl Messages {
    /// A tab's status line (role=status) and alert (role=alert, hidden
    /// while empty), to place in the tab.
    pub fn build() -> Messages {
        Messages {
            notice: El::new("p").class("muted").attr("role", "status").build(),
            alert: El::new("div")
                .class("notice bad")
                .attr("role", "alert")
                .flag("hidden", true)
                .build(),
        }
    }

    /// The page lease for a tab's reads before a run (a preview, look-ups)
    /// as `holder`, waiting up to `max_wait_ms` and saying whom for;
    /// `None` (with the reason shown) when another operator keeps the page
    /// or the page has gone.
    pub async fn hold_page(
        &self,
        ctx: &Ctx,
        holder: &'static str,
        max_wait_ms: u32,
        what: &str,
    ) -> Option<PageLease> {
        if let Some(other) = lease::holder() {
            self.notice(&words::waiting(&other, what));
        }
        match lease::acquire(holder, max_wait_ms, ctx.mount.lifetime()).await {
            Ok(l) => Some(l),
            Err(LeaseError::Busy { holder }) => {
                self.notice("");
                self.alert(&words::busy(&holder, what));
                None
            }
            Err(LeaseError::Ended { .. }) => None,
        }
    }

    pub fn notice(&self, text: &str) {
        set_text(&self.notice, text);
    }

    pub fn alert(&self, text: &str) {
        set_text(&self.alert, text);
        if text.is_empty() {
            let _ = self.alert.set_attribute("hidden", "");
        } else {
            let _ = self.alert.remove_attribute("hidden");
        }
    }
}

struct State {
    engine: Option<Box<dyn Run>>,
    activity: Vec<Logged>,
    /// A finished run restored from storage: shown, but the view is idle.
    restored_finished: bool,
    /// Waiting for the page lease (Start, Resume, Cancel).
    acquiring: bool,
    /// Wakes an executor's `Wait` (Pause and Cancel are prompt).
    wake: Option<oneshot::Sender<()>>,
    /// The last download's URL, revoked at the next one or at the end.
    download: Option<ObjectUrl>,
}

/// The run part of a feature's tab. See the module docs.
pub struct RunView<F: Feature> {
    view: Rc<View>,
    feature: PhantomData<fn() -> F>,
}

/// The run view, one copy for every feature: it drives the feature's run
/// through [`erased`]'s adapters.
struct View {
    ctx: Rc<Ctx>,
    el: Element,
    section: Section,
    results: Element,
    messages: Messages,
    on_state: Box<dyn Fn(RunState)>,
    words: RunWords,
    kind: Box<dyn Kind>,
    state: RefCell<State>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl<F: Feature> RunView<F> {
    /// The view (hidden until a run shows); `on_state` hears where the run
    /// stands whenever that changes.
    pub fn new(
        ctx: &Rc<Ctx>,
        messages: Messages,
        on_state: impl Fn(RunState) + 'static,
    ) -> Rc<Self> {
        Rc::new(RunView {
            view: View::new(
                ctx,
                messages,
                Box::new(on_state),
                F::WORDS,
                erased::kind::<F>(),
            ),
            feature: PhantomData,
        })
    }

    /// The run view of a tab: `show(tab)` whenever the run moves (the tab
    /// shows its phase), for as long as the tab lives.
    pub fn for_tab<T: 'static>(
        ctx: &Rc<Ctx>,
        messages: &Messages,
        tab: &Rc<T>,
        show: fn(&T),
    ) -> Rc<Self> {
        let weak = Rc::downgrade(tab);
        Self::new(ctx, messages.clone(), move |_| {
            if let Some(tab) = weak.upgrade() {
                show(&tab);
            }
        })
    }

    /// Restores the workspace's stored run in the background (see
    /// [`RunView::restore`]) unless `idle(tab)` says the person has moved
    /// on meanwhile.
    pub fn restore_for<T: 'static>(&self, tab: &Rc<T>, idle: fn(&T) -> bool) {
        let run = self.view.clone();
        let weak = Rc::downgrade(tab);
        self.view.ctx.mount.spawn(async move {
            run.restore(Box::new(move || {
                weak.upgrade().is_some_and(|tab| idle(&tab))
            }))
            .await;
        });
    }

    /// The element to place in the tab.
    pub fn el(&self) -> &Element {
        &self.view.el
    }

    /// Where the run stands.
    pub fn run_state(&self) -> RunState {
        self.view.run_state()
    }

    /// Whether a run is running or paused (the tab locks its input).
    pub fn is_open(&self) -> bool {
        self.view.is_open()
    }

    /// Forgets a finished run shown (a new preview replaces it).
    pub fn forget_finished(&self) {
        self.view.forget_finished()
    }

    /// Starts a new run over `journal`, unless the page stays busy (the
    /// alert says why). A run whose journal cannot be saved does not start
    /// either; the tab then goes back to where it was.
    pub async fn start(self: Rc<Self>, journal: Journal<F::Op>) {
        let begin = Box::new(move |now| erased::start::<F>(journal, now));
        self.view.clone().start(begin).await
    }

    /// Shows the stored run of this workspace, offering Resume when it is
    /// unfinished. Waits first for an executor of an ended mount of the
    /// same workspace to save its pause. Does nothing once `still_idle`
    /// says the person has moved on.
    pub async fn restore(self: Rc<Self>, still_idle: impl Fn() -> bool + 'static) {
        self.view.clone().restore(Box::new(still_idle)).await
    }
}

/// Makes a run at the time given: the run and its first steps.
type Begin = Box<dyn FnOnce(u64) -> (Box<dyn Run>, Vec<Step>)>;

impl View {
    fn new(
        ctx: &Rc<Ctx>,
        messages: Messages,
        on_state: Box<dyn Fn(RunState)>,
        words: RunWords,
        kind: Box<dyn Kind>,
    ) -> Rc<Self> {
        let section = Section::build(&words);
        let results = El::new("div").build();
        let el = El::new("div")
            .child(section.el.clone())
            .child(results.clone())
            .build();
        let view = Rc::new(View {
            ctx: ctx.clone(),
            el,
            section,
            results,
            messages,
            on_state,
            words,
            kind,
            state: RefCell::new(State {
                engine: None,
                activity: Vec::new(),
                restored_finished: false,
                acquiring: false,
                wake: None,
                download: None,
            }),
        });
        view.wire();
        view
    }

    fn run_state(&self) -> RunState {
        let st = self.state.borrow();
        match st.engine.as_ref().map(|e| e.phase()) {
            None => RunState::Idle,
            Some(_) if st.restored_finished => RunState::Idle,
            Some(Phase::Running | Phase::Stopping) => RunState::Running,
            Some(Phase::Paused | Phase::Checking) => RunState::Paused,
            Some(Phase::Finished(RunStatus::Cancelled)) => RunState::Cancelled,
            Some(Phase::Finished(_)) => RunState::Done,
        }
    }

    fn is_open(&self) -> bool {
        matches!(self.run_state(), RunState::Running | RunState::Paused)
    }

    fn forget_finished(&self) {
        if !self.is_open() {
            {
                let mut st = self.state.borrow_mut();
                st.engine = None;
                st.restored_finished = false;
            }
            self.refresh();
        }
    }

    fn wire(self: &Rc<Self>) {
        let mount = &self.ctx.mount;
        let on = |el: &Element, f: fn(Rc<Self>)| {
            let weak = Rc::downgrade(self);
            mount.listen(el, "click", move |_| {
                if let Some(me) = weak.upgrade() {
                    f(me);
                }
            });
        };
        on(&self.section.pause, |me| me.pause());
        on(&self.section.resume, |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.resume().await });
        });
        on(&self.section.cancel, |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.cancel().await });
        });
    }

    // ------------------------------------------------------------ controls

    async fn start(self: Rc<Self>, begin: Begin) {
        if self.is_open() || self.state.borrow().acquiring {
            return;
        }
        // An executor of an ended mount may still be saving this key's run.
        registry::settled(&self.key()).await;
        let Some(lease) = self.lease("the run").await else {
            return;
        };
        let Some(lock) = self.run_lock("the run").await else {
            return;
        };
        self.messages.alert("");
        let (engine, effects) = begin(now_ms());
        {
            let mut st = self.state.borrow_mut();
            st.engine = Some(engine);
            st.activity.clear();
            st.restored_finished = false;
        }
        self.section.set_activity(&[]);
        clear(&self.results);
        self.messages.notice(self.words.sending);
        self.spawn_drive(effects, Some(lease), lock);
    }

    fn pause(self: Rc<Self>) {
        if self.handle_request(Input::Pause) {
            self.messages
                .notice("Pausing after the current submission…");
        }
    }

    async fn cancel(self: Rc<Self>) {
        if self.handle_request(Input::Cancel) {
            self.messages
                .notice("Cancelling after the current submission…");
            return;
        }
        // Paused: cancel at once (reading the table when the last
        // submission has no recorded answer).
        let in_doubt = {
            let st = self.state.borrow();
            match st.engine.as_ref() {
                Some(e) if e.phase() == Phase::Paused && !st.acquiring => e.in_flight(),
                _ => return,
            }
        };
        let lease = if in_doubt {
            match self.lease("cancelling").await {
                Some(l) => Some(l),
                None => return,
            }
        } else {
            None
        };
        let Some(lock) = self.run_lock("cancelling").await else {
            return;
        };
        if in_doubt {
            self.messages
                .notice("Reading the users table to settle the last submission…");
        }
        let effects = self.engine_handle(Input::Cancel);
        self.spawn_drive(effects, lease, lock);
    }

    async fn resume(self: Rc<Self>) {
        let paused = self
            .state
            .borrow()
            .engine
            .as_ref()
            .is_some_and(|e| e.phase() == Phase::Paused);
        if !paused || self.state.borrow().acquiring {
            return;
        }
        let Some(lease) = self.lease("resuming").await else {
            return;
        };
        let Some(lock) = self.run_lock("resuming").await else {
            return;
        };
        // Another tab may have moved the run on since this one read it.
        if let Ok(Some(stored)) = self.kind.load(&self.ctx.workspace).await {
            let unfinished = stored.run.is_unfinished();
            self.adopt(stored);
            if !unfinished {
                return;
            }
        }
        self.messages.alert("");
        self.messages.notice(&format!(
            "Reading the users table before resuming, so nobody is {} twice…",
            self.words.done
        ));
        let effects = self.engine_handle(Input::Resume);
        self.spawn_drive(effects, Some(lease), lock);
    }

    /// Notes Pause or Cancel for a running executor; `true` when noted.
    fn handle_request(&self, input: Input) -> bool {
        let active = {
            let mut st = self.state.borrow_mut();
            let Some(engine) = st.engine.as_mut() else {
                return false;
            };
            if !engine.is_active() {
                return false;
            }
            let effects = engine.handle(input, now_ms());
            debug_assert!(effects.is_empty(), "a busy engine only notes requests");
            if let Some(wake) = st.wake.take() {
                // The executor may just have stopped waiting.
                wake.send(()).ok();
            }
            true
        };
        self.refresh();
        active
    }

    fn engine_handle(&self, input: Input) -> Vec<Step> {
        let effects = self
            .state
            .borrow_mut()
            .engine
            .as_mut()
            .map(|e| e.handle(input, now_ms()))
            .unwrap_or_default();
        self.refresh();
        effects
    }

    /// Takes the page lease for the run, waiting a bounded time and saying
    /// why; `None` (with the alert saying why) when it stays busy.
    async fn lease(&self, what: &str) -> Option<PageLease> {
        let name = self.words.name;
        if let Some(holder) = lease::holder() {
            self.messages.notice(&words::waiting(&holder, what));
        }
        self.state.borrow_mut().acquiring = true;
        self.refresh();
        let got = lease::acquire(name, LEASE_WAIT_MS, self.ctx.mount.lifetime()).await;
        self.state.borrow_mut().acquiring = false;
        self.refresh();
        match got {
            Ok(lease) => Some(lease),
            Err(LeaseError::Busy { holder }) => {
                self.messages.notice("");
                self.messages.alert(&words::busy(&holder, what));
                None
            }
            Err(LeaseError::Ended { .. }) => None,
        }
    }

    /// Takes the workspace's run lock (`browser::run_lock`): `None`, with
    /// the alert saying where the run is and how far it got, when another
    /// tab or window runs one; `Some(None)` where browsers lack Web Locks.
    async fn run_lock(&self, what: &str) -> Option<Option<RunLock>> {
        match run_lock::acquire(&self.ctx.workspace).await {
            Acquired::Held(lock) => Some(Some(lock)),
            Acquired::Unsupported => Some(None),
            Acquired::Busy => {
                let progress = self
                    .kind
                    .load(&self.ctx.workspace)
                    .await
                    .ok()
                    .flatten()
                    .map(|s| s.run.progress());
                self.messages.notice("");
                self.messages
                    .alert(&words::elsewhere(what, progress.as_ref()));
                None
            }
        }
    }

    // ------------------------------------------------------------ showing

    fn log(&self, logged: Logged) {
        let line = self.line(&logged);
        self.section.add_activity(&line);
        self.state.borrow_mut().activity.push(logged);
    }

    fn line(&self, logged: &Logged) -> String {
        let st = self.state.borrow();
        match st.engine.as_ref() {
            Some(e) => {
                words::event_line(&self.words, logged.at_ms, &logged.event, e.rows(), &|g| {
                    e.group_text(g)
                })
            }
            None => String::new(),
        }
    }

    fn stopped(self: &Rc<Self>, stop: &Stop) {
        let (notice, alert) = words::stop_messages(&self.words, stop);
        match stop {
            Stop::NotStarted { .. } => {
                self.state.borrow_mut().engine = None;
            }
            Stop::Finished { .. } => self.show_results(),
            _ => {}
        }
        self.messages.notice(&notice);
        self.messages.alert(&alert);
        let eta = match stop {
            Stop::Paused { .. } => Some("Paused"),
            Stop::Finished { .. } => Some(""),
            _ => None,
        };
        self.show_progress(eta);
    }

    /// Updates the controls, the section's visibility and the tab's state.
    fn refresh(&self) {
        let (phase, acquiring) = {
            let st = self.state.borrow();
            (st.engine.as_ref().map(|e| e.phase()), st.acquiring)
        };
        let shown = match phase {
            _ if acquiring => None,
            Some(Phase::Stopping | Phase::Checking) => None,
            other => other,
        };
        self.section.controls(shown);
        let state = self.run_state();
        let _ = if state == RunState::Idle {
            self.section.el.set_attribute("hidden", "")
        } else {
            self.section.el.remove_attribute("hidden")
        };
        // Results show for a finished run only (a restored one included).
        if !matches!(phase, Some(Phase::Finished(_))) {
            clear(&self.results);
        }
        (self.on_state)(state);
    }

    fn show_progress(&self, eta: Option<&str>) {
        let st = self.state.borrow();
        if let Some(e) = st.engine.as_ref() {
            self.section.show(&self.words, &e.progress(), e.rows(), eta);
        }
        self.section.show_pace(self.ctx.driver.slow_ms());
    }

    /// Shows a finished run: progress, results table, download.
    fn show_results(self: &Rc<Self>) {
        clear(&self.results);
        let built = {
            let st = self.state.borrow();
            st.engine.as_ref().map(|e| {
                let summary = words::summary(
                    &self.words,
                    e.status(),
                    &e.progress(),
                    e.rows(),
                    e.not_ready(),
                );
                e.results(&summary)
            })
        };
        let Some((section, download)) = built else {
            return;
        };
        let _ = self.results.append_child(&section);
        let root = self.ctx.root.clone();
        let weak = Rc::downgrade(self);
        self.ctx.mount.listen(&download, "click", move |_| {
            if let Some(me) = weak.upgrade() {
                me.download(&root);
            }
        });
    }

    /// Offers the results file; once it is made, the finished run's stored
    /// copy has served its purpose and is deleted (`core::retention`).
    fn download(self: &Rc<Self>, root: &web_sys::ShadowRoot) {
        let made = {
            let st = self.state.borrow();
            let Some(e) = st.engine.as_ref() else {
                return;
            };
            let name =
                results::file_name(self.words.file_prefix, &self.ctx.workspace, e.created_ms());
            e.download(root, &name)
        };
        match made {
            Ok(url) => self.state.borrow_mut().download = Some(url),
            Err(e) => return self.messages.alert(&e.to_string()),
        }
        if !matches!(
            self.run_state(),
            RunState::Done | RunState::Cancelled | RunState::Idle
        ) {
            return;
        }
        let me = self.clone();
        self.ctx.mount.spawn(async move {
            match me.kind.clear(&me.ctx.workspace).await {
                Ok(()) => me.messages.notice(words::DELETED_AFTER_DOWNLOAD),
                Err(e) => me.messages.alert(&format!(
                    "The results were downloaded, but the run's saved copy could not be deleted from this browser ({e}). \
                     \"Clear all stored data\" in the options deletes it."
                )),
            }
        });
    }

    // ------------------------------------------------------------ restore

    /// See [`RunView::restore`].
    async fn restore(self: Rc<Self>, still_idle: Box<dyn Fn() -> bool>) {
        registry::settled(&self.key()).await;
        let stored = match self.kind.load(&self.ctx.workspace).await {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(e) => {
                self.messages.alert(&format!(
                    "The saved {} run of this workspace could not be read ({e}). Starting a new run replaces it.",
                    self.words.name.to_lowercase()
                ));
                return;
            }
        };
        if !still_idle() || self.state.borrow().engine.is_some() {
            return;
        }
        self.adopt(stored);
    }

    /// Shows a stored run (offering Resume when it is unfinished).
    fn adopt(self: &Rc<Self>, stored: Stored) {
        let unfinished = stored.run.is_unfinished();
        {
            let mut st = self.state.borrow_mut();
            st.engine = Some(stored.run);
            st.activity = stored.activity;
            st.restored_finished = !unfinished;
        }
        let lines: Vec<String> = self
            .state
            .borrow()
            .activity
            .iter()
            .map(|l| self.line(l))
            .collect();
        self.section.set_activity(&lines);
        if unfinished {
            self.show_progress(Some("Interrupted"));
        } else {
            self.show_results();
            self.show_progress(Some(""));
        }
        self.refresh();
        // Why it paused by itself, when that was the last thing it did.
        let paused = match self.state.borrow().activity.last().map(|l| &l.event) {
            Some(Event::Paused { why: Some(why) }) if unfinished => Some(why.clone()),
            _ => None,
        };
        self.messages.notice(&words::restored_notice(
            &self.words,
            unfinished,
            paused.as_ref(),
        ));
    }
}
