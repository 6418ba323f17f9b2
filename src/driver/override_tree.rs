//! The profile override read by hand from a [`Tree`], in the feature module
//! (which hands the in-page core the merged profile, `profile::cells`) and
//! on the options page.
//!
//! serde's derived readers of [`ProfileOverride`], [`Locator`] and the
//! rest, made for serde-wasm-bindgen, were a tenth of the in-page core
//! (issue 16), and the override is read once a page, if the person set one.
//! This reader takes the same shapes serde does (see [`super::profile`]'s
//! format) with the same strictness as serde_json, which the options page
//! checks an override with before saving it: unknown fields are refused at
//! every depth, `null` stands for an absent value only where a field is
//! optional, a single string or locator is a one-item list. A struct is an
//! object (serde would also take its fields listed in order; nobody writes
//! a profile so). Its messages
//! are serde's in words ("unknown field `rol`, expected one of …",
//! "unknown variant `buton`, expected one of …", "invalid type: …,
//! expected …"), without line and column. The test `reads_as_serde_does`
//! holds it equal to the derived reader.

use super::control::{unknown_variant, ControlId, ControlMap};
use super::locator::{Locator, Nesting, Scope};
use super::profile::{ControlOverride, ProfileOverride, WordsOverride};
use super::role::Role;
use super::text::MatchMode;
use crate::core::json::Tree;

/// A reader's message: serde's words.
type Read<T> = Result<T, String>;

/// Reads an override.
pub fn profile_override(t: Tree) -> Read<ProfileOverride> {
    let mut o = ProfileOverride::default();
    for (key, v) in object(t, "struct ProfileOverride")? {
        match key.as_str() {
            "version" => o.version = optional(v, version)?,
            "words" => o.words = words(v)?,
            "controls" => o.controls = controls(v)?,
            _ => return Err(unknown_field(&key, &["version", "words", "controls"])),
        }
    }
    Ok(o)
}

fn version(t: Tree) -> Read<u32> {
    match t {
        Tree::Number(n) if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) => Ok(n as u32),
        Tree::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Err(format!(
            "invalid value: integer `{}`, expected u32",
            n as i64
        )),
        t => Err(invalid_type(&t, "u32")),
    }
}

fn words(t: Tree) -> Read<WordsOverride> {
    let mut w = WordsOverride::default();
    for (key, v) in object(t, "struct WordsOverride")? {
        let slot = match key.as_str() {
            "owner" => &mut w.owner,
            "member" => &mut w.member,
            "pending" => &mut w.pending,
            "you" => &mut w.you,
            "total_nouns" => &mut w.total_nouns,
            _ => {
                return Err(unknown_field(
                    &key,
                    &["owner", "member", "pending", "you", "total_nouns"],
                ))
            }
        };
        *slot = optional(v, strings)?;
    }
    Ok(w)
}

fn controls(t: Tree) -> Read<ControlMap<ControlOverride>> {
    let mut all = ControlMap::default();
    for (key, v) in object(t, "a map")? {
        all.insert(
            by_name(&key, ControlId::ALL, ControlId::as_str)?,
            control(v)?,
        );
    }
    Ok(all)
}

fn control(t: Tree) -> Read<ControlOverride> {
    let mut c = ControlOverride::default();
    for (key, v) in object(t, "struct ControlOverride")? {
        match key.as_str() {
            "description" => c.description = optional(v, text)?,
            "params" => c.params = optional(v, strings)?,
            "many" => c.many = optional(v, boolean)?,
            "any" => {
                c.any = optional(v, |t| list(t, locator))?;
            }
            _ => {
                return Err(unknown_field(
                    &key,
                    &["description", "params", "many", "any"],
                ))
            }
        }
    }
    Ok(c)
}

const LOCATOR_FIELDS: &[&str] = &[
    "role",
    "name",
    "text",
    "label",
    "placeholder",
    "match",
    "css",
    "within",
    "after",
    "before",
    "near",
    "has",
    "nesting",
    "include_hidden",
];

