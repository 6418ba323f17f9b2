//! The "Remove" tab: paste the emails of people leaving, preview who loses
//! access and why the others do not (`core::offboard`), type the number of
//! people into "Confirm removal", then remove members and revoke pending
//! invites one at a time through the page's own editors as a run of the
//! shared engine ([`Removal`]: `RemoveOp`, `Driver::attempt_remove` /
//! `attempt_revoke`).
//!
//! ## Deliberate by construction
//! - The preview reads the whole users table; emails a partial read did
//!   not show are looked up with the page's search, and whatever stays
//!   unknown is "Could not be checked", never removed.
//! - "Start" is enabled only while the confirmation box holds exactly the
//!   number of people who lose access, typed or pasted by the person (a
//!   trusted input event; a value set by script does not count), and only
//!   a trusted click starts the run.
//! - Right before removing someone who may be a Workspace Owner, the table
//!   is read again and the removal goes ahead only when another owner
//!   stays and the page shows who is signed in (`offboard::owner_may_go`).
//!
//! The root carries `data-run-state` = idle | previewed | running | paused
//! | done | cancelled.
//!
//! [`invites`] is the "Invites" tab (pending invites picked from a list and
//! revoked the same way); `typed` the typed confirmation both tabs use.

pub mod invites;
pub mod resend;
pub(crate) mod typed;
pub mod words;

use self::typed::TypedCount;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlButtonElement};

use super::dom::{clear, table, El};
use super::field::{FieldSpec, ListTab, PasteOrFile};
use super::panel::View;
use super::run::{Feature, Messages, RunState, RunView};
use super::Ctx;
use crate::core::input::parse_text;
use crate::core::offboard::{owner_may_go, plan_removal, Access, RemovalPlan, Roster};
use crate::core::plan::ChunkSize;
use crate::core::run::remove::LAST_OWNER_WORDS;
use crate::core::run::{Attempt, Journal, RemoveOp, Submission, Target};
use crate::driver::lease::PageLease;
use crate::driver::{Driver, Permission, UserRow, UsersTable};

/// Offboarding, as a run of the shared engine.
pub struct Removal;

impl Feature for Removal {
    type Op = RemoveOp;

    const WORDS: super::run::RunWords = words::RUN;

    fn group_text(group: &Target) -> String {
        match group {
            Target::Member { owner: true } => "Workspace Owner".into(),
            Target::Member { owner: false } => "member".into(),
            Target::Invite => "pending invite".into(),
        }
    }

