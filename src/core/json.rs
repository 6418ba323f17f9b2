//! JSON text to typed data and back, with the parser that suits the build.
//!
//! Both wasm builds (the in-page core and the extension pages' core) carry
//! no JSON parser or printer of their own for typed data: the browser's
//! `JSON.parse` reads the text and `serde-wasm-bindgen` (which storage needs
//! anyway) turns the result into our types, and the other way round with
//! `JSON.stringify`. serde_json's parser, instantiated for every type it
//! read, was a fifth of the in-page build and most of its share of the
//! pages build (issue 16). Native tests and tools use serde_json. Text a
//! person typed and is told about (a templates file, the profile editor's
//! override) is read by [`parse_value`] as a `serde_json::Value`, which
//! those callers check part by part, naming the path of what is wrong; a
//! syntax error names its line and column through [`syntax`]'s recogniser,
//! alike in every browser.
//!
//! The one difference: serde-wasm-bindgen reads a struct's known fields
//! only, so `deny_unknown_fields` holds where a struct is read as a map (a
//! locator inside `within`, `has` and the like) but not on plain struct
//! fields. What the wasm builds read this way was written by our own code,
//! checked by the options page when it was saved, or (a roster file) read
//! field by field into our types.
//!
//! This is the one module of [`crate::core`] that may reach the browser, and
//! only for `JSON.parse` and `JSON.stringify`.

pub mod syntax;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use syntax::SyntaxError;

/// Reads `text` as a `T`; the error is the parser's or decoder's message.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_wasm_bindgen::from_value(parse(text)?).map_err(message)
}

/// Reads `text` as a `T`; the error is the parser's message (with line and column).
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Reads `text` as a JSON value, for the template import and the profile
/// editor: a syntax error names its line and column and what was expected
/// ([`syntax::first_error`]), worded alike in every build and browser.
/// Nesting is bounded by [`syntax::MAX_DEPTH`].
#[cfg(target_arch = "wasm32")]
pub fn parse_value(text: &str) -> Result<serde_json::Value, SyntaxError> {
    // Not met in practice: the recogniser refuses all the browser refuses.
    const REFUSED: SyntaxError = SyntaxError {
        line: 1,
        column: 1,
        what: "not valid JSON",
    };
    let Ok(value) = parse(text) else {
        return Err(syntax::first_error(text).unwrap_or(REFUSED));
    };
    // Nesting past the bound would take the decoder's recursion deep.
    if let Some(e) = syntax::first_error(text) {
        return Err(e);
    }
    serde_wasm_bindgen::from_value(value).map_err(|_| REFUSED)
}

/// Reads `text` as a JSON value (see the wasm build's `parse_value`).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_value(text: &str) -> Result<serde_json::Value, SyntaxError> {
    serde_json::from_str(text).map_err(|e| {
        syntax::first_error(text).unwrap_or(SyntaxError {
            line: e.line(),
            column: e.column(),
            what: "not valid JSON",
        })
    })
}

/// Reads `text` as a list — or an object whose `field` is a list — and
/// each item as a `T` on its own: an item that is not a `T` is that item's
/// error, and the others are still read. The error is the parser's
/// message, or [`not_a_list`]'s.
#[cfg(target_arch = "wasm32")]
pub fn items_from_str<T: DeserializeOwned>(
    text: &str,
    field: &str,
) -> Result<Vec<Result<T, String>>, String> {
    let value = parse(text)?;
    let list = if js_sys::Array::is_array(&value) {
        value
    } else {
        let inner = value
            .is_object()
            .then(|| js_sys::Reflect::get(&value, &wasm_bindgen::JsValue::from_str(field)).ok())
            .flatten();
        match inner {
            Some(list) if js_sys::Array::is_array(&list) => list,
            _ => return Err(not_a_list(field)),
        }
    };
    Ok(list
        .unchecked_into::<js_sys::Array>()
        .iter()
        .map(|item| serde_wasm_bindgen::from_value(item).map_err(message))
        .collect())
}

