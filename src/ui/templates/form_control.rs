//! "Apply template" and "Save as template" inside the page's own invite form.
//!
//! The control lives in its own small shadow root (the page's CSS stays out,
//! ours in), on a host element inserted right after the form's "Permissions"
//! heading. React does not manage that element; when React re-renders it
//! away (or the form closes and opens again), a MutationObserver puts the
//! same host back, so what it last reported stays visible.
//!
//! Applying goes through the driver's apply-RoleSet flow and never submits
//! the form: the person reviews and presses Invite. Applying and saving
//! drive the page, so they take the page lease; while another operator (a
//! run) holds it they refuse at once and say who is using the page (a run
//! opens the same form for its own submissions).
//!
//! One control per mount: its observer, listeners and host end with it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement,
    MutationObserverInit, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use super::words::{from_page, group_set, library_error_lines, missing_text, summary};
use crate::browser::template_store::{self, TemplateStoreError};
use crate::core::template::{TemplateDraft, TemplateLibrary};
use crate::driver::invite::{ApplyReport, RoleForm};
use crate::driver::lease::{self, LeaseError, PageLease};
use crate::driver::{ControlId, Params};
use crate::ui::dom::{self, El};
use crate::ui::run::words::busy;
use crate::ui::styles::{CSS, FEATURE_CSS};
use crate::ui::Ctx;

/// The host element's id (one invite form is open at a time).
pub const HOST_ID: &str = "access-kit-template-host";
/// The lease holders' names.
const APPLYING: &str = "Apply template";
const SAVING: &str = "Save as template";
/// How long to let a burst of page mutations settle before checking placement.
const RECHECK_MS: u32 = 150;

/// The control and its state; one per mount.
struct Control {
    ctx: Rc<Ctx>,
    host: Element,
    select: HtmlSelectElement,
    apply: HtmlButtonElement,
    save_toggle: HtmlButtonElement,
    save_row: Element,
    name_input: HtmlInputElement,
    save: HtmlButtonElement,
    report: Element,
    library: RefCell<TemplateLibrary>,
    busy: Cell<bool>,
    /// Another operator holding the page when the form opened.
    page_busy: Cell<bool>,
    recheck: RefCell<Option<Timeout>>,
}

/// Starts watching for the invite form, for as long as the mount lives.
pub fn install(ctx: &Rc<Ctx>) {
    let control = match Control::build(ctx) {
        Ok(c) => c,
        Err(e) => {
            gloo::console::error!(format!(
                "Access Kit: the template control cannot start: {e:?}"
            ));
            return;
        }
    };
    let mount = &ctx.mount;
    mount.hold(control.clone());
    let host = control.host.clone();
    mount.at_end(move || host.remove());
    control.clone().watch_page();
    control.clone().refresh_library();
    let weak = Rc::downgrade(&control);
    match template_store::on_change(move || {
        if let Some(c) = weak.upgrade() {
            c.refresh_library();
        }
    }) {
        Ok(watch) => mount.hold(watch),
        Err(e) => gloo::console::warn!(format!("Access Kit: {e}")),
    }
}

