//! The "Bulk invite" tab: paste or pick a list, preview what will happen to
//! every row, then send the ready rows through Segment's own invite form in
//! groups, with progress, pause / resume / cancel, a results report, and a
//! journal in `chrome.storage.local` so a reload neither loses nor repeats
//! anything.
//!
//! - [`form`]: the input controls; [`preview_table`]: the preview;
//! - [`flags`]: the preview's safety flags and the ticks Start waits for;
//! - [`offer`]: which roles the page's form offers (checked at preview);
//! - [`words`]: small names;
//! - the run itself is the shared [`crate::ui::run::RunView`] of the
//!   [`BulkInvite`] feature: `core::run`'s engine and journal with
//!   [`InviteOp`], sent through `Driver::attempt_invite`.
//!
//! The view's root carries `data-run-state` = idle | previewed | running |
//! paused | done | cancelled.

mod flags;
mod form;
mod lookup;
mod offer;
mod preview_table;
pub(crate) mod words;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use web_sys::Element;

use self::form::{DefaultChoice, Form};
use super::dom::{clear, set_text, utf8_of, value_js, El};
use super::field::ListTab;
use super::panel::View;
use super::run::{Feature, Messages, RunState, RunView, RunWords};
use super::Ctx;
use crate::browser::{settings, template_store};
use crate::core::input::{parse_text, InputFormat};
use crate::core::preview::{build_preview, KnownPeople, Preview, PreviewContext, StatusKind};
use crate::core::roles::RoleSet;
use crate::core::run::{Attempt, InviteOp, Journal, Submission};
use crate::core::safety::fix::fix_text;
use crate::core::safety::invite::flag_preview;
use crate::core::safety::typo::Correction;
use crate::core::template::TemplateLibrary;
use crate::driver::lease;
use crate::driver::Driver;

/// Bulk invite, as a run of the shared engine.
pub struct BulkInvite;

impl Feature for BulkInvite {
    type Op = InviteOp;

    const WORDS: RunWords = RunWords {
        name: "Bulk invite",
        done: "invited",
        verb: "invite",
        unit: ("email", "emails"),
        groups: "role sets",
        sending: "Sending through the page's invite form. Keep this tab open; Pause and Cancel act between submissions.",
        progress_label: "Bulk invite progress",
        file_prefix: "access-kit-results",
    };

    fn group_text(group: &RoleSet) -> String {
        group.to_string()
    }

    async fn attempt(
        driver: &Driver,
        lease: Option<&lease::PageLease>,
        submission: &Submission<RoleSet>,
    ) -> Attempt {
        driver
            .attempt_invite(&submission.emails, &submission.group, lease)
            .await
    }
}

/// The lease holder's name while a preview reads the page.
const PREVIEWING: &str = "Bulk invite's preview";
use crate::driver::read::LOOKUP_LIMIT;

/// Where the view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Previewed,
    Running,
    Paused,
    Done,
    Cancelled,
}

impl Phase {
    /// The `data-run-state` word.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Previewed => "previewed",
            Phase::Running => "running",
            Phase::Paused => "paused",
            Phase::Done => "done",
            Phase::Cancelled => "cancelled",
        }
    }
}

/// The elements, built once at mount.
struct Ui {
    root: Element,
    form: Form,
    messages: Messages,
    /// "Look up … with the page's search", shown after a partial read.
    lookup: Element,
    preview_slot: Element,
    run: Rc<RunView<BulkInvite>>,
}

/// What the view holds between events. Never borrowed across an await.
struct State {
    /// The preview shown describes the input (until it changes).
    previewed: bool,
    preview: Option<Preview>,
    /// The preview's table, whose listeners live as long as it is shown.
    preview_table: Option<preview_table::PreviewTable>,
    /// The preview's safety flags, when any spoke.
    flags: Option<flags::FlagsView>,
    /// The mistyped addresses the fix-all action corrects, with their lines.
    corrections: Vec<(usize, Correction)>,
    templates: TemplateLibrary,
    /// A preview is reading the page.
    busy: bool,
}

/// The tab.
pub struct BulkView {
    ctx: Rc<Ctx>,
    ui: OnceCell<Ui>,
    st: RefCell<State>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(BulkView {
        ctx: ctx.clone(),
        ui: OnceCell::new(),
        st: RefCell::new(State {
            previewed: false,
            preview: None,
            preview_table: None,
            flags: None,
            corrections: Vec::new(),
            templates: TemplateLibrary::new(),
            busy: false,
        }),
    })
}

