//! `chrome.storage` from Rust, in content scripts and extension pages alike.
//!
//! Firefox exposes the promise-returning `chrome.*` namespace in MV3 too, so one
//! binding serves both browsers.

use futures_util::future::{select, Either};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::runtime;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = get, catch)]
    fn local_get(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = set, catch)]
    fn local_set(items: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = remove, catch)]
    fn local_remove(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "sync"], js_name = get, catch)]
    fn sync_get(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "sync"], js_name = set, catch)]
    fn sync_set(items: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "sync"], js_name = remove, catch)]
    fn sync_remove(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "onChanged"], js_name = addListener, catch)]
    fn on_changed_add(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "onChanged"], js_name = removeListener, catch)]
    fn on_changed_remove(listener: &js_sys::Function) -> Result<(), JsValue>;
}

/// Which `chrome.storage` area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Per-device, ~10 MB: run journals, settings, template fallback.
    Local,
    /// Follows the user across browsers, 100 KB / 8 KB an item: templates.
    Sync,
}

impl Area {
    fn name(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Sync => "sync",
        }
    }
}

/// What went wrong talking to `chrome.storage`.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("browser storage is not available here ({0})")]
    Unavailable(String),
    #[error("browser storage refused the {op} in {area}: {message}")]
    Refused {
        op: &'static str,
        area: &'static str,
        message: String,
    },
    /// The extension was updated or reloaded while the call was in flight.
    #[error("the extension was updated or reloaded")]
    ExtensionGone,
    #[error("stored value under {key:?} could not be read: {message}")]
    Decode { key: String, message: String },
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

async fn run(
    op: &'static str,
    area: Area,
    call: Result<js_sys::Promise, JsValue>,
) -> Result<JsValue, StorageError> {
    let promise = call.map_err(|e| StorageError::Unavailable(js_message(&e)))?;
    match select(JsFuture::from(promise), Box::pin(runtime::gone())).await {
        Either::Left((answer, _)) => answer.map_err(|e| StorageError::Refused {
            op,
            area: area.name(),
            message: js_message(&e),
        }),
        Either::Right(_) => Err(StorageError::ExtensionGone),
    }
}

/// Reads every item in `area` (`null` keys = all).
pub async fn get_all(area: Area) -> Result<js_sys::Object, StorageError> {
    let call = match area {
        Area::Local => local_get(&JsValue::NULL),
        Area::Sync => sync_get(&JsValue::NULL),
    };
    Ok(run("read", area, call).await?.unchecked_into())
}

/// Reads one item as it is stored; `None` when absent.
pub async fn get_value(area: Area, key: &str) -> Result<Option<JsValue>, StorageError> {
    let keys = JsValue::from_str(key);
    let call = match area {
        Area::Local => local_get(&keys),
        Area::Sync => sync_get(&keys),
    };
    let items = run("read", area, call).await?;
    let value = js_sys::Reflect::get(&items, &keys).unwrap_or(JsValue::UNDEFINED);
    Ok((!value.is_undefined()).then_some(value))
}

/// Decodes a stored value read from `key`.
pub fn decode<T: DeserializeOwned>(key: &str, value: JsValue) -> Result<T, StorageError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| StorageError::Decode {
        key: key.to_string(),
        message: e.to_string(),
    })
}

/// Reads and decodes one item; `None` when absent.
pub async fn get<T: DeserializeOwned>(area: Area, key: &str) -> Result<Option<T>, StorageError> {
    get_value(area, key)
        .await?
        .map(|v| decode(key, v))
        .transpose()
}

/// A value stored as itself — a string, a switch, a list of strings — and
/// read without serde: the settings the in-page core reads on every page
/// ([`super::settings`]). serde-wasm-bindgen's readers, and the float
/// printing its messages pull in, were a few KB of that core (issue 16).
/// A value of another shape is refused in serde's words.
pub trait Plain: Sized {
    /// What a value must be, as serde says it.
    const EXPECTED: &'static str;
    /// The value, if `v` is one.
    fn from_js(v: &JsValue) -> Option<Self>;
    /// The value as storage keeps it.
    fn to_js(&self) -> JsValue;
}

