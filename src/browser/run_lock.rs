//! One active run per workspace, across tabs and windows: the workspace's
//! run lock, held by the tab whose executor drives a run (invite, removal,
//! apply — every kind, since they share the page and the roster).
//!
//! ## Why Web Locks, not a lock in the background
//! The lock is a Web Lock (`navigator.locks`) named for the workspace. The
//! browser releases it when the holding document goes away — the tab is
//! closed, crashes, reloads or navigates — with no heartbeat or timeout of
//! ours, which is exactly "the first tab is gone". A lock kept by the
//! background over `runtime.connect` ports would need the MV3 service
//! worker alive (Chromium stops it after 30 s idle, dropping every port
//! and so every lock, while both tabs still run) and a port per tab to
//! notice a closed one: more moving parts for the same guarantee.
//!
//! Web Locks are per origin, so the page itself shares the lock manager
//! with our content script. A page could hold the name (our runs then
//! refuse to start: nothing is sent) or `steal` it: the holder learns it
//! lost the lock ([`RunLock::is_lost`]) and the executor stops before its
//! next action without writing (`Interruption::LockLost`). Where the API
//! is missing (older Firefox content scripts), runs go on without the
//! cross-tab lock ([`Acquired::Unsupported`]), as before.
//!
//! Protocol: take the lock with `ifAvailable` before Start, Resume or
//! Cancel; when another tab holds it, nothing starts and the view says
//! so. Hold it until the executor stops. Whoever takes it reads the
//! stored run again before acting (another tab may have moved it on).

use std::cell::Cell;
use std::rc::Rc;

use futures_channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The lock's name for `workspace`.
fn name(workspace: &str) -> String {
    format!("access-kit-run:{workspace}")
}

/// What taking the lock gave.
pub enum Acquired {
    /// This tab holds it until the [`RunLock`] is dropped.
    Held(RunLock),
    /// Another tab (or window) holds it: a run is active there.
    Busy,
    /// No Web Locks here: nothing to coordinate with.
    Unsupported,
}

/// The workspace's run lock, held until dropped.
pub struct RunLock {
    release: Option<oneshot::Sender<()>>,
    lost: Rc<Cell<bool>>,
}

impl RunLock {
    /// Whether the lock was taken from this tab (stolen) while held.
    pub fn is_lost(&self) -> bool {
        self.lost.get()
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        if let Some(tx) = self.release.take() {
            let _ = tx.send(());
        }
    }
}

/// Takes `workspace`'s run lock if no one holds it.
pub async fn acquire(workspace: &str) -> Acquired {
    let locks = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()))
        .ok()
        .filter(|l| l.is_object());
    let Some(locks) = locks else {
        return Acquired::Unsupported;
    };
    let Ok(request) = js_sys::Reflect::get(&locks, &"request".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return Acquired::Unsupported;
    };
    let (granted_tx, granted_rx) = oneshot::channel::<bool>();
    let (release_tx, release_rx) = oneshot::channel::<()>();
    // Held while this promise is pending: until the RunLock is dropped.
    let held = wasm_bindgen_futures::future_to_promise(async move {
        let _ = release_rx.await;
        Ok(JsValue::UNDEFINED)
    });
    let callback = Closure::once(move |lock: JsValue| -> js_sys::Promise {
        let got = !lock.is_null() && !lock.is_undefined();
        let _ = granted_tx.send(got);
        if got {
            held
        } else {
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        }
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let asked = request.call3(
        &locks,
        &name(workspace).into(),
        &options,
        callback.as_ref().unchecked_ref(),
    );
    let Ok(done) = asked.and_then(|p| p.dyn_into::<js_sys::Promise>()) else {
        return Acquired::Unsupported;
    };
    let lost = Rc::new(Cell::new(false));
    {
        // The request's promise rejects when the lock is stolen.
        let lost = lost.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(done).await.is_err() {
                lost.set(true);
            }
        });
    }
    match granted_rx.await {
        Ok(true) => {
            drop(callback);
            Acquired::Held(RunLock {
                release: Some(release_tx),
                lost,
            })
        }
        Ok(false) => Acquired::Busy,
        Err(_) => Acquired::Unsupported,
    }
}
