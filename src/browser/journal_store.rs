//! The bulk-invite run journal in `chrome.storage.local`, one item per
//! workspace, written before and after every submission so that a reload,
//! crash or closed tab loses nothing (see [`crate::core::journal`]).
//!
//! The item is `{ journal: "<Journal JSON>", activity: ["…", …] }`: the
//! journal as its own versioned JSON (checked for consistency on read), and
//! the run's activity lines so the report survives a reload too.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use super::storage::{self, Area, StorageError};
use crate::core::journal::{Journal, JournalError};
use crate::core::popup::{sort_runs, RunSummary};

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

/// Every stored run, summarised for the toolbar popup (which workspace,
/// whether it is running, paused or finished, how far it got), and the
/// workspaces whose stored run could not be read.
pub async fn summaries() -> Result<(Vec<RunSummary>, Vec<String>), JournalStoreError> {
    let all = storage::get_all(Area::Local).await?;
    let mut runs = Vec::new();
    let mut unreadable = Vec::new();
    for entry in js_sys::Object::entries(&all).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let Some(workspace) = pair
            .get(0)
            .as_string()
            .and_then(|k| k.strip_prefix(KEY_PREFIX).map(str::to_string))
        else {
            continue;
        };
        let journal = serde_wasm_bindgen::from_value::<Item>(pair.get(1))
            .ok()
            .and_then(|item| Journal::from_json(&item.journal).ok());
        match journal {
            Some(j) => runs.push(RunSummary::of(&workspace, &j)),
            None => unreadable.push(workspace),
        }
    }
    sort_runs(&mut runs);
    Ok((runs, unreadable))
}
