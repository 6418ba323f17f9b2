//! Pure logic: no web-sys, no browser. Everything here is tested natively.
//!
//! - [`roles`]: the role-set types every layer shares.
//! - [`email`], [`label`]: single values people type, cleaned and validated.
//! - [`catalogue`], [`role_check`]: Segment's role names, aliases and scopes;
//!   validating and canonicalising a role set.
//! - [`input`]: pasted text or a file → rows; [`bulk_row`]: a role set as
//!   the cells of one such row (results that paste back into bulk invite).
//! - [`template`], [`template_io`], [`template_sync`]: saved role sets, their
//!   JSON file format, and the `chrome.storage.sync` layout.
//! - [`preview`]: what will happen to each row.
//! - [`pace`]: how fast the page answers, and how long to wait for it.
//! - [`plan`]: chunk sizes, reading the page's refusals, bisecting, retry delays.
//! - [`run`]: bulk work row by row: operations, the journal, the engine that
//!   drives it, the typed activity log, the stored form and the results.
//! - [`guard`]: last-owner decisions.
//! - [`offboard`]: who a pasted removal list takes access from, and why not.
//! - [`safety`]: the other safety prompts' rules: workspace domains, mistyped
//!   domains, new owners, demoting yourself.
//! - [`popup`]: where the current tab is and which runs are in progress (toolbar popup).
//! - [`retention`]: how long a finished run is kept in the browser.
//! - [`session`]: signs that Segment ended the person's session mid-run.
//! - [`completeness`]: whether a whole-table read saw everyone, and why not;
//!   [`appended`]: which rows of an appending list are new since the last turn.
//! - [`text`]: quoting user values in messages.
//! - [`json`]: JSON text to typed data, with the parser that suits the build;
//!   [`wire`]: internally tagged enums read without serde's buffering.

pub mod appended;
pub mod bulk_row;
pub mod catalogue;
pub mod cells;
pub mod completeness;
pub mod email;
pub mod guard;
pub mod input;
pub mod json;
pub mod label;
pub mod offboard;
pub mod pace;
pub mod page;
pub mod plan;
pub mod popup;
pub mod preview;
pub mod retention;
pub mod role_check;
pub mod roles;
pub mod roster;
pub mod run;
pub mod safety;
pub mod session;
pub mod template;
pub mod template_io;
pub mod template_sync;
pub mod text;
pub mod wire;
