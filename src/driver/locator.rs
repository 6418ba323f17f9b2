//! A locator describes one element the way a person sees it: its role, its
//! name or visible text, the label of an input, its placeholder, and where it
//! sits ("inside the open dialog titled …", "in the row whose email is …").
//! Never generated class names.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::control::ControlId;
use super::role::Role;
use super::text::{placeholders, MatchMode};

/// One way to find an element. Every criterion given must hold; the lists
/// inside a criterion are alternatives ("Save" or "Save Changes").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locator {
    /// ARIA role(s), explicit or implied by the tag.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub role: Vec<Role>,
    /// Accessible name (aria-labelledby, aria-label, label, content, title;
    /// for dialogs without a name, the title heading).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub name: Vec<String>,
    /// Visible text content.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub text: Vec<String>,
    /// Text of the input's `<label>` (for= or wrapping) or aria-labelledby.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub label: Vec<String>,
    /// The input's placeholder.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub placeholder: Vec<String>,
    /// How name/text/label/placeholder are compared.
    #[serde(default, rename = "match", skip_serializing_if = "is_default")]
    pub mode: MatchMode,
    /// A structural CSS selector (attributes such as `[data-state]`, tags).
    /// Generated classes (`ub-*`, `css-*`) are refused by validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    /// Search only inside this scope (another control, or an inline locator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Scope>,
    /// The element must come after this one in document order (and not
    /// inside it): "the chips after the All radio".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Scope>,
    /// The element must come before this one in document order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Scope>,
    /// The element must sit near this one: their closest common ancestor is
    /// below `<body>` (not across an overlay appended to it), and of several
    /// matches only those closest to it are kept ("the pager of the users
    /// table", not a "Next" of a tour). A `many` control anchors at its first match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<Scope>,
    /// The element must contain a match of each of these.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub has: Vec<Locator>,
    /// When matches nest (a row and a cell inside it both contain the
    /// email), which to keep.
    #[serde(default, skip_serializing_if = "is_default")]
    pub nesting: Nesting,
    /// Also match elements that are not rendered (display:none, detached
    /// from layout). Off by default: a person cannot click what they cannot see.
    #[serde(default, skip_serializing_if = "is_default")]
    pub include_hidden: bool,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Which of several nested matches to keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Nesting {
    /// The deepest ones (the default: a text match is the label, not the page).
    #[default]
    Innermost,
    /// The outermost ones.
    Outermost,
    /// Every match.
    All,
}

/// Where to look: a control's name (a string) or a locator (an object).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scope {
    /// Inside the (unique) element of another control of the profile.
    Control(ControlId),
    /// Inside the (unique) element matched by this locator.
    Inline(Box<Locator>),
}

// Read by the shape of the value rather than serde's `untagged`, which
// buffers it first (see `crate::core::wire`). An inline locator is read
// through its map, so it refuses unknown fields with either back end.
impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        struct ScopeVisitor;
        impl<'de> Visitor<'de> for ScopeVisitor {
            type Value = Scope;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a control's name or a locator")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Scope, E> {
                ControlId::deserialize(StrDeserializer::new(name)).map(Scope::Control)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scope, A::Error> {
                Locator::deserialize(MapAccessDeserializer::new(map))
                    .map(|l| Scope::Inline(Box::new(l)))
            }
        }
        d.deserialize_any(ScopeVisitor)
    }
}

/// One value or a list of them (a string, or a locator object), as a list;
/// read by the shape of the value, as [`Scope`] is.
fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OneOrMany<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("one value or a list of them")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut all = Vec::new();
            while let Some(t) = seq.next_element()? {
                all.push(t);
            }
            Ok(all)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<T>, E> {
            T::deserialize(StrDeserializer::new(s)).map(|t| vec![t])
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(|t| vec![t])
        }
    }
    d.deserialize_any(OneOrMany(PhantomData))
}

impl Locator {
    /// A locator with at least one criterion; an empty one would match
    /// every element.
    pub fn is_empty(&self) -> bool {
        self.role.is_empty()
            && self.name.is_empty()
            && self.text.is_empty()
            && self.label.is_empty()
            && self.placeholder.is_empty()
            && self.css.is_none()
            && self.has.is_empty()
            && self.after.is_none()
            && self.before.is_none()
            && self.near.is_none()
    }

