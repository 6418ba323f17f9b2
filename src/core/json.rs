//! JSON text to typed data, with the parser that suits the build.
//!
//! The in-page core (the wasm build with only the `content` entry points)
//! carries no JSON parser of its own: the browser's `JSON.parse` reads the
//! text and `serde-wasm-bindgen` (which storage needs anyway) turns the
//! result into our types. serde_json's parser, instantiated for every type
//! it read, was a fifth of that build (issue 16). Everything else — native
//! tests and tools, and the extension pages' build, whose profile editor and
//! template import report line and column and refuse unknown fields at any
//! depth — uses serde_json.
//!
//! The one difference: serde-wasm-bindgen reads a struct's known fields
//! only, so `deny_unknown_fields` holds below untagged or tagged enums but
//! not on plain structs. What the in-page core reads this way was written by
//! our own code or checked by the options page when it was saved.
//!
//! This is the one module of [`crate::core`] that may reach the browser, and
//! only for `JSON.parse`.

use serde::de::DeserializeOwned;

/// Reads `text` as a `T`; the error is the parser's or decoder's message.
#[cfg(all(target_arch = "wasm32", not(feature = "pages")))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "not valid JSON".into())
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Reads `text` as a `T`; the error is the parser's message (with line and column).
#[cfg(not(all(target_arch = "wasm32", not(feature = "pages"))))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(all(target_arch = "wasm32", not(feature = "pages")))]
use wasm_bindgen::JsCast;
