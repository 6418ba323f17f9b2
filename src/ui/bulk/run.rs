//! Running: the loop that takes the journal's next submission, persists,
//! sends it through the page, records the answer and persists again; and
//! Start, Pause, Resume, Cancel and the resume offer after a reload.
//!
//! Safety rules kept here:
//! - the journal is saved before a submission is sent; when it cannot be
//!   saved, nothing is sent and the run pauses;
//! - an unclear answer is settled by reading the users table, never by
//!   guessing; when the table cannot be read the run pauses;
//! - Pause and Cancel take effect between submissions;
//! - resuming always re-reads the table first (`reconcile_after_reload`).

use std::rc::Rc;

use futures_channel::oneshot;
use gloo::timers::callback::Timeout;

use super::progress::Controls;
use super::send::{send, Answer};
use super::words::{reconcile_line, refusal_line, submission_head};
use super::{now_ms, results, BulkView, Phase};
use crate::browser::journal_store;
use crate::core::journal::{Journal, NextStep, RunStatus, Unsent};
use crate::core::preview::StatusKind;

/// Submissions in a row whose answer was unclear before the run pauses.
const MAX_UNCLEAR: u32 = 3;
/// Submissions in a row the form would not take before the run pauses.
const MAX_FORM_TROUBLE: u32 = 2;
/// Longest sleep while waiting for a retry, so Pause and Cancel stay prompt.
const WAIT_SLICE_MS: u64 = 250;

async fn sleep(ms: u64) {
    let (tx, rx) = oneshot::channel::<()>();
    let ms = u32::try_from(ms).unwrap_or(u32::MAX);
    Timeout::new(ms, move || {
        let _ = tx.send(());
    })
    .forget();
    let _ = rx.await;
}

impl BulkView {
    // ------------------------------------------------------------- storage

    /// Saves the journal and activity for this workspace.
    async fn persist(&self) -> Result<(), journal_store::JournalStoreError> {
        let (journal, activity) = {
            let st = self.st.borrow();
            let Some(j) = st.journal.clone() else {
                return Ok(());
            };
            (j, st.activity.clone())
        };
        journal_store::save(&self.ctx.workspace, &journal, &activity).await
    }

    fn log(&self, line: String) {
        self.ui().run.add_activity(&line);
        self.st.borrow_mut().activity.push(line);
    }

    fn refresh_progress(&self, eta: Option<&str>) {
        if let Some(p) = self.st.borrow().journal.as_ref().map(Journal::progress) {
            self.ui().run.show(&p, eta);
        }
    }

    /// After a reload: shows a stored run, offering to resume it when unfinished.
    pub(super) async fn restore(self: Rc<Self>) {
        let stored = match journal_store::load(&self.ctx.workspace).await {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(e) => {
                self.show_alert(&format!(
                    "The saved bulk-invite run of this workspace could not be read ({e}). Starting a new run replaces it."
                ));
                return;
            }
        };
        if self.phase() != Phase::Idle {
            return; // the person has moved on already
        }
        let unfinished = stored.journal.is_unfinished();
        let status = stored.journal.status();
        {
            let mut st = self.st.borrow_mut();
            st.journal = Some(stored.journal);
            st.activity = stored.activity;
        }
        self.ui().run.set_activity(&self.st.borrow().activity);
        if unfinished {
            self.set_phase(Phase::Paused);
            self.ui().run.controls(Controls::Paused);
            self.refresh_progress(Some("Interrupted"));
            self.show_notice(
                "A bulk invite run on this workspace did not finish (the page was reloaded or closed). \
                 Resume reads the users table first, so nobody is invited twice and nobody is missed; \
                 Cancel ends the run and shows the results.",
            );
        } else {
            // A finished run is history: the view is idle, its report stays
            // available until the next preview.
            self.finish_view(status, true);
            self.show_notice(
                "The last bulk invite run on this workspace finished; its results are below.",
            );
        }
    }

    // --------------------------------------------------------------- start

