//! `#[wasm_bindgen]` entry points called by the JavaScript loaders.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::prelude::*;

use crate::browser::settings;
use crate::core::page::PageKind;
use crate::ui::{self, Ctx, Engine};

/// Why the extension could not start on this page.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("unknown engine {0:?} from the loader")]
    Engine(String),
    #[error(transparent)]
    Mount(#[from] ui::shadow::MountError),
}

fn current_page() -> PageKind {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    PageKind::from_path(&path)
}

/// Content-script entry: shows the launcher on Access Management pages.
///
/// Segment's app is a single-page app, so the page can change without a
/// reload; a cheap path check every second mounts or hides the UI.
#[wasm_bindgen]
pub fn start_content(engine: &str) -> Result<(), JsError> {
    console_error_panic_hook::set_once();
    let engine = Engine::parse(engine).ok_or_else(|| StartError::Engine(engine.to_string()))?;
    wasm_bindgen_futures::spawn_local(async move {
        let driver = match settings::load_driver().await {
            Ok((driver, problem)) => {
                if let Some(p) = problem {
                    gloo::console::warn!(format!("Access Kit: {p}"));
                }
                driver
            }
            Err(e) => {
                gloo::console::error!(format!("Access Kit cannot start: {e}"));
                return;
            }
        };
        let mounted = RefCell::new(None::<String>);
        let check = move || -> Result<(), StartError> {
            let host = gloo::utils::document().get_element_by_id(ui::shadow::HOST_ID);
            match current_page() {
                PageKind::AccessManagement { workspace } => {
                    if mounted.borrow().as_deref() == Some(workspace.as_str()) {
                        if let Some(h) = host {
                            let _ = h.remove_attribute("hidden");
                        }
                        return Ok(());
                    }
                    if let Some(h) = host {
                        h.remove(); // another workspace: start afresh
                    }
                    let ctx = Rc::new(Ctx {
                        engine,
                        workspace: workspace.clone(),
                        root: ui::shadow::mount()?,
                        driver: driver.clone(),
                    });
                    ui::mount(&ctx);
                    *mounted.borrow_mut() = Some(workspace);
                }
                PageKind::Other => {
                    if let Some(h) = host {
                        let _ = h.set_attribute("hidden", "");
                    }
                }
            }
            Ok(())
        };
        if let Err(e) = check() {
            gloo::console::error!(format!("Access Kit: {e}"));
        }
        Interval::new(1000, move || {
            if let Err(e) = check() {
                gloo::console::error!(format!("Access Kit: {e}"));
            }
        })
        .forget();
    });
    Ok(())
}

/// Options-page entry (an extension page, where wasm always runs).
#[wasm_bindgen]
pub fn start_options() -> Result<(), JsError> {
    console_error_panic_hook::set_once();
    let doc = gloo::utils::document();
    let app = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsError::new("options page has no #app"))?;
    ui::options::mount(&app);
    Ok(())
}

/// Toolbar-popup entry (an extension page).
#[wasm_bindgen]
pub fn start_popup() -> Result<(), JsError> {
    console_error_panic_hook::set_once();
    let app = gloo::utils::document()
        .get_element_by_id("app")
        .ok_or_else(|| JsError::new("popup page has no #app"))?;
    ui::popup::mount(&app);
    Ok(())
}
