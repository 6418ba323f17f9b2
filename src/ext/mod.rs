//! Entry points and browser-extension glue. No feature logic lives here.

pub mod entry;
pub mod runtime;
pub mod storage;
