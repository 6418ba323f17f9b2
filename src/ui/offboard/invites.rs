//! The "Invites" tab: every pending invite with its roles as the page's
//! table shows them, a checkbox per row and "Select all"; "Revoke
//! selected" asks for the same typed count as "Remove" (see [`TypedCount`])
//! and revokes them one at a time through each invite's editor, as a run
//! of the shared engine ([`Revocation`]: `RevokeOp`, `Driver::attempt_revoke`).
//! "Re-send selected" first reads each picked invite's exact roles from its
//! editor and shows them, then asks for the same typed count and revokes
//! and invites them again with exactly those roles (see [`super::resend`]).
//!
//! The root carries `data-run-state` = idle | listed | running | paused |
//! done | cancelled (of whichever run shows).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::resend::{self, Resending};
use super::typed::TypedCount;
use super::words;
use crate::core::plan::ChunkSize;
use crate::core::roles::RoleSet;
use crate::core::run::{Attempt, Journal, NewRow, RevokeOp, Submission, Target};
use crate::driver::lease::PageLease;
use crate::driver::Driver;
use crate::ui::dom::{clear, table, El};
use crate::ui::panel::View;
use crate::ui::run::{Feature, Messages, RunState, RunView};
use crate::ui::Ctx;

/// Revoking picked invites, as a run of the shared engine.
pub struct Revocation;

impl Feature for Revocation {
    type Op = RevokeOp;

    const WORDS: crate::ui::run::RunWords = words::REVOKE_RUN;

    fn group_text(_group: &Target) -> String {
        "pending invite".into()
    }

    async fn attempt(
        driver: &Driver,
        _lease: Option<&PageLease>,
        submission: &Submission<Target>,
    ) -> Attempt {
        match submission.emails.first() {
            Some(email) => driver.attempt_revoke(email).await,
            None => Attempt::Accepted,
        }
    }
}

const READING: &str = "Invites list";
const READING_ROLES: &str = "Re-send's reading of the invites' roles";
const LEASE_WAIT_MS: u32 = 30_000;

struct Ui {
    root: Element,
    read: HtmlButtonElement,
    select_all: HtmlInputElement,
    revoke: HtmlButtonElement,
    resend: HtmlButtonElement,
    list_slot: Element,
    /// What "Re-send selected" read.
    resend_slot: Element,
    confirm: Rc<TypedCount>,
    messages: Messages,
    run: Rc<RunView<Revocation>>,
    resend_run: Rc<RunView<Resending>>,
}

/// What the typed confirmation is asking for.
enum Asked {
    Revoke,
    /// Re-send these invites with these roles (as read).
    Resend(Vec<(String, RoleSet)>),
}

#[derive(Default)]
struct State {
    /// The invites listed, with their checkboxes.
    rows: Vec<(String, HtmlInputElement)>,
    busy: bool,
    asked: Option<Asked>,
}

/// The tab.
pub struct InvitesView {
    ctx: Rc<Ctx>,
    ui: OnceCell<Ui>,
    st: RefCell<State>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(InvitesView {
        ctx: ctx.clone(),
        ui: OnceCell::new(),
        st: RefCell::new(State::default()),
    })
}

fn button(text: &str) -> HtmlButtonElement {
    El::new("button")
        .attr("type", "button")
        .text(text)
        .build()
        .unchecked_into()
}

fn checkbox(id: &str, label: &str) -> HtmlInputElement {
    El::new("input")
        .attr("type", "checkbox")
        .attr("id", id)
        .attr("aria-label", label)
        .build()
        .unchecked_into()
}

impl View for InvitesView {
    fn title(&self) -> &'static str {
        "Invites"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let read = button("Read pending invites");
        let select_all = checkbox("ak-invites-all", "Select all");
        let revoke = button("Revoke selected");
        let resend = button("Re-send selected");
        let list_slot = El::new("div").build();
        let resend_slot = El::new("div").build();
        let confirm = TypedCount::build("ak-invites-confirm");
        let messages = Messages::build();
        let run = RunView::<Revocation>::for_tab(&self.ctx, &messages, &self, Self::show_phase);
        let resend_run =
            RunView::<Resending>::for_tab(&self.ctx, &messages, &self, Self::show_phase);
        let root = El::new("div")
            .class("bulk invites")
            .attr("data-run-state", "idle")
            .child(&read)
            .child(&messages.alert)
            .child(&messages.notice)
            .child(
                El::new("div").class("field").child(&select_all).child(
                    El::new("label")
                        .attr("for", "ak-invites-all")
                        .text("Select all"),
                ),
            )
            .child(list_slot.clone())
            .child(El::new("div").class("row").child(&revoke).child(&resend))
            .child(resend_slot.clone())
            .child(confirm.el.clone())
            .child(run.el().clone())
            .child(resend_run.el().clone())
            .build();
        let _ = into.append_child(&root);
        let ui = Ui {
            root,
            read,
            select_all,
            revoke,
            resend,
            list_slot,
            resend_slot,
            confirm,
            messages,
            run,
            resend_run,
        };
        self.wire(&ui);
        let _ = self.ui.set(ui);
        self.show_phase();
        self.ui().run.restore_for(&self, |me| me.phase() == "idle");
        self.ui()
            .resend_run
            .restore_for(&self, |me| me.phase() == "idle");
    }
}

