//! A small, DOM-independent document model, so the matcher is unit-tested
//! natively. It parses a forgiving subset of HTML and answers a subset of
//! CSS (tags, `*`, `#id`, `.class`, attribute selectors with `= ~= ^= $= *=`,
//! `:not(…)`, descendant and child combinators, selector lists): enough for
//! the profile's selectors. Visibility follows `hidden` and inline
//! `display:none` / `visibility:hidden`.

use super::tree::Tree;

/// Handle of an element in a [`MiniDom`].
pub type NodeId = usize;

#[derive(Debug, Clone)]
enum Child {
    El(NodeId),
    Text(String),
}

#[derive(Debug, Clone)]
struct El {
    tag: String,
    attrs: Vec<(String, String)>,
    parent: Option<NodeId>,
    children: Vec<Child>,
}

/// A parsed document. Node 0 is `<body>`.
#[derive(Debug, Clone)]
pub struct MiniDom {
    els: Vec<El>,
}

const VOID: &[&str] = &[
    "input", "br", "img", "hr", "meta", "link", "source", "area", "col", "wbr",
];

impl MiniDom {
    /// Parse an HTML fragment into the body of a new document.
    pub fn parse(html: &str) -> MiniDom {
        let mut dom = MiniDom {
            els: vec![El {
                tag: "body".into(),
                attrs: vec![],
                parent: None,
                children: vec![],
            }],
        };
        let mut stack: Vec<NodeId> = vec![0];
        let mut rest = html;
        while !rest.is_empty() {
            let top = *stack.last().unwrap_or(&0);
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            } else if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').unwrap_or(after.len());
                let name = after[..end].trim().to_ascii_lowercase();
                if let Some(pos) = stack.iter().rposition(|&id| dom.els[id].tag == name) {
                    if pos > 0 {
                        stack.truncate(pos);
                    }
                }
                rest = after.get(end + 1..).unwrap_or("");
            } else if rest.starts_with('<')
                && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                // '<' is one byte, so `rest[1..]` is on a char boundary.
                let (tag, attrs, self_closing, remaining) = parse_tag(&rest[1..]);
                let id = dom.els.len();
                dom.els.push(El {
                    tag: tag.clone(),
                    attrs,
                    parent: Some(top),
                    children: vec![],
                });
                dom.els[top].children.push(Child::El(id));
                if !self_closing && !VOID.contains(&tag.as_str()) {
                    stack.push(id);
                }
                rest = remaining;
            } else {
                // Text runs to the next '<' after the first character (which
                // may itself be a stray '<'); char-boundary safe.
                let first = rest.chars().next().map_or(1, char::len_utf8);
                let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
                dom.els[top]
                    .children
                    .push(Child::Text(decode_entities(&rest[..end])));
                rest = &rest[end..];
            }
        }
        dom
    }

    /// The first element matching `css` in the whole document (test helper).
    pub fn first(&self, css: &str) -> Option<NodeId> {
        self.select(&0, css).ok()?.into_iter().next()
    }

    /// Remove an element (and its subtree) from the document, as React does
    /// when it re-renders.
    pub fn detach(&mut self, id: NodeId) {
        if let Some(p) = self.els.get(id).and_then(|e| e.parent) {
            self.els[p]
                .children
                .retain(|c| !matches!(c, Child::El(x) if *x == id));
            self.els[id].parent = None;
        }
    }

    /// Set an attribute (tests use it for `checked`, `data-state`, …).
    pub fn set_attr(&mut self, id: NodeId, name: &str, value: &str) {
        if let Some(e) = self.els.get_mut(id) {
            match e.attrs.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = value.to_string(),
                None => e.attrs.push((name.to_string(), value.to_string())),
            }
        }
    }

    fn attached(&self, id: NodeId) -> bool {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if c == 0 {
                return true;
            }
            cur = self.els[c].parent;
        }
        false
    }

    fn descendants(&self, id: NodeId, out: &mut Vec<NodeId>) {
        for c in &self.els[id].children {
            if let Child::El(k) = c {
                out.push(*k);
                self.descendants(*k, out);
            }
        }
    }

    fn push_text(&self, id: NodeId, out: &mut String) {
        for c in &self.els[id].children {
            match c {
                Child::El(k) => self.push_text(*k, out),
                Child::Text(t) => out.push_str(t),
            }
        }
    }

    /// A label's own aria-label names it, else its text (accname).
    fn label_text(&self, label: NodeId) -> String {
        match self.get_attr(label, "aria-label") {
            Some(a) if !a.trim().is_empty() => a.to_string(),
            _ => self.text(&label),
        }
    }

    fn get_attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.els
            .get(id)?
            .attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&times;", "×")
        .replace("&amp;", "&")
}