impl Control {
    fn build(ctx: &Rc<Ctx>) -> Result<Rc<Control>, JsValue> {
        let doc = dom::document();
        let host = doc.create_element("div")?;
        host.set_id(HOST_ID);
        let root: ShadowRoot = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        let sheets = js_sys::Array::new();
        for css in [CSS, FEATURE_CSS] {
            let sheet = CssStyleSheet::new()?;
            sheet.replace_sync(css)?;
            sheets.push(&sheet);
        }
        root.set_adopted_style_sheets(&sheets);

        let select: HtmlSelectElement = El::new("select")
            .attr("id", "ak-tpl-select")
            .build()
            .unchecked_into();
        let apply: HtmlButtonElement = El::new("button")
            .class("primary")
            .attr("type", "button")
            .flag("disabled", true)
            .text("Apply")
            .build()
            .unchecked_into();
        let save_toggle: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .attr("aria-expanded", "false")
            .text("Save as template")
            .build()
            .unchecked_into();
        let name_input: HtmlInputElement = El::new("input")
            .attr("id", "ak-tpl-name")
            .attr("type", "text")
            .attr("autocomplete", "off")
            .attr("maxlength", "60")
            .build()
            .unchecked_into();
        let save: HtmlButtonElement = El::new("button")
            .class("primary")
            .attr("type", "button")
            .text("Save template")
            .build()
            .unchecked_into();
        let cancel = El::new("button")
            .attr("type", "button")
            .text("Cancel")
            .build();
        let save_row = El::new("div")
            .class("row tpl-save")
            .flag("hidden", true)
            .child(
                El::new("label")
                    .attr("for", "ak-tpl-name")
                    .text("Template name"),
            )
            .child(name_input.clone())
            .child(save.clone())
            .child(cancel.clone())
            .build();
        let report = El::new("div")
            .class("tpl-report")
            .attr("role", "status")
            .attr("aria-live", "polite")
            .attr("aria-label", "Template result")
            .build();
        let panel = El::new("div")
            .class("ak inline-tools tpl-control")
            .attr("role", "group")
            .attr("aria-label", "Access Kit templates")
            .child(
                El::new("div")
                    .class("row")
                    .child(
                        El::new("label")
                            .attr("for", "ak-tpl-select")
                            .text("Apply template"),
                    )
                    .child(select.clone())
                    .child(apply.clone())
                    .child(El::new("span").class("grow"))
                    .child(save_toggle.clone()),
            )
            .child(save_row.clone())
            .child(report.clone())
            .build();
        root.append_child(&panel)?;

        let control = Rc::new(Control {
            ctx: ctx.clone(),
            host,
            select,
            apply,
            save_toggle,
            save_row,
            name_input,
            save,
            report,
            library: RefCell::new(TemplateLibrary::new()),
            busy: Cell::new(false),
            page_busy: Cell::new(false),
            recheck: RefCell::new(None),
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&control.select, "change", move |_| {
            if let Some(c) = w.upgrade() {
                c.sync_buttons();
            }
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&control.apply, "click", move |_| {
            if let Some(c) = w.upgrade() {
                c.apply_selected();
            }
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&control.save_toggle, "click", move |_| {
            if let Some(c) = w.upgrade() {
                c.show_save_row(c.save_row.has_attribute("hidden"));
            }
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&cancel, "click", move |_| {
            if let Some(c) = w.upgrade() {
                c.show_save_row(false);
            }
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&control.save, "click", move |_| {
            if let Some(c) = w.upgrade() {
                c.save_current();
            }
        });
        let w = Rc::downgrade(&control);
        ctx.mount.listen(&control.name_input, "keydown", move |e| {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if k.key() == "Enter" {
                // Enter must not reach the page's form (it could submit it).
                e.prevent_default();
                e.stop_propagation();
                if let Some(c) = w.upgrade() {
                    c.save_current();
                }
            }
        });
        Ok(control)
    }

    fn ctx(&self) -> Rc<Ctx> {
        self.ctx.clone()
    }

    // ------------------------------------------------------------ placement

    /// Re-checks placement after every burst of page mutations.
    fn watch_page(self: Rc<Self>) {
        let weak = Rc::downgrade(&self);
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        if let Some(body) = dom::document().body() {
            let observed = self.ctx.mount.observe(&body, &init, move |_records, _obs| {
                if let Some(c) = weak.upgrade() {
                    c.schedule_placement();
                }
            });
            if let Err(e) = observed {
                gloo::console::error!(format!("Access Kit: no MutationObserver: {e:?}"));
                return;
            }
        }
        self.place();
    }

    fn schedule_placement(self: &Rc<Self>) {
        if self.recheck.borrow().is_some() {
            return;
        }
        let weak = Rc::downgrade(self);
        *self.recheck.borrow_mut() = Some(Timeout::new(RECHECK_MS, move || {
            if let Some(c) = weak.upgrade() {
                *c.recheck.borrow_mut() = None;
                c.place();
            }
        }));
    }

    /// Puts the host next to the open form's "Permissions" section, or takes
    /// it out when no invite form is open.
    fn place(&self) {
        let ctx = self.ctx();
        let form = ctx
            .driver
            .find_all(ControlId::InviteForm, &Params::none())
            .ok()
            .and_then(|v| v.into_iter().next());
        let Some(form) = form else {
            if self.host.is_connected() && !self.busy.get() {
                self.host.remove();
                // A new form starts with a clean report.
                dom::clear(&self.report);
                self.show_save_row(false);
            }
            return;
        };
        if self.host.is_connected() && form.contains(Some(&self.host)) {
            return;
        }
        self.put_into(&form);
        if self.host.is_connected() {
            self.say_if_page_busy();
        }
    }

    /// While another operator holds the page (a run submitting through this
    /// very form), the control says so and offers nothing.
    fn say_if_page_busy(&self) {
        let holder = lease::holder().filter(|h| ![APPLYING, SAVING].contains(&h.as_str()));
        self.page_busy.set(holder.is_some());
        self.sync_buttons();
        if let Some(holder) = holder {
            self.show_lines(
                "Templates are unavailable for now",
                &[busy(&holder, "Apply template")],
                false,
            );
        }
    }

    /// Inserts the host next to `form`'s "Permissions" section.
    fn put_into(&self, form: &Element) {
        let ctx = self.ctx();
        if let Some(heading) = permissions_heading(form) {
            let _ = heading.after_with_node_1(&self.host);
            return;
        }
        // No heading: before the block that holds the owner/member radios.
        let radio = |id| {
            ctx.driver
                .find_all(id, &Params::none())
                .ok()
                .and_then(|v| v.into_iter().next())
        };
        if let (Some(owner), Some(member)) = (
            radio(ControlId::InviteOwnerRadio),
            radio(ControlId::InviteMemberRadio),
        ) {
            let mut block: Element = owner;
            while let Some(parent) = block.parent_element() {
                if parent.contains(Some(&member)) {
                    let _ = parent.insert_before(&self.host, Some(&block));
                    return;
                }
                block = parent;
            }
        }
    }

    // ------------------------------------------------------------ templates

    /// The page lease for `what`, or `None` with the report saying who is
    /// using the page (a run opens this same form for its own submissions,
    /// so waiting would act in its form: refused at once).
    fn take_page(&self, what: &'static str) -> Option<PageLease> {
        match lease::try_acquire(what) {
            Ok(lease) => Some(lease),
            Err(LeaseError::Busy { holder } | LeaseError::Ended { holder }) => {
                self.show_lines(
                    &format!("{what} did not start"),
                    &[busy(&holder, what)],
                    true,
                );
                None
            }
        }
    }

    fn refresh_library(self: Rc<Self>) {
        let mount = self.ctx.mount.clone();
        mount.spawn(async move {
            match template_store::load().await {
                Ok(loaded) => {
                    *self.library.borrow_mut() = loaded.library;
                    self.fill_select();
                }
                Err(e) => self.show_lines("Templates could not be read", &[e.to_string()], true),
            }
        });
    }

    fn fill_select(&self) {
        let chosen = self.select.value();
        let library = self.library.borrow();
        let mut options = vec![El::new("option")
            .attr("value", "")
            .text(if library.is_empty() {
                "No templates yet"
            } else {
                "Choose a template…"
            })
            .build()];
        for t in library.templates() {
            options.push(
                El::new("option")
                    .attr("value", &t.id)
                    .attr("title", &summary(&t.role_set))
                    .text(&t.name)
                    .build(),
            );
        }
        dom::replace_children(&self.select, options);
        if library.get(&chosen).is_some() {
            self.select.set_value(&chosen);
        }
        drop(library);
        self.sync_buttons();
    }

    fn sync_buttons(&self) {
        let busy = self.busy.get() || self.page_busy.get();
        self.apply
            .set_disabled(busy || self.select.value().is_empty());
        self.select.set_disabled(busy);
        self.save_toggle.set_disabled(busy);
        self.save.set_disabled(busy);
    }

    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        let _ = self
            .host
            .set_attribute("aria-busy", if busy { "true" } else { "false" });
        self.sync_buttons();
    }

    // ---------------------------------------------------------------- apply

    fn apply_selected(self: &Rc<Self>) {
        let id = self.select.value();
        let Some(template) = self.library.borrow().get(&id).cloned() else {
            return;
        };
        let Some(lease) = self.take_page(APPLYING) else {
            return;
        };
        let this = self.clone();
        self.set_busy(true);
        self.show_lines(&format!("Applying \"{}\"…", template.name), &[], false);
        self.ctx.mount.spawn(async move {
            let ctx = this.ctx();
            let result = ctx.driver.apply_role_set(&template.role_set).await;
            drop(lease);
            this.set_busy(false);
            match result {
                Ok(report) => this.show_report(&template.name, &report),
                Err(e) => this.show_lines(
                    &format!("\"{}\" could not be applied completely", template.name),
                    &[
                        e.to_string(),
                        "Nothing was sent. Check the form and set what is missing by hand.".into(),
                    ],
                    true,
                ),
            }
        });
    }

    fn show_report(&self, name: &str, report: &ApplyReport) {
        dom::clear(&self.report);
        let complete = report.is_complete();
        let title = if complete {
            format!("Applied \"{name}\"")
        } else {
            format!("Applied \"{name}\", except what this page does not have")
        };
        let mut body = El::new("div").child(El::new("strong").text(&title));
        body = body
            .child(El::new("p").class("muted").text("Now set:"))
            .child(
                El::new("ul")
                    .children(group_set(&report.set).iter().map(|l| El::new("li").text(l))),
            );
        if !report.unchecked.is_empty() {
            body = body.child(
                El::new("p")
                    .child(El::new("span").class("muted").text("Unchecked: "))
                    .text(&report.unchecked.join(", ")),
            );
        }
        if !complete {
            body = body.child(
                El::new("div")
                    .class("notice bad")
                    .attr("role", "alert")
                    .child(El::new("p").text("Not found on this page:"))
                    .child(
                        El::new("ul").children(
                            report
                                .missing
                                .iter()
                                .map(|m| El::new("li").text(&missing_text(m))),
                        ),
                    ),
            );
        }
        body = body.child(El::new("p").class("muted").text(
            "Nothing was sent: review the form, add the emails, then press the form's own invite button.",
        ));
        let _ = self.report.append_child(&body.build());
        // Applying scrolled the form to the last role it touched.
        self.host.scroll_into_view_with_bool(true);
    }

    fn show_lines(&self, title: &str, lines: &[String], bad: bool) {
        dom::replace_children(
            &self.report,
            [El::new("div")
                .class(if bad { "notice bad" } else { "" })
                .attr("role", if bad { "alert" } else { "none" })
                .child(El::new("strong").text(title))
                .children(lines.iter().map(|l| El::new("p").text(l)))
                .build()],
        );
    }

    // -------------------------------------------------------- save as template

    fn show_save_row(&self, show: bool) {
        if show {
            let _ = self.save_row.remove_attribute("hidden");
            let _ = self.name_input.focus();
        } else {
            let _ = self.save_row.set_attribute("hidden", "");
        }
        let _ = self
            .save_toggle
            .set_attribute("aria-expanded", if show { "true" } else { "false" });
    }

    fn save_current(self: &Rc<Self>) {
        if self.busy.get() {
            return;
        }
        let name = self.name_input.value();
        if name.trim().is_empty() {
            self.show_lines("Give the template a name first", &[], true);
            let _ = self.name_input.focus();
            return;
        }
        let Some(lease) = self.take_page(SAVING) else {
            return;
        };
        let this = self.clone();
        self.set_busy(true);
        self.show_lines("Reading the form's roles…", &[], false);
        self.ctx.mount.spawn(async move {
            let ctx = this.ctx();
            let read = ctx.driver.read_role_set(RoleForm::Invite).await;
            drop(lease);
            let set = match read {
                Ok(set) => from_page(set),
                Err(e) => {
                    this.set_busy(false);
                    this.show_lines("The form's roles could not be read", &[e.to_string()], true);
                    return;
                }
            };
            let draft = TemplateDraft {
                name: name.clone(),
                description: String::new(),
                role_set: Some(set),
            };
            let now = js_sys::Date::now() as u64;
            let saved = template_store::update(|lib| lib.create(&draft, now).cloned()).await;
            this.set_busy(false);
            match saved {
                Ok((template, home)) => {
                    this.name_input.set_value("");
                    this.show_save_row(false);
                    let mut lines = vec![summary(&template.role_set)];
                    if let template_store::Home::Local { .. } = home {
                        lines.push(home.describe());
                    }
                    this.show_lines(
                        &format!("Saved template \"{}\"", template.name),
                        &lines,
                        false,
                    );
                    *this.library.borrow_mut() = match template_store::load().await {
                        Ok(l) => l.library,
                        Err(_) => this.library.borrow().clone(),
                    };
                    this.fill_select();
                }
                Err(TemplateStoreError::Library(e)) => {
                    this.show_lines("The template was not saved", &library_error_lines(&e), true)
                }
                Err(e) => this.show_lines("The template was not saved", &[e.to_string()], true),
            }
        });
    }
}

/// The form's "Permissions" heading: a heading element (or role=heading)
/// whose text is "Permissions".
fn permissions_heading(form: &Element) -> Option<Element> {
    let list = form
        .query_selector_all("h1, h2, h3, h4, h5, h6, [role=heading]")
        .ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|h| {
            let text = h.text_content().unwrap_or_default();
            let words: Vec<&str> = text.split_whitespace().collect();
            words.join(" ").eq_ignore_ascii_case("permissions")
        })
}
