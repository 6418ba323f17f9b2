//! The browser's tabs, as the toolbar popup needs them: which tab is in
//! front (its address is visible only where the extension has host access,
//! so `url` may be absent) and opening a page in a new tab.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = query, catch)]
    fn query(info: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = get, catch)]
    fn get(id: f64) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = create, catch)]
    fn create(props: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// A tab as the extension may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    /// `None` where the browser withholds the address.
    pub url: Option<String>,
}

/// Asking the browser about tabs failed.
#[derive(Debug, thiserror::Error)]
#[error("the browser did not say which tab is open: {0}")]
pub struct TabsError(String);

fn error(e: JsValue) -> TabsError {
    TabsError(
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

fn tab_of(v: &JsValue) -> Option<Tab> {
    if !v.is_object() {
        return None;
    }
    let url = js_sys::Reflect::get(v, &"url".into())
        .ok()
        .and_then(|u| u.as_string())
        .filter(|u| !u.is_empty());
    Some(Tab { url })
}

/// The tab with `id`, or else the active tab of the window in front.
pub async fn current(id: Option<u32>) -> Result<Option<Tab>, TabsError> {
    if let Some(id) = id {
        let found = JsFuture::from(get(f64::from(id)).map_err(error)?)
            .await
            .map_err(error)?;
        return Ok(tab_of(&found));
    }
    let info = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&info, &"active".into(), &JsValue::TRUE);
    let _ = js_sys::Reflect::set(&info, &"lastFocusedWindow".into(), &JsValue::TRUE);
    let found = JsFuture::from(query(&info).map_err(error)?)
        .await
        .map_err(error)?;
    Ok(js_sys::Array::from(&found).iter().find_map(|t| tab_of(&t)))
}

/// Opens `url` in a new tab in front.
pub async fn open(url: &str) -> Result<(), TabsError> {
    let props = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&props, &"url".into(), &JsValue::from_str(url));
    JsFuture::from(create(&props).map_err(error)?)
        .await
        .map_err(error)
        .map(drop)
}
