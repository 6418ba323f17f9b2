//! The page lease: one operator drives the page at a time, and the actions
//! it vetted pass the last-owner guard.
//!
//! ## Protocol
//! - Anything that clicks or types on the page for more than one step (a
//!   run, "Check this page", "Apply template", a preview that reads every
//!   page of the table) first takes the lease: [`try_acquire`] answers at
//!   once, [`acquire`] waits a bounded time (for as long as the caller's
//!   [`Lifetime`] lasts) and says who holds it when it gives up. The
//!   [`PageLease`] is released when dropped.
//! - The holder names itself with words the panel shows ("Bulk invite"), so
//!   a refused operator can say why: "Bulk invite is using the page".
//! - A holder that is about to perform a removal or demotion it has vetted
//!   (previewed by name, confirmed by the person, safe for the owner count)
//!   calls [`PageLease::vet`] with exactly that action, right before acting,
//!   and drops the [`Vetted`] token right after. While the token lives,
//!   [`is_vetted`] answers `true` for that person and action only; the
//!   guard lets the extension's own (synthetic) clicks for it through
//!   without asking, and still asks for everything else, including a
//!   person's own clicks on the same control.
//! - An invite submission the holder's preview showed (and whose safety
//!   flags the person ticked) is vetted the same way, by its exact content:
//!   [`PageLease::vet_invite`] with the addresses and whether they become
//!   owners; [`is_vetted_invite`] answers for exactly that set of addresses
//!   (in any order and case) with that role. The safety prompts let only
//!   that submission through; the same form with one address more asks.
//!
//! One page, one table: the state is per document, not per mount, since
//! two mounts share the page while one ends; and not per wasm instance,
//! since the in-page core (the guard's census and its `is_vetted*`
//! questions) and the feature module (runs, checks, templates) are two
//! instances with no shared memory. The table is kept as one JS value on
//! the content script's global under [`SHARED_KEY`] (both modules run in
//! that global), read and written whole on every operation (it holds a
//! holder and a few vetted actions); a release wakes waiters of either
//! module through an `EventTarget` kept next to it.

use futures_util::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use thiserror::Error;

use super::lifetime::Lifetime;
use crate::core::email::comparison_key;
use crate::core::guard::GuardAction;

// Natively one thread is one document: the table is never stored.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod stored;

/// The `Symbol.for` key of the shared table on the content script's global.
pub const SHARED_KEY: &str = "segment-access-kit.lease";

/// Who holds the page, and what it vetted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LeaseTable {
    holder: Option<(u64, String)>,
    vetted: Vec<(u64, Key)>,
    next_id: u64,
}

/// A vetted action, compared case-insensitively by email.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Remove(String),
    Demote(String),
    /// Making a member Workspace Owner in their editor (the safety prompts'
    /// new-owner question; the last-owner guard has nothing to say).
    Promote(String),
    /// One invite submission: its addresses (comparison keys, sorted,
    /// without repeats) and whether they are invited as owners.
    Invite {
        emails: Vec<String>,
        owner: bool,
    },
}

impl Key {
    fn of(action: &GuardAction) -> Key {
        match action {
            GuardAction::Remove { email } => Key::Remove(comparison_key(email)),
            GuardAction::Demote { email } => Key::Demote(comparison_key(email)),
        }
    }

    fn invite<S: AsRef<str>>(emails: &[S], owner: bool) -> Key {
        let mut emails: Vec<String> = emails.iter().map(|e| comparison_key(e.as_ref())).collect();
        emails.sort_unstable();
        emails.dedup();
        Key::Invite { emails, owner }
    }
}

/// The page is held by someone else.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LeaseError {
    /// `holder` is using the page (and did not finish within the wait).
    #[error("{holder} is using the page")]
    Busy { holder: String },
    /// The page this was for went away while waiting.
    #[error("the page went away while waiting for {holder}")]
    Ended { holder: String },
}

impl LeaseTable {
    /// Takes the page for `who`, if free; the lease's id.
    pub fn acquire(&mut self, who: &str) -> Result<u64, LeaseError> {
        if let Some((_, holder)) = &self.holder {
            return Err(LeaseError::Busy {
                holder: holder.clone(),
            });
        }
        self.next_id += 1;
        self.holder = Some((self.next_id, who.to_string()));
        Ok(self.next_id)
    }

    /// Gives the page back (only the holder can); whether it did (then the
    /// waiters are to be woken).
    pub fn release(&mut self, id: u64) -> bool {
        if self.holds(id) {
            self.holder = None;
            // A released lease vets nothing any more.
            self.vetted.clear();
            return true;
        }
        false
    }

    fn holds(&self, id: u64) -> bool {
        self.holder.as_ref().is_some_and(|(h, _)| *h == id)
    }

