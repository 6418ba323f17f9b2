//! Plan and apply a desired roster: the "Desired roster" box (paste or
//! file) and "Also remove people not in the list"; "Plan" reads the page
//! as the export does (`Driver::read_roster`, with progress and Cancel)
//! and shows every person's change by name,
//! old → new per grant, counts per kind, refusals with their reasons
//! (`core::roster::plan`); "Apply" — behind the removal tab's typed
//! confirmation when anything is removed or taken away — runs the plan as
//! ONE run of the shared engine ([`RosterApply`]: `RosterOp`), shown by
//! the shared run view.
//!
//! The root carries `data-run-state` = idle | planned | running | paused |
//! done | cancelled.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlButtonElement, HtmlInputElement};

use super::plan_words as words;
use super::reading::Reading;
use crate::core::offboard::owner_may_go;
use crate::core::plan::ChunkSize;
use crate::core::roster::format;
use crate::core::roster::plan::{plan, RosterPlan, Step};
use crate::core::run::remove::LAST_OWNER_WORDS;
use crate::core::run::{Attempt, Change, Journal, NotSentWhy, RosterOp, Submission};
use crate::driver::lease::PageLease;
use crate::driver::roster::{RosterProgress, RosterRead};
use crate::driver::Driver;
use crate::ui::dom::{clear, table, El};
use crate::ui::field::{FieldSpec, ListTab, PasteOrFile};
use crate::ui::offboard::resend::Resending;
use crate::ui::offboard::typed::TypedCount;
use crate::ui::offboard::{roster_of, Removal};
use crate::ui::panel::View;
use crate::ui::run::{Feature, Messages, RunState, RunView};
use crate::ui::Ctx;

/// Applying a roster plan, as one run of the shared engine.
pub struct RosterApply;

impl Feature for RosterApply {
    type Op = RosterOp;

    const WORDS: crate::ui::run::RunWords = words::RUN;

    fn group_text(group: &Change) -> String {
        match group {
            Change::Invite { to } => format!("invite as {to}"),
            Change::SetRoles { from, to } => format!("roles {from} → {to}"),
            Change::Reinvite { from, to } => format!("re-invite {from} → {to}"),
            Change::Resend { step, .. } => Resending::group_text(step),
            Change::Remove { target } => Removal::group_text(target),
        }
    }

    async fn attempt(
        driver: &Driver,
        lease: Option<&PageLease>,
        submission: &Submission<Change>,
    ) -> Attempt {
        let Some(email) = submission.emails.first() else {
            return Attempt::Accepted;
        };
        match &submission.group {
            Change::Invite { to } => driver.attempt_invite(&submission.emails, to, lease).await,
            Change::SetRoles { to, .. } => {
                if submission.group.demotes_owner() {
                    // The owner count as the page shows it now.
                    let roster = match driver.read_users().await {
                        Ok(t) => roster_of(&t),
                        Err(e) => {
                            return Attempt::NotSent {
                                why: NotSentWhy::Trouble(format!(
                                    "the owners could not be counted before demoting an owner: {e}"
                                )),
                            }
                        }
                    };
                    if let Err(why) = owner_may_go(email, &roster) {
                        return Attempt::Refused {
                            page_words: format!("{LAST_OWNER_WORDS}: {}", why.reason(email)),
                        };
                    }
                }
                driver.attempt_set_roles(email, to, lease).await
            }
            Change::Reinvite { from, to } => driver.attempt_reinvite(email, from, to, lease).await,
            Change::Resend { step, .. } => {
                driver.attempt_resend(step, &submission.emails, lease).await
            }
            Change::Remove { target } => {
                let one = Submission {
                    id: submission.id,
                    group: *target,
                    emails: submission.emails.clone(),
                    rows: submission.rows.clone(),
                    retries: submission.retries,
                };
                Removal::attempt(driver, lease, &one).await
            }
        }
    }
}