impl Plain for String {
    const EXPECTED: &'static str = "a string";
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_string()
    }
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl Plain for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_bool()
    }
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl Plain for Vec<String> {
    const EXPECTED: &'static str = "a sequence of strings";
    fn from_js(v: &JsValue) -> Option<Self> {
        if !js_sys::Array::is_array(v) {
            return None;
        }
        v.unchecked_ref::<js_sys::Array>()
            .iter()
            .map(|item| item.as_string())
            .collect()
    }
    fn to_js(&self) -> JsValue {
        self.iter()
            .map(|s| JsValue::from_str(s))
            .collect::<js_sys::Array>()
            .into()
    }
}

/// Reads one [`Plain`] item; `None` when absent.
pub async fn get_plain<T: Plain>(area: Area, key: &str) -> Result<Option<T>, StorageError> {
    let Some(value) = get_value(area, key).await? else {
        return Ok(None);
    };
    match T::from_js(&value) {
        Some(v) => Ok(Some(v)),
        None => Err(StorageError::Decode {
            key: key.to_string(),
            message: format!("invalid type: {}, expected {}", shape(&value), T::EXPECTED),
        }),
    }
}

/// Writes one [`Plain`] item.
pub async fn set_plain<T: Plain>(area: Area, key: &str, value: &T) -> Result<(), StorageError> {
    set_many(area, &[(key.to_string(), value.to_js())]).await
}

/// What a stored value is, in serde's words (a number without its digits:
/// printing a float would ship the float formatter).
fn shape(v: &JsValue) -> String {
    if v.is_null() {
        "unit value".into()
    } else if let Some(b) = v.as_bool() {
        format!("boolean `{b}`")
    } else if let Some(s) = v.as_string() {
        format!("string {s:?}")
    } else if v.as_f64().is_some() {
        "floating point".into()
    } else if js_sys::Array::is_array(v) {
        "sequence".into()
    } else {
        "map".into()
    }
}

/// Writes several items in one call (one write operation against sync quotas).
pub async fn set_many(area: Area, items: &[(String, JsValue)]) -> Result<(), StorageError> {
    let obj = js_sys::Object::new();
    for (k, v) in items {
        // Reflect::set on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    let call = match area {
        Area::Local => local_set(&obj),
        Area::Sync => sync_set(&obj),
    };
    run("write", area, call).await.map(drop)
}

/// Encodes and writes one item as plain JSON-compatible data.
pub async fn set<T: Serialize>(area: Area, key: &str, value: &T) -> Result<(), StorageError> {
    let value = to_js(value);
    set_many(area, &[(key.to_string(), value)]).await
}

/// Removes items.
pub async fn remove(area: Area, keys: &[String]) -> Result<(), StorageError> {
    let arr: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    let call = match area {
        Area::Local => local_remove(&arr),
        Area::Sync => sync_remove(&arr),
    };
    run("remove", area, call).await.map(drop)
}

/// Serialises to plain objects/arrays (maps as objects), as storage expects.
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    // Our types are plain data; serialisation to JS cannot fail for them.
    try_to_js(value).unwrap_or(JsValue::NULL)
}

/// [`to_js`], saying why a value could not be serialised (a number past
/// 2^53, which JSON-compatible data cannot hold exactly).
pub fn try_to_js<T: Serialize>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// A `chrome.storage.onChanged` listener; removed when dropped.
#[must_use = "the listener is removed as soon as it is dropped"]
pub struct StorageListener {
    callback: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Drop for StorageListener {
    fn drop(&mut self) {
        // An extension context torn down already has no listener to remove.
        on_changed_remove(self.callback.as_ref().unchecked_ref()).ok();
    }
}

/// Calls `f(area_name, changed_keys)` whenever any storage area changes, in
/// this tab or any other (how templates edited in the options page reach
/// already open pages), until the returned listener is dropped.
pub fn on_changed(
    mut f: impl FnMut(&str, Vec<String>) + 'static,
) -> Result<StorageListener, StorageError> {
    let callback =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |changes: JsValue, area: JsValue| {
            let keys = js_sys::Object::keys(changes.unchecked_ref::<js_sys::Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            f(&area.as_string().unwrap_or_default(), keys);
        });
    on_changed_add(callback.as_ref().unchecked_ref())
        .map_err(|e| StorageError::Unavailable(js_message(&e)))?;
    Ok(StorageListener { callback })
}
