//! Entry points: the `#[wasm_bindgen]` functions the JavaScript loaders call.
//! The top layer: it mounts [`crate::ui`] and owns what lives as long as the
//! page. No feature logic lives here.

#[cfg(feature = "content")]
pub mod bench;
pub mod entry;
