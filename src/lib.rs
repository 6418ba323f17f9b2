//! Segment Access Kit.
//!
//! Layers, each depending only on the ones above it:
//! - [`core`]: pure logic (parsing, validation, plans, journal, templates, guard
//!   decisions). No web-sys; tested natively with `cargo test`.
//! - [`driver`]: finds, waits for, operates and reads the page's own controls.
//! - [`ui`]: the in-page panel and overlays, inside a shadow root.
//! - [`ext`]: thin entry points and browser-extension glue (storage, messaging).

pub mod core;
pub mod driver;
pub mod ext;
pub mod ui;
