//! Waiting without sleeping: re-check a condition whenever the document
//! changes (MutationObserver on the whole document), with a slow poll as a
//! fallback for changes no mutation reports (layout, CSS transitions), and
//! a deadline.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MutationObserver, MutationObserverInit};

use super::dom::LiveDom;
use super::error::DriverError;

/// How often a waiting probe re-checks when nothing mutates.
pub const POLL_MS: u32 = 250;

/// Milliseconds since the epoch (wall clock is enough for timeouts).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Every observer callback of the core so far (the driver's waits and the
/// UI's own observers): how many, and the milliseconds spent in them. The
/// bench prints them for a 200-row run (`observer_stats` in `ext::bench`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ObserverStats {
    pub callbacks: u32,
    pub ms: f64,
}

thread_local! {
    static STATS: std::cell::Cell<ObserverStats> = const {
        std::cell::Cell::new(ObserverStats { callbacks: 0, ms: 0.0 })
    };
}

/// The callbacks counted so far.
pub fn observer_stats() -> ObserverStats {
    STATS.with(|s| s.get())
}

/// Runs an observer callback, counting it and its time.
pub fn counted<T>(f: impl FnOnce() -> T) -> T {
    let clock = web_sys::window().and_then(|w| w.performance());
    let t0 = clock.as_ref().map_or(0.0, |p| p.now());
    let out = f();
    let spent = clock.as_ref().map_or(0.0, |p| p.now()) - t0;
    STATS.with(|s| {
        let mut v = s.get();
        v.callbacks += 1;
        v.ms += spent;
        s.set(v);
    });
    out
}

#[derive(Default)]
struct Signal {
    /// A change arrived while nobody was waiting.
    dirty: bool,
    /// The resolver of the promise someone is awaiting.
    resolve: Option<js_sys::Function>,
}

fn wake(state: &Rc<RefCell<Signal>>) {
    // Take the resolver out before calling it: no borrow is held across JS.
    let resolve = {
        let mut s = state.borrow_mut();
        match s.resolve.take() {
            Some(r) => Some(r),
            None => {
                s.dirty = true;
                None
            }
        }
    };
    if let Some(r) = resolve {
        let _ = r.call0(&JsValue::NULL);
    }
}

/// Notifies of document changes while alive; disconnects on drop.
#[must_use = "dropping DomChanges stops observing"]
pub struct DomChanges {
    observer: MutationObserver,
    state: Rc<RefCell<Signal>>,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl std::fmt::Debug for DomChanges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DomChanges").finish_non_exhaustive()
    }
}

impl DomChanges {
    /// Observe the whole document: child lists, attributes and text, in
    /// every subtree (portals included).
    pub fn observe() -> Result<DomChanges, DriverError> {
        let state = Rc::new(RefCell::new(Signal::default()));
        let cb_state = state.clone();
        let callback =
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |_records, _obs| {
                counted(|| wake(&cb_state));
            });
        let observer =
            MutationObserver::new(callback.as_ref().unchecked_ref()).map_err(DriverError::js)?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_attributes(true);
        init.set_character_data(true);
        let target =
            LiveDom::current()?
                .document()
                .document_element()
                .ok_or(DriverError::NoPage {
                    reason: "empty document".into(),
                })?;
        observer
            .observe_with_options(&target, &init)
            .map_err(DriverError::js)?;
        Ok(DomChanges {
            observer,
            state,
            _callback: callback,
        })
    }

    /// Resolve on the next change, or after `max_ms` at the latest.
    pub async fn next(&self, max_ms: u32) {
        {
            let mut s = self.state.borrow_mut();
            if s.dirty {
                s.dirty = false;
                return;
            }
        }
        let state = self.state.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            state.borrow_mut().resolve = Some(resolve);
        });
        let timer_state = self.state.clone();
        let _timer = Timeout::new(max_ms.max(1), move || wake(&timer_state));
        let _ = JsFuture::from(promise).await;
        let mut s = self.state.borrow_mut();
        s.dirty = false;
        s.resolve = None;
    }
}

impl Drop for DomChanges {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// What one look at the page found.
#[derive(Debug)]
pub enum Check<T> {
    /// The condition holds.
    Done(T),
    /// Not yet; look again after the next change.
    NotYet,
    /// Give up now with this error.
    Fail(DriverError),
}

/// Re-run `probe` after every document change until it is done, fails, or
/// `timeout_ms` passes; then `on_timeout(waited_ms)` is the error.
pub async fn wait_for<T>(
    timeout_ms: u32,
    mut probe: impl FnMut() -> Check<T>,
    on_timeout: impl FnOnce(u64) -> DriverError,
) -> Result<T, DriverError> {
    let start = now_ms();
    match probe() {
        Check::Done(v) => return Ok(v),
        Check::Fail(e) => return Err(e),
        Check::NotYet => {}
    }
    let changes = DomChanges::observe()?;
    loop {
        let elapsed = now_ms() - start;
        if elapsed >= f64::from(timeout_ms) {
            return Err(on_timeout(elapsed as u64));
        }
        let remaining = (f64::from(timeout_ms) - elapsed).ceil() as u32;
        changes.next(remaining.min(POLL_MS)).await;
        match probe() {
            Check::Done(v) => return Ok(v),
            Check::Fail(e) => return Err(e),
            Check::NotYet => {}
        }
    }
}

/// Wait until the document has not changed for `quiet_ms` (React has
/// finished committing), or `timeout_ms` passes. Never an error: a page
/// that keeps animating is simply used as it is.
pub async fn until_quiet(quiet_ms: u32, timeout_ms: u32) -> Result<(), DriverError> {
    let start = now_ms();
    let changes = DomChanges::observe()?;
    let mut last_change = now_ms();
    loop {
        let now = now_ms();
        if now - last_change >= f64::from(quiet_ms) || now - start >= f64::from(timeout_ms) {
            return Ok(());
        }
        let before = now_ms();
        changes.next(quiet_ms).await;
        // Resolved early means a change arrived.
        if now_ms() - before < f64::from(quiet_ms) {
            last_change = now_ms();
        }
    }
}
