//! Where role templates live: one `chrome.storage.sync` item per template
//! (layout and quota checks in [`crate::core::template_sync`]), or, when the
//! library does not fit there, the whole library in `chrome.storage.local`,
//! with the reason kept next to it so every view can say so.
//!
//! - [`load_library`] / [`load`]: read (seeding the three examples on first use).
//! - [`update`]: change the library (read fresh, apply, save); writes are
//!   debounced and paced under sync storage's write-rate limits.
//! - [`on_change`]: called when templates change in any tab or extension page.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::timers::callback::Timeout;
use serde_json::Value;

use super::storage::{self, Area, StorageError};
use crate::core::template::{LibraryError, Template, TemplateLibrary};
use crate::core::template_io::{template_entry, ImportError};
use crate::core::template_sync::{
    item_key, json_len, library_from_items, local_entries, local_items, sync_changes, sync_layout,
    OtherUsage, KEY_PREFIX,
};

/// Sync key: set once the examples were seeded, so deleting every template
/// does not bring them back.
pub const SEEDED_KEY: &str = "templates:seeded";
/// Local key: the whole library (array of entries with ids) while it does not fit sync.
pub const LOCAL_KEY: &str = "templates:local";
/// Local key: why the library is kept locally (shown to the person).
pub const LOCAL_REASON_KEY: &str = "templates:local-reason";

/// Edits within this window are written together (one write instead of many).
const DEBOUNCE_MS: u32 = 400;
/// Chrome allows 120 sync writes a minute and 1,800 an hour for the whole
/// extension; we stay under with a margin for other pages doing the same.
const WRITES_PER_MINUTE: usize = 100;
const WRITES_PER_HOUR: usize = 1_500;
/// Retries after the browser itself refused for the write rate.
const RATE_RETRIES: u32 = 3;

/// What went wrong reading or writing templates. Cloneable: one debounced
/// write answers every edit it carried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateStoreError {
    #[error("templates could not be read: {0}")]
    Read(String),
    #[error("templates could not be saved: {0}")]
    Write(String),
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// Which storage area holds the templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// `chrome.storage.sync`: they follow the person across browsers.
    Sync,
    /// `chrome.storage.local` only, and why.
    Local { reason: String },
}

impl Home {
    /// One sentence for the UI.
    pub fn describe(&self) -> String {
        match self {
            Home::Sync => "Templates are stored in your browser's synced storage.".into(),
            Home::Local { reason } => {
                format!("Templates are kept in this browser only (not synced): {reason}")
            }
        }
    }

    /// Short name: "sync" or "local".
    pub fn area_name(&self) -> &'static str {
        match self {
            Home::Sync => "sync",
            Home::Local { .. } => "local",
        }
    }
}

/// The library, where it lives, and stored items that had to be left out.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub library: TemplateLibrary,
    pub home: Home,
    /// One message per stored item that was unreadable or clashed.
    pub skipped: Vec<String>,
}

/// The templates, seeding the examples on first use. Unreadable stored items
/// are left out (see [`load`] to show them).
pub async fn load_library() -> Result<TemplateLibrary, TemplateStoreError> {
    load().await.map(|l| l.library)
}

/// The templates with where they live. Reads this page's unsaved edits, if
/// a debounced write is pending, so views never step back in time.
pub async fn load() -> Result<Loaded, TemplateStoreError> {
    if let Some(latest) = WRITER.with(|w| w.borrow().latest.clone()) {
        return Ok(latest);
    }
    load_stored(true).await
}

/// The templates as stored now, never seeding: for a view following
/// changes, so that after "Delete all stored data" the examples do not
/// come back behind the person's back (the next first use seeds them).
pub async fn load_as_stored() -> Result<Loaded, TemplateStoreError> {
    if let Some(latest) = WRITER.with(|w| w.borrow().latest.clone()) {
        return Ok(latest);
    }
    load_stored(false).await
}