    pub(super) async fn start(self: Rc<Self>) {
        if self.phase() != Phase::Previewed || self.st.borrow().busy {
            return;
        }
        let ui = self.ui();
        let chunk = match ui.form.chunk_size() {
            Ok(c) => c,
            Err(e) => {
                self.show_alert(&e);
                return;
            }
        };
        let Some(preview) = self.st.borrow().preview.clone() else {
            return;
        };
        let ready = preview.count(StatusKind::Ready);
        if ready == 0 {
            return;
        }
        self.show_alert("");
        let journal = Journal::new(&preview, chunk, now_ms());
        let line = format!(
            "Started: {ready} rows to invite in {} role sets, up to {} emails per submission.",
            journal.role_sets().len(),
            chunk.get()
        );
        {
            let mut st = self.st.borrow_mut();
            st.journal = Some(journal);
            st.activity.clear();
            st.pause_requested = false;
            st.cancel_requested = false;
        }
        ui.run.set_activity(&[]);
        self.log(line);
        self.set_phase(Phase::Running);
        ui.run.controls(Controls::Running);
        self.refresh_progress(None);
        self.show_notice("Sending through the page's invite form. Keep this tab open; Pause and Cancel act between submissions.");
        if let Err(e) = self.persist().await {
            self.show_alert(&format!(
                "The run could not be saved ({e}), so it was not started: without a saved journal a reload could invite people twice."
            ));
            self.st.borrow_mut().journal = None;
            self.set_phase(Phase::Previewed);
            return;
        }
        self.run_loop().await;
    }

    // ---------------------------------------------------------------- loop

    /// Pauses the run with `why` shown (used when going on is unsafe).
    async fn pause_for(&self, why: &str) {
        if let Some(j) = self.st.borrow_mut().journal.as_mut() {
            let _ = j.pause();
        }
        self.log(format!("Paused: {why}"));
        let saved = self.persist().await;
        self.set_phase(Phase::Paused);
        self.ui().run.controls(Controls::Paused);
        self.refresh_progress(Some("Paused"));
        let mut text = format!("The run is paused: {why}");
        if let Err(e) = saved {
            text.push_str(&format!(" (The run could not be saved either: {e}.)"));
        }
        self.show_alert(&text);
    }