/// Reads `text` as a list — or an object whose `field` is a list — and
/// each item as a `T` on its own: an item that is not a `T` is that item's
/// error, and the others are still read. The error is the parser's
/// message, or [`not_a_list`]'s.
#[cfg(not(target_arch = "wasm32"))]
pub fn items_from_str<T: DeserializeOwned>(
    text: &str,
    field: &str,
) -> Result<Vec<Result<T, String>>, String> {
    use serde_json::Value;
    let items = match serde_json::from_str(text).map_err(|e| e.to_string())? {
        Value::Array(items) => items,
        Value::Object(mut object) => match object.remove(field) {
            Some(Value::Array(items)) => items,
            _ => return Err(not_a_list(field)),
        },
        _ => return Err(not_a_list(field)),
    };
    Ok(items
        .into_iter()
        .map(|item| serde_json::from_value(item).map_err(|e| e.to_string()))
        .collect())
}

/// A JSON value as plain data, for a reader written by hand where serde's
/// derived one would cost too much: the in-page core reads the profile
/// override this way (serde's readers for it, made for serde-wasm-bindgen,
/// were a tenth of that build; issue 16). An object keeps its fields in
/// order, each name once.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    Text(String),
    /// A list.
    List(Vec<Tree>),
    /// An object: its fields in order.
    Object(Vec<(String, Tree)>),
}

/// Reads `text` as a [`Tree`]; the error is the parser's message.
#[cfg(all(target_arch = "wasm32", not(feature = "pages")))]
pub fn tree_from_str(text: &str) -> Result<Tree, String> {
    fn walk(v: wasm_bindgen::JsValue) -> Tree {
        if let Some(s) = v.as_string() {
            Tree::Text(s)
        } else if let Some(b) = v.as_bool() {
            Tree::Bool(b)
        } else if let Some(n) = v.as_f64() {
            Tree::Number(n)
        } else if js_sys::Array::is_array(&v) {
            Tree::List(
                v.unchecked_into::<js_sys::Array>()
                    .iter()
                    .map(walk)
                    .collect(),
            )
        } else if v.is_object() {
            let entries = js_sys::Object::entries(v.unchecked_ref());
            Tree::Object(
                entries
                    .iter()
                    .map(|pair| {
                        let pair: js_sys::Array = pair.unchecked_into();
                        (
                            pair.get(0).as_string().unwrap_or_default(),
                            walk(pair.get(1)),
                        )
                    })
                    .collect(),
            )
        } else {
            Tree::Null
        }
    }
    parse(text).map(walk)
}

/// Reads `text` as a [`Tree`]; the error is the parser's message.
#[cfg(not(all(target_arch = "wasm32", not(feature = "pages"))))]
pub fn tree_from_str(text: &str) -> Result<Tree, String> {
    fn walk(v: serde_json::Value) -> Tree {
        use serde_json::Value;
        match v {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(b),
            Value::Number(n) => Tree::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Tree::Text(s),
            Value::Array(items) => Tree::List(items.into_iter().map(walk).collect()),
            Value::Object(fields) => {
                Tree::Object(fields.into_iter().map(|(k, v)| (k, walk(v))).collect())
            }
        }
    }
    serde_json::from_str(text)
        .map(walk)
        .map_err(|e| e.to_string())
}

/// Why [`items_from_str`] found no list.
fn not_a_list(field: &str) -> String {
    format!("neither a list nor an object with a \"{field}\" list")
}

/// `value` as JSON text indented by two spaces.
#[cfg(target_arch = "wasm32")]
pub fn to_string_pretty<T: Serialize>(value: &T) -> Result<String, String> {
    // Options as null and maps as objects: the same text serde_json writes.
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &value,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from(2),
    )
    .map(String::from)
    .map_err(|_| "not expressible as JSON".to_string())
}

/// `value` as JSON text indented by two spaces.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string_pretty<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

/// The browser's `JSON.parse`; the error is its message.
#[cfg(target_arch = "wasm32")]
fn parse(text: &str) -> Result<wasm_bindgen::JsValue, String> {
    js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "not valid JSON".into())
    })
}

/// A decoder's message as serde_json words it: serde-wasm-bindgen's error
/// is a JavaScript `Error`, whose text would start with "Error: ".
#[cfg(target_arch = "wasm32")]
fn message(e: serde_wasm_bindgen::Error) -> String {
    let e = wasm_bindgen::JsValue::from(e);
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => e.message().into(),
        None => format!("{e:?}"),
    }
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;
