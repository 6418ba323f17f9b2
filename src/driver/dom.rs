//! The live document as a [`Tree`]: the whole document, including the
//! overlays Evergreen appends to `<body>` (portals), and never the
//! extension's own shadow host.

use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Node,
    NodeList, ShadowRoot,
};

use super::error::DriverError;
use super::tree::Tree;

/// The current page's document.
#[derive(Debug, Clone)]
pub struct LiveDom {
    doc: Document,
}

impl LiveDom {
    /// The document of the current window.
    pub fn current() -> Result<LiveDom, DriverError> {
        let window = web_sys::window().ok_or(DriverError::NoPage {
            reason: "no window".into(),
        })?;
        let doc = window.document().ok_or(DriverError::NoPage {
            reason: "no document".into(),
        })?;
        Ok(LiveDom { doc })
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }
}

/// The elements of a NodeList.
pub fn elements(list: &NodeList) -> Vec<Element> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// `el` and its ancestors, innermost first, on through shadow roots to
/// their hosts: the elements an event at `el` passes on its way up.
pub fn composed_ancestors(el: &Element) -> Vec<Element> {
    let up = |e: &Element| {
        e.parent_element().or_else(|| {
            e.parent_node()
                .and_then(|p| p.dyn_into::<ShadowRoot>().ok())
                .map(|root| root.host())
        })
    };
    std::iter::successors(Some(el.clone()), up).collect()
}

/// Where an event really happened, as a `T` (`Node`, `Element`) if it is
/// one: `composedPath()[0]`, inside a shadow tree too (`target` is
/// retargeted to the host by then).
#[inline]
pub fn event_origin<T: JsCast>(e: &Event) -> Option<T> {
    e.composed_path().get(0).dyn_into::<T>().ok()
}

impl Tree for LiveDom {
    type Node = Element;

    fn root(&self) -> Option<Element> {
        self.doc.body().map(Element::from)
    }
    fn tag(&self, n: &Element) -> String {
        n.tag_name().to_ascii_lowercase()
    }
    fn attr(&self, n: &Element, name: &str) -> Option<String> {
        n.get_attribute(name)
    }
    fn parent(&self, n: &Element) -> Option<Element> {
        n.parent_element()
    }
    fn text(&self, n: &Element) -> String {
        n.text_content().unwrap_or_default()
    }
    fn by_id(&self, id: &str) -> Option<Element> {
        self.doc.get_element_by_id(id)
    }
    fn select(&self, scope: &Element, css: &str) -> Result<Vec<Element>, String> {
        scope
            .query_selector_all(css)
            .map(|l| elements(&l))
            .map_err(|e| DriverError::js(e).to_string())
    }
    fn matches(&self, n: &Element, css: &str) -> Result<bool, String> {
        n.matches(css).map_err(|e| DriverError::js(e).to_string())
    }
    fn is_visible(&self, n: &Element) -> bool {
        if !n.is_connected() || n.get_client_rects().length() == 0 {
            return false;
        }
        let Some(window) = web_sys::window() else {
            return true;
        };
        match window.get_computed_style(n) {
            Ok(Some(style)) => !matches!(
                style
                    .get_property_value("visibility")
                    .unwrap_or_default()
                    .as_str(),
                "hidden" | "collapse"
            ),
            _ => true,
        }
    }
    fn label_texts(&self, n: &Element) -> Vec<String> {
        // `.labels` covers both <label for=id> and a wrapping <label>.
        let list = if let Some(i) = n.dyn_ref::<HtmlInputElement>() {
            i.labels()
        } else if let Some(t) = n.dyn_ref::<HtmlTextAreaElement>() {
            Some(t.labels())
        } else {
            n.dyn_ref::<HtmlSelectElement>().map(|s| s.labels())
        };
        // A label's own aria-label names it, else its text (accname).
        list.map(|l| {
            elements(&l)
                .iter()
                .map(|e| {
                    e.get_attribute("aria-label")
                        .filter(|a| !a.trim().is_empty())
                        .unwrap_or_else(|| e.text_content().unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
    }
    fn checked(&self, n: &Element) -> Option<bool> {
        let input = n.dyn_ref::<HtmlInputElement>()?;
        matches!(input.type_().as_str(), "checkbox" | "radio").then(|| input.checked())
    }
    fn precedes(&self, a: &Element, b: &Element) -> bool {
        let a: &Node = a;
        a.compare_document_position(b) & Node::DOCUMENT_POSITION_FOLLOWING != 0
    }
    fn contains(&self, outer: &Element, inner: &Element) -> bool {
        let outer: &Node = outer;
        outer.contains(Some(inner))
    }
    fn inside_own_host(&self, n: &Element) -> bool {
        // `closest` walks the same parent chain as the default, in one call.
        n.closest(super::tree::OWN_HOST_SELECTOR)
            .ok()
            .flatten()
            .is_some()
    }
}

/// The texts of an element as a person reads them, piece by piece: every
/// outermost element that holds text directly, in document order, with the
/// left edge of its box. (`textContent` would glue "Ada Lovelace" and
/// "ada@example.com" into one word.)
pub fn text_pieces(el: &Element) -> Vec<super::rows::Piece> {
    fn has_direct_text(el: &Element) -> bool {
        let kids = el.child_nodes();
        (0..kids.length()).filter_map(|i| kids.get(i)).any(|n| {
            n.node_type() == Node::TEXT_NODE
                && n.text_content().is_some_and(|t| !t.trim().is_empty())
        })
    }
    fn walk(el: &Element, out: &mut Vec<super::rows::Piece>) {
        if has_direct_text(el) {
            if el.get_client_rects().length() > 0 {
                let text = el.text_content().unwrap_or_default();
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(super::rows::Piece {
                    text,
                    left: el.get_bounding_client_rect().left(),
                });
            }
            return;
        }
        let kids = el.children();
        for i in 0..kids.length() {
            if let Some(k) = kids.item(i) {
                walk(&k, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(el, &mut out);
    out
}