async fn load_stored(seed_if_new: bool) -> Result<Loaded, TemplateStoreError> {
    let read = |e: StorageError| TemplateStoreError::Read(e.to_string());
    if let Some(entries) = storage::get::<Vec<Value>>(Area::Local, LOCAL_KEY)
        .await
        .map_err(read)?
    {
        let reason = storage::get::<String>(Area::Local, LOCAL_REASON_KEY)
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| "it did not fit in synced storage".into());
        let (library, skipped) = library_from_items(&local_items(&entries));
        return Ok(Loaded {
            library,
            home: Home::Local { reason },
            skipped: skipped.iter().map(ToString::to_string).collect(),
        });
    }
    let stored = match read_sync().await {
        Ok(s) => s,
        Err(e) => {
            // No sync storage at all (some browsers, policies): keep the
            // library locally, seeded, and say why.
            let reason = format!("synced storage is not available ({e})");
            let library = TemplateLibrary::with_seeds(0);
            write_local(&library, &reason).await?;
            return Ok(Loaded {
                library,
                home: Home::Local { reason },
                skipped: Vec::new(),
            });
        }
    };
    let has_templates = stored.keys().any(|k| k.starts_with(KEY_PREFIX));
    if seed_if_new && !has_templates && !stored.contains_key(SEEDED_KEY) {
        return seed().await;
    }
    let (library, skipped) = library_from_items(&stored);
    Ok(Loaded {
        library,
        home: Home::Sync,
        skipped: skipped.iter().map(ToString::to_string).collect(),
    })
}

/// First use: the three examples. Their ids do not depend on the time, so
/// two tabs seeding at once write the same items instead of duplicates.
async fn seed() -> Result<Loaded, TemplateStoreError> {
    let library = TemplateLibrary::with_seeds(0);
    let outcome = write(&library).await;
    let home = match outcome {
        Ok(home) => home,
        // Not fatal: the examples still show, and the next load seeds again.
        Err(e) => {
            gloo::console::warn!(format!("Access Kit: {e}"));
            Home::Sync
        }
    };
    Ok(Loaded {
        library,
        home,
        skipped: Vec::new(),
    })
}

async fn read_sync() -> Result<BTreeMap<String, Value>, StorageError> {
    let all = storage::get_all(Area::Sync).await?;
    serde_wasm_bindgen::from_value(all.into()).map_err(|e| StorageError::Decode {
        key: "(all synced items)".into(),
        message: e.to_string(),
    })
}

/// Quota use of items that are not templates (our seeded flag, anything else).
fn other_usage(stored: &BTreeMap<String, Value>) -> OtherUsage {
    stored
        .iter()
        .filter(|(k, _)| !k.starts_with(KEY_PREFIX))
        .fold(OtherUsage::default(), |acc, (k, v)| OtherUsage {
            bytes: acc.bytes + k.len() + json_len(v),
            items: acc.items + 1,
        })
}

// ------------------------------------------------------------------ writing

/// The debounced writer of this page.
#[derive(Default)]
struct Writer {
    /// The library to write next.
    pending: Option<TemplateLibrary>,
    /// Who waits for the next write.
    waiters: Vec<oneshot::Sender<Result<Home, TemplateStoreError>>>,
    /// The newest library this page asked to save, until it is written.
    latest: Option<Loaded>,
    timer: Option<Timeout>,
    running: bool,
    /// Times (ms) of our recent sync write operations.
    recent_writes: VecDeque<f64>,
}

thread_local! {
    static WRITER: RefCell<Writer> = RefCell::new(Writer::default());
}

/// Applies `change` to the current library (this page's pending edits, or
/// storage read afresh) and saves the result. Returns what `change` returned
/// and where the library now lives.
pub async fn update<R, E: Into<TemplateStoreError>>(
    change: impl FnOnce(&mut TemplateLibrary) -> Result<R, E>,
) -> Result<(R, Home), TemplateStoreError> {
    let mut current = load().await?;
    // On an error nothing is saved: the change is all or nothing.
    let result = change(&mut current.library).map_err(Into::into)?;
    current.skipped.clear();
    let home = save(current).await?;
    Ok((result, home))
}

async fn save(loaded: Loaded) -> Result<Home, TemplateStoreError> {
    let (tx, rx) = oneshot::channel();
    WRITER.with(|w| {
        let mut w = w.borrow_mut();
        w.pending = Some(loaded.library.clone());
        w.latest = Some(loaded);
        w.waiters.push(tx);
        if !w.running {
            w.timer = Some(Timeout::new(DEBOUNCE_MS, flush));
        }
    });
    rx.await
        .unwrap_or_else(|_| Err(TemplateStoreError::Write("the save was interrupted".into())))
}

