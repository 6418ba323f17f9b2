//! Entry points: the `#[wasm_bindgen]` functions the JavaScript loaders call.
//! The top layer: it mounts [`crate::ui`] and owns what lives as long as the
//! page. No feature logic lives here.
//!
//! Which build exports what (Cargo.toml features): `content`, the in-page
//! core ([`entry::start_content`], the loader of the feature module in
//! [`features`], [`stats`]); `tabs`, the feature module ([`tabs`]: the tabs'
//! views and the template control, [`bench`], [`stats`]); `pages`, the
//! extension's own pages. The linker drops what a build's exports do not reach.

#[cfg(feature = "tabs")]
pub mod bench;
pub mod entry;
pub mod features;
#[cfg(any(feature = "content", feature = "tabs"))]
pub mod stats;
#[cfg(feature = "tabs")]
pub mod tabs;
