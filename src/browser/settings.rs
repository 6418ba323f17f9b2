//! User settings kept in `chrome.storage.local`, set on the options page.

use super::storage::{self, Area, StorageError};
use crate::driver::{Driver, DriverError, ProfileError};

/// The user's locator-profile override (JSON text), if any.
pub const PROFILE_OVERRIDE: &str = "settings:profile-override";
/// Whether the last-owner guard is on (absent = on).
pub const GUARD_ENABLED: &str = "settings:guard-enabled";

/// Why the page driver fell back to the built-in profile.
#[derive(Debug, thiserror::Error)]
pub enum DriverSetupError {
    #[error("could not read the locator-profile override: {0}")]
    Storage(#[from] StorageError),
    #[error("the locator-profile override is invalid, so the built-in profile is used: {0}")]
    Override(#[from] ProfileError),
    #[error("the built-in locator profile is invalid: {0}")]
    Builtin(#[from] DriverError),
}

/// The page driver with the user's override, or the built-in profile and the
/// reason the override could not be used.
pub async fn load_driver() -> Result<(Driver, Option<DriverSetupError>), DriverSetupError> {
    let fallback = |e: DriverSetupError| Ok((Driver::builtin()?, Some(e)));
    match storage::get::<String>(Area::Local, PROFILE_OVERRIDE).await {
        Ok(Some(json)) if !json.trim().is_empty() => match Driver::with_override(&json) {
            Ok(d) => Ok((d, None)),
            Err(e) => fallback(e.into()),
        },
        Ok(_) => Ok((Driver::builtin()?, None)),
        Err(e) => fallback(e.into()),
    }
}

/// Whether the last-owner guard is on (it is unless the user turned it off).
pub async fn guard_enabled() -> bool {
    !matches!(
        storage::get::<bool>(Area::Local, GUARD_ENABLED).await,
        Ok(Some(false))
    )
}