    /// Every `{param}` used in this locator, its `has` and inline scopes.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out = Vec::new();
        let lists = [&self.name, &self.text, &self.label, &self.placeholder];
        for s in lists.into_iter().flatten() {
            out.extend(placeholders(s));
        }
        if let Some(css) = &self.css {
            out.extend(placeholders(css));
        }
        for h in &self.has {
            out.extend(h.placeholders());
        }
        for scope in self.scopes() {
            if let Scope::Inline(l) = scope {
                out.extend(l.placeholders());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Every control this locator depends on through `within`, `after`
    /// and `before` (directly, through `has` and inline scopes).
    pub fn scope_controls(&self) -> Vec<ControlId> {
        let mut out = Vec::new();
        for scope in self.scopes() {
            match scope {
                Scope::Control(c) => out.push(*c),
                Scope::Inline(l) => out.extend(l.scope_controls()),
            }
        }
        for h in &self.has {
            out.extend(h.scope_controls());
        }
        out
    }

    /// Every scope this locator names (`within`, `after`, `before`, `near`).
    fn scopes(&self) -> impl Iterator<Item = &Scope> {
        [&self.within, &self.after, &self.before, &self.near]
            .into_iter()
            .flatten()
    }

    /// The locator with every string passed through `f` (to fill params).
    pub(crate) fn map_strings(&self, f: &impl Fn(&str) -> String) -> Locator {
        let map = |v: &Vec<String>| v.iter().map(|s| f(s)).collect::<Vec<_>>();
        let map_scope = |s: &Scope| match s {
            Scope::Control(c) => Scope::Control(*c),
            Scope::Inline(l) => Scope::Inline(Box::new(l.map_strings(f))),
        };
        Locator {
            role: self.role.clone(),
            name: map(&self.name),
            text: map(&self.text),
            label: map(&self.label),
            placeholder: map(&self.placeholder),
            mode: self.mode,
            css: self.css.as_deref().map(f),
            within: self.within.as_ref().map(map_scope),
            after: self.after.as_ref().map(map_scope),
            before: self.before.as_ref().map(map_scope),
            near: self.near.as_ref().map(map_scope),
            has: self.has.iter().map(|h| h.map_strings(f)).collect(),
            nesting: self.nesting,
            include_hidden: self.include_hidden,
        }
    }

    /// A short human description: `button named "Save" or "Save Changes"`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let roles = if self.role.is_empty() {
            "element".to_string()
        } else {
            self.role
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join("/")
        };
        parts.push(roles);
        let mode = match self.mode {
            MatchMode::Exact => "",
            MatchMode::StartsWith => "starting with ",
            MatchMode::Contains => "containing ",
        };
        let alts = |v: &[String]| {
            v.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        if !self.name.is_empty() {
            parts.push(format!("named {mode}{}", alts(&self.name)));
        }
        if !self.text.is_empty() {
            parts.push(format!("with text {mode}{}", alts(&self.text)));
        }
        if !self.label.is_empty() {
            parts.push(format!("labelled {mode}{}", alts(&self.label)));
        }
        if !self.placeholder.is_empty() {
            parts.push(format!(
                "with placeholder {mode}{}",
                alts(&self.placeholder)
            ));
        }
        if let Some(css) = &self.css {
            parts.push(format!("matching `{css}`"));
        }
        for h in &self.has {
            parts.push(format!("containing a {}", h.describe()));
        }
        for (word, scope) in [
            ("inside", &self.within),
            ("after", &self.after),
            ("before", &self.before),
            ("near", &self.near),
        ] {
            match scope {
                Some(Scope::Control(c)) => parts.push(format!("{word} {}", c.as_str())),
                Some(Scope::Inline(l)) => parts.push(format!("{word} the {}", l.describe())),
                None => {}
            }
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one_or_many_and_defaults() {
        let l: Locator = serde_json::from_str(
            r#"{"role":"button","name":["Save","Save Changes"],"match":"starts-with","within":"member_editor"}"#,
        )
        .unwrap();
        assert_eq!(l.role, vec![Role::Button]);
        assert_eq!(l.name.len(), 2);
        assert_eq!(l.mode, MatchMode::StartsWith);
        assert_eq!(l.within, Some(Scope::Control(ControlId::MemberEditor)));
        assert_eq!(l.nesting, Nesting::Innermost);
        assert!(!l.include_hidden);
    }

    #[test]
    fn inline_scope_and_has() {
        let l: Locator = serde_json::from_str(
            r#"{"role":"checkbox","within":{"css":"div","has":[{"text":"{source}"},{"role":"checkbox"}]}}"#,
        )
        .unwrap();
        let Some(Scope::Inline(inner)) = &l.within else {
            panic!("inline scope")
        };
        assert_eq!(inner.has.len(), 2);
        assert_eq!(l.placeholders(), vec!["source"]);
    }

    #[test]
    fn rejects_unknown_fields_and_roles() {
        assert!(serde_json::from_str::<Locator>(r#"{"rol":"button"}"#).is_err());
        assert!(serde_json::from_str::<Locator>(r#"{"role":"buton"}"#).is_err());
    }

    #[test]
    fn describes_for_people() {
        let l: Locator = serde_json::from_str(
            r#"{"role":["button","link"],"name":["Invite","Send Invite"],"within":"invite_form"}"#,
        )
        .unwrap();
        assert_eq!(
            l.describe(),
            r#"button/link named "Invite" or "Send Invite" inside invite_form"#
        );
        assert!(Locator::default().is_empty());
    }

    #[test]
    fn round_trips_through_json() {
        let l: Locator = serde_json::from_str(
            r#"{"role":"dialog","has":{"role":"button","name":"Remove"},"nesting":"outermost","include_hidden":true}"#,
        )
        .unwrap();
        let back: Locator = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
        assert_eq!(l, back);
    }
}
