//! The executor: carries a run's effects out (see the parent module's docs),
//! in a task of its own that winds down through the mount's lifetime.

use std::collections::VecDeque;
use std::rc::Rc;

use futures_channel::oneshot;
use futures_util::future::{select, Either};
use gloo_timers::future::TimeoutFuture;

use super::erased::Step;
use super::{now_ms, registry, View};
use crate::browser::run_lock::RunLock;
use crate::browser::runtime;
use crate::core::run::{Attempt, Input, Interruption, NotSentWhy, PageSeen};
use crate::core::session;
use crate::driver::{Driver, PageLease};

impl View {
    /// Runs an executor for `effects` in a task of its own: not the mount's
    /// (which are aborted when it ends) but one that winds down through the
    /// lifetime, saving the paused run (see the module docs).
    pub(super) fn spawn_drive(
        self: &Rc<Self>,
        effects: Vec<Step>,
        lease: Option<PageLease>,
        lock: Option<RunLock>,
    ) {
        // Entered now: a restore that starts before the task runs waits too.
        let driving = registry::Driving::enter(&self.key());
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            me.drive(effects, lock.as_ref(), lease.as_ref()).await;
            drop(lock);
            drop(lease);
            drop(driving);
        });
    }

    /// Carries effects out until the engine stops.
    async fn drive(
        self: &Rc<Self>,
        effects: Vec<Step>,
        lock: Option<&RunLock>,
        lease: Option<&PageLease>,
    ) {
        let lifetime = self.ctx.mount.lifetime().clone();
        let driver = &self.ctx.driver;
        let mut queue: VecDeque<_> = effects.into();
        self.refresh();
        self.show_progress(None);
        while let Some(effect) = queue.pop_front() {
            let input = match effect {
                Step::Log(logged) => {
                    self.log(logged);
                    continue;
                }
                Step::Stop(stop) => {
                    self.stopped(&stop);
                    break;
                }
                Step::Persist => match interruption(&lifetime, lock) {
                    Some(gone) if !gone.can_save() => Input::Ended(gone),
                    _ => match self.persist().await {
                        // The save failed because the extension went during it.
                        Err(_) if !runtime::is_alive() => Input::Ended(Interruption::ExtensionGone),
                        saved => Input::Persisted(saved),
                    },
                },
                _ if !lifetime.is_live()
                    || !runtime::is_alive()
                    || lock.is_some_and(RunLock::is_lost) =>
                {
                    Input::Ended(interruption(&lifetime, lock).unwrap_or(Interruption::PageLeft))
                }
                Step::Send(job) => match job.attempt(driver, lease).await {
                    // Not sent because the page went: say why it went.
                    Attempt::NotSent {
                        why: NotSentWhy::Interrupted,
                    } => Input::Ended(
                        interruption(&lifetime, lock).unwrap_or(Interruption::PageLeft),
                    ),
                    answer => Input::Answered(answer),
                },
                Step::ReadPage => Input::PageRead(read_page(driver).await),
                Step::Wait { until_ms } => {
                    let left = until_ms.saturating_sub(now_ms());
                    self.show_progress(Some(&format!(
                        "Waiting {} s before retrying…",
                        left.div_ceil(1000)
                    )));
                    self.wait(left, &lifetime).await;
                    match interruption(&lifetime, lock) {
                        None => Input::TimerFired,
                        Some(gone) => Input::Ended(gone),
                    }
                }
            };
            let more = self.engine_handle(input);
            self.show_progress(None);
            queue.extend(more);
        }
        debug_assert!(
            self.state
                .borrow()
                .engine
                .as_ref()
                .is_none_or(|e| !e.is_active()),
            "the effects ended without a Stop"
        );
        self.refresh();
    }

    /// Sleeps up to `ms`, less when the person asks something, the page
    /// goes away or the extension is reloaded.
    async fn wait(&self, ms: u64, lifetime: &crate::driver::Lifetime) {
        let (tx, rx) = oneshot::channel();
        self.state.borrow_mut().wake = Some(tx);
        let timer = TimeoutFuture::new(u32::try_from(ms.max(1)).unwrap_or(u32::MAX));
        let woken = select(
            rx,
            select(Box::pin(lifetime.ended()), Box::pin(runtime::gone())),
        );
        match select(timer, woken).await {
            Either::Left(_) | Either::Right(_) => {}
        }
        self.state.borrow_mut().wake = None;
    }

    async fn persist(&self) -> Result<(), String> {
        let prepared = {
            let st = self.state.borrow();
            let Some(engine) = st.engine.as_ref() else {
                return Ok(());
            };
            engine.prepare(&self.ctx.workspace, &st.activity)
        };
        match prepared {
            Ok(p) => p.save().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    pub(super) fn key(&self) -> String {
        self.kind.key(&self.ctx.workspace)
    }
}

/// Why the run can no longer act on its page, if it cannot: the extension
/// was reloaded (its storage is gone for this copy), the workspace's run
/// lock was taken from this tab, or the mount ended —
/// on Segment's sign-in page when the session ended, elsewhere otherwise.
fn interruption(
    lifetime: &crate::driver::Lifetime,
    lock: Option<&RunLock>,
) -> Option<Interruption> {
    if !runtime::is_alive() {
        Some(Interruption::ExtensionGone)
    } else if lock.is_some_and(RunLock::is_lost) {
        Some(Interruption::LockLost)
    } else if lifetime.is_live() {
        None
    } else if web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| session::is_sign_in_path(&p))
    {
        Some(Interruption::SignedOut)
    } else {
        Some(Interruption::PageLeft)
    }
}

/// What the page shows, to settle rows in doubt (every page of the users
/// table).
async fn read_page(driver: &Driver) -> Result<PageSeen, String> {
    let table = driver.read_users().await.map_err(|e| e.to_string())?;
    let seen = PageSeen::new(
        table.members().map(|r| r.email.as_str()),
        table.invites().map(|r| r.email.as_str()),
    );
    Ok(if table.is_complete() {
        seen
    } else {
        seen.partial()
    })
}
