//! The last-owner guard: stops removing or demoting the last Workspace Owner,
//! by any path, before the page's own handlers run; and, through the same
//! interception, the other safety prompts in the page's own forms: the
//! member editor's ([`prompts`]: new owners, demoting yourself) here, the
//! invite form's ([`invite`]: mistyped and outside domains, new owners) in
//! the feature module, which the interceptor asks.
//!
//! [`census`] knows the owners (and the members' domains); [`intercept`]
//! watches every way a person can trigger a removal, demotion, grant or
//! invite and asks, through one overlay, when the decision (from
//! `core::guard`, then `core::safety`) is not a plain yes. Each of the guard
//! and the prompts has its own switch; with all off nothing is installed.
//!
//! One guard per mount: its window listeners, its row observer and its
//! tasks belong to the mount and end with it, so a guard of a page that is
//! gone never sees (or swallows) a click on the page showing now.
//!
//! The extension's own actions under a vetted plan (see `driver::lease`)
//! pass without the overlay: a synthetic activation of a guarded control
//! whose action is exactly the vetted one (same person, same action). A
//! person's own clicks are trusted events and are always decided as usual.

pub mod census;
mod intercept;
pub mod invite;
mod prompts;
pub mod words;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::MutationObserverInit;

use super::lazy::Features;
use super::shadow::HOST_ID;
use super::Ctx;
use crate::browser::settings;
use crate::driver::lease;
use census::{LiveCensus, Status};

/// The lease holder's name while the census reads every page of the table.
const READING: &str = "the last-owner guard";
/// How long the first read waits for another operator.
const LEASE_WAIT_MS: u32 = 30_000;
/// Rows are merged this long after the page stops changing.
const MERGE_AFTER_MS: u32 = 250;

/// Starts guarding the page, unless the user turned the guard and every
/// prompt off. The invite form's prompts are `features`' (loaded with the
/// page's invite form).
pub fn install(ctx: &Rc<Ctx>, features: Rc<dyn Features>) {
    let c = ctx.clone();
    ctx.mount.spawn(async move {
        let last_owner = settings::guard_enabled().await;
        let prompts = prompts::Prompts::new(settings::safety_switches().await);
        if !last_owner {
            set_state("off", None);
            if !prompts.any() {
                return;
            }
        }
        let guard = Rc::new(intercept::Guard::new(
            c.clone(),
            LiveCensus::default(),
            last_owner,
            prompts,
            features,
        ));
        // Listen before the first read ends: until then, decisions about
        // owners are "uncertain" rather than unguarded.
        intercept::listen(&guard);
        if last_owner {
            set_state("reading", None);
        }
        // The full read turns the table's pages: it is an operator.
        match lease::acquire(READING, LEASE_WAIT_MS, c.mount.lifetime()).await {
            Ok(_lease) => {
                if let Err(e) = guard.census().refresh(guard.driver()).await {
                    gloo::console::warn!(format!(
                        "Access Kit guard: could not read the members list: {e}"
                    ));
                }
            }
            Err(e) => gloo::console::warn!(format!(
                "Access Kit guard: the members list was not read: {e}"
            )),
        }
        let members = guard.census().member_emails();
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        guard
            .prompts()
            .set_domains(settings::decide_domains(guard.workspace(), &members).await);
        guard.publish();
        watch_rows(&c, &guard);
    });
}

/// Rows rendered later (another page, a change made elsewhere) keep the
/// census current without the guard ever turning pages itself: the rows
/// on screen are merged shortly after the page changes.
fn watch_rows(ctx: &Rc<Ctx>, guard: &Rc<intercept::Guard>) {
    let Some(body) = gloo::utils::document().body() else {
        return;
    };
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    let weak = Rc::downgrade(guard);
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
    let observed = ctx.mount.observe(&body, &init, move |_, _| {
        let weak = weak.clone();
        let slot = pending.clone();
        // A burst of changes merges once, when it is over.
        *pending.borrow_mut() = Some(Timeout::new(MERGE_AFTER_MS, move || {
            slot.borrow_mut().take();
            if let Some(g) = weak.upgrade() {
                g.merge_visible_rows();
            }
        }));
    });
    if let Err(e) = observed {
        gloo::console::warn!(format!("Access Kit guard: cannot watch the table: {e:?}"));
    }
}

/// Exposes the guard's state on our host element, for people inspecting the
/// page and for tests: `data-guard` and `data-guard-owners`.
fn set_state(state: &str, owners: Option<usize>) {
    if let Some(host) = gloo::utils::document().get_element_by_id(HOST_ID) {
        let _ = host.set_attribute("data-guard", state);
        match owners {
            Some(n) => {
                let _ = host.set_attribute("data-guard-owners", &n.to_string());
            }
            None => {
                let _ = host.remove_attribute("data-guard-owners");
            }
        }
    }
}

fn state_word(status: Status) -> &'static str {
    match status {
        Status::Reading => "reading",
        Status::Ready => "ready",
        Status::Failed => "uncertain",
    }
}
