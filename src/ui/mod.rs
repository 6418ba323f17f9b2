//! The in-page UI: a launcher, a panel with one tab per feature, and overlays,
//! all inside one shadow root; and the extension's own pages (options,
//! toolbar popup) with their host-access notice.

pub mod access;
pub mod bulk;
pub mod check;
pub mod confirm;
pub mod dom;
pub mod guard;
pub mod launcher;
pub mod options;
pub mod panel;
pub mod popup;
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
    /// The page driver, with the user's locator-profile override applied.
    pub driver: crate::driver::Driver,
}

/// Mounts the launcher and panel for an Access Management page.
pub fn mount(ctx: &std::rc::Rc<Ctx>) {
    let views: Vec<std::rc::Rc<dyn panel::View>> =
        vec![bulk::view(ctx), templates::view(ctx), check::view(ctx)];
    let panel = panel::Panel::new(ctx, views);
    launcher::mount(ctx, panel);
    guard::install(ctx);
}