const PLANNING: &str = "Roster plan";
const PLAN_LEASE_WAIT_MS: u32 = 30_000;
/// Emails per invite submission of an apply.
const INVITE_CHUNK: usize = 10;

struct Ui {
    root: Element,
    list: PasteOrFile,
    remove: HtmlInputElement,
    plan: HtmlButtonElement,
    reading: Rc<Reading>,
    apply: HtmlButtonElement,
    confirm: Rc<TypedCount>,
    messages: Messages,
    plan_slot: Element,
    run: Rc<RunView<RosterApply>>,
}

#[derive(Default)]
struct State {
    plan: Option<RosterPlan>,
    busy: bool,
}

/// The tab.
pub struct PlanView {
    ctx: Rc<Ctx>,
    ui: OnceCell<Ui>,
    st: RefCell<State>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(PlanView {
        ctx: ctx.clone(),
        ui: OnceCell::new(),
        st: RefCell::new(State::default()),
    })
}

impl View for PlanView {
    fn title(&self) -> &'static str {
        "Roster"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let list = PasteOrFile::build(&FieldSpec {
            text_id: "ak-roster-desired",
            text_label: words::TEXT_LABEL,
            help_id: "ak-roster-desired-help",
            help: words::TEXT_HELP,
            file_id: "ak-roster-file",
            file_label: words::FILE_LABEL,
            rows: 8,
            placeholder: None,
        });
        let remove: HtmlInputElement = El::new("input")
            .attr("id", "ak-roster-remove")
            .attr("type", "checkbox")
            .build()
            .unchecked_into();
        let remove_field = El::new("div")
            .class("field check")
            .child(&remove)
            .child(
                El::new("label")
                    .attr("for", "ak-roster-remove")
                    .text(words::REMOVE_LABEL),
            )
            .build();
        let plan: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .text("Plan")
            .build()
            .unchecked_into();
        let apply: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .text("Apply")
            .flag("hidden", true)
            .build()
            .unchecked_into();
        let reading = Reading::build(&self.ctx, "ak-roster-plan-cancel");
        let confirm = TypedCount::build_as("ak-roster-confirm", words::CONFIRM_LABEL, "Apply");
        let notice = El::new("p").class("muted").attr("role", "status").build();
        let alert = El::new("div")
            .class("notice bad")
            .attr("role", "alert")
            .flag("hidden", true)
            .build();
        let messages = Messages {
            notice: notice.clone(),
            alert: alert.clone(),
        };
        let weak = Rc::downgrade(&self);
        let run = RunView::<RosterApply>::new(&self.ctx, messages.clone(), move |_| {
            if let Some(me) = weak.upgrade() {
                me.show_phase();
            }
        });
        let plan_slot = El::new("div").build();
        let root = El::new("div")
            .class("bulk roster")
            .attr("data-run-state", "idle")
            .child(&list.text_field)
            .child(&list.help)
            .child(&list.file_field)
            .child(remove_field)
            .child(
                El::new("div")
                    .class("row")
                    .child(&plan)
                    .child(reading.cancel.clone())
                    .build(),
            )
            .child(reading.progress.clone())
            .child(alert)
            .child(notice)
            .child(plan_slot.clone())
            .child(&apply)
            .child(confirm.el.clone())
            .child(run.el().clone())
            .build();
        let _ = into.append_child(&root);
        let ui = Ui {
            root,
            list,
            remove,
            plan,
            reading,
            apply,
            confirm,
            messages,
            plan_slot,
            run,
        };
        self.wire(&ui);
        let _ = self.ui.set(ui);
        self.show_phase();
        let me = self.clone();
        self.ctx.mount.spawn(async move {
            let run = me.ui().run.clone();
            let idle = Rc::downgrade(&me);
            run.restore(move || idle.upgrade().is_some_and(|me| me.phase() == "idle"))
                .await;
        });
    }
}

impl PlanView {
    fn ui(&self) -> &Ui {
        self.ui.get().expect("the view is mounted before any event")
    }