impl View for BulkView {
    fn title(&self) -> &'static str {
        "Bulk invite"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let form = Form::build();
        let lookup = El::new("button")
            .attr("type", "button")
            .flag("hidden", true)
            .build();
        let preview_slot = El::new("div").build();
        let messages = Messages::build();
        let run = RunView::<BulkInvite>::for_tab(&self.ctx, &messages, &self, Self::show_phase);
        let root = El::new("div")
            .class("bulk")
            .attr("data-run-state", Phase::Idle.as_str())
            .child(form.el.clone())
            .child(&messages.alert)
            .child(&messages.notice)
            .child(lookup.clone())
            .child(preview_slot.clone())
            .child(run.el().clone())
            .build();
        let _ = into.append_child(&root);
        let ui = Ui {
            root,
            form,
            messages,
            lookup,
            preview_slot,
            run,
        };
        self.wire(&ui);
        let _ = self.ui.set(ui);
        self.show_phase();

        let mount = &self.ctx.mount;
        let me = self.clone();
        mount.spawn(async move { me.load_templates().await });
        let weak = Rc::downgrade(&self);
        match template_store::on_change(move || {
            if let Some(me) = weak.upgrade() {
                let m = me.clone();
                me.ctx.mount.spawn(async move { m.load_templates().await });
            }
        }) {
            Ok(watch) => mount.hold(watch),
            Err(e) => self.show_alert(&format!(
                "Template changes will not show until the page reloads: {e}"
            )),
        }
        self.ui()
            .run
            .restore_for(&self, |me| me.phase() == Phase::Idle);
    }
}

/// Milliseconds since the epoch.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// How long a preview waits for another operator to finish with the page.
const PREVIEW_LEASE_WAIT_MS: u32 = 30_000;

impl BulkView {
    fn ui(&self) -> &Ui {
        self.ui.get().expect("the view is mounted before any event")
    }

    /// One listener per control, each holding a weak reference (the panel
    /// owns the view), owned by the mount.
    fn wire(self: &Rc<Self>, ui: &Ui) {
        let on = |el: &Element, event: &'static str, f: fn(Rc<BulkView>)| {
            let weak = Rc::downgrade(self);
            self.ctx.mount.listen(el, event, move |_| {
                if let Some(me) = weak.upgrade() {
                    f(me);
                }
            });
        };
        on(&ui.form.preview, "click", |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.preview().await })
        });
        on(&ui.form.start, "click", |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.start().await })
        });
        ui.form.list.wire(&self.ctx.mount, self);
        on(&ui.form.default, "change", |me| {
            me.input_changed("The default template changed: press Preview again.")
        });
        on(&ui.lookup, "click", |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.look_up().await })
        });
    }

    /// Where the tab is: the run's state, else whether a preview shows.
    fn phase(&self) -> Phase {
        match self.ui.get().map(|ui| ui.run.run_state()) {
            Some(RunState::Running) => Phase::Running,
            Some(RunState::Paused) => Phase::Paused,
            Some(RunState::Done) => Phase::Done,
            Some(RunState::Cancelled) => Phase::Cancelled,
            _ if self.st.borrow().previewed => Phase::Previewed,
            _ => Phase::Idle,
        }
    }

    /// Shows the phase: the root's `data-run-state`, which controls are
    /// usable, and which sections show.
    fn show_phase(&self) {
        let Some(ui) = self.ui.get() else { return };
        let phase = self.phase();
        let _ = ui.root.set_attribute("data-run-state", phase.as_str());
        let run_active = matches!(phase, Phase::Running | Phase::Paused);
        let busy = self.st.borrow().busy;
        ui.form.lock(run_active);
        if !run_active {
            ui.form.preview.set_disabled(busy);
        }
        let ready = self
            .st
            .borrow()
            .preview
            .as_ref()
            .is_some_and(|p| p.count(StatusKind::Ready) > 0);
        let cleared = self.flags_cleared();
        ui.form
            .start
            .set_disabled(!(phase == Phase::Previewed && ready && !busy && cleared));
        ui.preview_slot.set_hidden_attr(!matches!(
            phase,
            Phase::Previewed | Phase::Running | Phase::Paused
        ));
    }

    /// Every tick the preview's safety flags require is given.
    fn flags_cleared(&self) -> bool {
        self.st
            .borrow()
            .flags
            .as_ref()
            .is_none_or(flags::FlagsView::cleared)
    }

    /// Rewrites the mistyped addresses in the paste box (visibly), then the
    /// person previews again.
    fn fix_typos(&self) {
        let corrections = std::mem::take(&mut self.st.borrow_mut().corrections);
        if corrections.is_empty() {
            return;
        }
        let text = utf8_of(&value_js(&self.ui().form.list.text));
        let refs: Vec<(usize, &Correction)> = corrections.iter().map(|(l, c)| (*l, c)).collect();
        let fixed = fix_text(&text, &refs);
        self.ui().form.list.text.set_value(&fixed.text);
        let _ = self.ui().form.list.text.focus();
        self.input_changed(&words::fixed_notice(&fixed.fixed, &fixed.missed));
    }

    fn show_notice(&self, text: &str) {
        self.ui().messages.notice(text);
    }

    fn show_alert(&self, text: &str) {
        self.ui().messages.alert(text);
    }
}

