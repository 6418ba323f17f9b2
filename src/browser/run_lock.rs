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
//! Firefox content scripts (ESR 153; the two-tab case in
//! tests/e2e-firefox/flows.test.mjs): the page's LockManager grants the
//! request, but reads the callback's result across the compartment
//! boundary and refuses it (`Permission denied to access property "then"`)
//! unless the callback was exported to
//! the page (`exportFunction`) and returns a promise of the page's own realm
//! (`wrappedJSObject.Promise`). Otherwise the request rejects at once: the
//! lock is let go while the run goes on (no exclusion across tabs), and the
//! rejection reads as a steal. So there the callback is exported and holds
//! a page-realm promise; elsewhere those names do not exist.
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
    let firefox = FirefoxRealm::get();
    // Held while this promise is pending: until the RunLock is dropped.
    let held = match &firefox {
        Some(realm) => {
            // Without it the lock would be let go at once: run without it.
            let Some((promise, resolve)) = realm.pending_promise() else {
                return Acquired::Unsupported;
            };
            wasm_bindgen_futures::spawn_local(async move {
                let _ = release_rx.await;
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
            promise
        }
        None => wasm_bindgen_futures::future_to_promise(async move {
            let _ = release_rx.await;
            Ok(JsValue::UNDEFINED)
        }),
    };
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
    let exported = match &firefox {
        Some(realm) => realm.export(callback.as_ref()),
        None => Some(callback.as_ref().clone()),
    };
    let Some(exported) = exported else {
        return Acquired::Unsupported;
    };
    let asked = request.call3(&locks, &name(workspace).into(), &options, &exported);
    // Firefox hands the page's promise over through a wrapper that fails
    // `instanceof Promise` here: trust its shape.
    let Some(done) = asked
        .ok()
        .filter(|p| js_sys::Reflect::get(p, &"then".into()).is_ok_and(|t| t.is_function()))
        .map(JsCast::unchecked_into::<js_sys::Promise>)
    else {
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

/// A Firefox content script's view of the page (see the module docs).
struct FirefoxRealm {
    /// The content script's window (an Xray of the page's).
    window: JsValue,
    /// The page's own window (`window.wrappedJSObject`).
    page: JsValue,
    export_function: js_sys::Function,
}

#[wasm_bindgen]
extern "C" {
    /// The content script's sandbox in Firefox, which holds `exportFunction`.
    /// (`js_sys::global()` is `self`, the window, on purpose: see js-sys.)
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: Option<js_sys::Object>;
}

impl FirefoxRealm {
    /// `Some` only in a Firefox content script.
    fn get() -> Option<Self> {
        let get = |on: &JsValue, key: &str| {
            js_sys::Reflect::get(on, &key.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let sandbox: JsValue = GLOBAL_THIS.with(Option::clone)?.into();
        let export_function = get(&sandbox, "exportFunction")?.dyn_into().ok()?;
        let window: JsValue = js_sys::global().into();
        let page = get(&window, "wrappedJSObject")?;
        Some(Self {
            window,
            page,
            export_function,
        })
    }

    /// `f` made callable by the page's code.
    fn export(&self, f: &JsValue) -> Option<JsValue> {
        self.export_function
            .call2(&JsValue::NULL, f, &self.window)
            .ok()
    }

    /// A pending promise of the page's realm and its `resolve`.
    fn pending_promise(&self) -> Option<(js_sys::Promise, js_sys::Function)> {
        let ctor = js_sys::Reflect::get(&self.page, &"Promise".into()).ok()?;
        let with = js_sys::Reflect::get(&ctor, &"withResolvers".into()).ok()?;
        let pair = with
            .dyn_into::<js_sys::Function>()
            .ok()?
            .call0(&ctor)
            .ok()?;
        let promise = js_sys::Reflect::get(&pair, &"promise".into()).ok()?;
        let resolve = js_sys::Reflect::get(&pair, &"resolve".into()).ok()?;
        // Objects of another compartment fail `instanceof` here: trust their shape.
        Some((promise.unchecked_into(), resolve.unchecked_into()))
    }
}
