//! [`Lifetime`]: whether the page a task belongs to is still its page.
//!
//! Segment's app changes pages without reloading, so a task started for
//! one Access Management page (workspace A) may still be running when the
//! app shows another (workspace B, or a page elsewhere). Every such task
//! holds the lifetime of the page it was started for; the driver checks it
//! before every look at the page (so every wait fails with
//! [`DriverError::Ended`] at its next probe), and executors check it before
//! every step. Nothing of an ended page acts on the one now showing.
//!
//! A lifetime ends when its [`Ending`] is ended or dropped (the mount that
//! owns it ends), or as soon as its `still_here` check fails (the address
//! no longer names its page): the check runs on every look, so even a page
//! change that no event reported is noticed before the next action.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use futures_channel::oneshot;

use super::error::DriverError;

struct Inner {
    ended: Cell<bool>,
    still_here: Option<Box<dyn Fn() -> bool>>,
    waiters: RefCell<Vec<oneshot::Sender<()>>>,
}

impl Inner {
    fn end(&self) {
        if !self.ended.replace(true) {
            // Taken out first: a waiter woken here may look at us again.
            let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
            for w in waiters {
                // A waiter that went away does not need waking.
                w.send(()).ok();
            }
        }
    }
}

/// Whether the page a task belongs to is still showing. Cheap to clone.
#[derive(Clone)]
pub struct Lifetime(Rc<Inner>);

impl fmt::Debug for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lifetime")
            .field("ended", &self.0.ended.get())
            .finish_non_exhaustive()
    }
}

/// Ends its lifetime when ended or dropped.
#[must_use = "dropping the Ending ends the lifetime at once"]
pub struct Ending(Rc<Inner>);

impl Ending {
    /// Ends the lifetime now (dropping does the same).
    pub fn end(&self) {
        self.0.end();
    }
}

impl Drop for Ending {
    fn drop(&mut self) {
        self.0.end();
    }
}

impl fmt::Debug for Ending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ending")
    }
}

impl Lifetime {
    /// A lifetime that never ends (tests, the options page, benchmarks).
    pub fn forever() -> Lifetime {
        Lifetime(Rc::new(Inner {
            ended: Cell::new(false),
            still_here: None,
            waiters: RefCell::new(Vec::new()),
        }))
    }

    /// A lifetime that lasts until its [`Ending`] ends, or until
    /// `still_here` first answers `false`.
    pub fn new(still_here: impl Fn() -> bool + 'static) -> (Lifetime, Ending) {
        let inner = Rc::new(Inner {
            ended: Cell::new(false),
            still_here: Some(Box::new(still_here)),
            waiters: RefCell::new(Vec::new()),
        });
        (Lifetime(inner.clone()), Ending(inner))
    }

    /// Whether its page is still showing (ending it when it is not).
    pub fn is_live(&self) -> bool {
        if self.0.ended.get() {
            return false;
        }
        if self.0.still_here.as_ref().is_some_and(|here| !here()) {
            self.0.end();
            return false;
        }
        true
    }

    /// `Ok` while live; [`DriverError::Ended`] after.
    pub fn check(&self) -> Result<(), DriverError> {
        if self.is_live() {
            Ok(())
        } else {
            Err(DriverError::Ended)
        }
    }

    /// Resolves once the lifetime has ended (by its `Ending`, or by a
    /// failed check).
    pub async fn ended(&self) {
        if self.0.ended.get() {
            return;
        }
        let (tx, rx) = oneshot::channel();
        self.0.waiters.borrow_mut().push(tx);
        // Cancelled only if the Inner is dropped with us waiting: ended too.
        rx.await.ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    #[test]
    fn forever_is_always_live() {
        let l = Lifetime::forever();
        assert!(l.is_live() && l.check().is_ok());
        assert!(l.ended().now_or_never().is_none());
    }

    #[test]
    fn ending_ends_every_clone_and_wakes_waiters() {
        let (l, ending) = Lifetime::new(|| true);
        let copy = l.clone();
        let mut waiting = Box::pin(copy.ended());
        assert!((&mut waiting).now_or_never().is_none());
        ending.end();
        assert!(!l.is_live() && !copy.is_live());
        assert_eq!(l.check(), Err(DriverError::Ended));
        assert!(waiting.now_or_never().is_some());
        assert!(l.ended().now_or_never().is_some());
    }

    #[test]
    fn dropping_the_ending_ends_it() {
        let (l, ending) = Lifetime::new(|| true);
        drop(ending);
        assert!(!l.is_live());
    }

    #[test]
    fn a_failed_check_ends_it_for_good() {
        let here = Rc::new(Cell::new(true));
        let h = here.clone();
        let (l, _ending) = Lifetime::new(move || h.get());
        let mut waiting = Box::pin(l.ended());
        assert!(l.is_live());
        here.set(false);
        assert!(!l.is_live());
        assert!(waiting.as_mut().now_or_never().is_some());
        // Coming back to the same address does not revive an ended page.
        here.set(true);
        assert!(!l.is_live());
    }
}