    /// The current holder's name.
    pub fn holder(&self) -> Option<&str> {
        self.holder.as_ref().map(|(_, who)| who.as_str())
    }

    /// Marks `action` vetted by lease `id`; the token's id, or `None` when
    /// `id` does not hold the page.
    pub fn vet(&mut self, id: u64, action: &GuardAction) -> Option<u64> {
        self.vet_key(id, Key::of(action))
    }

    /// Marks making `email` Workspace Owner in their editor vetted by lease
    /// `id`, as [`Self::vet`].
    pub fn vet_promote(&mut self, id: u64, email: &str) -> Option<u64> {
        self.vet_key(id, Key::Promote(comparison_key(email)))
    }

    /// Marks the invite of exactly `emails` (as owners or not) vetted by
    /// lease `id`, as [`Self::vet`].
    pub fn vet_invite<S: AsRef<str>>(&mut self, id: u64, emails: &[S], owner: bool) -> Option<u64> {
        self.vet_key(id, Key::invite(emails, owner))
    }

    fn vet_key(&mut self, id: u64, key: Key) -> Option<u64> {
        if !self.holds(id) {
            return None;
        }
        self.next_id += 1;
        self.vetted.push((self.next_id, key));
        Some(self.next_id)
    }

    /// Withdraws a vetted action.
    pub fn unvet(&mut self, token: u64) {
        self.vetted.retain(|(t, _)| *t != token);
    }

    /// Whether exactly this action is vetted now.
    pub fn is_vetted(&self, action: &GuardAction) -> bool {
        self.has(&Key::of(action))
    }

    /// Whether making `email` Workspace Owner is vetted now.
    pub fn is_vetted_promote(&self, email: &str) -> bool {
        self.has(&Key::Promote(comparison_key(email)))
    }

    /// Whether the invite of exactly `emails` (as owners or not) is vetted now.
    pub fn is_vetted_invite<S: AsRef<str>>(&self, emails: &[S], owner: bool) -> bool {
        self.has(&Key::invite(emails, owner))
    }

    fn has(&self, key: &Key) -> bool {
        self.vetted.iter().any(|(_, k)| k == key)
    }
}

/// Where the table lives: on the content script's global, shared by the
/// in-page core and the feature module (see the module docs).
#[cfg(target_arch = "wasm32")]
mod shared {
    use futures_channel::oneshot;
    use gloo::events::EventListener;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{LeaseTable, SHARED_KEY};

    /// The event a release sends to the waiters of both modules.
    const RELEASED: &str = "released";

    #[wasm_bindgen]
    extern "C" {
        /// The content script's global (in Firefox its sandbox, where the
        /// loader keeps its own symbols too), not the page's window.
        #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
        static GLOBAL_THIS: JsValue;
    }

    /// `{table, events}` under `Symbol.for(SHARED_KEY)`, made by whichever
    /// module asks first. An own, non-enumerable property under a symbol:
    /// the page's named elements cannot fake it.
    fn slot() -> js_sys::Object {
        let global = GLOBAL_THIS.with(JsValue::clone);
        let key = js_sys::Symbol::for_(SHARED_KEY);
        if let Ok(v) = js_sys::Reflect::get(&global, &key) {
            if let Ok(slot) = v.dyn_into::<js_sys::Object>() {
                return slot;
            }
        }
        let slot = js_sys::Object::new();
        let events = web_sys::EventTarget::new()
            .map(JsValue::from)
            .unwrap_or_default();
        js_sys::Reflect::set(&slot, &"events".into(), &events).ok();
        let desc = js_sys::Object::new();
        js_sys::Reflect::set(&desc, &"value".into(), &slot).ok();
        let global: js_sys::Object = global.unchecked_into();
        js_sys::Object::define_property(&global, &key.into(), &desc);
        slot
    }

    /// Runs `f` on the table, read from and written back to the global in
    /// its stored form (`stored.rs`).
    pub fn with<R>(f: impl FnOnce(&mut LeaseTable) -> R) -> R {
        let slot = slot();
        let mut table = js_sys::Reflect::get(&slot, &"table".into())
            .ok()
            .and_then(|v| crate::driver::cells::from_js(&v))
            .and_then(|cells| LeaseTable::from_cells(&cells))
            .unwrap_or_default();
        let out = f(&mut table);
        let cells = crate::driver::cells::to_js(table.to_cells());
        js_sys::Reflect::set(&slot, &"table".into(), &cells).ok();
        out
    }

    fn events() -> Option<web_sys::EventTarget> {
        js_sys::Reflect::get(&slot(), &"events".into())
            .ok()?
            .dyn_into()
            .ok()
    }

    /// Wakes every waiter, in either module.
    pub fn wake() {
        if let (Some(events), Ok(event)) = (events(), web_sys::Event::new(RELEASED)) {
            events.dispatch_event(&event).ok();
        }
    }

