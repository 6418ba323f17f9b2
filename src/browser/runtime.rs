//! Messages to the background script (content scripts cannot open the
//! options page themselves).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn send_message(msg: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = openOptionsPage, catch)]
    fn open_options_page_direct() -> Result<js_sys::Promise, JsValue>;
    /// The extension API as the glue module's scope sees it. Not
    /// `globalThis.chrome`: in a Firefox content script the imported
    /// module's `globalThis` is the page's window, which has no `chrome`.
    #[wasm_bindgen(thread_local_v2, js_name = chrome)]
    static CHROME: JsValue;
}

/// Whether this copy of the extension is still the installed one: after an
/// update or reload, `chrome.runtime.id` of the old content script becomes
/// undefined and every storage call throws "Extension context invalidated".
pub fn is_alive() -> bool {
    CHROME.with(|chrome| {
        js_sys::Reflect::get(chrome, &"runtime".into())
            .and_then(|r| js_sys::Reflect::get(&r, &"id".into()))
            .is_ok_and(|id| id.is_string())
    })
}

/// Resolves once this copy of the extension is no longer the installed one
/// (see [`is_alive`]). Polled, because the old copy is told nothing, and a
/// call to the extension in flight when it goes may never settle: whatever
/// awaits the extension races this.
pub async fn gone() {
    while is_alive() {
        gloo_timers::future::TimeoutFuture::new(250).await;
    }
}

/// Opens the options page: directly on extension pages, through the
/// background script from a content script.
pub fn open_options_page() {
    if open_options_page_direct().is_ok() {
        return;
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"open-options".into());
    if let Ok(p) = send_message(&msg) {
        // No listener (e.g. the worker is restarting) only means nothing opens.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}
