//! Reading the text file a person picked (bulk invite's list, the removal
//! list): size-checked, UTF-8, with one sentence naming the file and the
//! problem when it cannot be used.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::core::input::{parse_bytes, MAX_INPUT_BYTES};

/// A picked file's name and text.
pub struct Picked {
    pub name: String,
    pub text: String,
}

/// The file picked in `input`, if any, read as text. The input is cleared
/// so that picking the same file again (after editing it) reads it again.
pub async fn read_picked(input: &HtmlInputElement) -> Result<Option<Picked>, String> {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return Ok(None);
    };
    let name = file.name();
    if file.size() > MAX_INPUT_BYTES as f64 {
        return Err(format!(
            "{name} is {:.1} MB; at most {} MB is accepted.",
            file.size() / 1_048_576.0,
            MAX_INPUT_BYTES / 1_048_576
        ));
    }
    input.set_value("");
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
        Err(e) => {
            let why = e.dyn_ref::<js_sys::Error>().map_or_else(
                || "the browser refused".to_string(),
                |e| String::from(e.message()),
            );
            return Err(format!("{name} could not be read: {why}"));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(Picked { name, text })),
        Err(e) => {
            let why = parse_bytes(e.as_bytes())
                .err()
                .map_or_else(|| "it is not UTF-8 text".to_string(), |e| e.to_string());
            Err(format!("{name} could not be used: {why}"))
        }
    }
}

/// What the tab says once the file's text is in its box.
pub fn loaded(p: &Picked) -> String {
    format!(
        "Loaded {} ({} bytes) into the box above. Press Preview.",
        p.name,
        p.text.len()
    )
}
