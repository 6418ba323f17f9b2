//! A small element builder for the in-page UI.
//!
//! Text goes in through text nodes only: nothing from the page or a CSV ever
//! reaches an HTML parser.

use std::cell::RefCell;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, Node};

use super::mount::Owner;

/// The page's document. Content scripts and extension pages always have one.
pub fn document() -> Document {
    gloo::utils::document()
}

/// Builder for one element.
#[must_use]
pub struct El(Element);

impl El {
    /// Creates `<tag>`. Tag names are our own literals, so creation cannot fail
    /// for a valid one; an invalid literal is a programming error caught in tests.
    pub fn new(tag: &str) -> Self {
        El(document()
            .create_element(tag)
            .unwrap_or_else(|_| panic!("invalid tag literal {tag}")))
    }

    /// Wraps an existing element to add to it.
    pub fn from_element(el: Element) -> Self {
        El(el)
    }

    /// Adds classes (space separated).
    pub fn class(self, classes: &str) -> Self {
        for c in classes.split_whitespace() {
            let _ = self.0.class_list().add_1(c);
        }
        self
    }

    /// Sets an attribute; names are our literals, values may be user data.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets an attribute only when `on` is true (boolean attributes).
    pub fn flag(self, name: &str, on: bool) -> Self {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// Appends text as a text node.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_child(&document().create_text_node(text));
        self
    }

    /// Appends a child.
    pub fn child(self, child: impl AsRef<Node>) -> Self {
        let _ = self.0.append_child(child.as_ref());
        self
    }

    /// Appends children.
    pub fn children<N: AsRef<Node>>(self, children: impl IntoIterator<Item = N>) -> Self {
        for c in children {
            let _ = self.0.append_child(c.as_ref());
        }
        self
    }

    /// Listens for `event` for as long as `owner` (usually the mount) lives.
    /// Use on elements built once; lists re-rendered often should delegate
    /// to a parent instead.
    pub fn on(
        self,
        owner: &impl Owner,
        event: &'static str,
        f: impl FnMut(&Event) + 'static,
    ) -> Self {
        owner.keep(EventListener::new(&self.0, event, f));
        self
    }

    /// The element.
    pub fn build(self) -> Element {
        self.0
    }

    /// The element as an `HtmlElement` (every element we build is one).
    pub fn html(self) -> HtmlElement {
        self.0.unchecked_into()
    }
}

impl AsRef<Node> for El {
    fn as_ref(&self) -> &Node {
        &self.0
    }
}

/// Listeners of a part of the UI that is rebuilt as a whole (a list, a
/// form): cleared when it is rebuilt, so old ones never pile up.
#[derive(Default)]
pub struct Listeners(RefCell<Vec<EventListener>>);

impl Listeners {
    /// Removes every listener kept so far.
    pub fn clear(&self) {
        // Taken out first: dropping a listener never re-enters the list.
        drop(std::mem::take(&mut *self.0.borrow_mut()));
    }
}

impl Owner for Listeners {
    fn keep(&self, listener: EventListener) {
        self.0.borrow_mut().push(listener);
    }
}

/// A Blob URL, revoked when dropped: keep it until the browser has read
/// it (a download starts after the click returns), e.g. until the next one.
#[derive(Debug)]
pub struct ObjectUrl(String);

impl ObjectUrl {
    /// A URL for `blob`.
    pub fn for_blob(blob: &web_sys::Blob) -> Result<ObjectUrl, wasm_bindgen::JsValue> {
        web_sys::Url::create_object_url_with_blob(blob).map(ObjectUrl)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        // Revoking a URL the browser already let go of cannot fail usefully.
        web_sys::Url::revoke_object_url(&self.0).ok();
    }
}

/// Removes every child of `el`.
pub fn clear(el: &Element) {
    while let Some(c) = el.first_child() {
        let _ = el.remove_child(&c);
    }
}

/// Replaces the text of `el`.
pub fn set_text(el: &Element, text: &str) {
    el.set_text_content(Some(text));
}

/// Replaces the children of `el` with `children`.
pub fn replace_children<N: AsRef<Node>>(el: &Element, children: impl IntoIterator<Item = N>) {
    clear(el);
    for c in children {
        let _ = el.append_child(c.as_ref());
    }
}

/// A scrolling table with an accessible name, a header row and `rows`.
pub fn table<R: AsRef<Node>>(
    label: &str,
    headers: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Element {
    El::new("div")
        .class("scroll")
        .child(
            El::new("table")
                .attr("aria-label", label)
                .child(
                    El::new("thead").child(
                        El::new("tr").children(headers.iter().map(|h| El::new("th").text(h))),
                    ),
                )
                .child(El::new("tbody").children(rows)),
        )
        .build()
}

/// Marks a moment of the start-up on the page's performance timeline
/// (`access-kit:<stage>`), where `./build.sh bench` reads the ready time's
/// breakdown. One entry per stage per mount; nothing is measured here.
pub fn mark(stage: &str) {
    if let Some(p) = gloo::utils::window().performance() {
        let _ = p.mark(&format!("access-kit:{stage}"));
    }
}
