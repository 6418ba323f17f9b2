//! The in-page UI: a launcher, a panel with one tab per feature, and overlays,
//! all inside one shadow root; everything of one Access Management page
//! belongs to its [`mount::Mount`] and ends with it. Also the extension's own
//! pages (options, toolbar popup) with their host-access notice.
//!
//! The in-page UI ships as two modules (`ext::entry`): the core ([`mount`]:
//! shadow root, launcher, panel shell, the guard and its prompts) on every
//! Access Management page, and the feature module (the tabs' views, the
//! invite form's template control) loaded the first time one is needed
//! ([`lazy`]). The feature module makes its own [`Ctx`] per mount of the
//! core ([`Ctx::adopt`]: the core's shadow root, its own mount and driver).

use std::rc::Rc;

pub mod access;
pub mod bulk;
pub mod check;
pub mod confirm;
pub mod dom;
pub mod field;
pub mod file;
pub mod guard;
pub mod launcher;
pub mod lazy;
pub mod mount;
pub mod offboard;
pub mod options;
pub mod panel;
pub mod popup;
pub mod roster;
pub mod run;
pub mod shadow;
pub mod styles;
pub mod tabs;
pub mod templates;

/// Which build of the Rust module is running: the loader picks wasm when the
/// page's CSP lets content scripts compile WebAssembly, wasm2js otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Wasm,
    Wasm2js,
}

impl Engine {
    /// Parses the loader's word for it; anything else is `None`, so a loader
    /// typo shows up as a start-up error rather than a wrong report.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "wasm" => Some(Engine::Wasm),
            "wasm2js" => Some(Engine::Wasm2js),
            _ => None,
        }
    }

    /// The loader's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Wasm => "wasm",
            Engine::Wasm2js => "wasm2js",
        }
    }
}

/// What every view needs to know about where it runs.
#[derive(Debug)]
pub struct Ctx {
    pub engine: Engine,
    pub workspace: String,
    /// Our shadow root: every element we show lives under it.
    pub root: web_sys::ShadowRoot,
    /// The page driver, with the user's locator-profile override applied,
    /// acting for this mount's page only.
    pub driver: crate::driver::Driver,
    /// The mount everything here belongs to.
    pub mount: Rc<mount::Mount>,
}

impl Ctx {
    /// The context of a new mount for `workspace`: its shadow root (the
    /// host is removed when the mount ends) and a driver bound to its page.
    pub fn new(
        engine: Engine,
        workspace: &str,
        driver: &crate::driver::Driver,
        mount: Rc<mount::Mount>,
    ) -> Result<Rc<Ctx>, shadow::MountError> {
        let root = shadow::mount()?;
        let host = root.host();
        mount.at_end(move || host.remove());
        Ok(Rc::new(Ctx {
            engine,
            workspace: workspace.to_string(),
            root,
            driver: driver.for_page(mount.lifetime().clone()),
            mount,
        }))
    }

    /// The feature module's context for a mount of the core: the core's
    /// shadow root (the core removes its host), this module's own mount and
    /// driver.
    pub fn adopt(
        engine: Engine,
        workspace: &str,
        root: web_sys::ShadowRoot,
        driver: &crate::driver::Driver,
        mount: Rc<mount::Mount>,
    ) -> Rc<Ctx> {
        Rc::new(Ctx {
            engine,
            workspace: workspace.to_string(),
            root,
            driver: driver.for_page(mount.lifetime().clone()),
            mount,
        })
    }
}

/// Builds the launcher, the panel and the guard of an Access Management page;
/// the tabs and the template control come from `features` when first needed.
pub fn mount(ctx: &Rc<Ctx>, features: Rc<dyn lazy::Features>) {
    dom::mark("mount");
    let views = lazy::views(ctx, &features);
    let panel = panel::Panel::new(ctx, views);
    dom::mark("panel");
    launcher::mount(ctx, panel);
    dom::mark("launcher");
    guard::install(ctx, features.clone());
    lazy::watch_invite_form(ctx, &features);
}
