//! The in-page core's side of the feature module: the tabs' views and the
//! invite form's template control are loaded the first time they are needed
//! (see `ext::features` for the loading, and `ext::tabs` for the module's
//! side).
//!
//! ## Protocol
//! - A tab's body shows [`words::LOADING`] when its view is first mounted
//!   (panel open, tab selected); the feature module replaces it with the
//!   view, or the body says why it could not ([`words::load_failed`]).
//! - The template control must show whenever the page's own invite form is
//!   open, panel or not. The core watches for that form as the control
//!   itself did (one body observer, a find after each settled burst, the
//!   same cost), and only until it first shows: then the module is loaded
//!   and its control takes over (it keeps its own watch from then on). The
//!   same load readies the invite form's safety prompts, which the guard's
//!   interceptor asks ([`Features::invite_verdict`]).
//! - Everything here belongs to the core's mount; the [`Features`] it was
//!   given ends the module's side of the mount when the mount ends.

mod words;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::{Element, MutationObserverInit};

use super::dom::{self, El};
use super::panel::View;
use super::tabs::Tab;
use super::Ctx;
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::Switches;
use crate::driver::{ControlId, Params};

/// The feature module could not be loaded or did not answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FeatureError {
    /// Importing or starting the module failed.
    #[error("the feature module did not load: {0}")]
    Load(String),
    /// The module is there but the call failed.
    #[error("the feature module refused {call}: {why}")]
    Call { call: &'static str, why: String },
    /// The call answered something the core cannot read.
    #[error("the feature module's answer to {call} is not what the core reads")]
    Answer { call: &'static str },
}

/// What a call to the feature module resolves to.
pub type Pending = Pin<Box<dyn Future<Output = Result<(), FeatureError>>>>;

/// The feature module for one mount, loaded on first use.
pub trait Features {
    /// Builds `tab`'s view into `into` (which shows [`words::LOADING`]).
    fn mount_view(&self, tab: Tab, into: &Element) -> Pending;
    /// Starts the template control in the page's invite form.
    fn install_form_control(&self) -> Pending;
    /// Loads the module and readies its invite prompts for this mount
    /// (`guard::invite`).
    fn ready_invite_prompts(&self) -> Pending;
    /// The invite prompts' verdict on the invite form as it is now: `Some(true)`
    /// stop and ask, `Some(false)` let it go, `None` when they are not ready
    /// (the module is not loaded yet). Synchronous: it runs inside the
    /// interceptor's event listener.
    fn invite_verdict(
        &self,
        trusted: bool,
        switches: Switches,
        domains: &WorkspaceDomains,
    ) -> Option<bool>;
    /// Asks about the submission the last verdict stopped; `send` clicks the
    /// form's submit when the person goes on and the form still holds what
    /// they were shown.
    fn ask_invite(&self, send: Box<dyn FnOnce()>) -> Pending;
}

/// A tab whose view the feature module builds.
struct LazyView {
    ctx: Rc<Ctx>,
    tab: Tab,
    features: Rc<dyn Features>,
}

impl View for LazyView {
    fn title(&self) -> &'static str {
        self.tab.title()
    }

    fn mount(self: Rc<Self>, into: &Element) {
        dom::replace_children(
            into,
            [El::new("p")
                .class("muted")
                .attr("role", "status")
                .attr("data-loading", self.tab.name())
                .text(words::LOADING)],
        );
        let into = into.clone();
        let pending = self.features.mount_view(self.tab, &into);
        let tab = self.tab;
        self.ctx.mount.spawn(async move {
            if let Err(e) = pending.await {
                gloo::console::error!(format!("Access Kit: {e}"));
                dom::replace_children(
                    &into,
                    [El::new("p")
                        .class("notice bad")
                        .attr("role", "alert")
                        .attr("data-load-error", tab.name())
                        .text(&words::load_failed(tab.title(), &e.to_string()))],
                );
            }
        });
    }
}

/// The panel's views: every tab, built by the feature module when first shown.
pub fn views(ctx: &Rc<Ctx>, features: &Rc<dyn Features>) -> Vec<Rc<dyn View>> {
    Tab::ALL
        .into_iter()
        .map(|tab| {
            Rc::new(LazyView {
                ctx: ctx.clone(),
                tab,
                features: features.clone(),
            }) as Rc<dyn View>
        })
        .collect()
}

/// How long the page must stay unchanged before looking for the form.
const SETTLE_MS: u32 = 150;

/// Watches for the page's invite form until it first opens, then has the
/// feature module start the template control (see the module docs).
pub fn watch_invite_form(ctx: &Rc<Ctx>, features: &Rc<dyn Features>) {
    struct Watch {
        ctx: Rc<Ctx>,
        features: Rc<dyn Features>,
        done: Cell<bool>,
        pending: RefCell<Option<Timeout>>,
    }
    impl Watch {
        fn look(&self) {
            if self.done.get() || !self.ctx.mount.is_live() {
                return;
            }
            let open = self
                .ctx
                .driver
                .find_all(ControlId::InviteForm, &Params::none())
                .is_ok_and(|v| !v.is_empty());
            if !open {
                return;
            }
            self.done.set(true);
            let pending = self.features.install_form_control();
            self.ctx.mount.spawn(async move {
                if let Err(e) = pending.await {
                    gloo::console::error!(format!("Access Kit: the template control: {e}"));
                }
            });
        }
    }
    let watch = Rc::new(Watch {
        ctx: ctx.clone(),
        features: features.clone(),
        done: Cell::new(false),
        pending: RefCell::new(None),
    });
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    if let Some(body) = dom::document().body() {
        let weak = Rc::downgrade(&watch);
        let observed = ctx.mount.observe(&body, &init, move |_, observer| {
            let Some(w) = weak.upgrade() else { return };
            if w.done.get() {
                // The control watches for itself from now on.
                observer.disconnect();
                return;
            }
            let again = weak.clone();
            // A burst of changes (the form sliding in) is looked at once, after it.
            *w.pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || {
                if let Some(w) = again.upgrade() {
                    w.pending.borrow_mut().take();
                    w.look();
                }
            }));
        });
        if let Err(e) = observed {
            gloo::console::warn!(format!(
                "Access Kit: cannot watch for the invite form: {e:?}"
            ));
        }
    }
    watch.look();
    ctx.mount.hold(watch);
}