fn flush() {
    wasm_bindgen_futures::spawn_local(async {
        let Some((library, waiters)) = WRITER.with(|w| {
            let mut w = w.borrow_mut();
            w.timer = None;
            let library = w.pending.take()?;
            w.running = true;
            Some((library, std::mem::take(&mut w.waiters)))
        }) else {
            return;
        };
        let outcome = write(&library).await;
        for tx in waiters {
            let _ = tx.send(outcome.clone());
        }
        WRITER.with(|w| {
            let mut w = w.borrow_mut();
            w.running = false;
            if w.pending.is_some() {
                // Edits made while this write ran: write them next.
                w.timer = Some(Timeout::new(DEBOUNCE_MS, flush));
            } else {
                // Written (or failed): storage is the truth again.
                w.latest = None;
            }
        });
    });
}

/// Writes `library` to sync if it fits, else to local; returns where it went.
async fn write(library: &TemplateLibrary) -> Result<Home, TemplateStoreError> {
    let stored = match read_sync().await {
        Ok(s) => s,
        Err(e) => {
            let reason = format!("synced storage is not available ({e})");
            write_local(library, &reason).await?;
            return Ok(Home::Local { reason });
        }
    };
    let items = match sync_layout(library, other_usage(&stored)) {
        Ok(items) => items,
        Err(layout) => {
            let reason = layout
                .problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            write_local(library, &reason).await?;
            return Ok(Home::Local { reason });
        }
    };
    let changes = sync_changes(&stored, &items);
    let mut set: Vec<(String, wasm_bindgen::JsValue)> = changes
        .set
        .iter()
        .map(|i| (i.key.clone(), storage::to_js(&i.value)))
        .collect();
    if !stored.contains_key(SEEDED_KEY) {
        set.push((SEEDED_KEY.to_string(), wasm_bindgen::JsValue::TRUE));
    }
    if !set.is_empty() {
        if let Err(e) = sync_write(|| storage::set_many(Area::Sync, &set)).await {
            return match e {
                // Our estimate fitted but the browser disagrees (other data,
                // a different count): keep everything locally and say which
                // template is the largest, the likeliest culprit.
                StorageError::Refused { ref message, .. }
                    if message.contains("QUOTA_BYTES") || message.contains("MAX_ITEMS") =>
                {
                    let reason = format!(
                        "the browser refused to sync them ({message}); the largest template is \"{}\"",
                        largest(library).map(|t| t.name.as_str()).unwrap_or("?")
                    );
                    write_local(library, &reason).await?;
                    Ok(Home::Local { reason })
                }
                other => Err(TemplateStoreError::Write(other.to_string())),
            };
        }
    }
    if !changes.remove.is_empty() {
        sync_write(|| storage::remove(Area::Sync, &changes.remove))
            .await
            .map_err(|e| TemplateStoreError::Write(e.to_string()))?;
    }
    // Back in sync: drop the local copy so every page reads sync again.
    let had_local = storage::get::<Value>(Area::Local, LOCAL_KEY)
        .await
        .ok()
        .flatten()
        .is_some();
    if had_local {
        storage::remove(
            Area::Local,
            &[LOCAL_KEY.to_string(), LOCAL_REASON_KEY.to_string()],
        )
        .await
        .map_err(|e| TemplateStoreError::Write(e.to_string()))?;
    }
    Ok(Home::Sync)
}

fn largest(library: &TemplateLibrary) -> Option<&Template> {
    library
        .templates()
        .iter()
        .max_by_key(|t| item_key(t).len() + json_len(&template_entry(t)))
}

async fn write_local(library: &TemplateLibrary, reason: &str) -> Result<(), TemplateStoreError> {
    storage::set_many(
        Area::Local,
        &[
            (
                LOCAL_KEY.to_string(),
                storage::to_js(&local_entries(library)),
            ),
            (
                LOCAL_REASON_KEY.to_string(),
                wasm_bindgen::JsValue::from_str(reason),
            ),
        ],
    )
    .await
    .map_err(|e| TemplateStoreError::Write(e.to_string()))
}

/// One sync write operation, paced under the rate limits and retried when
/// the browser still refuses for the rate.
async fn sync_write<F, Fut>(op: F) -> Result<(), StorageError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), StorageError>>,
{
    let mut attempt = 0;
    loop {
        let wait = WRITER.with(|w| {
            let mut w = w.borrow_mut();
            let now = js_sys::Date::now();
            pace(&mut w.recent_writes, now)
        });
        if wait > 0.0 {
            sleep(wait as u32).await;
        }
        WRITER.with(|w| w.borrow_mut().recent_writes.push_back(js_sys::Date::now()));
        match op().await {
            Err(StorageError::Refused { ref message, .. })
                if message.contains("MAX_WRITE_OPERATIONS") && attempt < RATE_RETRIES =>
            {
                attempt += 1;
                let per_hour = message.contains("PER_HOUR");
                sleep(if per_hour { 600_000 } else { 60_000 }).await;
            }
            other => return other,
        }
    }
}