    async fn run_loop(self: Rc<Self>) {
        let mut unclear = 0u32;
        let mut trouble = 0u32;
        loop {
            let (pause, cancel) = {
                let st = self.st.borrow();
                (st.pause_requested, st.cancel_requested)
            };
            if cancel {
                self.cancel_now().await;
                return;
            }
            if pause {
                if let Some(j) = self.st.borrow_mut().journal.as_mut() {
                    let _ = j.pause();
                }
                self.st.borrow_mut().pause_requested = false;
                self.log("Paused.".into());
                if let Err(e) = self.persist().await {
                    self.show_alert(&format!("The paused run could not be saved: {e}"));
                }
                self.set_phase(Phase::Paused);
                self.ui().run.controls(Controls::Paused);
                self.refresh_progress(Some("Paused"));
                self.show_notice("Paused. Resume re-reads the users table, then goes on.");
                return;
            }
            let now = now_ms();
            let step = match self.st.borrow().journal.as_ref() {
                Some(j) => j.next_submission(now),
                None => return,
            };
            match step {
                NextStep::Submit(sub) => {
                    let marked = match self.st.borrow_mut().journal.as_mut() {
                        Some(j) => j.mark_in_flight(&sub, now),
                        None => return,
                    };
                    if let Err(e) = marked {
                        self.pause_for(&format!(
                            "the run journal refused the next submission ({e})"
                        ))
                        .await;
                        return;
                    }
                    if let Err(e) = self.persist().await {
                        // Not sent: put the rows back before pausing.
                        if let Some(j) = self.st.borrow_mut().journal.as_mut() {
                            let _ = j.record_unsent(
                                sub.id,
                                "the run could not be saved",
                                Unsent::Retry,
                                now_ms(),
                            );
                        }
                        self.pause_for(&format!(
                            "progress could not be saved ({e}), and nothing is sent unless it is saved first"
                        ))
                        .await;
                        return;
                    }
                    self.refresh_progress(None);
                    let head = format!("{} · {}", submission_head(&sub), sub.role_set);
                    let sent = send(&self.ctx.driver, &sub).await;
                    let now = now_ms();
                    let mut stop: Option<String> = None;
                    match sent {
                        Answer::Accepted => {
                            unclear = 0;
                            trouble = 0;
                            if let Some(j) = self.st.borrow_mut().journal.as_mut() {
                                let _ = j.record_accepted(sub.id, now);
                            }
                            self.log(format!("{head} → invited"));
                        }
                        Answer::Refused(message) => {
                            unclear = 0;
                            trouble = 0;
                            let line = {
                                let mut st = self.st.borrow_mut();
                                let Some(j) = st.journal.as_mut() else { return };
                                match j.record_refused(sub.id, &message, now) {
                                    Ok(outcome) => {
                                        refusal_line(&head, &message, &outcome, now, j.rows())
                                    }
                                    Err(e) => format!("{head} → the page said “{message}”; {e}"),
                                }
                            };
                            self.log(line);
                        }
                        Answer::NotSent { message, why } => {
                            unclear = 0;
                            // A role set the form cannot express is not form trouble.
                            trouble = if why == Unsent::Retry { trouble + 1 } else { 0 };
                            let line = {
                                let mut st = self.st.borrow_mut();
                                let Some(j) = st.journal.as_mut() else { return };
                                match j.record_unsent(sub.id, &message, why, now) {
                                    Ok(outcome) => {
                                        let l =
                                            refusal_line(&head, &message, &outcome, now, j.rows());
                                        l.replacen("→ the page said", "→ not sent:", 1)
                                    }
                                    Err(e) => format!("{head} → not sent: {message}; {e}"),
                                }
                            };
                            self.log(line);
                            if why == Unsent::Retry && trouble >= MAX_FORM_TROUBLE {
                                stop = Some(format!(
                                    "the invite form did not behave as expected {trouble} times in a row (last: {message}). \
                                     Check the page (or the locator profile in the options), then Resume."
                                ));
                            }
                        }
                        Answer::Unknown(error) => {
                            trouble = 0;
                            unclear += 1;
                            self.log(format!("{head} → no clear answer from the page ({error})"));
                            match self.ctx.driver.read_users().await {
                                Ok(table) => {
                                    let report = match self.st.borrow_mut().journal.as_mut() {
                                        Some(j) => j.reconcile_after_reload(
                                            table.invites().map(|r| r.email.as_str()),
                                            table.members().map(|r| r.email.as_str()),
                                        ),
                                        None => return,
                                    };
                                    self.log(reconcile_line(&format!("#{}", sub.id), &report));
                                    if unclear >= MAX_UNCLEAR {
                                        stop = Some(format!(
                                            "the page gave no clear answer {unclear} times in a row (last: {error})"
                                        ));
                                    }
                                }
                                Err(e) => {
                                    stop = Some(format!(
                                        "the page gave no clear answer ({error}) and the users table could not be read to check ({e}). \
                                         Resume checks the table again before sending anything"
                                    ));
                                }
                            }
                        }
                    }
                    if let Err(e) = self.persist().await {
                        stop.get_or_insert(format!("progress could not be saved ({e})"));
                    }
                    self.refresh_progress(None);
                    if let Some(why) = stop {
                        self.pause_for(&why).await;
                        return;
                    }
                }
                NextStep::Wait { until_ms } => {
                    let left = until_ms.saturating_sub(now);
                    self.refresh_progress(Some(&format!(
                        "Waiting {} s before retrying…",
                        left.div_ceil(1000)
                    )));
                    sleep(left.clamp(1, WAIT_SLICE_MS)).await;
                }
                NextStep::AwaitingResult { submission } => {
                    self.pause_for(&format!(
                        "submission #{submission} has no recorded answer; Resume checks the users table first"
                    ))
                    .await;
                    return;
                }
                NextStep::Paused => {
                    self.set_phase(Phase::Paused);
                    self.ui().run.controls(Controls::Paused);
                    return;
                }
                NextStep::Cancelled => {
                    self.finish(RunStatus::Cancelled).await;
                    return;
                }
                NextStep::Done => {
                    self.finish(RunStatus::Done).await;
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------ controls

    pub(super) fn request_pause(&self) {
        if self.phase() != Phase::Running {
            return;
        }
        self.st.borrow_mut().pause_requested = true;
        self.ui().run.controls(Controls::Stopping);
        self.show_notice("Pausing after the current submission…");
    }

    pub(super) async fn resume(self: Rc<Self>) {
        if self.phase() != Phase::Paused || self.st.borrow().busy {
            return;
        }
        let busy = super::Busy::hold(&self.st);
        self.ui().run.controls(Controls::Busy);
        self.show_alert("");
        self.show_notice("Reading the users table before resuming, so nobody is invited twice…");
        let table = self.ctx.driver.read_users().await;
        drop(busy);
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                self.ui().run.controls(Controls::Paused);
                self.show_alert(&format!(
                    "The users table could not be read, so the run stays paused: {e}"
                ));
                return;
            }
        };
        let (report, status) = {
            let mut st = self.st.borrow_mut();
            let Some(j) = st.journal.as_mut() else { return };
            let report = j.reconcile_after_reload(
                table.invites().map(|r| r.email.as_str()),
                table.members().map(|r| r.email.as_str()),
            );
            let _ = j.resume();
            (report, j.status())
        };
        self.log(reconcile_line("Before resuming", &report));
        {
            let mut st = self.st.borrow_mut();
            st.pause_requested = false;
            st.cancel_requested = false;
        }
        if status != RunStatus::Running {
            self.finish(status).await;
            return;
        }
        self.log("Resumed.".into());
        self.set_phase(Phase::Running);
        self.ui().run.controls(Controls::Running);
        self.show_notice("Sending through the page's invite form. Keep this tab open; Pause and Cancel act between submissions.");
        self.run_loop().await;
    }

    pub(super) async fn cancel(self: Rc<Self>) {
        match self.phase() {
            Phase::Running => {
                self.st.borrow_mut().cancel_requested = true;
                self.ui().run.controls(Controls::Stopping);
                self.show_notice("Cancelling after the current submission…");
            }
            Phase::Paused if !self.st.borrow().busy => self.cancel_now().await,
            _ => {}
        }
    }

    /// Ends the run. A submission whose answer was never recorded (an
    /// interrupted run) is first settled against the users table.
    async fn cancel_now(&self) {
        let in_doubt = self
            .st
            .borrow()
            .journal
            .as_ref()
            .is_some_and(|j| j.in_flight().is_some());
        if in_doubt {
            let busy = super::Busy::hold(&self.st);
            self.ui().run.controls(Controls::Busy);
            self.show_notice("Reading the users table to settle the last submission…");
            let table = self.ctx.driver.read_users().await;
            drop(busy);
            match table {
                Ok(table) => {
                    let report = self.st.borrow_mut().journal.as_mut().map(|j| {
                        j.reconcile_after_reload(
                            table.invites().map(|r| r.email.as_str()),
                            table.members().map(|r| r.email.as_str()),
                        )
                    });
                    if let Some(r) = report {
                        self.log(reconcile_line("Before cancelling", &r));
                    }
                }
                Err(e) => self.log(format!(
                    "Before cancelling: the users table could not be read ({e}); the last submission's rows are reported as unknown."
                )),
            }
        }
        if let Some(j) = self.st.borrow_mut().journal.as_mut() {
            let _ = j.cancel();
        }
        let status = self
            .st
            .borrow()
            .journal
            .as_ref()
            .map_or(RunStatus::Cancelled, Journal::status);
        self.finish(status).await;
    }

    // -------------------------------------------------------------- finish

    async fn finish(&self, status: RunStatus) {
        let summary = self.st.borrow().journal.as_ref().map(results::summary);
        if let Some(s) = summary {
            self.log(s);
        }
        if let Err(e) = self.persist().await {
            self.show_alert(&format!(
                "The results could not be saved in the browser: {e}. Download them now."
            ));
        }
        {
            let mut st = self.st.borrow_mut();
            st.pause_requested = false;
            st.cancel_requested = false;
        }
        self.finish_view(status, false);
        self.show_notice("");
    }

    /// Shows a finished run: progress, results table, download. A run
    /// restored from storage leaves the view `idle`.
    fn finish_view(&self, status: RunStatus, restored: bool) {
        let phase = match status {
            _ if restored => Phase::Idle,
            RunStatus::Cancelled => Phase::Cancelled,
            _ => Phase::Done,
        };
        self.set_phase(phase);
        let ui = self.ui();
        ui.run.controls(Controls::Finished);
        self.refresh_progress(Some(""));
        let st = self.st.borrow();
        let Some(journal) = st.journal.as_ref() else {
            return;
        };
        crate::ui::dom::clear(&ui.results_slot);
        let (section, download) = results::build(journal);
        let _ = ui.results_slot.append_child(&section);
        let name = results::file_name(&self.ctx.workspace, journal.created_ms());
        let root = self.ctx.root.clone();
        let csv_journal = journal.clone();
        let alert = ui.alert.clone();
        crate::ui::dom::El::from_element(download)
            .on("click", move |_| {
                if let Err(e) = results::download(&root, &csv_journal, &name) {
                    crate::ui::dom::set_text(&alert, &e.to_string());
                    let _ = alert.remove_attribute("hidden");
                }
            })
            .build();
    }
}
