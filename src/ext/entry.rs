//! `#[wasm_bindgen]` entry points called by the JavaScript loaders, and what
//! lives as long as the page: the one current [`Mount`].
//!
//! Segment's app is a single-page app: the route changes without a reload
//! (its workspace switcher and Back / Forward push or pop history entries).
//! The page controller here makes a mount when Access Management of a
//! workspace shows and ends it when the route leaves Access Management or
//! names another workspace; another workspace gets a mount of its own.
//! Route changes are heard through the Navigation API
//! (`currententrychange`, and `navigate` for the moment it starts) where
//! the browser has it, and `popstate`; where it has not, a cheap check of
//! `location.pathname` runs every second. A mount whose lifetime notices
//! the change first (a driver or executor step checks the address before
//! acting) asks for the same check at once.
//!
//! Each mount has the feature module ([`super::features`]) at hand, loaded
//! the first time a tab or the template control is needed, and ends the
//! module's side of the mount when it ends.
//!
//! This is the only module allowed to `.forget()`: the page controller and
//! its few listeners live exactly as long as the document.
#![allow(clippy::disallowed_methods)]
// A build with one entry point (Cargo.toml features) leaves the other's helpers unused.
#![cfg_attr(
    not(all(
        feature = "content",
        feature = "tabs",
        feature = "pages",
        feature = "popup"
    )),
    allow(dead_code, unused_imports)
)]

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::prelude::*;

use crate::browser::settings;
use crate::core::page::PageKind;
use crate::driver::Driver;
use crate::ui::mount::Mount;
use crate::ui::{self, Ctx, Engine};

/// Why the extension could not start on this page.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("unknown engine {0:?} from the loader")]
    Engine(String),
    #[error(transparent)]
    Mount(#[from] ui::shadow::MountError),
}

pub(crate) fn current_page() -> PageKind {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    PageKind::from_path(&path)
}

/// Whether the address still shows Access Management of `workspace`.
pub(crate) fn still_at(workspace: &str) -> bool {
    matches!(current_page(), PageKind::AccessManagement { workspace: w } if w == workspace)
}

/// The page controller: the current mount, made and ended as the route changes.
struct Pages {
    engine: Engine,
    driver: Driver,
    mounted: RefCell<Option<Rc<Mount>>>,
    /// The feature module's loader, shared by every mount of the page.
    module: Rc<super::features::Module>,
    /// The last mount's number (the feature module's name for it).
    mounts: std::cell::Cell<u32>,
}

impl Pages {
    /// Brings the mount in line with the address.
    fn check(self: &Rc<Self>) {
        let wanted = match current_page() {
            PageKind::AccessManagement { workspace } => Some(workspace),
            PageKind::Other => None,
        };
        let keep = self
            .mounted
            .borrow()
            .as_ref()
            .is_some_and(|m| m.is_live() && Some(m.workspace()) == wanted.as_deref());
        if keep {
            return;
        }
        // Taken out first: ending runs code that may look at the controller.
        let old = self.mounted.borrow_mut().take();
        if let Some(old) = old {
            old.end();
        }
        match wanted {
            Some(workspace) => {
                if let Err(e) = self.mount(&workspace) {
                    gloo::console::error!(format!("Access Kit: {e}"));
                    ui::shadow::remove_unowned();
                }
            }
            // The loader's launcher, if the app left Access Management while the core loaded.
            None => ui::shadow::remove_unowned(),
        }
    }

