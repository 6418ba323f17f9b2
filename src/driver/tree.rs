//! The few facts the matcher needs about a document, behind a trait so the
//! matching logic runs natively over [`super::model::MiniDom`] in tests and
//! over the live DOM in the browser ([`super::dom::LiveDom`]). Role and
//! accessible-name computation live here, once, for both.

use super::role::{compute_role, Role, RoleFacts};
use super::text::normalize;

/// Id of the extension's own shadow host: never part of "the page".
pub const OWN_HOST_ID: &str = "access-kit-host";
/// [`OWN_HOST_ID`] as a CSS selector.
pub const OWN_HOST_SELECTOR: &str = "#access-kit-host";

/// A read-only view of a document.
pub trait Tree {
    /// An element handle.
    type Node: Clone + PartialEq + std::fmt::Debug;

    /// The element to search from when no scope is given (`<body>`).
    fn root(&self) -> Option<Self::Node>;
    /// Lower-case tag name.
    fn tag(&self, n: &Self::Node) -> String;
    /// An attribute's value.
    fn attr(&self, n: &Self::Node, name: &str) -> Option<String>;
    /// The parent element.
    fn parent(&self, n: &Self::Node) -> Option<Self::Node>;
    /// All text inside, as `textContent`.
    fn text(&self, n: &Self::Node) -> String;
    /// The element with this id.
    fn by_id(&self, id: &str) -> Option<Self::Node>;
    /// Descendants of `scope` (not `scope` itself) matching a CSS selector,
    /// in document order.
    fn select(&self, scope: &Self::Node, css: &str) -> Result<Vec<Self::Node>, String>;
    /// Whether the element itself matches a CSS selector (`Element.matches`).
    fn matches(&self, n: &Self::Node, css: &str) -> Result<bool, String>;
    /// Rendered (takes up layout, not `visibility:hidden`).
    fn is_visible(&self, n: &Self::Node) -> bool;
    /// Texts of the `<label>`s associated with a form control.
    fn label_texts(&self, n: &Self::Node) -> Vec<String>;
    /// Live `checked` state of a checkbox/radio input (the property, which
    /// React sets, not the attribute).
    fn checked(&self, n: &Self::Node) -> Option<bool>;

    /// Whether `a` comes before `b` in document order (pre-order).
    fn precedes(&self, a: &Self::Node, b: &Self::Node) -> bool;

    /// Whether `outer` is `inner` or one of its ancestors.
    fn contains(&self, outer: &Self::Node, inner: &Self::Node) -> bool {
        let mut cur = Some(inner.clone());
        while let Some(c) = cur {
            if &c == outer {
                return true;
            }
            cur = self.parent(&c);
        }
        false
    }

    /// Whether `n` is the extension's shadow host or inside it (asked of
    /// every candidate of every search: the live DOM answers in one call).
    fn inside_own_host(&self, n: &Self::Node) -> bool {
        let mut cur = Some(n.clone());
        while let Some(c) = cur {
            if self.attr(&c, "id").as_deref() == Some(OWN_HOST_ID) {
                return true;
            }
            cur = self.parent(&c);
        }
        false
    }
}

