//! Browser-extension glue below the UI: `chrome.storage` (areas, quotas,
//! change events), runtime messaging, host permissions, tabs, the stored settings, templates and run
//! journals. No UI and no entry points: [`crate::ui`] and [`crate::ext`] use
//! this layer, never the other way round.

pub mod journal_store;
pub mod permissions;
pub mod run_lock;
pub mod runtime;
pub mod settings;
pub mod storage;
pub mod tabs;
pub mod template_store;