    fn mount(self: &Rc<Self>, workspace: &str) -> Result<(), StartError> {
        let ws = workspace.to_string();
        let mount = Rc::new(Mount::new(workspace, move || still_at(&ws)));
        let ctx = Ctx::new(self.engine, workspace, &self.driver, mount.clone())?;
        let id = self.mounts.get() + 1;
        self.mounts.set(id);
        let features = Rc::new(super::features::JsFeatures::new(id, &ctx, &self.module));
        let ending = features.clone();
        // Nothing of the feature module outlives this mount.
        mount.at_end(move || ending.end());
        ui::mount(&ctx, features);
        // A mount whose lifetime notices a route change first (a step
        // checks the address before acting) asks for a check at once.
        let me = Rc::downgrade(self);
        let lifetime = mount.lifetime().clone();
        wasm_bindgen_futures::spawn_local(async move {
            lifetime.ended().await;
            if let Some(me) = me.upgrade() {
                me.check();
            }
        });
        *self.mounted.borrow_mut() = Some(mount);
        Ok(())
    }

    /// Listens for route changes for as long as the page lives.
    fn listen(self: &Rc<Self>) {
        let window = gloo::utils::window();
        let on_change = |me: &Rc<Pages>| {
            let me = me.clone();
            move |_: &web_sys::Event| me.check()
        };
        EventListener::new(&window, "popstate", on_change(self)).forget();
        let navigation = js_sys::Reflect::get(&window, &"navigation".into())
            .ok()
            .and_then(|n| n.dyn_into::<web_sys::EventTarget>().ok());
        match navigation {
            Some(navigation) => {
                EventListener::new(&navigation, "currententrychange", on_change(self)).forget();
                // `navigate` fires before the address changes: look again
                // once it has (a run then pauses as early as possible).
                let me = self.clone();
                EventListener::new(&navigation, "navigate", move |_| {
                    let me = me.clone();
                    Timeout::new(0, move || me.check()).forget();
                })
                .forget();
            }
            None => {
                let me = self.clone();
                Interval::new(1000, move || me.check()).forget();
            }
        }
    }
}

/// Panic messages in the console, in debug builds only: release builds abort
/// on panic without formatting anything (build.sh), so the hook would be dead weight.
pub(crate) fn panic_hook() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// Content-script entry: mounts the UI on Access Management pages, one
/// mount per workspace page, ended when the route leaves it. `load(stem)`
/// is the loader's import of another module of this build (a promise of
/// its started exports): the feature module, `load("tabs")`.
#[cfg(feature = "content")]
#[wasm_bindgen]
pub fn start_content(engine: &str, load: js_sys::Function) -> Result<(), JsError> {
    panic_hook();
    let engine = Engine::parse(engine).ok_or_else(|| StartError::Engine(engine.to_string()))?;
    ui::dom::mark("core");
    let module = Rc::new(super::features::Module::new(load));
    wasm_bindgen_futures::spawn_local(async move {
        // An override is read by the feature module (loaded for it only).
        let merge = |_builtin, json| module.merged_profile(json);
        let driver = match settings::load_driver_by(merge).await {
            Ok((driver, problem)) => {
                if let Some(p) = problem {
                    gloo::console::warn!(format!("Access Kit: {p}"));
                }
                driver
            }
            Err(e) => {
                gloo::console::error!(format!("Access Kit cannot start: {e}"));
                ui::shadow::remove_unowned();
                return;
            }
        };
        ui::dom::mark("driver");
        let pages = Rc::new(Pages {
            engine,
            driver,
            mounted: RefCell::new(None),
            module,
            mounts: std::cell::Cell::new(0),
        });
        pages.listen();
        pages.check();
    });
    Ok(())
}

/// Options-page entry (an extension page, where wasm always runs).
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub fn start_options() -> Result<(), JsError> {
    panic_hook();
    let doc = gloo::utils::document();
    let app = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsError::new("options page has no #app"))?;
    ui::options::mount(&app);
    Ok(())
}

/// Toolbar-popup entry (an extension page; its own build, so the options
/// page does not carry the popup's run summaries).
#[cfg(feature = "popup")]
#[wasm_bindgen]
pub fn start_popup() -> Result<(), JsError> {
    panic_hook();
    let app = gloo::utils::document()
        .get_element_by_id("app")
        .ok_or_else(|| JsError::new("popup page has no #app"))?;
    ui::popup::mount(&app);
    Ok(())
}