/// The element's computed ARIA role.
pub fn role_of<T: Tree>(t: &T, n: &T::Node) -> Option<Role> {
    let tag = t.tag(n);
    let role_attr = t.attr(n, "role");
    let input_type = t.attr(n, "type").map(|s| s.to_ascii_lowercase());
    let has_alt = t.attr(n, "alt").is_some_and(|a| !a.trim().is_empty())
        || (tag == "svg"
            && t.attr(n, "aria-label")
                .is_some_and(|a| !a.trim().is_empty()));
    let select_is_list = tag == "select"
        && (t.attr(n, "multiple").is_some()
            || t.attr(n, "size")
                .and_then(|s| s.parse::<u32>().ok())
                .is_some_and(|s| s > 1));
    compute_role(&RoleFacts {
        tag: &tag,
        role_attr: role_attr.as_deref(),
        input_type: input_type.as_deref(),
        has_href: t.attr(n, "href").is_some(),
        has_alt,
        select_is_list,
    })
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The accessible name, after the ARIA rules a person's screen reader uses,
/// simplified: aria-labelledby, aria-label, associated labels, value of
/// input buttons, content (for roles named from content), alt, title,
/// placeholder. One deliberate extension: a dialog without a name is named
/// by its first heading, because Evergreen dialogs render the title as an
/// `<h4>` without `aria-labelledby`, and that is the title a person reads.
pub fn accessible_name<T: Tree>(t: &T, n: &T::Node) -> String {
    if let Some(ids) = non_empty(t.attr(n, "aria-labelledby")) {
        let joined = ids
            .split_whitespace()
            .filter_map(|id| t.by_id(id))
            .map(|e| non_empty(t.attr(&e, "aria-label")).unwrap_or_else(|| t.text(&e)))
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.trim().is_empty() {
            return joined;
        }
    }
    if let Some(l) = non_empty(t.attr(n, "aria-label")) {
        return l;
    }
    let tag = t.tag(n);
    let role = role_of(t, n);
    if matches!(tag.as_str(), "input" | "textarea" | "select") {
        let labels = t.label_texts(n).join(" ");
        if !labels.trim().is_empty() {
            return labels;
        }
        if tag == "input" {
            let ty = t.attr(n, "type").unwrap_or_default().to_ascii_lowercase();
            if matches!(ty.as_str(), "button" | "submit" | "reset") {
                if let Some(v) = non_empty(t.attr(n, "value")) {
                    return v;
                }
            }
            if ty == "image" {
                if let Some(a) = non_empty(t.attr(n, "alt")) {
                    return a;
                }
            }
        }
    } else if role.is_some_and(Role::name_from_content) {
        let content = content_text(t, n);
        if !content.trim().is_empty() {
            return content;
        }
    }
    if tag == "img" {
        if let Some(a) = non_empty(t.attr(n, "alt")) {
            return a;
        }
    }
    if let Some(title) = non_empty(t.attr(n, "title")) {
        return title;
    }
    if let Some(p) = non_empty(t.attr(n, "placeholder")) {
        return p;
    }
    if matches!(
        role,
        Some(Role::Dialog | Role::Alertdialog | Role::Region | Role::Alert)
    ) {
        if let Ok(hs) = t.select(n, "h1, h2, h3, h4, h5, h6, [role=heading]") {
            if let Some(h) = hs.first() {
                return t.text(h);
            }
        }
    }
    String::new()
}

/// Name from content: the text, or, for an icon-only element, the first
/// label found on a descendant (an `svg` with `aria-label`, an `img` alt).
fn content_text<T: Tree>(t: &T, n: &T::Node) -> String {
    let text = t.text(n);
    if normalize(&text).chars().any(char::is_alphanumeric) {
        return text;
    }
    if let Ok(inner) = t.select(n, "[aria-label], img[alt], [title]") {
        for e in inner {
            for a in ["aria-label", "alt", "title"] {
                if let Some(v) = non_empty(t.attr(&e, a)) {
                    return v;
                }
            }
        }
    }
    // Only a symbol ("›", "«"): that is what a person reads.
    text
}

/// Disabled for a person: `disabled` (also from an ancestor fieldset) or
/// `aria-disabled="true"` on the element.
pub fn is_disabled<T: Tree>(t: &T, n: &T::Node) -> bool {
    if t.attr(n, "aria-disabled")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    let form_control = matches!(
        t.tag(n).as_str(),
        "button" | "input" | "select" | "textarea" | "option" | "fieldset"
    );
    if form_control && t.attr(n, "disabled").is_some() {
        return true;
    }
    if form_control {
        let mut cur = t.parent(n);
        while let Some(p) = cur {
            if t.tag(&p) == "fieldset" && t.attr(&p, "disabled").is_some() {
                return true;
            }
            cur = t.parent(&p);
        }
    }
    false
}

/// Inside the extension's own UI (its shadow host), which is never searched.
pub fn is_own_ui<T: Tree>(t: &T, n: &T::Node) -> bool {
    t.inside_own_host(n)
}

/// Whether the element and every ancestor carrying `data-state` (Evergreen
/// overlays, sheets, dialogs) has finished entering.
pub fn is_settled<T: Tree>(t: &T, n: &T::Node) -> bool {
    let mut cur = Some(n.clone());
    while let Some(c) = cur {
        if let Some(s) = t.attr(&c, "data-state") {
            // Evergreen uses entering/entered/exiting/exited; other kits use
            // open/closed. Only the in-between states are unsettled.
            if matches!(s.as_str(), "entering" | "exiting" | "exited" | "closed") {
                return false;
            }
        }
        cur = t.parent(&c);
    }
    true
}

#[cfg(test)]
mod own_host_tests {
    #[test]
    fn the_selector_names_the_host_id() {
        assert_eq!(super::OWN_HOST_SELECTOR, format!("#{}", super::OWN_HOST_ID));
    }
}
