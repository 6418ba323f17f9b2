//! The host-access notice on the extension's own pages (options, toolbar
//! popup): whether Access Kit may run on app.segment.com and, when it may
//! not, a button that asks for it from the click (Firefox makes host access
//! opt-in; without it nothing appears on the page). The notice follows
//! grants and revocations made elsewhere while it is shown.
//!
//! Its element carries `data-access` = checking | granted | missing | error.

mod words;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement};

use super::dom::{self, El, Listeners};
use crate::browser::permissions::{self, AccessWatch};

/// The notice and the permission watch it owns (dropped with it).
pub struct AccessNotice {
    root: Element,
    text: Element,
    how: Element,
    allow: HtmlButtonElement,
    watch: RefCell<Option<AccessWatch>>,
    /// The allow button's listener.
    listeners: Listeners,
    /// Granted from this page: keep saying that the Segment tab needs a reload.
    granted_here: Cell<bool>,
}

impl AccessNotice {
    /// Builds the notice and starts checking.
    pub fn new() -> Rc<AccessNotice> {
        let allow: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .class("primary")
            .flag("hidden", true)
            .text(words::ALLOW)
            .build()
            .unchecked_into();
        let text = El::new("p")
            .attr("role", "status")
            .text(words::CHECKING)
            .build();
        let how = El::new("p")
            .class("muted")
            .flag("hidden", true)
            .text(words::HOW)
            .build();
        let root = El::new("div")
            .class("access notice")
            .attr("data-access", "checking")
            .child(text.clone())
            .child(allow.clone())
            .child(how.clone())
            .build();
        let notice = Rc::new(AccessNotice {
            root,
            text,
            how,
            allow,
            watch: RefCell::new(None),
            listeners: Listeners::default(),
            granted_here: Cell::new(false),
        });
        let weak = Rc::downgrade(&notice);
        El::from_element(notice.allow.clone().into())
            .on(&notice.listeners, "click", move |_| {
                // Ask now, inside the click: browsers grant only during a gesture.
                let asked = permissions::request_host_access();
                let weak = weak.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = asked.await;
                    if let Some(n) = weak.upgrade() {
                        match result {
                            Ok(true) => {
                                n.granted_here.set(true);
                                n.show("granted", words::JUST_GRANTED, false);
                            }
                            Ok(false) => n.show("missing", words::DECLINED, true),
                            Err(e) => n.show("error", &e.to_string(), true),
                        }
                    }
                });
            })
            .build();
        let weak = Rc::downgrade(&notice);
        match AccessWatch::new(move || {
            if let Some(n) = weak.upgrade() {
                n.refresh();
            }
        }) {
            Ok(w) => *notice.watch.borrow_mut() = Some(w),
            // Still checked once; only later changes would go unseen.
            Err(e) => gloo::console::warn!(format!("Access Kit: {e}")),
        }
        notice.refresh();
        notice
    }

    /// The notice's element.
    pub fn element(&self) -> &Element {
        &self.root
    }

    /// Asks the browser again and shows the answer.
    pub fn refresh(self: &Rc<Self>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match permissions::has_host_access().await {
                Ok(true) => {
                    let text = if me.granted_here.get() {
                        words::JUST_GRANTED
                    } else {
                        words::GRANTED
                    };
                    me.show("granted", text, false);
                }
                Ok(false) => me.show("missing", words::MISSING, true),
                Err(e) => me.show("error", &e.to_string(), true),
            }
        });
    }

    fn show(&self, state: &str, text: &str, offer: bool) {
        let _ = self.root.set_attribute("data-access", state);
        let _ = self.root.class_list().toggle_with_force("bad", offer);
        dom::set_text(&self.text, text);
        self.allow.set_hidden(!offer);
        let _ = self.how.toggle_attribute_with_force("hidden", !offer);
    }
}
