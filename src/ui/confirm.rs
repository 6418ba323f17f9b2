//! A blocking confirmation: role `alertdialog`, focus trapped (and taken
//! back when the page moves it), Escape and Cancel refuse; for dangerous actions going on also needs the person to
//! type an exact phrase (e.g. the owner's email).
//!
//! Our shadow root is open, so page script can find the dialog. Only the
//! browser's own (trusted) input events count towards going ahead: the phrase
//! is what the person last typed or pasted, the go-ahead button answers only
//! a trusted click, and a value set by script since the last trusted input
//! does not count. Refusing (Cancel, Escape) accepts any event: it is the safe
//! direction.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::{mpsc, oneshot};
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlButtonElement, HtmlElement, HtmlInputElement, KeyboardEvent, Node, ShadowRoot,
};

use crate::core::guard::confirmation_matches;
use crate::driver::dom::event_origin;

use super::dom::El;

/// How often the dialog takes focus back from the page (see `choose`).
const RECLAIMS: u8 = 3;

/// What to ask.
#[derive(Debug, Clone)]
pub struct Confirm {
    /// The heading; also the dialog's accessible name.
    pub title: String,
    /// Paragraphs of explanation (plain text).
    pub body: Vec<String>,
    /// What the person must type to enable the go-ahead button, compared as
    /// an email address is (trimmed, case-insensitive); `None`: no typing.
    pub phrase: Option<String>,
    /// The go-ahead button's label (e.g. "Remove anyway").
    pub confirm_label: String,
}

/// The person's answer to [`choose`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Cancel, Escape, or the dialog went away.
    Cancel,
    /// The go-ahead button.
    Go,
    /// The alternative action's button (e.g. "Use the corrected address").
    Alternative,
}

/// Shows the dialog under `parent` (our shadow root, or an extension page's
/// body) and resolves to `true` only when the person pressed the go-ahead
/// button (after typing the phrase, if one is asked).
pub async fn ask(parent: &Node, q: Confirm) -> bool {
    choose(parent, q, None).await == Answer::Go
}

