//! The shadow root that holds all of our in-page UI.
//!
//! An open shadow root keeps the page's CSS out and ours in; styles go through
//! a constructable stylesheet because strict page CSPs block `<style>` elements
//! and `style` attributes, but not CSSOM.
//!
//! The loader (extension/content.js) may have made the host already, with
//! only the launcher and its rules (see `launcher`): the core adopts it and
//! gives it the full stylesheet. Where the core starts on another route (the
//! app navigated away while it loaded), or cannot start, the loader's host
//! goes ([`remove_unowned`]).

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::dom::document;
use super::styles::CSS;

/// The host element's id; the page driver skips it when searching the page.
pub const HOST_ID: &str = "access-kit-host";

/// Could not create our UI container.
#[derive(Debug, thiserror::Error)]
#[error("could not create the in-page UI: {0}")]
pub struct MountError(String);

fn js_err(e: JsValue) -> MountError {
    MountError(format!("{e:?}"))
}

/// Returns the shadow root, creating host and styles on first use, or
/// adopting the host the loader drew.
pub fn mount() -> Result<ShadowRoot, MountError> {
    let doc = document();
    let sheet = CssStyleSheet::new().map_err(js_err)?;
    sheet.replace_sync(CSS).map_err(js_err)?;
    let sheets = js_sys::Array::of1(&sheet);
    if let Some(root) = doc.get_element_by_id(HOST_ID).and_then(|h| h.shadow_root()) {
        root.set_adopted_style_sheets(&sheets);
        return Ok(root);
    }
    let host: Element = doc.create_element("div").map_err(js_err)?;
    host.set_id(HOST_ID);
    let root = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .map_err(js_err)?;
    root.set_adopted_style_sheets(&sheets);
    // On <html>, not <body>: React apps own their body subtree's portals.
    doc.document_element()
        .ok_or_else(|| MountError("no document element".into()))?
        .append_child(&host)
        .map_err(js_err)?;
    Ok(root)
}

/// Removes a host no mount owns: the loader's launcher, when the core finds
/// no Access Management page to mount on, or cannot start. (A mount's own
/// host goes at its end.)
pub fn remove_unowned() {
    if let Some(host) = document().get_element_by_id(HOST_ID) {
        host.remove();
    }
}
