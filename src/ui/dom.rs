//! A small element builder for the in-page UI.
//!
//! Text goes in through text nodes only: nothing from the page or a CSV ever
//! reaches an HTML parser. Long text comes out of a text box as the JS string
//! itself ([`value_js`]: comparing two readings is `===`, no copy) and into
//! the module through the page's `TextEncoder` ([`utf8_of`]).

use std::cell::RefCell;

use gloo::events::EventListener;
use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlTextAreaElement, Node};

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

#[wasm_bindgen]
extern "C" {
    /// The page's `TextEncoder`, fed the JS string itself: wasm-bindgen's own
    /// `&str` conversion copies a long ASCII text one character at a time in
    /// JavaScript, which cost as much as a fifth of the whole parse.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    /// `encodeInto(text, dest)`: `{read, written}`.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &JsString, dest: &Uint8Array) -> EncodedInto;
    type EncodedInto;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodedInto) -> u32;

    /// A text box seen only for its `value`, kept a JS string (web-sys's
    /// `value()` copies it into a `String`).
    type ValueHolder;
    #[wasm_bindgen(method, getter = value)]
    fn value(this: &ValueHolder) -> JsString;
}

/// The text of `el` as the JS string itself: two readings compare with
/// `===` in the engine, so "did the text change" costs no copy.
pub fn value_js(el: &HtmlTextAreaElement) -> JsString {
    el.unchecked_ref::<ValueHolder>().value()
}

/// `text` as UTF-8, written by the page's `TextEncoder` straight into this
/// module's memory: `encode()` then copying in cost a tenth of the parse
/// (a fresh buffer as large as the text, then a second copy). A lone
/// surrogate becomes U+FFFD, as wasm-bindgen's own conversion makes it.
pub fn utf8_of(text: &JsString) -> String {
    // A UTF-16 code unit takes at most three UTF-8 bytes.
    let room = text.length() as usize * 3;
    let encoder = Utf8Encoder::new();
    let mut bytes: Vec<u8> = Vec::with_capacity(room);
    // SAFETY: the view covers `bytes`' allocation and is used only by the
    // call below, before anything else can allocate (and so move or grow
    // the module's memory); `set_len` covers only bytes the encoder wrote.
    unsafe {
        let view = Uint8Array::view_mut_raw(bytes.as_mut_ptr(), room);
        let written = encoder.encode_into(text, &view).written() as usize;
        bytes.set_len(written.min(room));
    }
    utf8_or_replaced(bytes)
}

/// `bytes` as text, any invalid sequence replaced by U+FFFD. The encoder
/// writes only valid UTF-8 (it replaces lone surrogates itself); this keeps
/// the answer that of wasm-bindgen's conversion should one ever slip through.
fn utf8_or_replaced(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::utf8_or_replaced;

    #[test]
    fn valid_utf8_is_kept_and_invalid_bytes_become_replacement_characters() {
        let text = "email\na@x.com\n\u{e9}\u{1f600}";
        assert_eq!(utf8_or_replaced(text.as_bytes().to_vec()), text);
        // A lone surrogate as a UTF-8-style encoder would write it (ED A0 80),
        // between two addresses: each bad byte is one U+FFFD, the rest kept.
        let mut bytes = b"a@x.com\n".to_vec();
        bytes.extend([0xED, 0xA0, 0x80]);
        bytes.extend(b"b@x.com");
        assert_eq!(
            utf8_or_replaced(bytes),
            "a@x.com\n\u{fffd}\u{fffd}\u{fffd}b@x.com"
        );
        assert_eq!(utf8_or_replaced(vec![0xFF]), "\u{fffd}");
    }
}