/// How long (ms) to wait before the next write so that at most
/// [`WRITES_PER_MINUTE`] / [`WRITES_PER_HOUR`] happen in any window; drops
/// timestamps older than an hour.
fn pace(recent: &mut VecDeque<f64>, now: f64) -> f64 {
    while recent.front().is_some_and(|t| now - t >= 3_600_000.0) {
        recent.pop_front();
    }
    let mut wait: f64 = 0.0;
    let in_minute: Vec<f64> = recent
        .iter()
        .copied()
        .filter(|t| now - t < 60_000.0)
        .collect();
    if in_minute.len() >= WRITES_PER_MINUTE {
        let oldest = in_minute[in_minute.len() - WRITES_PER_MINUTE];
        wait = wait.max(oldest + 60_000.0 - now);
    }
    if recent.len() >= WRITES_PER_HOUR {
        let oldest = recent[recent.len() - WRITES_PER_HOUR];
        wait = wait.max(oldest + 3_600_000.0 - now);
    }
    wait.max(0.0)
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

// ------------------------------------------------------------ notifications

type Listener = Rc<RefCell<dyn FnMut()>>;

#[derive(Default)]
struct Watchers {
    listeners: Vec<(u64, Listener)>,
    next_id: u64,
    /// The one storage listener, while anyone watches.
    storage: Option<storage::StorageListener>,
    timer: Option<Timeout>,
}

thread_local! {
    static WATCHERS: RefCell<Watchers> = RefCell::new(Watchers::default());
}

/// Whether a storage change touches templates.
fn is_template_change(area: &str, keys: &[String]) -> bool {
    match area {
        "sync" => keys
            .iter()
            .any(|k| k.starts_with(KEY_PREFIX) || k == SEEDED_KEY),
        "local" => keys.iter().any(|k| k == LOCAL_KEY || k == LOCAL_REASON_KEY),
        _ => false,
    }
}

/// Watches template changes until dropped (see [`on_change`]).
#[must_use = "the watch ends as soon as it is dropped"]
pub struct TemplateWatch(u64);

impl Drop for TemplateWatch {
    fn drop(&mut self) {
        // Taken out of the table before they drop: the storage listener's
        // removal and the closures' drops run with no borrow held.
        let _released = WATCHERS.with(|w| {
            let mut w = w.borrow_mut();
            let at = w.listeners.iter().position(|(id, _)| *id == self.0);
            let listener = at.map(|i| w.listeners.remove(i));
            let (storage, timer) = if w.listeners.is_empty() {
                (w.storage.take(), w.timer.take())
            } else {
                (None, None)
            };
            (listener, storage, timer)
        });
    }
}

/// Calls `f` (after a short pause that gathers a burst of changes into one
/// call) whenever templates change, in this page or any other, until the
/// returned watch is dropped. `f` usually calls [`load`] and redraws.
pub fn on_change(f: impl FnMut() + 'static) -> Result<TemplateWatch, TemplateStoreError> {
    let (id, install) = WATCHERS.with(|w| {
        let mut w = w.borrow_mut();
        w.next_id += 1;
        let id = w.next_id;
        w.listeners.push((id, Rc::new(RefCell::new(f))));
        (id, w.storage.is_none())
    });
    let watch = TemplateWatch(id);
    if install {
        let listener = storage::on_changed(|area, keys| {
            if !is_template_change(area, &keys) {
                return;
            }
            WATCHERS.with(|w| {
                w.borrow_mut().timer = Some(Timeout::new(80, notify));
            });
        })
        .map_err(|e| TemplateStoreError::Read(e.to_string()))?;
        WATCHERS.with(|w| w.borrow_mut().storage = Some(listener));
    }
    Ok(watch)
}

fn notify() {
    let listeners: Vec<Listener> = WATCHERS.with(|w| {
        let mut w = w.borrow_mut();
        w.timer = None;
        w.listeners.iter().map(|(_, l)| l.clone()).collect()
    });
    for l in listeners {
        // A listener already running (re-entrant change) just skips this one.
        if let Ok(mut f) = l.try_borrow_mut() {
            f();
        }
    }
}