    async fn attempt(
        driver: &Driver,
        lease: Option<&PageLease>,
        submission: &Submission<Target>,
    ) -> Attempt {
        let Some(email) = submission.emails.first() else {
            return Attempt::Accepted;
        };
        match submission.group {
            Target::Invite => driver.attempt_revoke(email).await,
            Target::Member { owner } => {
                if owner {
                    // The owner count as the page shows it now.
                    let roster = match driver.read_users().await {
                        Ok(t) => roster_of(&t),
                        Err(e) => {
                            return Attempt::NotSent {
                                why: crate::core::run::NotSentWhy::Trouble(format!(
                                    "the owners could not be counted before removing an owner: {e}"
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
                driver.attempt_remove(email, lease).await
            }
        }
    }
}

/// What one row of the users table shows of a person's access.
fn access_of(r: &UserRow) -> Access {
    match (r.pending, r.permission) {
        (true, _) => Access::Invite,
        (false, Permission::Owner) => Access::Owner,
        (false, Permission::Member) => Access::Member,
        (false, Permission::Unknown) => Access::UnknownRole,
    }
}

/// What a read of the users table says for the removal rules.
pub(crate) fn roster_of(table: &UsersTable) -> Roster {
    let people = table
        .members()
        .chain(table.invites())
        .map(|r| (r.email.clone(), access_of(r)));
    let me = table
        .members()
        .chain(table.invites())
        .find(|r| r.you)
        .map(|r| r.email.clone());
    Roster::new(people, table.is_complete(), me.as_deref())
}

/// The lease holder's name while the preview reads the page.
const PREVIEWING: &str = "Removal preview";
const PREVIEW_LEASE_WAIT_MS: u32 = 30_000;

struct Ui {
    root: Element,
    list: PasteOrFile,
    preview: HtmlButtonElement,
    confirm: Rc<TypedCount>,
    messages: Messages,
    preview_slot: Element,
    run: Rc<RunView<Removal>>,
}

#[derive(Default)]
struct State {
    plan: Option<RemovalPlan>,
    busy: bool,
}

/// The tab.
pub struct RemoveView {
    ctx: Rc<Ctx>,
    ui: OnceCell<Ui>,
    st: RefCell<State>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(RemoveView {
        ctx: ctx.clone(),
        ui: OnceCell::new(),
        st: RefCell::new(State::default()),
    })
}

impl View for RemoveView {
    fn title(&self) -> &'static str {
        "Remove"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let list = PasteOrFile::build(&FieldSpec {
            text_id: "ak-remove-text",
            text_label: words::TEXT_LABEL,
            help_id: "ak-remove-help",
            help: words::TEXT_HELP,
            file_id: "ak-remove-file",
            file_label: words::FILE_LABEL,
            rows: 6,
            placeholder: None,
        });
        let preview: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .text("Preview")
            .build()
            .unchecked_into();
        let confirm = TypedCount::build("ak-remove-confirm");
        let messages = Messages::build();
        let run = RunView::<Removal>::for_tab(&self.ctx, &messages, &self, Self::show_phase);
        let preview_slot = El::new("div").build();
        let root = El::new("div")
            .class("bulk remove")
            .attr("data-run-state", "idle")
            .child(&list.text_field)
            .child(&list.help)
            .child(&list.file_field)
            .child(&preview)
            .child(&messages.alert)
            .child(&messages.notice)
            .child(preview_slot.clone())
            .child(confirm.el.clone())
            .child(run.el().clone())
            .build();
        let _ = into.append_child(&root);
        let ui = Ui {
            root,
            list,
            preview,
            confirm,
            messages,
            preview_slot,
            run,
        };
        self.wire(&ui);
        let _ = self.ui.set(ui);
        self.show_phase();
        self.ui().run.restore_for(&self, |me| me.phase() == "idle");
    }
}

impl RemoveView {
    fn ui(&self) -> &Ui {
        self.ui.get().expect("the view is mounted before any event")
    }

    fn wire(self: &Rc<Self>, ui: &Ui) {
        let on = |el: &Element, event: &'static str, f: fn(Rc<RemoveView>, &Event)| {
            let weak = Rc::downgrade(self);
            self.ctx.mount.listen(el, event, move |e| {
                if let Some(me) = weak.upgrade() {
                    f(me, e);
                }
            });
        };
        on(&ui.preview, "click", |me, _| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.preview().await })
        });
        ui.list.wire(&self.ctx.mount, self);
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
                    me.ctx.mount.spawn(async move { m.start().await })
                }
            },
        );
    }

    /// "idle" | "previewed" | the run's state.
    fn phase(&self) -> &'static str {
        match self.ui.get().map(|ui| ui.run.run_state()) {
            Some(RunState::Idle) | None if self.st.borrow().plan.is_some() => "previewed",
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
        ui.preview.set_disabled(active || busy);
        let previewed = phase == "previewed";
        ui.preview_slot
            .toggle_attribute_with_force("hidden", !(previewed || active))
            .ok();
        ui.confirm.show(previewed && !busy);
    }
}

impl ListTab for RemoveView {
    fn list_changed(&self) {
        if self.st.borrow().plan.is_none() || self.phase() != "previewed" {
            return;
        }
        self.forget_plan();
        self.ui()
            .messages
            .notice("The list changed: press Preview again.");
    }

    fn messages(&self) -> &Messages {
        &self.ui().messages
    }
}

impl RemoveView {
    fn forget_plan(&self) {
        self.st.borrow_mut().plan = None;
        let ui = self.ui();
        ui.confirm.reset();
        clear(&ui.preview_slot);
        self.show_phase();
    }