/// [`ask`], with a third button labelled `alternative` (placed before the
/// go-ahead button; it too answers only a trusted click).
pub async fn choose(parent: &Node, q: Confirm, alternative: Option<&str>) -> Answer {
    let (tx, rx) = oneshot::channel::<Answer>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let input_id = "ak-confirm-input";
    let input: HtmlInputElement = El::new("input")
        .attr("id", input_id)
        .attr("type", "text")
        .attr("autocomplete", "off")
        .attr("spellcheck", "false")
        .build()
        .unchecked_into();
    let cancel = El::new("button")
        .attr("type", "button")
        .text("Cancel")
        .html();
    let go: HtmlButtonElement = El::new("button")
        .class("danger")
        .attr("type", "button")
        .flag("disabled", q.phrase.is_some())
        .text(&q.confirm_label)
        .build()
        .unchecked_into();
    let alt = alternative.map(|label| {
        El::new("button")
            .class("primary")
            .attr("type", "button")
            .text(label)
            .build()
    });
    let dialog = El::new("div")
        .class("alert")
        .attr("role", "alertdialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", "ak-confirm-title")
        .attr("aria-describedby", "ak-confirm-body")
        .child(El::new("h2").attr("id", "ak-confirm-title").text(&q.title))
        .child(
            El::new("div")
                .attr("id", "ak-confirm-body")
                .children(q.body.iter().map(|p| El::new("p").text(p))),
        )
        .children(q.phrase.as_ref().map(|phrase| {
            El::new("label")
                .attr("for", input_id)
                .text(&format!("To go ahead anyway, type {phrase}"))
        }))
        .children(q.phrase.is_some().then(|| input.clone()))
        .child(
            El::new("div")
                .class("actions")
                .child(cancel.clone())
                .children(alt.clone())
                .child(go.clone()),
        )
        .build();
    let backdrop = El::new("div")
        .class("ak backdrop")
        .child(dialog.clone())
        .build();
    let _ = parent.append_child(&backdrop);

    let finish = {
        let tx = tx.clone();
        move |answer: Answer| {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(answer);
            }
        }
    };
    let mut listeners = Vec::new();
    // The input's value as of the last trusted input event.
    let typed = Rc::new(RefCell::new(String::new()));
    let phrase_typed = {
        let typed = typed.clone();
        let inp = input.clone();
        let phrase = q.phrase.clone();
        move || match &phrase {
            None => true,
            Some(p) => {
                let typed = typed.borrow();
                *typed == inp.value() && confirmation_matches(&typed, p)
            }
        }
    };
    if q.phrase.is_some() {
        let go = go.clone();
        let inp = input.clone();
        let typed = typed.clone();
        let phrase_typed = phrase_typed.clone();
        listeners.push(EventListener::new(&input, "input", move |e| {
            if e.is_trusted() {
                *typed.borrow_mut() = inp.value();
            }
            go.set_disabled(!phrase_typed());
        }));
    }
    {
        let f = finish.clone();
        listeners.push(EventListener::new(&cancel, "click", move |_| {
            f(Answer::Cancel)
        }));
    }
    {
        let f = finish.clone();
        listeners.push(EventListener::new(&go, "click", move |e| {
            if e.is_trusted() && phrase_typed() {
                f(Answer::Go)
            }
        }));
    }
    if let Some(alt) = &alt {
        let f = finish.clone();
        listeners.push(EventListener::new(alt, "click", move |e| {
            if e.is_trusted() {
                f(Answer::Alternative)
            }
        }));
    }
    {
        // Keys stay inside: the page's own dialog would otherwise close on our
        // Escape, and its shortcuts would fire while we ask.
        let f = finish.clone();
        let dlg = dialog.clone();
        let parent2 = parent.clone();
        let opts = EventListenerOptions::enable_prevent_default();
        listeners.push(EventListener::new_with_options(
            &backdrop,
            "keydown",
            opts,
            move |e| {
                e.stop_propagation();
                let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                match k.key().as_str() {
                    "Escape" => {
                        e.prevent_default();
                        f(Answer::Cancel);
                    }
                    "Tab" => trap_tab(&parent2, &dlg, k),
                    _ => {}
                }
            },
        ));
        for ev in ["keyup", "keypress"] {
            listeners.push(EventListener::new(&backdrop, ev, |e| e.stop_propagation()));
        }
    }
    {
        // The page may pull focus back into its own dialog (a side sheet
        // finishing its opening transition): Escape and Tab still answer
        // here, before the page sees them.
        let f = finish.clone();
        let (dlg, parent2) = (dialog.clone(), parent.clone());
        let opts = EventListenerOptions {
            phase: EventListenerPhase::Capture,
            passive: false,
        };
        listeners.push(EventListener::new_with_options(
            &gloo::utils::window(),
            "keydown",
            opts,
            move |e| {
                let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let inside = event_origin::<Node>(e).is_some_and(|n| dlg.contains(Some(&n)));
                match k.key().as_str() {
                    "Escape" => {
                        e.prevent_default();
                        e.stop_propagation();
                        f(Answer::Cancel);
                    }
                    "Tab" if !inside => {
                        e.stop_propagation();
                        trap_tab(&parent2, &dlg, k);
                    }
                    _ => {}
                }
            },
        ));
    }
    // The page may also move focus while we ask (its side sheet focuses its
    // first field when its opening transition ends): take it back to where
    // it was in the dialog, so the person's next key lands here. A page that
    // insists (a focus trap of its own) keeps it after a few tries rather
    // than the two trading focus forever.
    // The listener only notes that focus left; this task takes it back. A
    // `focus()` inside the listener would fire `focusin` at the listener
    // while it runs, and a wasm-bindgen closure cannot be re-entered ("closure
    // invoked recursively or after being dropped").
    let last = Rc::new(RefCell::new(cancel.clone()));
    let (left, mut reclaims) = mpsc::unbounded::<()>();
    {
        let dlg = dialog.clone();
        let last = last.clone();
        let tries = Cell::new(0u8);
        let opts = EventListenerOptions {
            phase: EventListenerPhase::Capture,
            passive: true,
        };
        listeners.push(EventListener::new_with_options(
            &gloo::utils::window(),
            "focusin",
            opts,
            move |e| match event_origin::<Node>(e) {
                Some(n) if dlg.contains(Some(&n)) => {
                    if let Ok(el) = n.dyn_into::<HtmlElement>() {
                        *last.borrow_mut() = el;
                    }
                }
                _ if tries.get() < RECLAIMS => {
                    tries.set(tries.get() + 1);
                    let _ = left.unbounded_send(());
                }
                _ => {}
            },
        ));
    }
    let _ = cancel.focus();
    let mut rx = rx;
    let answer = loop {
        match select(rx, reclaims.next()).await {
            Either::Left((answer, _)) => break answer.unwrap_or(Answer::Cancel),
            Either::Right((reclaim, pending)) => {
                rx = pending;
                if reclaim.is_none() {
                    break rx.await.unwrap_or(Answer::Cancel);
                }
                // No borrow across `focus()`: its `focusin` updates `last`.
                let el = last.borrow().clone();
                let _ = el.focus();
            }
        }
    };
    drop(listeners);
    backdrop.remove();
    answer
}

/// Keeps Tab and Shift+Tab cycling among the dialog's enabled controls.
fn trap_tab(parent: &Node, dialog: &Element, k: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all("button:not([disabled]), input") else {
        return;
    };
    let items: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    // Inside a shadow tree the document only sees the host as focused.
    let active = match parent.get_root_node().dyn_into::<ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(_) => super::dom::document().active_element(),
    };
    let at = |el: &HtmlElement| active.as_ref() == Some(el.unchecked_ref::<Element>());
    let outside = !items.iter().any(at);
    if k.shift_key() && (at(first) || outside) {
        k.prevent_default();
        let _ = last.focus();
    } else if !k.shift_key() && (at(last) || outside) {
        k.prevent_default();
        let _ = first.focus();
    }
}