impl InvitesView {
    fn ui(&self) -> &Ui {
        self.ui.get().expect("the view is mounted before any event")
    }

    fn wire(self: &Rc<Self>, ui: &Ui) {
        let on = |el: &Element, event: &'static str, f: fn(Rc<InvitesView>)| {
            let weak = Rc::downgrade(self);
            self.ctx.mount.listen(el, event, move |_| {
                if let Some(me) = weak.upgrade() {
                    f(me);
                }
            });
        };
        on(&ui.read, "click", |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.read().await })
        });
        on(&ui.select_all, "change", |me| {
            let all = me.ui().select_all.checked();
            for (_, cb) in &me.st.borrow().rows {
                cb.set_checked(all);
            }
            me.selection_changed();
        });
        on(&ui.list_slot, "change", |me| me.selection_changed());
        on(&ui.revoke, "click", |me| me.ask());
        on(&ui.resend, "click", |me| {
            let m = me.clone();
            me.ctx.mount.spawn(async move { m.read_roles().await })
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
                    me.ctx.mount.spawn(async move { m.start().await })
                }
            },
        );
    }

    fn selected(&self) -> Vec<String> {
        self.st
            .borrow()
            .rows
            .iter()
            .filter(|(_, cb)| cb.checked())
            .map(|(e, _)| e.clone())
            .collect()
    }

    /// Where the run shown stands: an open run of either kind first.
    fn run_state(&self) -> Option<RunState> {
        let ui = self.ui.get()?;
        let (revoke, resend) = (ui.run.run_state(), ui.resend_run.run_state());
        let open = |s: RunState| matches!(s, RunState::Running | RunState::Paused);
        // Starting either forgets the other's finished run: at most one shows.
        Some(
            if open(revoke) || (revoke != RunState::Idle && !open(resend)) {
                revoke
            } else {
                resend
            },
        )
    }

    fn phase(&self) -> &'static str {
        match self.run_state() {
            Some(RunState::Idle) | None if !self.st.borrow().rows.is_empty() => "listed",
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
        ui.read.set_disabled(active || busy);
        ui.select_all
            .set_disabled(active || busy || phase != "listed");
        let can_pick = !active && !busy && phase == "listed" && !self.selected().is_empty();
        ui.revoke.set_disabled(!can_pick);
        ui.resend.set_disabled(!can_pick);
        ui.confirm.show(phase == "listed" && !busy);
    }

    /// A different selection needs a new confirmation.
    fn selection_changed(&self) {
        self.forget_asked();
        self.show_phase();
    }

    fn forget_asked(&self) {
        self.st.borrow_mut().asked = None;
        let ui = self.ui();
        ui.confirm.reset();
        clear(&ui.resend_slot);
    }

    fn ask(&self) {
        self.forget_asked();
        let selected = self.selected();
        let who: Vec<&str> = selected.iter().map(String::as_str).collect();
        self.ui()
            .confirm
            .ask(selected.len(), &words::confirm_sentence(&who));
        self.st.borrow_mut().asked = Some(Asked::Revoke);
        self.show_phase();
    }

    /// "Re-send selected": reads each picked invite's exact roles from its
    /// editor (holding the page), shows them, and asks for the count.
    async fn read_roles(self: Rc<Self>) {
        if self.st.borrow().busy || self.phase() != "listed" {
            return;
        }
        self.forget_asked();
        let selected = self.selected();
        let ui = self.ui();
        ui.messages.alert("");
        self.st.borrow_mut().busy = true;
        self.show_phase();
        let read = match ui
            .messages
            .hold_page(
                &self.ctx,
                READING_ROLES,
                LEASE_WAIT_MS,
                "reading the invites' roles",
            )
            .await
        {
            Some(_lease) => {
                resend::read_roles(&self.ctx.driver, &selected, |done, total| {
                    ui.messages.notice(&words::roles_reading(done, total))
                })
                .await
            }
            None => Ok(Vec::new()),
        };
        self.st.borrow_mut().busy = false;
        let read = match read {
            Ok(r) if !r.is_empty() => r,
            Ok(_) => return self.show_phase(),
            Err(e) => {
                ui.messages.notice("");
                ui.messages
                    .alert(&format!("The invites' roles could not be read: {e}."));
                return self.show_phase();
            }
        };
        let ready = resend::ready(&read);
        let _ = ui.resend_slot.append_child(&resend::preview_table(&read));
        ui.messages
            .notice(&words::roles_read(ready.len(), read.len() - ready.len()));
        let who: Vec<&str> = ready.iter().map(|(e, _)| e.as_str()).collect();
        if !ready.is_empty() {
            ui.confirm.ask(ready.len(), &words::resend_sentence(&who));
            self.st.borrow_mut().asked = Some(Asked::Resend(ready));
        }
        self.show_phase();
    }

    /// Reads every pending invite from the users table and lists them.
    async fn read(self: Rc<Self>) {
        if self.st.borrow().busy || matches!(self.phase(), "running" | "paused") {
            return;
        }
        let ui = self.ui();
        ui.messages.alert("");
        self.forget_list();
        self.st.borrow_mut().busy = true;
        self.show_phase();
        let table = match ui
            .messages
            .hold_page(&self.ctx, READING, LEASE_WAIT_MS, "reading the invites")
            .await
        {
            Some(_lease) => {
                ui.messages
                    .notice("Reading the pending invites (every page of the table)…");
                self.ctx.driver.read_users().await
            }
            None => {
                self.st.borrow_mut().busy = false;
                self.show_phase();
                return;
            }
        };
        self.st.borrow_mut().busy = false;
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                ui.messages.notice("");
                ui.messages
                    .alert(&format!("The users table could not be read: {e}."));
                self.show_phase();
                return;
            }
        };
        let mut rows = Vec::new();
        let trs: Vec<Element> = table
            .invites()
            .enumerate()
            .map(|(i, r)| {
                let cb = checkbox(&format!("ak-invite-{i}"), &format!("Select {}", r.email));
                let permission = match r.permission {
                    crate::driver::Permission::Owner => "Workspace Owner",
                    crate::driver::Permission::Member => "Workspace Member",
                    crate::driver::Permission::Unknown => "",
                };
                let tr = El::new("tr")
                    .child(El::new("td").child(&cb))
                    .child(El::new("td").text(&r.email))
                    .child(El::new("td").text(permission))
                    .child(El::new("td").text(r.roles.as_deref().unwrap_or("")))
                    .build();
                rows.push((r.email.clone(), cb));
                tr
            })
            .collect();
        let n = rows.len();
        let _ = ui.list_slot.append_child(&table_of(trs));
        self.st.borrow_mut().rows = rows;
        ui.messages
            .notice(&words::invites_read(n, table.is_complete()));
        self.show_phase();
    }

    fn forget_list(&self) {
        self.st.borrow_mut().rows.clear();
        self.forget_asked();
        let ui = self.ui();
        ui.select_all.set_checked(false);
        clear(&ui.list_slot);
        ui.run.forget_finished();
        ui.resend_run.forget_finished();
    }

    async fn start(self: Rc<Self>) {
        if self.phase() != "listed" || !self.ui().confirm.confirmed() {
            return;
        }
        let Some(asked) = self.st.borrow_mut().asked.take() else {
            return;
        };
        let now = js_sys::Date::now() as u64;
        match asked {
            Asked::Revoke => {
                let rows: Vec<NewRow<Target>> = self
                    .selected()
                    .into_iter()
                    .enumerate()
                    .map(|(i, email)| NewRow::Ready {
                        line: i + 1,
                        email,
                        group: Target::Invite,
                    })
                    .collect();
                let one = ChunkSize::new(1).expect("1 is a chunk size");
                let journal = Journal::<RevokeOp>::from_rows(rows, one, now);
                self.forget_list();
                self.ui().run.clone().start(journal).await;
            }
            Asked::Resend(ready) => {
                let journal = resend::journal(ready, now);
                self.forget_list();
                self.ui().resend_run.clone().start(journal).await;
            }
        }
    }
}

fn table_of(rows: Vec<Element>) -> Element {
    table(
        words::INVITES_TABLE,
        &["", "Email", "Permission", "Roles"],
        rows,
    )
}