    /// Reads the table (and looks up whom it did not show when partial),
    /// then shows every row's fate and who loses access.
    async fn preview(self: Rc<Self>) {
        if self.st.borrow().busy || matches!(self.phase(), "running" | "paused") {
            return;
        }
        self.forget_plan();
        let ui = self.ui();
        ui.messages.alert("");
        let text = ui.list.text.value();
        let input = match parse_text(&text) {
            Ok(i) => i,
            Err(e) => {
                ui.messages.alert(&format!("Nothing to preview: {e}."));
                return;
            }
        };
        self.st.borrow_mut().busy = true;
        self.show_phase();
        let plan = self.plan(&input.rows).await;
        self.st.borrow_mut().busy = false;
        let Some(plan) = plan else {
            self.show_phase();
            return;
        };
        if ui.list.text.value() != text {
            ui.messages
                .notice("The list changed while the page was being read: press Preview again.");
            self.show_phase();
            return;
        }
        let rows = plan.rows.iter().map(|r| {
            let who = r
                .email
                .as_ref()
                .map_or(r.raw_email.as_str(), |e| e.as_str());
            El::new("tr")
                .attr("data-status", r.kind().slug())
                .child(El::new("td").text(&r.line.to_string()))
                .child(El::new("td").text(who))
                .child(El::new("td").text(r.kind().label()))
                .child(El::new("td").text(&r.message().unwrap_or_default()))
                .build()
        });
        let shown = table(
            words::PREVIEW_TABLE,
            &["Row", "Email", "Status", "Details"],
            rows.collect::<Vec<_>>(),
        );
        let _ = ui.preview_slot.append_child(&shown);
        ui.confirm.ask(plan.people(), &words::confirm_help(&plan));
        ui.messages.notice(&words::summary(&plan));
        ui.run.forget_finished();
        self.st.borrow_mut().plan = Some(plan);
        self.show_phase();
    }

    async fn plan(&self, rows: &[crate::core::input::InputRow<'_>]) -> Option<RemovalPlan> {
        let ui = self.ui();
        let _lease = ui
            .messages
            .hold_page(&self.ctx, PREVIEWING, PREVIEW_LEASE_WAIT_MS, "the preview")
            .await?;
        ui.messages.notice(
            "Reading the members and pending invites from the page (every page of the table)…",
        );
        let table = match self.ctx.driver.read_users().await {
            Ok(t) => t,
            Err(e) => {
                ui.messages.notice("");
                ui.messages.alert(&format!(
                    "The users table could not be read, so nobody can be checked: {e}. Nothing was removed."
                ));
                return None;
            }
        };
        let mut roster = roster_of(&table);
        let mut plan = plan_removal(rows, &roster);
        let unchecked: Vec<String> = plan.unchecked().map(|e| e.as_str().to_string()).collect();
        if !unchecked.is_empty() {
            ui.messages
                .notice("Looking up the emails the table did not show with the page's search…");
            match self.ctx.driver.look_up(&unchecked, &|_, _| {}).await {
                Ok(found) => {
                    roster.looked_up(
                        found.found.iter().map(|r| (r.email.clone(), access_of(r))),
                        found.absent.iter(),
                    );
                    plan = plan_removal(rows, &roster);
                }
                Err(e) => ui
                    .messages
                    .alert(&format!("The page's search could not be used: {e}.")),
            }
            ui.messages.alert(&words::partial_read(unchecked.len()));
        }
        Some(plan)
    }

    async fn start(self: Rc<Self>) {
        if self.phase() != "previewed" || !self.ui().confirm.confirmed() {
            return;
        }
        let Some(plan) = self.st.borrow().plan.clone() else {
            return;
        };
        let one = ChunkSize::new(1).expect("1 is a chunk size");
        let journal =
            Journal::<RemoveOp>::from_rows(plan.new_rows(), one, js_sys::Date::now() as u64);
        self.forget_plan();
        self.ui().run.clone().start(journal).await;
    }
}
