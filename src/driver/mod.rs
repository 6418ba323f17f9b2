//! The page driver: finds, waits for, operates and reads the controls of
//! Segment's Access Management page through the page's own React UI, the
//! way a person would. No API calls.
//!
//! Pure (native-tested):
//! - [`text`]: normalisation ("+ Invite", "environment:dev ×") and match modes;
//! - [`role`]: ARIA roles, explicit or implied by the tag;
//! - [`locator`]: the serde model of one way to find an element;
//! - [`profile`]: the locator profile (`extension/profile.json`), its
//!   validation and the user override;
//! - [`tree`] + [`engine`]: role, accessible name and matching over any
//!   document ([`model::MiniDom`] in tests, [`dom::LiveDom`] in the browser);
//! - [`rows`]: reading a users-table row from its texts;
//! - [`reach`]: whether an activated element could be a control's, from
//!   the element and its ancestors alone (the guard's per-event test).
//!
//! Browser (web-sys): [`dom`], [`wait`] (MutationObserver waits), [`act`]
//! (React-proof typing, person-like clicks, keys), and the [`Driver`] with
//! its flows in [`page`], [`read`], [`invite`] (and one submission's
//! [`attempt`]), [`offboard`] (removing a member, revoking an invite),
//! [`grants`] (what one person is granted, read from their editor),
//! [`roster`] (everyone's exact grants: the table, then editors where its
//! summary is not exact),
//! [`surface`] and [`check`].
//!
//! Who may act, and for how long: [`lifetime`] (a driver acts only while
//! its page is showing) and [`lease`] (one operator at a time; the actions
//! it vetted pass the last-owner guard).
//!
//! Typical use from the panel:
//! ```text
//! let driver = Driver::with_override(&stored_override_json)?.for_page(lifetime);
//! let lease = lease::acquire("Check this page", 5_000, driver.lifetime()).await?;
//! let report = driver.check_page().await;            // "Check this page"
//! let table = driver.read_users().await?;            // every member, any pager
//! if !table.is_complete() { /* say so: table.completeness */ }
//! let attempt = driver.attempt_invite(&emails, &role_set, Some(&lease)).await; // one typed answer
//! ```

mod builtin_profile;
pub mod control;
pub mod engine;
#[cfg(test)]
mod engine_tests;
pub mod locator;
pub mod model;
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "pages"))))]
mod override_tree;
pub mod profile;
pub mod reach;
pub mod role;
pub mod rows;
pub mod text;
pub mod tree;

pub mod act;
pub mod attempt;
pub mod cells;
pub mod change;
pub mod check;
pub mod dom;
pub mod error;
pub mod grants;
pub mod invite;
pub mod lease;
pub mod lifetime;
pub mod offboard;
pub mod page;
pub mod read;
pub mod roster;
pub mod surface;
pub mod wait;

pub use check::{CheckReport, CheckStatus, ControlCheck};
pub use control::ControlId;
pub use error::{Condition, DriverError};
pub use invite::{ApplyReport, InviteOutcome, Missing, RoleForm};
pub use lease::{LeaseError, PageLease, Vetted};
pub use lifetime::{Ending, Lifetime};
pub use page::{Driver, Timeouts};
pub use profile::{Params, Profile, ProfileError};
pub use read::{Lookup, PagerReport, UsersTable};
pub use rows::{Permission, UserRow};
pub use surface::Surface;
