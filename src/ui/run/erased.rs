//! A feature's run with its operation's types erased, so that ONE copy of
//! the run view and its executor (their async state machines above all)
//! serves every feature; only this thin adapter is made once per feature.
//!
//! - [`Run`]: an engine of one run and its journal, as the view reads and
//!   drives it (its effects come out as [`Step`]s);
//! - [`Job`]: one submission to carry out, with the feature's flow;
//! - [`Kind`]: what the view needs before it has a run (the storage key,
//!   reading back and deleting the stored run), one per feature.

use std::marker::PhantomData;

use futures_util::future::LocalBoxFuture;
use web_sys::{Element, Node};

use super::results::{self, DownloadError};
use super::Feature;
use crate::browser::journal_store::{self, JournalStoreError, Prepared};
use crate::core::run::{
    Attempt, Effect, Engine, Input, Journal, Logged, Operation, Phase, Progress, Row, RunStatus,
    Stop, Submission,
};
use crate::driver::lease::PageLease;
use crate::driver::Driver;
use crate::ui::dom::ObjectUrl;

type Group<F> = <<F as Feature>::Op as Operation>::Group;

/// What to do: the engine's `Effect`, its submission bound to the feature's
/// flow.
pub(super) enum Step {
    Persist,
    Send(Box<dyn Job>),
    ReadPage,
    Wait { until_ms: u64 },
    Log(Logged),
    Stop(Stop),
}

/// One submission, ready to be carried out on the page.
pub(super) trait Job {
    fn attempt<'a>(
        self: Box<Self>,
        driver: &'a Driver,
        lease: Option<&'a PageLease>,
    ) -> LocalBoxFuture<'a, Attempt>;
}

/// The engine of one run, as the view drives and shows it.
pub(super) trait Run {
    fn phase(&self) -> Phase;
    fn is_active(&self) -> bool;
    fn handle(&mut self, input: Input, now_ms: u64) -> Vec<Step>;
    /// Whether the last submission has no recorded answer.
    fn in_flight(&self) -> bool;
    fn is_unfinished(&self) -> bool;
    fn progress(&self) -> Progress;
    fn rows(&self) -> &[Row];
    fn status(&self) -> RunStatus;
    fn not_ready(&self) -> usize;
    fn created_ms(&self) -> u64;
    /// Group `index`, as the activity names it (empty when there is none).
    fn group_text(&self, index: usize) -> String;
    /// The results section and its "Download results" button.
    fn results(&self, summary: &str) -> (Element, Element);
    fn download(&self, parent: &Node, name: &str) -> Result<ObjectUrl, DownloadError>;
    /// The run with `activity`, encoded for storage.
    fn prepare(&self, workspace: &str, activity: &[Logged]) -> Result<Prepared, JournalStoreError>;
}

/// A run read back from storage.
pub(super) struct Stored {
    pub run: Box<dyn Run>,
    pub activity: Vec<Logged>,
}

/// A feature's kind of run, before there is one.
pub(super) trait Kind {
    fn key(&self, workspace: &str) -> String;
    fn load<'a>(
        &self,
        workspace: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<Stored>, JournalStoreError>>;
    fn clear<'a>(&self, workspace: &'a str) -> LocalBoxFuture<'a, Result<(), JournalStoreError>>;
}

/// Starts a run over `journal` at `now_ms`: the run and its first steps.
pub(super) fn start<F: Feature>(journal: Journal<F::Op>, now_ms: u64) -> (Box<dyn Run>, Vec<Step>) {
    let (engine, effects) = Engine::start(journal, now_ms);
    (Box::new(Typed::<F>(engine)), steps::<F>(effects))
}

/// The kind of `F`'s runs.
pub(super) fn kind<F: Feature>() -> Box<dyn Kind> {
    Box::new(KindOf::<F>(PhantomData))
}

struct Typed<F: Feature>(Engine<F::Op>);

struct SendOf<F: Feature>(Submission<Group<F>>);

struct KindOf<F>(PhantomData<fn() -> F>);

fn steps<F: Feature>(effects: Vec<Effect<Group<F>>>) -> Vec<Step> {
    effects
        .into_iter()
        .map(|e| match e {
            Effect::Persist => Step::Persist,
            Effect::Send(s) => Step::Send(Box::new(SendOf::<F>(s))),
            Effect::ReadPage => Step::ReadPage,
            Effect::Wait { until_ms } => Step::Wait { until_ms },
            Effect::Log(l) => Step::Log(l),
            Effect::Stop(s) => Step::Stop(s),
        })
        .collect()
}

impl<F: Feature> Job for SendOf<F> {
    fn attempt<'a>(
        self: Box<Self>,
        driver: &'a Driver,
        lease: Option<&'a PageLease>,
    ) -> LocalBoxFuture<'a, Attempt> {
        Box::pin(async move { F::attempt(driver, lease, &self.0).await })
    }
}

impl<F: Feature> Run for Typed<F> {
    fn phase(&self) -> Phase {
        self.0.phase()
    }
    fn is_active(&self) -> bool {
        self.0.is_active()
    }
    fn handle(&mut self, input: Input, now_ms: u64) -> Vec<Step> {
        steps::<F>(self.0.handle(input, now_ms))
    }
    fn in_flight(&self) -> bool {
        self.0.journal().in_flight().is_some()
    }
    fn is_unfinished(&self) -> bool {
        self.0.journal().is_unfinished()
    }
    fn progress(&self) -> Progress {
        self.0.journal().progress()
    }
    fn rows(&self) -> &[Row] {
        self.0.journal().rows()
    }
    fn status(&self) -> RunStatus {
        self.0.journal().status()
    }
    fn not_ready(&self) -> usize {
        self.0.journal().not_ready()
    }
    fn created_ms(&self) -> u64 {
        self.0.journal().created_ms()
    }
    fn group_text(&self, index: usize) -> String {
        self.0
            .journal()
            .groups()
            .get(index)
            .map(F::group_text)
            .unwrap_or_default()
    }
    fn results(&self, summary: &str) -> (Element, Element) {
        results::build(self.0.journal(), summary)
    }
    fn download(&self, parent: &Node, name: &str) -> Result<ObjectUrl, DownloadError> {
        results::download(parent, self.0.journal(), name)
    }
    fn prepare(&self, workspace: &str, activity: &[Logged]) -> Result<Prepared, JournalStoreError> {
        journal_store::prepare(workspace, self.0.journal(), activity)
    }
}

impl<F: Feature> Kind for KindOf<F> {
    fn key(&self, workspace: &str) -> String {
        journal_store::key::<F::Op>(workspace)
    }
    fn load<'a>(
        &self,
        workspace: &'a str,
    ) -> LocalBoxFuture<'a, Result<Option<Stored>, JournalStoreError>> {
        Box::pin(async move {
            Ok(journal_store::load::<F::Op>(workspace)
                .await?
                .map(|s| Stored {
                    run: Box::new(Typed::<F>(Engine::restored(s.journal))),
                    activity: s.activity,
                }))
        })
    }
    fn clear<'a>(&self, workspace: &'a str) -> LocalBoxFuture<'a, Result<(), JournalStoreError>> {
        Box::pin(journal_store::clear::<F::Op>(workspace))
    }
}
