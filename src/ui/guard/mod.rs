//! The last-owner guard: stops removing or demoting the last Workspace Owner,
//! by any path, before the page's own handlers run.
//!
//! [`census`] knows the owners; [`intercept`] watches every way a person can
//! trigger a removal or demotion and asks, through a typed confirmation, when
//! the decision (from `core::guard`) is not a plain yes.

pub mod census;
mod intercept;

use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen_futures::spawn_local;

use super::shadow::HOST_ID;
use super::Ctx;
use crate::browser::settings;
use census::{LiveCensus, Status};

/// Starts guarding the page, unless the user turned the guard off.
pub fn install(ctx: &Rc<Ctx>) {
    let ctx = ctx.clone();
    spawn_local(async move {
        if !settings::guard_enabled().await {
            set_state("off", None);
            return;
        }
        let guard = Rc::new(intercept::Guard::new(ctx, LiveCensus::default()));
        // Listen before the first read ends: until then, decisions about
        // owners are "uncertain" rather than unguarded.
        intercept::listen(&guard);
        set_state("reading", None);
        if let Err(e) = guard.census().refresh(guard.driver()).await {
            gloo::console::warn!(format!(
                "Access Kit guard: could not read the members list: {e}"
            ));
        }
        guard.publish();
        // Rows rendered later (another page, a change made elsewhere) keep the
        // census current without the guard ever turning pages itself.
        let g = Rc::downgrade(&guard);
        Interval::new(1500, move || {
            if let Some(g) = g.upgrade() {
                g.merge_visible_rows();
            }
        })
        .forget();
    });
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
