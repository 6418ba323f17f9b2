//! The in-page UI: a launcher, a panel with one tab per feature, and overlays,
//! all inside one shadow root; everything of one Access Management page
//! belongs to its [`mount::Mount`] and ends with it. Also the extension's own
//! pages (options, toolbar popup) with their host-access notice.

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
pub mod mount;
pub mod offboard;
pub mod options;
pub mod panel;
pub mod popup;
pub mod roster;
pub mod run;
pub mod shadow;
pub mod styles;
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
}

/// Builds the launcher, the panel and the guard of an Access Management page.
pub fn mount(ctx: &Rc<Ctx>) {
    dom::mark("mount");
    let views: Vec<Rc<dyn panel::View>> = vec![
        bulk::view(ctx),
        offboard::view(ctx),
        offboard::invites::view(ctx),
        roster::view(ctx),
        templates::view(ctx),
        check::view(ctx),
    ];
    let panel = panel::Panel::new(ctx, views);
    dom::mark("panel");
    launcher::mount(ctx, panel);
    dom::mark("launcher");
    guard::install(ctx);
}
