//! The "Bulk invite" tab: paste or pick a list, preview what will happen to
//! every row, then send the ready rows through Segment's own invite form in
//! groups, with progress, pause / resume / cancel, a results report, and a
//! journal in `chrome.storage.local` so a reload neither loses nor repeats
//! anything.
//!
//! - [`form`]: the input controls; [`preview_table`]: the preview;
//!   [`progress`]: the run section; [`results`]: the report and its CSV;
//! - [`offer`]: which roles the page's form offers (checked at preview);
//! - [`send`]: one submission through the page driver;
//! - [`run`]: the run loop and its controls; [`words`]: sentences.
//!
//! The view's root carries `data-run-state` = idle | previewed | running |
//! paused | done | cancelled.

mod form;
mod lookup;
mod offer;
mod preview_table;
mod progress;
mod results;
mod run;
mod send;
pub(crate) mod words;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Element, HtmlInputElement};

use self::form::{DefaultChoice, Form};
use self::progress::RunView;
use super::dom::{clear, set_text, El};
use super::panel::View;
use super::Ctx;
use crate::browser::template_store;
use crate::core::input::{parse_bytes, parse_text, InputFormat, MAX_INPUT_BYTES};
use crate::core::journal::Journal;
use crate::core::preview::{build_preview, KnownPeople, Preview, PreviewContext, StatusKind};
use crate::core::template::TemplateLibrary;
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
    /// Progress messages (role=status).
    notice: Element,
    /// Problems (role=alert).
    alert: Element,
    /// "Look up … with the page's search", shown after a partial read.
    lookup: Element,
    preview_slot: Element,
    run: RunView,
    results_slot: Element,
}

/// What the view holds between events. Never borrowed across an await.
struct State {
    phase: Phase,
    preview: Option<Preview>,
    templates: TemplateLibrary,
    journal: Option<Journal>,
    activity: Vec<String>,
    pause_requested: bool,
    cancel_requested: bool,
    /// A preview, resume or cancel is reading the page.
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
            phase: Phase::Idle,
            preview: None,
            templates: TemplateLibrary::new(),
            journal: None,
            activity: Vec::new(),
            pause_requested: false,
            cancel_requested: false,
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
        let notice = El::new("p").class("muted").attr("role", "status").build();
        let alert = El::new("div")
            .class("notice bad")
            .attr("role", "alert")
            .flag("hidden", true)
            .build();
        let lookup = El::new("button")
            .attr("type", "button")
            .flag("hidden", true)
            .build();
        let preview_slot = El::new("div").build();
        let run = RunView::build();
        let results_slot = El::new("div").build();
        let root = El::new("div")
            .class("bulk")
            .attr("data-run-state", Phase::Idle.as_str())
            .child(form.el.clone())
            .child(alert.clone())
            .child(notice.clone())
            .child(lookup.clone())
            .child(preview_slot.clone())
            .child(run.el.clone())
            .child(results_slot.clone())
            .build();
        let _ = into.append_child(&root);
        let ui = Ui {
            root,
            form,
            notice,
            alert,
            lookup,
            preview_slot,
            run,
            results_slot,
        };
        self.wire(&ui);
        let _ = self.ui.set(ui);

        let me = self.clone();
        spawn_local(async move { me.load_templates().await });
        let weak = Rc::downgrade(&self);
        if let Err(e) = template_store::on_change(move || {
            if let Some(me) = weak.upgrade() {
                spawn_local(async move { me.load_templates().await });
            }
        }) {
            self.show_alert(&format!(
                "Template changes will not show until the page reloads: {e}"
            ));
        }
        let me = self.clone();
        spawn_local(async move { me.restore().await });
    }
}

