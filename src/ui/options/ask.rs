//! A plain yes/no confirmation for the options page (an alertdialog; Escape
//! and Cancel say no). Deleting a template is undoable by import, so no typed
//! phrase is asked, unlike the in-page guard's confirmation.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;

use crate::ui::dom::{document, El};

/// What to ask.
pub(super) struct Question {
    pub title: String,
    pub body: String,
    /// The go-ahead button's label.
    pub confirm: String,
}

/// Shows the dialog; `true` only when the go-ahead button was pressed.
pub(super) async fn confirm(q: Question) -> bool {
    let Some(body) = document().body() else {
        return false;
    };
    let (tx, rx) = oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let finish = move |answer: bool| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(answer);
        }
    };
    let cancel = El::new("button")
        .attr("type", "button")
        .text("Cancel")
        .html();
    let go = El::new("button")
        .class("danger")
        .attr("type", "button")
        .text(&q.confirm)
        .html();
    let dialog = El::new("div")
        .class("alert")
        .attr("role", "alertdialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", "ak-ask-title")
        .attr("aria-describedby", "ak-ask-body")
        .child(El::new("h2").attr("id", "ak-ask-title").text(&q.title))
        .child(El::new("p").attr("id", "ak-ask-body").text(&q.body))
        .child(
            El::new("div")
                .class("actions")
                .child(cancel.clone())
                .child(go.clone()),
        )
        .build();
    let backdrop = El::new("div").class("ak backdrop").child(dialog).build();
    let _ = body.append_child(&backdrop);
    let listeners = {
        let (f1, f2, f3) = (finish.clone(), finish.clone(), finish);
        vec![
            EventListener::new(&cancel, "click", move |_| f1(false)),
            EventListener::new(&go, "click", move |_| f2(true)),
            EventListener::new(&backdrop, "keydown", move |e| {
                if e.dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape")
                {
                    f3(false);
                }
            }),
        ]
    };
    let _ = cancel.focus();
    let answer = rx.await.unwrap_or(false);
    drop(listeners);
    backdrop.remove();
    answer
}
