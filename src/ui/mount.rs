//! [`Mount`]: everything that lives for one Access Management page of one
//! workspace, and ends with it.
//!
//! Segment's app changes pages without reloading. The entry point makes a
//! mount when Access Management of a workspace shows, and ends it when the
//! route leaves Access Management or the workspace changes. A mount owns:
//! - its [`Lifetime`], which its driver, executors and lease waits check
//!   (see `driver::lifetime`): once ended, nothing of the mount finds,
//!   waits for or touches anything on the page;
//! - every event listener, mutation observer, interval and spawned task of
//!   the panel, the guard and the in-form template control, registered
//!   here rather than forgotten (`.forget()` is not allowed outside
//!   `ext::entry`);
//! - the shadow-root host of its UI, removed at the end.
//!
//! Ending (see [`Mount::end`]), in this order: the lifetime ends (a run
//! pauses before its next action: the executor is not aborted but winds
//! down through the lifetime, saving the paused journal); spawned tasks are
//! aborted; listeners are removed, observers disconnected, intervals
//! cancelled; the UI is removed. Ending twice does nothing.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;

use futures_util::future::{AbortHandle, Abortable};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget, MutationObserver, MutationObserverInit, Node};

use crate::driver::{Ending, Lifetime};

/// Something that keeps event listeners alive for as long as it lives.
pub trait Owner {
    /// Keeps `listener` until the owner ends.
    fn keep(&self, listener: EventListener);
}

/// A mutation observer and its callback, disconnected when dropped.
struct Observer {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// One Access Management page of one workspace. See the module docs.
pub struct Mount {
    workspace: String,
    lifetime: Lifetime,
    ending: RefCell<Option<Ending>>,
    ended: Cell<bool>,
    listeners: RefCell<Vec<EventListener>>,
    observers: RefCell<Vec<Observer>>,
    intervals: RefCell<Vec<Interval>>,
    tasks: RefCell<Vec<AbortHandle>>,
    held: RefCell<Vec<Box<dyn Any>>>,
    at_end: RefCell<Vec<Box<dyn FnOnce()>>>,
}

impl std::fmt::Debug for Mount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mount")
            .field("workspace", &self.workspace)
            .field("ended", &self.ended.get())
            .finish_non_exhaustive()
    }
}

impl Mount {
    /// A mount for `workspace` that lives while `still_here` holds (the
    /// address still names its page) and until [`Mount::end`].
    pub fn new(workspace: &str, still_here: impl Fn() -> bool + 'static) -> Mount {
        let (lifetime, ending) = Lifetime::new(still_here);
        Mount::with(workspace, lifetime, Some(ending))
    }

    /// A mount that never ends by itself (an extension page, which lives as
    /// long as its document).
    pub fn for_page(name: &str) -> Mount {
        Mount::with(name, Lifetime::forever(), None)
    }

    fn with(workspace: &str, lifetime: Lifetime, ending: Option<Ending>) -> Mount {
        Mount {
            workspace: workspace.to_string(),
            lifetime,
            ending: RefCell::new(ending),
            ended: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
            observers: RefCell::new(Vec::new()),
            intervals: RefCell::new(Vec::new()),
            tasks: RefCell::new(Vec::new()),
            held: RefCell::new(Vec::new()),
            at_end: RefCell::new(Vec::new()),
        }
    }

    /// The workspace this mount is for.
    pub fn workspace(&self) -> &str {
        &self.workspace
    }

    /// Its lifetime, for the driver and executors.
    pub fn lifetime(&self) -> &Lifetime {
        &self.lifetime
    }

    /// Whether the mount's page is still showing.
    pub fn is_live(&self) -> bool {
        !self.ended.get() && self.lifetime.is_live()
    }

    /// Listens for `event` on `target` until the mount ends.
    pub fn listen(
        &self,
        target: &EventTarget,
        event: &'static str,
        f: impl FnMut(&Event) + 'static,
    ) {
        self.keep(EventListener::new(target, event, f));
    }

    /// [`Mount::listen`] with options (capture phase, `preventDefault`).
    pub fn listen_with(
        &self,
        target: &EventTarget,
        event: &'static str,
        options: EventListenerOptions,
        f: impl FnMut(&Event) + 'static,
    ) {
        self.keep(EventListener::new_with_options(target, event, options, f));
    }

    /// Observes mutations of `target` until the mount ends.
    pub fn observe(
        &self,
        target: &Node,
        init: &MutationObserverInit,
        f: impl FnMut(js_sys::Array, MutationObserver) + 'static,
    ) -> Result<(), wasm_bindgen::JsValue> {
        if self.ended.get() {
            return Ok(());
        }
        let mut f = f;
        let callback =
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |records, observer| {
                crate::driver::wait::counted(|| f(records, observer))
            });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        observer.observe_with_options(target, init)?;
        self.observers.borrow_mut().push(Observer {
            observer,
            _callback: callback,
        });
        Ok(())
    }

    /// Calls `f` every `ms` until the mount ends.
    pub fn every(&self, ms: u32, f: impl FnMut() + 'static) {
        if !self.ended.get() {
            self.intervals.borrow_mut().push(Interval::new(ms, f));
        }
    }

    /// Runs `task` until it finishes or the mount ends (then it is dropped
    /// at its next await).
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if self.ended.get() {
            return;
        }
        let (handle, registration) = AbortHandle::new_pair();
        self.tasks.borrow_mut().push(handle);
        wasm_bindgen_futures::spawn_local(async move {
            // Aborted means the mount ended: nothing left to do.
            Abortable::new(task, registration).await.ok();
        });
    }

    /// Keeps `thing` (a watch, a guard) until the mount ends.
    pub fn hold(&self, thing: impl Any) {
        if self.ended.get() {
            return;
        }
        self.held.borrow_mut().push(Box::new(thing));
    }

    /// Runs `f` when the mount ends (at once if it has).
    pub fn at_end(&self, f: impl FnOnce() + 'static) {
        if self.ended.get() {
            f();
            return;
        }
        self.at_end.borrow_mut().push(Box::new(f));
    }

    /// Ends the mount (see the module docs). Idempotent.
    pub fn end(&self) {
        if self.ended.replace(true) {
            return;
        }
        // Taken out before dropping: a drop may call back into the mount.
        if let Some(ending) = self.ending.borrow_mut().take() {
            ending.end();
        }
        for task in std::mem::take(&mut *self.tasks.borrow_mut()) {
            task.abort();
        }
        drop(std::mem::take(&mut *self.listeners.borrow_mut()));
        drop(std::mem::take(&mut *self.observers.borrow_mut()));
        drop(std::mem::take(&mut *self.intervals.borrow_mut()));
        drop(std::mem::take(&mut *self.held.borrow_mut()));
        for f in std::mem::take(&mut *self.at_end.borrow_mut()) {
            f();
        }
    }
}

impl Owner for Mount {
    fn keep(&self, listener: EventListener) {
        // A listener for an ended mount is dropped (removed) at once.
        if !self.ended.get() {
            self.listeners.borrow_mut().push(listener);
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.end();
    }
}