/// Parse `tag attr="v" ...>`; returns (tag, attrs, self-closing, rest).
fn parse_tag(s: &str) -> (String, Vec<(String, String)>, bool, &str) {
    let name_end = s
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len());
    let tag = s[..name_end].to_ascii_lowercase();
    let mut rest = &s[name_end..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("/>") {
            return (tag, attrs, true, r);
        }
        if let Some(r) = rest.strip_prefix('>') {
            return (tag, attrs, false, r);
        }
        if rest.is_empty() {
            return (tag, attrs, false, rest);
        }
        if let Some(r) = rest.strip_prefix('/') {
            rest = r;
            continue;
        }
        let n_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..n_end].to_ascii_lowercase();
        rest = rest[n_end..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            if let Some(q) = r.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &r[1..];
                let end = body.find(q).unwrap_or(body.len());
                value = decode_entities(&body[..end]);
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = r
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(r.len());
                value = r[..end].to_string();
                rest = &r[end..];
            }
        }
        if name.is_empty() {
            // Unparseable junk: skip one character to make progress.
            rest = rest.get(1..).unwrap_or("");
        } else {
            attrs.push((name, value));
        }
    }
}

// ---------------------------------------------------------------- CSS subset

#[derive(Debug, Clone, PartialEq)]
enum AttrOp {
    Exists,
    Eq(String),
    Word(String),
    Prefix(String),
    Suffix(String),
    Substr(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, AttrOp)>,
    nots: Vec<Compound>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Comb {
    Descendant,
    Child,
}

/// A complex selector stored right to left: the subject compound first.
#[derive(Debug, Clone)]
struct Complex {
    parts: Vec<(Compound, Option<Comb>)>,
}

fn split_top(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

fn parse_list(css: &str) -> Result<Vec<Complex>, String> {
    split_top(css, ',')
        .iter()
        .map(|s| parse_complex(s.trim()))
        .collect()
}

fn parse_complex(s: &str) -> Result<Complex, String> {
    if s.is_empty() {
        return Err("empty selector".into());
    }
    // Tokenise into compounds and combinators at depth 0.
    let mut items: Vec<(String, Option<Comb>)> = Vec::new();
    let mut cur = String::new();
    let mut pending: Option<Comb> = None;
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            cur.push(c);
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            '[' | '(' => {
                depth += 1;
                cur.push(c);
            }
            ']' | ')' => {
                depth -= 1;
                cur.push(c);
            }
            c if depth == 0 && (c.is_whitespace() || c == '>') => {
                if !cur.is_empty() {
                    items.push((std::mem::take(&mut cur), pending.take()));
                    pending = Some(Comb::Descendant);
                }
                if c == '>' {
                    pending = Some(Comb::Child);
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        items.push((cur, pending.take()));
    }
    // items[i].1 is the combinator between items[i-1] and items[i].
    let mut parts = Vec::new();
    for i in (0..items.len()).rev() {
        let comb = if i > 0 {
            items[i].1.or(Some(Comb::Descendant))
        } else {
            None
        };
        parts.push((parse_compound(&items[i].0)?, comb));
    }
    Ok(Complex { parts })
}

fn parse_compound(s: &str) -> Result<Compound, String> {
    let mut c = Compound::default();
    let mut rest = s;
    let ident_end = |r: &str| r.find(['#', '.', '[', ':']).unwrap_or(r.len());
    if rest.starts_with('*') {
        rest = &rest[1..];
    } else if rest.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
        let e = ident_end(rest);
        c.tag = Some(rest[..e].to_ascii_lowercase());
        rest = &rest[e..];
    }
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('#') {
            let e = ident_end(r);
            c.id = Some(r[..e].to_string());
            rest = &r[e..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let e = ident_end(r);
            c.classes.push(r[..e].to_string());
            rest = &r[e..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or("unclosed [")?;
            c.attrs.push(parse_attr(&r[..end])?);
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix(":not(") {
            let end = r.rfind(')').ok_or("unclosed :not(")?;
            c.nots.push(parse_compound(r[..end].trim())?);
            rest = &r[end + 1..];
        } else {
            return Err(format!("unsupported selector syntax at `{rest}`"));
        }
    }
    Ok(c)
}

fn parse_attr(s: &str) -> Result<(String, AttrOp), String> {
    let unquote = |v: &str| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
    for (op, mk) in [
        ("~=", AttrOp::Word as fn(String) -> AttrOp),
        ("^=", AttrOp::Prefix),
        ("$=", AttrOp::Suffix),
        ("*=", AttrOp::Substr),
        ("=", AttrOp::Eq),
    ] {
        if let Some((name, value)) = s.split_once(op) {
            return Ok((name.trim().to_ascii_lowercase(), mk(unquote(value))));
        }
    }
    let name = s.trim().to_ascii_lowercase();
    if name.is_empty() {
        return Err("empty attribute selector".into());
    }
    Ok((name, AttrOp::Exists))
}

impl MiniDom {
    fn compound_matches(&self, id: NodeId, c: &Compound) -> bool {
        let e = &self.els[id];
        if c.tag.as_ref().is_some_and(|t| *t != e.tag) {
            return false;
        }
        if let Some(want) = &c.id {
            if self.get_attr(id, "id") != Some(want.as_str()) {
                return false;
            }
        }
        let classes = self.get_attr(id, "class").unwrap_or("");
        if !c
            .classes
            .iter()
            .all(|k| classes.split_whitespace().any(|x| x == k))
        {
            return false;
        }
        for (name, op) in &c.attrs {
            let Some(v) = self.get_attr(id, name) else {
                return false;
            };
            let ok = match op {
                AttrOp::Exists => true,
                AttrOp::Eq(x) => v == x,
                AttrOp::Word(x) => v.split_whitespace().any(|w| w == x),
                AttrOp::Prefix(x) => v.starts_with(x.as_str()),
                AttrOp::Suffix(x) => v.ends_with(x.as_str()),
                AttrOp::Substr(x) => v.contains(x.as_str()),
            };
            if !ok {
                return false;
            }
        }
        !c.nots.iter().any(|n| self.compound_matches(id, n))
    }

    fn complex_matches(&self, id: NodeId, parts: &[(Compound, Option<Comb>)]) -> bool {
        let Some(((compound, comb), rest)) = parts.split_first() else {
            return true;
        };
        if !self.compound_matches(id, compound) {
            return false;
        }
        match comb {
            None => true,
            Some(Comb::Child) => self.els[id]
                .parent
                .is_some_and(|p| self.complex_matches(p, rest)),
            Some(Comb::Descendant) => {
                let mut cur = self.els[id].parent;
                while let Some(p) = cur {
                    if self.complex_matches(p, rest) {
                        return true;
                    }
                    cur = self.els[p].parent;
                }
                false
            }
        }
    }
}

impl Tree for MiniDom {
    type Node = NodeId;

    fn root(&self) -> Option<NodeId> {
        Some(0)
    }
    fn tag(&self, n: &NodeId) -> String {
        self.els.get(*n).map(|e| e.tag.clone()).unwrap_or_default()
    }
    fn attr(&self, n: &NodeId, name: &str) -> Option<String> {
        self.get_attr(*n, name).map(str::to_string)
    }
    fn parent(&self, n: &NodeId) -> Option<NodeId> {
        self.els.get(*n)?.parent
    }
    fn text(&self, n: &NodeId) -> String {
        let mut s = String::new();
        if *n < self.els.len() {
            self.push_text(*n, &mut s);
        }
        s
    }
    fn by_id(&self, id: &str) -> Option<NodeId> {
        (0..self.els.len()).find(|&i| self.get_attr(i, "id") == Some(id) && self.attached(i))
    }
    fn select(&self, scope: &NodeId, css: &str) -> Result<Vec<NodeId>, String> {
        let list = parse_list(css)?;
        let mut all = Vec::new();
        self.descendants(*scope, &mut all);
        Ok(all
            .into_iter()
            .filter(|&id| list.iter().any(|c| self.complex_matches(id, &c.parts)))
            .collect())
    }
    fn matches(&self, n: &NodeId, css: &str) -> Result<bool, String> {
        let list = parse_list(css)?;
        Ok(*n < self.els.len() && list.iter().any(|c| self.complex_matches(*n, &c.parts)))
    }
    fn is_visible(&self, n: &NodeId) -> bool {
        if !self.attached(*n) {
            return false;
        }
        let mut cur = Some(*n);
        while let Some(c) = cur {
            if self.get_attr(c, "hidden").is_some() {
                return false;
            }
            let style = self.get_attr(c, "style").unwrap_or("").replace(' ', "");
            if style.contains("display:none") || (c == *n && style.contains("visibility:hidden")) {
                return false;
            }
            cur = self.els[c].parent;
        }
        true
    }
    fn label_texts(&self, n: &NodeId) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(id) = self.get_attr(*n, "id") {
            for l in self.select(&0, "label").unwrap_or_default() {
                if self.get_attr(l, "for") == Some(id) {
                    out.push(self.label_text(l));
                }
            }
        }
        let mut cur = self.els.get(*n).and_then(|e| e.parent);
        while let Some(p) = cur {
            if self.els[p].tag == "label" {
                out.push(self.label_text(p));
                break;
            }
            cur = self.els[p].parent;
        }
        out
    }
    fn precedes(&self, a: &NodeId, b: &NodeId) -> bool {
        // Ids are handed out in parse order, which is document order.
        a < b
    }
    fn checked(&self, n: &NodeId) -> Option<bool> {
        (self.tag(n) == "input").then(|| self.get_attr(*n, "checked").is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_void_and_entities() {
        let d = MiniDom::parse(
            r#"<div id=a><label>Email <input type="email" placeholder='e.g. x'></label><p>A &amp; B</p></div>"#,
        );
        let input = d.first("input").unwrap();
        assert_eq!(d.tag(&input), "input");
        assert_eq!(d.attr(&input, "placeholder").as_deref(), Some("e.g. x"));
        assert_eq!(d.text(&d.first("p").unwrap()), "A & B");
        assert_eq!(d.label_texts(&input), vec!["Email "]);
        assert_eq!(d.by_id("a"), d.first("div"));
    }

    #[test]
    fn css_subset() {
        let d = MiniDom::parse(
            r#"<div data-x="1"><span role="tab button">T</span><input><input type=radio><ul><li class="k on">x</li></ul></div>"#,
        );
        assert_eq!(d.select(&0, "[role~=button]").unwrap().len(), 1);
        assert_eq!(d.select(&0, "input:not([type])").unwrap().len(), 1);
        assert_eq!(d.select(&0, "div > span, li.on").unwrap().len(), 2);
        assert_eq!(d.select(&0, "[data-x] li").unwrap().len(), 1);
        assert_eq!(d.select(&0, "body > li").unwrap().len(), 0);
        assert_eq!(d.select(&0, "[data-x=\"1\"] > ul > li").unwrap().len(), 1);
        assert_eq!(d.select(&0, "[role^=tab]").unwrap().len(), 1);
        assert!(d.select(&0, "a::before").is_err());
    }

    #[test]
    fn visibility_and_detach() {
        let mut d =
            MiniDom::parse(r#"<div hidden><b>x</b></div><i style="display: none">y</i><u>z</u>"#);
        assert!(!d.is_visible(&d.first("b").unwrap()));
        assert!(!d.is_visible(&d.first("i").unwrap()));
        let u = d.first("u").unwrap();
        assert!(d.is_visible(&u));
        d.detach(u);
        assert!(!d.is_visible(&u));
        assert_eq!(d.first("u"), None);
    }
}