impl ListTab for BulkView {
    fn list_changed(&self) {
        self.input_changed("The list changed: press Preview again.");
    }

    fn messages(&self) -> &Messages {
        &self.ui().messages
    }
}

impl BulkView {
    /// The page lease for reading the table (the preview, the look-ups).
    async fn hold_page(&self, what: &str) -> Option<lease::PageLease> {
        self.ui()
            .messages
            .hold_page(&self.ctx, PREVIEWING, PREVIEW_LEASE_WAIT_MS, what)
            .await
    }

    /// The input changed after a preview: the preview no longer describes it.
    fn input_changed(&self, why: &str) {
        self.ui().lookup.set_hidden_attr(true);
        if self.phase() == Phase::Previewed {
            {
                let mut st = self.st.borrow_mut();
                st.preview = None;
                st.preview_table = None;
                st.flags = None;
                st.corrections.clear();
                st.previewed = false;
            }
            clear(&self.ui().preview_slot);
            self.show_phase();
            self.show_notice(why);
        }
    }

    /// Starts the run over the preview's ready rows.
    async fn start(self: Rc<Self>) {
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
        if preview.count(StatusKind::Ready) == 0 || !self.flags_cleared() {
            return;
        }
        self.show_alert("");
        let journal = Journal::new(&preview, chunk, now_ms());
        ui.run.clone().start(journal).await;
    }

    async fn load_templates(self: Rc<Self>) {
        match template_store::load_library().await {
            Ok(library) => {
                self.ui().form.fill_templates(&library);
                self.st.borrow_mut().templates = library;
            }
            Err(e) => self.show_alert(&format!(
                "Templates could not be loaded ({e}); rows naming a template will show as unknown."
            )),
        }
    }

