//! Host access to app.segment.com: whether the extension has it, asking for
//! it, and hearing when it changes.
//!
//! Protocol:
//! - Chromium grants the manifest's host permissions at install; Firefox
//!   (MV3) makes them opt-in and revocable per site. Without access the
//!   content script never runs, so nothing appears on the page and nothing
//!   in the page can say why: the extension's own pages (options, toolbar
//!   popup) ask [`has_host_access`] and show how to grant it.
//! - [`request_host_access`] must be called straight from a click handler
//!   (browsers grant only during a user gesture), so it calls
//!   `permissions.request` before its first `await`.
//! - [`AccessWatch`] reports grants and revocations made elsewhere (the
//!   browser's extensions menu, about:addons) while a page is open, and
//!   stops listening when dropped.

use std::future::Future;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The match pattern of the one site the extension works on (the manifest's
/// `host_permissions` and content-script `matches`).
pub const HOST_PATTERN: &str = "https://app.segment.com/*";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "permissions"], js_name = contains, catch)]
    fn contains(permissions: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "permissions"], js_name = request, catch)]
    fn request(permissions: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "permissions", "onAdded"], js_name = addListener, catch)]
    fn on_added_add(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "permissions", "onAdded"], js_name = removeListener, catch)]
    fn on_added_remove(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "permissions", "onRemoved"], js_name = addListener, catch)]
    fn on_removed_add(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "permissions", "onRemoved"], js_name = removeListener, catch)]
    fn on_removed_remove(listener: &js_sys::Function) -> Result<(), JsValue>;
}

/// Asking the browser about permissions failed.
#[derive(Debug, thiserror::Error)]
pub enum PermissionError {
    #[error("the permissions API is not available here ({0})")]
    Unavailable(String),
    #[error("the browser did not answer whether access to {HOST_PATTERN} is granted: {0}")]
    Query(String),
    #[error("the browser refused to ask for access to {HOST_PATTERN}: {0}")]
    Request(String),
}

fn message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// `{ origins: ["https://app.segment.com/*"] }`.
fn host_permissions() -> JsValue {
    let origins = js_sys::Array::of1(&JsValue::from_str(HOST_PATTERN));
    let obj = js_sys::Object::new();
    // Reflect::set on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&obj, &"origins".into(), &origins);
    obj.into()
}

/// Whether the extension may run on app.segment.com right now.
pub async fn has_host_access() -> Result<bool, PermissionError> {
    let promise =
        contains(&host_permissions()).map_err(|e| PermissionError::Unavailable(message(&e)))?;
    let answer = JsFuture::from(promise)
        .await
        .map_err(|e| PermissionError::Query(message(&e)))?;
    Ok(answer.is_truthy())
}

/// Asks the person for access to app.segment.com; resolves to whether it was
/// granted. Call it synchronously from a click handler: the request itself is
/// made before this returns.
pub fn request_host_access() -> impl Future<Output = Result<bool, PermissionError>> {
    let asked = request(&host_permissions());
    async move {
        let promise = asked.map_err(|e| PermissionError::Request(message(&e)))?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|e| PermissionError::Request(message(&e)))?;
        Ok(answer.is_truthy())
    }
}

/// Calls its function whenever a permission is granted or revoked, until
/// dropped.
#[must_use = "the watch stops when dropped"]
pub struct AccessWatch {
    listener: Closure<dyn FnMut(JsValue)>,
}

impl std::fmt::Debug for AccessWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessWatch")
    }
}

impl AccessWatch {
    /// Starts listening; `changed` is called with no argument, the caller
    /// re-asks [`has_host_access`] (the events carry only what changed).
    pub fn new(mut changed: impl FnMut() + 'static) -> Result<AccessWatch, PermissionError> {
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| changed());
        let f: &js_sys::Function = listener.as_ref().unchecked_ref();
        on_added_add(f).map_err(|e| PermissionError::Unavailable(message(&e)))?;
        on_removed_add(f).map_err(|e| PermissionError::Unavailable(message(&e)))?;
        Ok(AccessWatch { listener })
    }
}

impl Drop for AccessWatch {
    fn drop(&mut self) {
        let f: &js_sys::Function = self.listener.as_ref().unchecked_ref();
        let _ = on_added_remove(f);
        let _ = on_removed_remove(f);
    }
}