    /// Resolves at the next release (the listener goes when this is dropped).
    pub async fn released() {
        let Some(events) = events() else {
            return std::future::pending().await;
        };
        let (tx, rx) = oneshot::channel();
        let _listener = EventListener::once(&events, RELEASED, move |_| {
            tx.send(()).ok();
        });
        rx.await.ok();
    }
}

/// Natively (tests) one thread is one document.
#[cfg(not(target_arch = "wasm32"))]
mod shared {
    use std::cell::RefCell;

    use super::LeaseTable;

    thread_local! {
        static TABLE: RefCell<LeaseTable> = RefCell::new(LeaseTable::default());
    }

    pub fn with<R>(f: impl FnOnce(&mut LeaseTable) -> R) -> R {
        TABLE.with(|t| f(&mut t.borrow_mut()))
    }

    pub fn wake() {}

    pub async fn released() {
        std::future::pending().await
    }
}

/// The page, held by one operator until dropped.
#[derive(Debug)]
#[must_use = "the lease is released as soon as it is dropped"]
pub struct PageLease {
    id: u64,
    holder: String,
}

impl PageLease {
    /// The holder's name.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Vets `action` (a removal or demotion the holder checked and the
    /// person confirmed) until the token is dropped.
    pub fn vet(&self, action: &GuardAction) -> Vetted {
        let token = shared::with(|t| t.vet(self.id, action));
        Vetted(token.expect("a live lease holds the page"))
    }

    /// Vets making `email` Workspace Owner in their editor, which the
    /// holder's plan showed, until the token is dropped.
    pub fn vet_promote(&self, email: &str) -> Vetted {
        let token = shared::with(|t| t.vet_promote(self.id, email));
        Vetted(token.expect("a live lease holds the page"))
    }

    /// Vets the invite submission of exactly `emails` (as owners or not),
    /// which the holder's preview showed, until the token is dropped.
    pub fn vet_invite(&self, emails: &[String], owner: bool) -> Vetted {
        let token = shared::with(|t| t.vet_invite(self.id, emails, owner));
        Vetted(token.expect("a live lease holds the page"))
    }
}

impl Drop for PageLease {
    fn drop(&mut self) {
        if shared::with(|t| t.release(self.id)) {
            shared::wake();
        }
    }
}

/// An action the guard lets through for the extension, until dropped.
#[derive(Debug)]
#[must_use = "the action is vetted only while the token lives"]
pub struct Vetted(u64);

impl Drop for Vetted {
    fn drop(&mut self) {
        shared::with(|t| t.unvet(self.0));
    }
}

/// Takes the page for `who` now, or says who holds it.
pub fn try_acquire(who: &str) -> Result<PageLease, LeaseError> {
    let id = shared::with(|t| t.acquire(who))?;
    Ok(PageLease {
        id,
        holder: who.to_string(),
    })
}

/// Who holds the page now.
pub fn holder() -> Option<String> {
    shared::with(|t| t.holder().map(str::to_string))
}

/// Whether exactly this action is vetted by the page's holder now.
pub fn is_vetted(action: &GuardAction) -> bool {
    shared::with(|t| t.is_vetted(action))
}

/// Whether making `email` Workspace Owner is vetted by the page's holder now.
pub fn is_vetted_promote(email: &str) -> bool {
    shared::with(|t| t.is_vetted_promote(email))
}

/// Whether the invite of exactly `emails` (as owners or not) is vetted by
/// the page's holder now.
pub fn is_vetted_invite<S: AsRef<str>>(emails: &[S], owner: bool) -> bool {
    shared::with(|t| t.is_vetted_invite(emails, owner))
}

