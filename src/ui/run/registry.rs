//! Which runs have an executor carrying them out, by storage key: a mount
//! that ends lets its executor wind down (saving the paused run), and a new
//! mount of the same workspace waits for that before reading the run back,
//! so no two executors ever write one journal. Per page (the content
//! script's thread).

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;

thread_local! {
    /// Key → who waits for its executor to stop.
    static DRIVING: RefCell<HashMap<String, Vec<oneshot::Sender<()>>>> =
        RefCell::new(HashMap::new());
}

/// Marks `key` driven until dropped.
pub struct Driving(String);

impl Driving {
    pub fn enter(key: &str) -> Driving {
        DRIVING.with(|d| {
            d.borrow_mut().entry(key.to_string()).or_default();
        });
        Driving(key.to_string())
    }
}

impl Drop for Driving {
    fn drop(&mut self) {
        let waiters = DRIVING.with(|d| d.borrow_mut().remove(&self.0));
        for w in waiters.into_iter().flatten() {
            // A waiter that went away needs no waking.
            w.send(()).ok();
        }
    }
}

/// Resolves once no executor drives `key`.
pub async fn settled(key: &str) {
    loop {
        let rx = DRIVING.with(|d| {
            d.borrow_mut().get_mut(key).map(|waiters| {
                let (tx, rx) = oneshot::channel();
                waiters.push(tx);
                rx
            })
        });
        match rx {
            // Woken (or the executor's task went away): look again.
            Some(rx) => {
                rx.await.ok();
            }
            None => return,
        }
    }
}