    fn wire(self: &Rc<Self>, ui: &Ui) {
        let on = |el: &Element, event: &'static str, f: fn(Rc<PlanView>, &Event)| {
            let weak = Rc::downgrade(self);
            self.ctx.mount.listen(el, event, move |e| {
                if let Some(me) = weak.upgrade() {
                    f(me, e);
                }
            });
        };
        on(&ui.plan, "click", |me, _| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.make_plan().await })
        });
        ui.list.wire(&self.ctx.mount, self);
        on(&ui.remove, "change", |me, _| me.list_changed());
        on(&ui.apply, "click", |me, e| {
            // Only the person's own click applies a plan with nothing to confirm.
            if e.is_trusted() {
                let m = me.clone();
                me.ctx.mount.spawn(async move { m.apply().await })
            }
        });
        let (changed, started) = (Rc::downgrade(self), Rc::downgrade(self));
        ui.confirm.wire(
            &self.ctx.mount,
            move || {
                if let Some(me) = changed.upgrade() {
                    me.show_phase();
                }
            },
            move || {
                if let Some(me) = started.upgrade() {
                    let m = me.clone();
                    me.ctx.mount.spawn(async move { m.apply().await })
                }
            },
        );
    }

    /// "idle" | "planned" | the run's state.
    fn phase(&self) -> &'static str {
        match self.ui.get().map(|ui| ui.run.run_state()) {
            Some(RunState::Idle) | None if self.st.borrow().plan.is_some() => "planned",
            Some(s) => s.as_str(),
            None => "idle",
        }
    }

    fn show_phase(&self) {
        let Some(ui) = self.ui.get() else { return };
        let phase = self.phase();
        let _ = ui.root.set_attribute("data-run-state", phase);
        let active = matches!(phase, "running" | "paused");
        let busy = self.st.borrow().busy;
        ui.list.set_disabled(active);
        ui.remove.set_disabled(active);
        ui.plan.set_disabled(active || busy);
        let planned = phase == "planned";
        let (changes, taking) = self
            .st
            .borrow()
            .plan
            .as_ref()
            .map_or((0, 0), |p| (p.changes().len(), p.taking_away()));
        ui.plan_slot
            .toggle_attribute_with_force("hidden", !(planned || active))
            .ok();
        // Nothing taken away: a plain Apply; else the typed confirmation.
        let plain = planned && !busy && changes > 0 && taking == 0;
        ui.apply.toggle_attribute_with_force("hidden", !plain).ok();
        ui.apply.set_disabled(!plain);
        ui.confirm.show(planned && !busy && taking > 0);
    }
}

impl ListTab for PlanView {
    fn list_changed(&self) {
        if self.st.borrow().plan.is_none() || self.phase() != "planned" {
            return;
        }
        self.forget_plan();
        self.ui()
            .messages
            .notice("The roster or the box changed: press Plan again.");
    }

    fn messages(&self) -> &Messages {
        &self.ui().messages
    }
}

impl PlanView {
    fn forget_plan(&self) {
        self.st.borrow_mut().plan = None;
        let ui = self.ui();
        ui.confirm.reset();
        clear(&ui.plan_slot);
        self.show_phase();
    }

