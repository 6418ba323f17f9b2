//! The bulk-invite run journal in `chrome.storage.local`, one item per
//! workspace, written before and after every submission so that a reload,
//! crash or closed tab loses nothing (see [`crate::core::journal`]).
//!
//! The item is `{ journal: "<Journal JSON>", activity: ["…", …] }`: the
//! journal as its own versioned JSON (checked for consistency on read), and
//! the run's activity lines so the report survives a reload too.

use serde::{Deserialize, Serialize};

use super::storage::{self, Area, StorageError};
use crate::core::journal::{Journal, JournalError};

/// Storage key prefix; the workspace slug follows.
pub const KEY_PREFIX: &str = "bulk-run:";
/// Activity lines kept with the journal (the oldest are dropped first).
pub const MAX_ACTIVITY_LINES: usize = 1_000;

/// The storage key of `workspace`'s run.
pub fn key(workspace: &str) -> String {
    format!("{KEY_PREFIX}{workspace}")
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRun {
    pub journal: Journal,
    /// What happened, one line per event, oldest first.
    pub activity: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct Item {
    journal: String,
    #[serde(default)]
    activity: Vec<String>,
}

/// Reading or writing the stored run failed.
#[derive(Debug, thiserror::Error)]
pub enum JournalStoreError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// The stored run of `workspace`, if any.
pub async fn load(workspace: &str) -> Result<Option<StoredRun>, JournalStoreError> {
    let Some(item) = storage::get::<Item>(Area::Local, &key(workspace)).await? else {
        return Ok(None);
    };
    let journal = Journal::from_json(&item.journal)?;
    Ok(Some(StoredRun {
        journal,
        activity: item.activity,
    }))
}

/// Writes the run of `workspace` (journal and the latest activity lines).
pub async fn save(
    workspace: &str,
    journal: &Journal,
    activity: &[String],
) -> Result<(), JournalStoreError> {
    let start = activity.len().saturating_sub(MAX_ACTIVITY_LINES);
    let item = Item {
        journal: journal.to_json(),
        activity: activity[start..].to_vec(),
    };
    storage::set(Area::Local, &key(workspace), &item).await?;
    Ok(())
}

/// Forgets the stored run of `workspace`.
pub async fn clear(workspace: &str) -> Result<(), JournalStoreError> {
    storage::remove(Area::Local, &[key(workspace)]).await?;
    Ok(())
}