/// Milliseconds since the epoch.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl BulkView {
    fn ui(&self) -> &Ui {
        self.ui.get().expect("the view is mounted before any event")
    }

    /// One listener per control, each holding a weak reference (the panel
    /// owns the view).
    fn wire(self: &Rc<Self>, ui: &Ui) {
        let on = |el: &Element, event: &'static str, f: fn(Rc<BulkView>)| {
            let weak = Rc::downgrade(self);
            El::from_element(el.clone())
                .on(event, move |_| {
                    if let Some(me) = weak.upgrade() {
                        f(me);
                    }
                })
                .build();
        };
        on(&ui.form.preview, "click", |me| {
            spawn_local(async move { me.preview().await })
        });
        on(&ui.form.start, "click", |me| {
            spawn_local(async move { me.start().await })
        });
        on(&ui.form.text, "input", |me| {
            me.input_changed("The list changed: press Preview again.")
        });
        on(&ui.form.default, "change", |me| {
            me.input_changed("The default template changed: press Preview again.")
        });
        on(&ui.form.file, "change", |me| {
            spawn_local(async move { me.read_file().await })
        });
        on(&ui.lookup, "click", |me| {
            spawn_local(async move { me.look_up().await })
        });
        on(&ui.run.pause, "click", |me| me.request_pause());
        on(&ui.run.resume, "click", |me| {
            spawn_local(async move { me.resume().await })
        });
        on(&ui.run.cancel, "click", |me| {
            spawn_local(async move { me.cancel().await })
        });
    }

    fn phase(&self) -> Phase {
        self.st.borrow().phase
    }

    /// Moves to `phase`: the root's `data-run-state`, which controls are
    /// usable, and which sections show.
    fn set_phase(&self, phase: Phase) {
        self.st.borrow_mut().phase = phase;
        let ui = self.ui();
        let _ = ui.root.set_attribute("data-run-state", phase.as_str());
        let run_active = matches!(phase, Phase::Running | Phase::Paused);
        ui.form.lock(run_active);
        let ready = self
            .st
            .borrow()
            .preview
            .as_ref()
            .is_some_and(|p| p.count(StatusKind::Ready) > 0);
        ui.form
            .start
            .set_disabled(!(phase == Phase::Previewed && ready));
        let show_run = !matches!(phase, Phase::Idle | Phase::Previewed);
        ui.run.el.set_hidden_attr(!show_run);
        ui.preview_slot.set_hidden_attr(!matches!(
            phase,
            Phase::Previewed | Phase::Running | Phase::Paused
        ));
        if !matches!(phase, Phase::Done | Phase::Cancelled) {
            clear(&ui.results_slot);
        }
    }

    fn show_notice(&self, text: &str) {
        set_text(&self.ui().notice, text);
    }

    fn show_alert(&self, text: &str) {
        let alert = &self.ui().alert;
        set_text(alert, text);
        alert.set_hidden_attr(text.is_empty());
    }

    /// The input changed after a preview: the preview no longer describes it.
    fn input_changed(&self, why: &str) {
        self.ui().lookup.set_hidden_attr(true);
        if self.phase() == Phase::Previewed {
            self.st.borrow_mut().preview = None;
            clear(&self.ui().preview_slot);
            self.set_phase(Phase::Idle);
            self.show_notice(why);
        }
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

    /// Puts the picked file's text into the paste box (so what is previewed
    /// is what the person can see).
    async fn read_file(self: Rc<Self>) {
        let input: &HtmlInputElement = &self.ui().form.file;
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        self.show_alert("");
        if file.size() > MAX_INPUT_BYTES as f64 {
            self.show_alert(&format!(
                "{} is {:.1} MB; at most {} MB is accepted.",
                file.name(),
                file.size() / 1_048_576.0,
                MAX_INPUT_BYTES / 1_048_576
            ));
            return;
        }
        // Cleared so that picking the same file again (after editing it) reads it again.
        input.set_value("");
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
            Err(e) => {
                let why = e.dyn_ref::<js_sys::Error>().map_or_else(
                    || "the browser refused".to_string(),
                    |e| String::from(e.message()),
                );
                self.show_alert(&format!("{} could not be read: {why}", file.name()));
                return;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let why = parse_bytes(e.as_bytes())
                    .err()
                    .map_or_else(|| "it is not UTF-8 text".to_string(), |e| e.to_string());
                self.show_alert(&format!("{} could not be used: {why}", file.name()));
                return;
            }
        };
        self.ui().form.text.set_value(&text);
        self.input_changed("");
        self.show_notice(&format!(
            "Loaded {} ({} bytes) into the box above. Press Preview.",
            file.name(),
            text.len()
        ));
    }

    /// Parses the box, reads the members and pending invites from the page,
    /// and shows what would happen to every row.
    async fn preview(self: Rc<Self>) {
        if self.st.borrow().busy || matches!(self.phase(), Phase::Running | Phase::Paused) {
            return;
        }
        let _busy = Busy::hold(&self.st);
        let ui = self.ui();
        self.show_alert("");
        ui.lookup.set_hidden_attr(true);
        let text = ui.form.text.value();
        let input = match parse_text(&text) {
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
        ui.form.preview.set_disabled(true);
        self.show_notice(
            "Reading the members and pending invites from the page (every page of the table)…",
        );
        let table = self.ctx.driver.read_users().await;
        ui.form.preview.set_disabled(false);
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
        if ui.form.text.value() != text {
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
            ui.form.preview.set_disabled(true);
            let missing = offer::missing_roles(&self.ctx.driver, &needed).await;
            ui.form.preview.set_disabled(false);
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
            if ui.form.text.value() != text {
                self.show_notice(
                    "The list changed while the page was being read: press Preview again.",
                );
                return;
            }
        }
        let slot = &ui.preview_slot;
        clear(slot);
        let _ = slot.append_child(&preview_table::build(&preview));
        let ready = preview.count(StatusKind::Ready);
        let shape = match input.format {
            InputFormat::List => "a list of emails".to_string(),
            InputFormat::Table { .. } => format!(
                "a table with columns {}",
                input
                    .columns
                    .iter()
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
        if !input.ignored_columns.is_empty() {
            notice.push_str(&format!(
                " Ignored columns: {}.",
                input.ignored_columns.join(", ")
            ));
        }
        notice.push_str(&form_note);
        if ready == 0 {
            notice.push_str(" No row can be sent.");
        }
        self.st.borrow_mut().preview = Some(preview);
        self.set_phase(Phase::Previewed);
        self.show_notice(&notice);
    }
}

/// Marks the view busy (a task is reading the page) until dropped, so every
/// early return clears it.
struct Busy<'a>(&'a RefCell<State>);

impl<'a> Busy<'a> {
    fn hold(st: &'a RefCell<State>) -> Busy<'a> {
        st.borrow_mut().busy = true;
        Busy(st)
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().busy = false;
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