fn locator(t: Tree) -> Read<Locator> {
    let mut l = Locator::default();
    for (key, v) in object(t, "struct Locator")? {
        match key.as_str() {
            "role" => l.role = one_or_many(v, role)?,
            "name" => l.name = one_or_many(v, text)?,
            "text" => l.text = one_or_many(v, text)?,
            "label" => l.label = one_or_many(v, text)?,
            "placeholder" => l.placeholder = one_or_many(v, text)?,
            "match" => l.mode = match_mode(v)?,
            "css" => l.css = optional(v, text)?,
            "within" => l.within = optional(v, scope)?,
            "after" => l.after = optional(v, scope)?,
            "before" => l.before = optional(v, scope)?,
            "near" => l.near = optional(v, scope)?,
            "has" => l.has = one_or_many(v, locator)?,
            "nesting" => l.nesting = nesting(v)?,
            "include_hidden" => l.include_hidden = boolean(v)?,
            _ => return Err(unknown_field(&key, LOCATOR_FIELDS)),
        }
    }
    Ok(l)
}

fn scope(t: Tree) -> Read<Scope> {
    match t {
        Tree::Text(name) => by_name(&name, ControlId::ALL, ControlId::as_str).map(Scope::Control),
        t @ Tree::Object(_) => locator(t).map(|l| Scope::Inline(Box::new(l))),
        t => Err(invalid_type(&t, "a control's name or a locator")),
    }
}

fn role(t: Tree) -> Read<Role> {
    by_name(&text(t)?, Role::ALL, Role::as_str)
}

fn match_mode(t: Tree) -> Read<MatchMode> {
    const ALL: &[MatchMode] = &[MatchMode::Exact, MatchMode::StartsWith, MatchMode::Contains];
    fn name(m: MatchMode) -> &'static str {
        match m {
            MatchMode::Exact => "exact",
            MatchMode::StartsWith => "starts-with",
            MatchMode::Contains => "contains",
        }
    }
    named(t, ALL, name)
}

fn nesting(t: Tree) -> Read<Nesting> {
    const ALL: &[Nesting] = &[Nesting::Innermost, Nesting::Outermost, Nesting::All];
    fn name(n: Nesting) -> &'static str {
        match n {
            Nesting::Innermost => "innermost",
            Nesting::Outermost => "outermost",
            Nesting::All => "all",
        }
    }
    named(t, ALL, name)
}

/// One of `all` by its name, exactly.
fn named<T: Copy>(t: Tree, all: &[T], name: fn(T) -> &'static str) -> Read<T> {
    match t {
        Tree::Text(s) => by_name(&s, all, name),
        t => Err(invalid_type(&t, "variant identifier")),
    }
}

/// The one of `all` named `s`, exactly (as serde's derived readers look
/// names up: no per-enum `match` of every name).
fn by_name<T: Copy>(s: &str, all: &[T], name: fn(T) -> &'static str) -> Read<T> {
    all.iter()
        .copied()
        .find(|v| name(*v) == s)
        .ok_or_else(|| unknown_variant(s, all, name))
}

fn text(t: Tree) -> Read<String> {
    match t {
        Tree::Text(s) => Ok(s),
        t => Err(invalid_type(&t, "a string")),
    }
}

fn boolean(t: Tree) -> Read<bool> {
    match t {
        Tree::Bool(b) => Ok(b),
        t => Err(invalid_type(&t, "a boolean")),
    }
}

fn strings(t: Tree) -> Read<Vec<String>> {
    list(t, text)
}

fn list<T>(t: Tree, item: fn(Tree) -> Read<T>) -> Read<Vec<T>> {
    match t {
        Tree::List(items) => items.into_iter().map(item).collect(),
        t => Err(invalid_type(&t, "a sequence")),
    }
}

