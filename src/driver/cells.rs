//! `core::cells` lists as JS arrays, the form they cross between the page's
//! two wasm instances in.

use wasm_bindgen::{JsCast, JsValue};

use crate::core::cells::Cell;

/// A JS array of numbers and strings.
pub fn to_js(cells: Vec<Cell>) -> js_sys::Array {
    cells
        .into_iter()
        .map(|c| match c {
            Cell::Num(n) => JsValue::from_f64(n),
            Cell::Str(s) => JsValue::from_str(&s),
        })
        .collect()
}

/// The cells of a JS array; `None` when `v` is not an array of numbers and
/// strings.
pub fn from_js(v: &JsValue) -> Option<Vec<Cell>> {
    let array = v.dyn_ref::<js_sys::Array>()?;
    let mut cells = Vec::with_capacity(array.length() as usize);
    for v in array.iter() {
        cells.push(match v.as_f64() {
            Some(n) => Cell::Num(n),
            None => Cell::Str(v.as_string()?),
        });
    }
    Some(cells)
}
