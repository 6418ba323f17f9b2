//! Entry points and browser-extension glue. No feature logic lives here.

pub mod bench;
pub mod entry;
pub mod journal_store;
pub mod runtime;
pub mod settings;
pub mod storage;
pub mod template_store;