    /// Parses the box, reads the members and pending invites from the page,
    /// and shows what would happen to every row.
    async fn preview(self: Rc<Self>) {
        if self.st.borrow().busy || matches!(self.phase(), Phase::Running | Phase::Paused) {
            return;
        }
        let _busy = Busy::hold(&self);
        let ui = self.ui();
        self.show_alert("");
        ui.lookup.set_hidden_attr(true);
        // Kept as the JS string too: the checks below compare it with `===`.
        let text = value_js(&ui.form.list.text);
        let utf8 = utf8_of(&text);
        let input = match parse_text(&utf8) {
            Ok(i) => i,
            Err(e) => {
                self.show_alert(&format!("Nothing to preview: {e}."));
                return;
            }
        };
        // Fresh templates: one may have been edited in another tab since.
        let library = match template_store::load_library().await {
            Ok(l) => {
                ui.form.fill_templates(&l);
                self.st.borrow_mut().templates = l.clone();
                l
            }
            Err(e) => {
                self.show_alert(&format!(
                    "Templates could not be loaded ({e}); rows naming a template show as unknown."
                ));
                self.st.borrow().templates.clone()
            }
        };
        let default = match ui.form.default_choice(&library) {
            DefaultChoice::Set(set) => Some(set),
            DefaultChoice::None => None,
            DefaultChoice::Missing => {
                self.show_alert(&format!(
                    "The default template “{}” no longer exists; pick another.",
                    ui.form.default_label()
                ));
                return;
            }
        };
        let Some(_lease) = self.hold_page("the preview").await else {
            return;
        };
        self.show_notice(
            "Reading the members and pending invites from the page (every page of the table)…",
        );
        let table = self.ctx.driver.read_users().await;
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                self.show_notice("");
                self.show_alert(&format!(
                    "The users table could not be read, so the preview cannot tell members and pending invites apart: {e}. Nothing was sent."
                ));
                return;
            }
        };
        if value_js(&ui.form.list.text) != text {
            self.show_notice(
                "The list changed while the page was being read: press Preview again.",
            );
            return;
        }
        let known = KnownPeople::new(
            table.members().map(|r| r.email.as_str()),
            table.invites().map(|r| r.email.as_str()),
        );
        let mut preview = build_preview(
            &input.rows,
            &PreviewContext {
                known: &known,
                templates: &library,
                default_role_set: default.as_ref(),
            },
        );
        let needed = offer::roles_needed(&preview);
        let mut form_note = String::new();
        if !needed.is_empty() {
            self.show_notice("Checking which roles the page's invite form offers…");
            let missing = offer::missing_roles(&self.ctx.driver, &needed).await;
            match missing {
                Ok(missing) if missing.is_empty() => {}
                Ok(missing) => {
                    let n = offer::mark_not_offered(&mut preview, &missing);
                    form_note = format!(
                        " The invite form offers no {}: {n} rows need it and will not be sent.",
                        missing
                            .iter()
                            .map(|r| format!("“{r}”"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                Err(e) => {
                    form_note = format!(
                        " (The invite form could not be checked for the roles ({e}); a role it lacks is reported when its rows are sent.)"
                    );
                }
            }
            if value_js(&ui.form.list.text) != text {
                self.show_notice(
                    "The list changed while the page was being read: press Preview again.",
                );
                return;
            }
        }
        let members: Vec<&str> = table.members().map(|r| r.email.as_str()).collect();
        let domains = settings::decide_domains(&self.ctx.workspace, &members).await;
        let found = flag_preview(&preview, &domains, settings::safety_switches().await);
        if value_js(&ui.form.list.text) != text {
            self.show_notice(
                "The list changed while the page was being read: press Preview again.",
            );
            return;
        }
        let corrections: Vec<(usize, Correction)> = found
            .corrections()
            .into_iter()
            .map(|(i, c)| (preview.rows[i].line, c.clone()))
            .collect();
        let weak = Rc::downgrade(&self);
        let on_tick = move || {
            if let Some(me) = weak.upgrade() {
                me.show_phase();
            }
        };
        let weak = Rc::downgrade(&self);
        let on_fix = move || {
            // Later, not inside the click: the fix drops the section whose
            // listener is running.
            if let Some(me) = weak.upgrade() {
                let m = me.clone();
                me.ctx.mount.spawn(async move { m.fix_typos() });
            }
        };
        let flags_view = flags::build(&found, &domains, on_tick, on_fix);
        let slot = &ui.preview_slot;
        clear(slot);
        {
            let mut st = self.st.borrow_mut();
            st.flags = flags_view;
            st.corrections = corrections;
        }
        let shown = preview_table::build(preview.clone());
        let _ = slot.append_child(shown.element());
        // Below the table, where the person looks before Start.
        if let Some(f) = &self.st.borrow().flags {
            let _ = slot.append_child(f.element());
        }
        self.st.borrow_mut().preview_table = Some(shown);
        let ready = preview.count(StatusKind::Ready);
        let shape = match input.format {
            InputFormat::List => "a list of emails".to_string(),
            InputFormat::Table { .. } => format!(
                "a table with columns {}",
                input
                    .columns
                    .iter()
                    .filter(|c| c.used_by_invite())
                    .map(|c| c.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut notice = format!(
            "{} rows read as {shape}; {ready} ready to invite. {}",
            preview.rows.len(),
            words::read_summary(
                &table.completeness,
                table.pager.shape,
                table.pages,
                table.members().count(),
                table.invites().count()
            ),
        );
        if let Some(warning) = words::partial_warning(&table.completeness) {
            self.show_alert(&warning);
            if ready > 0 {
                set_text(&ui.lookup, &words::lookup_label(ready, LOOKUP_LIMIT));
                ui.lookup.set_hidden_attr(false);
            }
        }
        let ignored: Vec<&str> = (input.columns.iter())
            .filter(|c| !c.used_by_invite())
            .map(|c| c.name())
            .chain(input.ignored_columns.iter().map(String::as_str))
            .collect();
        if !ignored.is_empty() {
            notice.push_str(&format!(" Ignored columns: {}.", ignored.join(", ")));
        }
        notice.push_str(&form_note);
        if ready == 0 {
            notice.push_str(" No row can be sent.");
        }
        ui.run.forget_finished();
        {
            let mut st = self.st.borrow_mut();
            st.preview = Some(preview);
            st.previewed = true;
        }
        self.show_phase();
        self.show_notice(&notice);
    }
}

/// Marks the view busy (a preview is reading the page) until dropped, so
/// every early return clears it.
struct Busy<'a>(&'a BulkView);

impl<'a> Busy<'a> {
    fn hold(view: &'a BulkView) -> Busy<'a> {
        view.st.borrow_mut().busy = true;
        view.show_phase();
        Busy(view)
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.st.borrow_mut().busy = false;
        self.0.show_phase();
    }
}

/// `hidden` through the attribute, for plain `Element`s.
trait Hide {
    fn set_hidden_attr(&self, hidden: bool);
}

impl Hide for Element {
    fn set_hidden_attr(&self, hidden: bool) {
        if hidden {
            let _ = self.set_attribute("hidden", "");
        } else {
            let _ = self.remove_attribute("hidden");
        }
    }
}