/// A list, or one item alone (a string or an object).
fn one_or_many<T>(t: Tree, item: fn(Tree) -> Read<T>) -> Read<Vec<T>> {
    match t {
        t @ Tree::List(_) => list(t, item),
        t @ (Tree::Text(_) | Tree::Object(_)) => item(t).map(|one| vec![one]),
        t => Err(invalid_type(&t, "one value or a list of them")),
    }
}

/// `null` is absent.
fn optional<T>(t: Tree, read: impl FnOnce(Tree) -> Read<T>) -> Read<Option<T>> {
    match t {
        Tree::Null => Ok(None),
        t => read(t).map(Some),
    }
}

fn object(t: Tree, expected: &str) -> Read<Vec<(String, Tree)>> {
    match t {
        Tree::Object(fields) => Ok(fields),
        t => Err(invalid_type(&t, expected)),
    }
}

fn unknown_field(key: &str, known: &[&str]) -> String {
    let known: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    format!(
        "unknown field `{key}`, expected one of {}",
        known.join(", ")
    )
}

/// serde's "invalid type" message. A number is shown only when it is a
/// whole one: printing any float would ship the float formatter.
fn invalid_type(t: &Tree, expected: &str) -> String {
    let found = match t {
        Tree::Null => "null".to_string(),
        Tree::Bool(b) => format!("boolean `{b}`"),
        Tree::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            format!("integer `{}`", *n as i64)
        }
        Tree::Number(_) => "floating point".to_string(),
        Tree::Text(s) => format!("string {s:?}"),
        Tree::List(_) => "sequence".to_string(),
        Tree::Object(_) => "map".to_string(),
    };
    format!("invalid type: {found}, expected {expected}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::tree_from_str;
    use proptest::prelude::*;

    fn read(json: &str) -> Read<ProfileOverride> {
        profile_override(tree_from_str(json)?)
    }

    fn serde(json: &str) -> Result<ProfileOverride, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Agrees with serde_json's derived reader: the same value, or both
    /// refuse (in the same words, when `words`). serde also reads a struct
    /// from its fields listed in order; this reader takes objects only (see
    /// the module's docs).
    fn agrees(json: &str, words: bool) {
        match (read(json), serde(json)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
            (Err(a), Err(b)) if words => assert_eq!(serde_words(&a), serde_words(&b), "{json}"),
            (Err(_), Err(_)) => {}
            (Err(e), Ok(_)) if e.starts_with("invalid type: sequence, expected struct") => {}
            (a, b) => panic!("{json}: hand {a:?}, serde {b:?}"),
        }
    }

    /// serde_json's message without what the in-page core cannot say: the
    /// line and column, and a float's digits.
    fn serde_words(message: &str) -> String {
        let mut m = message;
        if let Some(at) = m.rfind(" at line ") {
            m = &m[..at];
        }
        match m.split_once("floating point `") {
            Some((head, tail)) => format!(
                "{head}floating point{}",
                &tail[tail.find('`').unwrap() + 1..]
            ),
            None => m.to_string(),
        }
    }

    #[test]
    fn reads_the_documented_shapes() {
        let o = read(
            r#"{"version":1,"words":{"pending":["Awaiting"],"you":null},
                "controls":{"invite_submit":{"description":"d","params":["email"],"many":true,
                  "any":[{"role":["button","link"],"name":"Send","match":"starts-with",
                          "within":"invite_form","near":{"text":"x","nesting":"all"},
                          "has":{"css":"svg"},"include_hidden":true,"css":null}]}}}"#,
        )
        .unwrap();
        assert_eq!(o.version, Some(1));
        assert_eq!(o.words.pending, Some(vec!["Awaiting".to_string()]));
        assert_eq!(o.words.you, None);
        let c = &o.controls[&ControlId::InviteSubmit];
        assert_eq!(c.many, Some(true));
        let l = &c.any.as_ref().unwrap()[0];
        assert_eq!(l.role, vec![Role::Button, Role::Link]);
        assert_eq!(l.name, vec!["Send".to_string()]);
        assert_eq!(l.mode, MatchMode::StartsWith);
        assert_eq!(l.within, Some(Scope::Control(ControlId::InviteForm)));
        assert!(matches!(&l.near, Some(Scope::Inline(n)) if n.nesting == Nesting::All));
        assert_eq!(l.has[0].css.as_deref(), Some("svg"));
        assert!(l.include_hidden);
    }

    #[test]
    fn reads_as_serde_does() {
        for json in [
            "{}",
            r#"{"version":1}"#,
            r#"{"version":2}"#,
            r#"{"version":-1}"#,
            r#"{"version":1.5}"#,
            r#"{"version":"1"}"#,
            r#"{"version":null}"#,
            r#"{"words":{"owner":["Boss"],"total_nouns":["folks"]}}"#,
            r#"{"words":{"owner":"Boss"}}"#,
            r#"{"words":{"boss":["Boss"]}}"#,
            r#"{"words":null}"#,
            r#"{"controls":{"invite_buton":{"any":[]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"rol":"button"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"role":"buton"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"role":null}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"name":["a",1]}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"within":"nowhere"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"within":{"rol":"x"}}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"within":3}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"has":[{"text":"x"},{"role":"row"}]}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"has":"x"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"match":"prefix"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"nesting":"outermost"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":[{"include_hidden":"yes"}]}}}"#,
            r#"{"controls":{"invite_button":{"any":{"text":"x"}}}}"#,
            r#"{"controls":{"invite_button":{"many":null,"params":null}}}"#,
            r#"{"controls":{"invite_button":{"colour":"red"}}}"#,
            r#"{"controls":[]}"#,
            r#"{"extra":1}"#,
            "[]",
            "null",
            "not json",
        ] {
            agrees(json, true);
        }
    }

    #[test]
    fn says_what_serde_says() {
        let e = read(r#"{"controls":{"invite_buton":{}}}"#).unwrap_err();
        assert!(
            e.starts_with("unknown variant `invite_buton`, expected one of `users_tab`, "),
            "{e}"
        );
        let e = read(r#"{"controls":{"invite_button":{"any":[{"rol":"x"}]}}}"#).unwrap_err();
        assert!(
            e.starts_with("unknown field `rol`, expected one of `role`, `name`, "),
            "{e}"
        );
        let e = read(r#"{"controls":{"invite_button":{"any":[{"name":[1]}]}}}"#).unwrap_err();
        assert_eq!(e, "invalid type: integer `1`, expected a string");
    }

    fn leaf() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("7".to_string()),
            Just("-2.5".to_string()),
            Just(r#""button""#.to_string()),
            Just(r#""invite_form""#.to_string()),
            Just(r#""starts-with""#.to_string()),
            Just(r#""all""#.to_string()),
            Just(r#""Send""#.to_string()),
        ]
    }

    /// JSON built from the override's own field and control names, so most
    /// documents are nearly valid and the rest fail in every way.
    fn document() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("version"),
            Just("words"),
            Just("controls"),
            Just("owner"),
            Just("you"),
            Just("invite_button"),
            Just("invite_form"),
            Just("description"),
            Just("params"),
            Just("many"),
            Just("any"),
            Just("role"),
            Just("name"),
            Just("match"),
            Just("within"),
            Just("near"),
            Just("has"),
            Just("nesting"),
            Just("include_hidden"),
            Just("css"),
            Just("bogus"),
        ];
        leaf().prop_recursive(5, 48, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::btree_map(key.clone(), inner, 0..4).prop_map(|fields| {
                    let fields: Vec<String> =
                        fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                    format!("{{{}}}", fields.join(","))
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_document_reads_as_serde_does(doc in document()) {
            agrees(&doc, false);
        }
    }
}
