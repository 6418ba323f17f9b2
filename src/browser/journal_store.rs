//! Run journals in `chrome.storage.local`, one item per workspace and kind
//! of run, written before and after every submission so that a reload,
//! crash, closed tab or a page change loses nothing (see
//! [`crate::core::run`]).
//!
//! The item is the run as structured data ([`StoredRun`]: version, kind,
//! journal, typed activity), checked on read. It crosses to storage as a
//! plain object through serde-wasm-bindgen, the one serde back end of the
//! shipped core (items written through serde_json's text by earlier builds
//! are the same objects, and read the same way). Bulk invite's items written
//! by the first release (version 1: the journal as JSON text inside the
//! item) are read and upgraded; anything else that cannot be read is
//! refused with a message that says why.
//!
//! A finished run is deleted when it is past keeping
//! ([`crate::core::retention`]): [`load`] deletes it instead of returning
//! it, and the run view deletes it once its results are downloaded.

use super::storage::{self, Area, StorageError};
use crate::core::popup::{sort_runs, RunSummary};
use crate::core::retention;
use crate::core::run::stored::{StoredRef, STORED_VERSION};
use crate::core::run::{
    InviteOp, Journal, JournalError, Logged, Operation, StoredHead, StoredRun, StoredV1,
};

/// The storage key of `workspace`'s run of kind `O`. Bulk invite keeps the
/// first release's key, so a run stored by it is found.
pub fn key<O: Operation>(workspace: &str) -> String {
    match O::KIND {
        "invite" => format!("bulk-run:{workspace}"),
        kind => format!("{kind}-run:{workspace}"),
    }
}

/// Reading or writing the stored run failed.
#[derive(Debug, thiserror::Error)]
pub enum JournalStoreError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("the run could not be encoded for storage: {0}")]
    Encode(String),
}

/// The stored run of kind `O` for `workspace`, if any.
pub async fn load<O: Operation>(
    workspace: &str,
) -> Result<Option<StoredRun<O>>, JournalStoreError> {
    let key = key::<O>(workspace);
    let Some(value) = storage::get_value(Area::Local, &key).await? else {
        return Ok(None);
    };
    let corrupt = |e: serde_wasm_bindgen::Error| JournalError::Corrupt {
        detail: e.to_string(),
    };
    let head: StoredHead = serde_wasm_bindgen::from_value(value.clone()).map_err(corrupt)?;
    let run = match head.version {
        None => serde_wasm_bindgen::from_value::<StoredV1>(value)
            .map_err(corrupt)?
            .upgrade::<O>()?,
        Some(STORED_VERSION) => serde_wasm_bindgen::from_value::<StoredRun<O>>(value)
            .map_err(corrupt)?
            .checked()?,
        Some(found) => {
            return Err(JournalError::UnsupportedVersion {
                found,
                current: STORED_VERSION,
            }
            .into())
        }
    };
    let last_ms = run
        .activity
        .iter()
        .map(|l| l.at_ms)
        .fold(run.journal.created_ms(), u64::max);
    if retention::is_expired(
        !run.journal.is_unfinished(),
        last_ms,
        js_sys::Date::now() as u64,
    ) {
        storage::remove(Area::Local, &[key]).await?;
        return Ok(None);
    }
    Ok(Some(run))
}

/// A run ready to be written: encoded at once, so the journal can change
/// while the write is under way.
#[must_use = "call save() to write it"]
pub struct Prepared {
    key: String,
    value: wasm_bindgen::JsValue,
}

impl Prepared {
    /// Writes it.
    pub async fn save(self) -> Result<(), JournalStoreError> {
        storage::set_many(Area::Local, &[(self.key, self.value)]).await?;
        Ok(())
    }
}

/// The run of `workspace` (its journal and the latest activity), encoded.
pub fn prepare<O: Operation>(
    workspace: &str,
    journal: &Journal<O>,
    activity: &[Logged],
) -> Result<Prepared, JournalStoreError> {
    let value = storage::try_to_js(&StoredRef::new(journal, activity))
        .map_err(|e| JournalStoreError::Encode(e.to_string()))?;
    Ok(Prepared {
        key: key::<O>(workspace),
        value,
    })
}

/// Writes the run of `workspace`: its journal and the latest activity.
pub async fn save<O: Operation>(
    workspace: &str,
    journal: &Journal<O>,
    activity: &[Logged],
) -> Result<(), JournalStoreError> {
    prepare(workspace, journal, activity)?.save().await
}

/// Forgets the stored run of kind `O` for `workspace`.
pub async fn clear<O: Operation>(workspace: &str) -> Result<(), JournalStoreError> {
    storage::remove(Area::Local, &[key::<O>(workspace)]).await?;
    Ok(())
}

/// Every stored run of every kind, summarised for the toolbar popup (which
/// workspace, which kind of run, whether it is running, paused or finished,
/// how far it got), and the storage keys whose run could not be read.
pub async fn summaries() -> Result<(Vec<RunSummary>, Vec<String>), JournalStoreError> {
    use wasm_bindgen::JsCast;
    let all = storage::get_all(Area::Local).await?;
    let mut runs = Vec::new();
    let mut unreadable = Vec::new();
    for entry in js_sys::Object::entries(&all).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let Some(key) = pair.get(0).as_string() else {
            continue;
        };
        let Some((kind, workspace)) = parse_key(&key) else {
            continue;
        };
        match storage::decode::<StoredHead>(&key, pair.get(1)) {
            Ok(StoredHead {
                headline: Some(h), ..
            }) => runs.push(RunSummary::new(workspace, kind, h)),
            // Version 1 (bulk invite only) carried no headline: read it whole.
            Ok(StoredHead { version: None, .. }) if kind == InviteOp::KIND => {
                match storage::decode::<StoredV1>(&key, pair.get(1))
                    .ok()
                    .and_then(|v1| v1.headline().ok())
                {
                    Some(h) => runs.push(RunSummary::new(workspace, kind, h)),
                    None => unreadable.push(key),
                }
            }
            _ => unreadable.push(key),
        }
    }
    sort_runs(&mut runs);
    Ok((runs, unreadable))
}

/// Whether a storage key holds a run (of any kind).
pub fn is_run_key(key: &str) -> bool {
    parse_key(key).is_some()
}

/// The kind and workspace a storage key names (the inverse of [`key`]).
fn parse_key(key: &str) -> Option<(&str, &str)> {
    if let Some(ws) = key.strip_prefix("bulk-run:") {
        return Some((InviteOp::KIND, ws));
    }
    let (kind, ws) = key.split_once("-run:")?;
    (!kind.is_empty() && !ws.is_empty()).then_some((kind, ws))
}
