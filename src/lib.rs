//! Segment Access Kit.
//!
//! Layers, each depending only on the ones above it:
//! - [`core`]: pure logic (parsing, validation, plans, journal, templates, guard
//!   decisions). No web-sys; tested natively with `cargo test`.
//! - [`driver`]: finds, waits for, operates and reads the page's own controls.
//! - [`browser`]: browser-extension glue (storage, settings, stored templates
//!   and journals, runtime messaging).
//! - [`ui`]: the in-page panel and overlays, inside a shadow root.
//! - [`ext`]: the entry points the JavaScript loaders call; they mount the UI.

pub mod browser;
pub mod core;
pub mod driver;
pub mod ext;
pub mod ui;