/// Takes the page for `who`, waiting up to `max_wait_ms` for its holder
/// to finish, and no longer than `lifetime` lasts.
pub async fn acquire(
    who: &str,
    max_wait_ms: u32,
    lifetime: &Lifetime,
) -> Result<PageLease, LeaseError> {
    let mut deadline = Box::pin(TimeoutFuture::new(max_wait_ms));
    loop {
        let busy = match try_acquire(who) {
            Ok(lease) => return Ok(lease),
            Err(LeaseError::Busy { holder } | LeaseError::Ended { holder }) => holder,
        };
        if !lifetime.is_live() {
            return Err(LeaseError::Ended { holder: busy });
        }
        let released = Box::pin(shared::released());
        let ended = Box::pin(lifetime.ended());
        let woken = select(released, ended);
        match select(woken, deadline.as_mut()).await {
            Either::Left((Either::Left(_), _)) => continue,
            Either::Left((Either::Right(_), _)) => return Err(LeaseError::Ended { holder: busy }),
            Either::Right(_) => return Err(LeaseError::Busy { holder: busy }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remove(email: &str) -> GuardAction {
        GuardAction::Remove {
            email: email.into(),
        }
    }

    #[test]
    fn one_holder_at_a_time_and_the_refusal_names_it() {
        let mut t = LeaseTable::default();
        let run = t.acquire("Bulk invite").unwrap();
        assert_eq!(
            t.acquire("Check this page"),
            Err(LeaseError::Busy {
                holder: "Bulk invite".into()
            })
        );
        assert_eq!(
            LeaseError::Busy {
                holder: "Bulk invite".into()
            }
            .to_string(),
            "Bulk invite is using the page"
        );
        assert!(!t.release(run + 100), "only the holder releases");
        assert_eq!(t.holder(), Some("Bulk invite"));
        assert!(
            t.release(run),
            "the holder releases (and waiters are woken)"
        );
        assert_eq!(t.holder(), None);
        assert!(t.acquire("Check this page").is_ok());
    }

    #[test]
    fn a_vetted_action_names_the_person_and_the_action() {
        let mut t = LeaseTable::default();
        let lease = t.acquire("Remove people").unwrap();
        let token = t.vet(lease, &remove("Ann@X.com")).unwrap();
        assert!(t.is_vetted(&remove("ann@x.com")));
        assert!(
            !t.is_vetted(&remove("bob@x.com")),
            "another person still asks"
        );
        assert!(
            !t.is_vetted(&GuardAction::Demote {
                email: "ann@x.com".into()
            }),
            "another action still asks"
        );
        t.unvet(token);
        assert!(!t.is_vetted(&remove("ann@x.com")));
    }

    #[test]
    fn a_vetted_promotion_is_exactly_its_person() {
        let mut t = LeaseTable::default();
        let lease = t.acquire("Roster apply").unwrap();
        let token = t.vet_promote(lease, "Ann@X.com").unwrap();
        assert!(t.is_vetted_promote("ann@x.com"));
        assert!(
            !t.is_vetted_promote("bob@x.com"),
            "another person still asks"
        );
        assert!(
            !t.is_vetted(&GuardAction::Demote {
                email: "ann@x.com".into()
            }),
            "a promotion vets nothing else"
        );
        t.unvet(token);
        assert!(!t.is_vetted_promote("ann@x.com"));
    }

    #[test]
    fn a_vetted_invite_is_exactly_its_addresses_and_role() {
        let mut t = LeaseTable::default();
        let lease = t.acquire("Bulk invite").unwrap();
        let token = t
            .vet_invite(lease, &["Ann@X.com", "bo@y.org"], false)
            .unwrap();
        assert!(
            t.is_vetted_invite(&["bo@y.org", "ann@x.com"], false),
            "any order and case"
        );
        assert!(t.is_vetted_invite(&["bo@y.org", "ann@x.com", "ANN@x.com"], false));
        assert!(
            !t.is_vetted_invite(&["ann@x.com"], false),
            "fewer addresses ask"
        );
        assert!(
            !t.is_vetted_invite(&["ann@x.com", "bo@y.org", "cy@z.net"], false),
            "one more address asks"
        );
        assert!(
            !t.is_vetted_invite(&["ann@x.com", "bo@y.org"], true),
            "as owners asks"
        );
        assert!(
            !t.is_vetted(&remove("ann@x.com")),
            "an invite vets no removal"
        );
        t.unvet(token);
        assert!(!t.is_vetted_invite(&["ann@x.com", "bo@y.org"], false));
        assert_eq!(
            t.vet_invite(lease + 100, &["a@x.com"], false),
            None,
            "only the holder"
        );
    }

    #[test]
    fn only_the_holder_vets_and_release_withdraws_everything() {
        let mut t = LeaseTable::default();
        assert_eq!(t.vet(1, &remove("a@x.com")), None);
        let lease = t.acquire("Remove people").unwrap();
        t.vet(lease, &remove("a@x.com")).unwrap();
        t.release(lease);
        assert!(!t.is_vetted(&remove("a@x.com")));
    }

    #[test]
    fn leases_and_tokens_end_when_dropped() {
        let lease = try_acquire("Bulk invite").unwrap();
        assert_eq!(holder().as_deref(), Some("Bulk invite"));
        assert_eq!(
            try_acquire("Apply template").unwrap_err(),
            LeaseError::Busy {
                holder: "Bulk invite".into()
            }
        );
        let token = lease.vet(&remove("a@x.com"));
        assert!(is_vetted(&remove("A@x.com")));
        drop(token);
        assert!(!is_vetted(&remove("a@x.com")));
        let token = lease.vet(&remove("a@x.com"));
        drop(lease);
        assert_eq!(holder(), None);
        assert!(!is_vetted(&remove("a@x.com")));
        drop(token);
    }
}