    /// Reads the file and the page, then shows the plan.
    async fn make_plan(self: Rc<Self>) {
        if self.st.borrow().busy || matches!(self.phase(), "running" | "paused") {
            return;
        }
        self.forget_plan();
        let ui = self.ui();
        ui.messages.alert("");
        let text = ui.list.text.value();
        let remove = ui.remove.checked();
        let desired = match format::parse(&text) {
            Ok(d) => d,
            Err(errors) => {
                let errors: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                ui.messages.alert(&format!(
                    "Nothing was planned; the desired roster has problems: {}",
                    errors.join(" ")
                ));
                return;
            }
        };
        self.st.borrow_mut().busy = true;
        self.show_phase();
        let read = self.read().await;
        self.st.borrow_mut().busy = false;
        let Some(read) = read else {
            self.show_phase();
            return;
        };
        if ui.list.text.value() != text || ui.remove.checked() != remove {
            ui.messages
                .notice("The roster changed while the page was being read: press Plan again.");
            self.show_phase();
            return;
        }
        let plan = plan(
            &desired,
            &read.roster,
            &read.unread,
            read.signed_in.as_deref(),
            remove,
        );
        let mut alerts = Vec::new();
        if !plan.complete {
            alerts.push(words::partial(&read.roster.completeness));
        }
        ui.messages.alert(&alerts.join(" "));
        let _ = ui.plan_slot.append_child(&plan_table(&plan));
        let taking = plan.taking_away();
        if taking > 0 {
            ui.confirm.ask(taking, &words::confirm_sentence(taking));
        }
        ui.messages.notice(&words::summary(&plan));
        ui.run.forget_finished();
        self.st.borrow_mut().plan = Some(plan);
        self.show_phase();
    }

    /// The page's roster, read as the export reads it; `None` when it
    /// was not (cancelled, or the page could not be read: said).
    async fn read(&self) -> Option<RosterRead> {
        let ui = self.ui();
        let _lease = ui
            .messages
            .hold_page(&self.ctx, PLANNING, PLAN_LEASE_WAIT_MS, "the plan")
            .await?;
        ui.messages.notice(words::READING);
        let notice = ui.messages.clone();
        let progress = move |p: RosterProgress| notice.notice(&super::words::progress(&p));
        match ui.reading.read(&self.ctx, &progress).await {
            Ok(Some(r)) => Some(r),
            Ok(None) => {
                ui.messages.notice(words::CANCELLED);
                None
            }
            Err(e) => {
                ui.messages.notice("");
                ui.messages.alert(&format!(
                    "The page could not be read, so nothing was planned: {e}."
                ));
                None
            }
        }
    }

    async fn apply(self: Rc<Self>) {
        if self.phase() != "planned" {
            return;
        }
        let Some(plan) = self.st.borrow().plan.clone() else {
            return;
        };
        if plan.taking_away() > 0 && !self.ui().confirm.confirmed() {
            return;
        }
        if plan.changes().is_empty() {
            return;
        }
        let chunk = ChunkSize::new(INVITE_CHUNK).expect("a chunk size");
        let journal =
            Journal::<RosterOp>::from_rows(plan.new_rows(), chunk, js_sys::Date::now() as u64);
        self.forget_plan();
        self.ui().run.clone().start(journal).await;
    }
}

/// Every person with their change: email, name, what happens, old → new
/// per grant (or why not), and a flag for new owners.
fn plan_table(plan: &RosterPlan) -> Element {
    let rows = plan.rows.iter().map(|r| {
        let kind = r.step.kind();
        let (details, owner) = match &r.step {
            Step::Do(a) => (
                a.grant_changes()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                a.grants_owner(),
            ),
            Step::Refused { wanted, why } => (
                format!(
                    "{}: {}",
                    words::kind_label(crate::core::roster::plan::Step::Do(wanted.clone()).kind()),
                    words::refusal(*why)
                ),
                false,
            ),
            Step::NotCompared { why } => (words::not_compared(why), false),
            _ => (String::new(), false),
        };
        El::new("tr")
            .attr("data-kind", words::kind_slug(kind))
            .attr("data-email", &r.email)
            .child(El::new("td").text(&r.email))
            .child(El::new("td").text(r.name.as_deref().unwrap_or("")))
            .child(El::new("td").text(words::kind_label(kind)))
            .child(El::new("td").text(&details))
            .child(El::new("td").text(if owner { "New Workspace Owner" } else { "" }))
            .build()
    });
    table(
        words::PLAN_TABLE,
        &["Email", "Name", "Change", "Old → new", "Note"],
        rows.collect::<Vec<_>>(),
    )
}
