//! The locator profile: one JSON document naming every control the features
//! use, each with a list of alternative locators so label drift ("Invite" /
//! "Send Invite", "Remove Team Member" / "Delete User") is covered. The
//! default ships in `extension/profile.json`; a user override (stored by the
//! options page) replaces controls one by one without a new release.
//!
//! Format (version 1):
//! ```json
//! { "version": 1,
//!   "words": { "owner": [..], "member": [..], "pending": [..], "you": ["(you)"],
//!              "total_nouns": ["users", ..] },
//!   "controls": {
//!     "<control id>": { "description": "..", "params": ["email"], "many": false,
//!                       "any": [ <locator>, <locator>, .. ] } } }
//! ```
//! A locator (all fields optional, at least one criterion; lists are
//! alternatives, a single string is a one-item list):
//! `role` (ARIA, explicit or implied by the tag), `name` (accessible name),
//! `text` (text content), `label` (an input's label), `placeholder`,
//! `match` (`exact` | `starts-with` | `contains`, after normalisation),
//! `css` (structural only; generated classes are refused), `within` /
//! `after` / `before` (a control id or an inline locator), `near` (the
//! closest such element to a control or inline locator, never across an
//! overlay: "the pager of the users table"), `has` (must
//! contain), `nesting` (`innermost` | `outermost` | `all`), `include_hidden`.
//! `{param}` placeholders are filled by the caller (`{email}`, `{role}`,
//! `{source}`, `{label}`, `{page}`). Alternatives are tried in order; the
//! first that matches anything wins. An override has the same shape, every
//! part optional: `{"controls": {"invite_submit": {"any": [...]}}}`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::control::{ControlId, ControlMap};
use super::locator::{Locator, Scope};
use super::text::fill_placeholders;

mod cells;

/// The profile compiled into the extension.
pub const DEFAULT_PROFILE_JSON: &str = include_str!("../../extension/profile.json");

/// The profile format version this build understands.
pub const PROFILE_VERSION: u32 = 1;

/// One control: its alternatives, tried in order; the first that matches
/// anything wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSpec {
    /// What the control is, for people reading a report.
    #[serde(default)]
    pub description: String,
    /// Placeholders the locators use (`{email}`), filled by the caller.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// Several matches are expected (rows, toasts); otherwise more than one
    /// match is an ambiguity error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub many: bool,
    /// Alternatives, most specific first.
    pub any: Vec<Locator>,
}

/// Words the reader recognises in the users table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Permission column values meaning owner.
    pub owner: Vec<String>,
    /// Permission column values meaning member.
    pub member: Vec<String>,
    /// Badge texts meaning a pending invite.
    pub pending: Vec<String>,
    /// The marker after the signed-in user's name.
    pub you: Vec<String>,
    /// Nouns after a count of people near the table ("86 users", "86 team
    /// members"), for the total the page states; empty: the core's defaults.
    #[serde(default)]
    pub total_nouns: Vec<String>,
}

/// The whole profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Format version ([`PROFILE_VERSION`]).
    pub version: u32,
    /// Reader vocabulary.
    pub words: Words,
    /// Every control.
    pub controls: ControlMap<ControlSpec>,
}

/// A user override: any subset of controls (each replaces the default's
/// fields it names) and words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileOverride {
    /// Must equal [`PROFILE_VERSION`] when given.
    #[serde(default)]
    pub version: Option<u32>,
    /// Word lists to replace.
    #[serde(default)]
    pub words: WordsOverride,
    /// Controls to replace, per field.
    #[serde(default)]
    pub controls: ControlMap<ControlOverride>,
}

/// Replacement word lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WordsOverride {
    pub owner: Option<Vec<String>>,
    pub member: Option<Vec<String>>,
    pub pending: Option<Vec<String>>,
    pub you: Option<Vec<String>>,
    pub total_nouns: Option<Vec<String>>,
}

/// Replacement fields of one control.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ControlOverride {
    pub description: Option<String>,
    pub params: Option<Vec<String>>,
    pub many: Option<bool>,
    pub any: Option<Vec<Locator>>,
}

/// Why a profile was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProfileError {
    /// Not valid JSON, or not the profile's shape (unknown control, field or role).
    #[error("the profile is not valid: {message}")]
    Json {
        /// serde's message, with line and column.
        message: String,
    },
    /// A version this build does not understand.
    #[error("profile version {found} is not supported (expected {expected})")]
    UnsupportedVersion {
        /// The version in the document.
        found: u32,
        /// [`PROFILE_VERSION`].
        expected: u32,
    },
    /// A control the features need is absent.
    #[error("the profile has no entry for control {control}")]
    MissingControl {
        /// The control.
        control: String,
    },
    /// A control without any locator.
    #[error("control {control} has no locators")]
    NoAlternatives {
        /// The control.
        control: String,
    },
    /// A locator with no criterion (it would match everything).
    #[error("control {control}, locator {index}: {problem}")]
    BadLocator {
        /// The control.
        control: String,
        /// 0-based index in `any`.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// A placeholder that is not among the control's params.
    #[error("control {control} uses {{{param}}} but does not declare it in params")]
    UnknownParam {
        /// The control.
        control: String,
        /// The placeholder.
        param: String,
    },
    /// `within` chains that loop.
    #[error("controls are scoped inside each other in a loop: {chain}")]
    ScopeCycle {
        /// e.g. "a -> b -> a".
        chain: String,
    },
    /// An empty word list.
    #[error("word list {list} is empty")]
    EmptyWords {
        /// Which list.
        list: String,
    },
}

/// An override read from a JSON value part by part, so that what does not
/// fit names where: serde's message, after the JSON path of the part.
fn override_from_value(value: serde_json::Value) -> Result<ProfileOverride, String> {
    use serde_json::{from_value, Value};
    let at = |path: &str, e: serde_json::Error| {
        if path.is_empty() {
            e.to_string()
        } else {
            format!("{path}: {e}")
        }
    };
    // `field` taken out of an object (by moving, not a map removal: no
    // second B-tree routine in the build).
    let split = |object: serde_json::Map<String, Value>, fields: &[&str]| {
        let mut rest = serde_json::Map::new();
        let mut taken: Vec<Option<Value>> = vec![None; fields.len()];
        for (k, v) in object {
            match fields.iter().position(|f| *f == k) {
                Some(i) => taken[i] = Some(v),
                None => {
                    rest.insert(k, v);
                }
            }
        }
        (Value::Object(rest), taken)
    };
    let Value::Object(top) = value else {
        return from_value(value).map_err(|e| at("", e));
    };
    let (rest, mut taken) = split(top, &["words", "controls"]);
    let (controls, words) = (taken.pop().flatten(), taken.pop().flatten());
    // What is left: `version`, and any unknown field in serde's words.
    let mut o: ProfileOverride = from_value(rest).map_err(|e| at("", e))?;
    if let Some(words) = words {
        o.words = from_value(words).map_err(|e| at("words", e))?;
    }
    match controls {
        None => {}
        Some(Value::Object(controls)) => {
            for (id, control) in controls {
                let key: ControlId =
                    from_value(Value::String(id.clone())).map_err(|e| at("controls", e))?;
                let path = format!("controls.{id}");
                let Value::Object(fields) = control else {
                    o.controls
                        .insert(key, from_value(control).map_err(|e| at(&path, e))?);
                    continue;
                };
                let (rest, mut taken) = split(fields, &["any"]);
                let any = taken.pop().flatten();
                let mut c: ControlOverride = from_value(rest).map_err(|e| at(&path, e))?;
                c.any = match any {
                    None => None,
                    Some(Value::Array(items)) => Some(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, l)| {
                                from_value(l).map_err(|e| at(&format!("{path}.any[{i}]"), e))
                            })
                            .collect::<Result<_, _>>()?,
                    ),
                    Some(other) => from_value(other).map_err(|e| at(&format!("{path}.any"), e))?,
                };
                o.controls.insert(key, c);
            }
        }
        Some(other) => o.controls = from_value(other).map_err(|e| at("controls", e))?,
    }
    Ok(o)
}

/// An override's text read by hand in the in-page core (see
/// [`super::override_tree`]), by serde_json elsewhere.
#[cfg(all(target_arch = "wasm32", not(feature = "pages")))]
fn read_override(json: &str) -> Result<ProfileOverride, String> {
    super::override_tree::profile_override(crate::core::json::tree_from_str(json)?)
}

#[cfg(not(all(target_arch = "wasm32", not(feature = "pages"))))]
fn read_override(json: &str) -> Result<ProfileOverride, String> {
    crate::core::json::from_str(json)
}

impl Profile {
    /// The profile shipped with the extension: `extension/profile.json`
    /// compiled into a table by `build.rs` (`driver::builtin_profile`; nothing to parse when the page
    /// loads; the test `builtin_table_equals_the_json` holds the two equal,
    /// and the JSON valid). Never fails; the `Result` is the parser's shape.
    pub fn builtin() -> Result<Profile, ProfileError> {
        Ok(super::builtin_profile::profile())
    }

    /// Parse and validate a complete profile.
    pub fn parse(json: &str) -> Result<Profile, ProfileError> {
        let p: Profile =
            crate::core::json::from_str(json).map_err(|message| ProfileError::Json { message })?;
        p.validate()?;
        Ok(p)
    }

    /// This profile with a user override merged over it, control by control
    /// and field by field. An empty string or `{}` is no override.
    pub fn with_override(&self, json: &str) -> Result<Profile, ProfileError> {
        if json.trim().is_empty() {
            return Ok(self.clone());
        }
        self.merged(read_override(json).map_err(|message| ProfileError::Json { message })?)
    }

    /// [`Profile::with_override`] for text a person typed (the options
    /// page's editor), in every build alike: unknown fields are refused at
    /// any depth, a JSON error names its line and column, and what does not
    /// fit the override's shape names its path
    /// (`controls.invite_submit.any[0]: unknown field …`). The in-page core
    /// reads only what this accepted.
    pub fn with_override_checked(&self, json: &str) -> Result<Profile, ProfileError> {
        if json.trim().is_empty() {
            return Ok(self.clone());
        }
        let value = crate::core::json::parse_value(json).map_err(|e| ProfileError::Json {
            message: e.to_string(),
        })?;
        let o = override_from_value(value).map_err(|message| ProfileError::Json { message })?;
        self.merged(o)
    }

    /// Merge a parsed override (see [`Profile::with_override`]).
    pub fn merged(&self, o: ProfileOverride) -> Result<Profile, ProfileError> {
        if let Some(v) = o.version {
            if v != PROFILE_VERSION {
                return Err(ProfileError::UnsupportedVersion {
                    found: v,
                    expected: PROFILE_VERSION,
                });
            }
        }
        let mut p = self.clone();
        let w = o.words;
        for (slot, new) in [
            (&mut p.words.owner, w.owner),
            (&mut p.words.member, w.member),
            (&mut p.words.pending, w.pending),
            (&mut p.words.you, w.you),
            (&mut p.words.total_nouns, w.total_nouns),
        ] {
            if let Some(new) = new {
                *slot = new;
            }
        }
        for (id, c) in o.controls {
            let spec = p.controls.get_or_insert_with(id, || ControlSpec {
                description: String::new(),
                params: Vec::new(),
                many: false,
                any: Vec::new(),
            });
            if let Some(d) = c.description {
                spec.description = d;
            }
            if let Some(ps) = c.params {
                spec.params = ps;
            }
            if let Some(m) = c.many {
                spec.many = m;
            }
            if let Some(any) = c.any {
                spec.any = any;
            }
        }
        p.validate()?;
        Ok(p)
    }

    /// Check the rules serde cannot: every control present with at least
    /// one non-empty locator, no generated classes, declared params, and no
    /// scope loops.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.version != PROFILE_VERSION {
            return Err(ProfileError::UnsupportedVersion {
                found: self.version,
                expected: PROFILE_VERSION,
            });
        }
        for (list, words) in [
            ("owner", &self.words.owner),
            ("member", &self.words.member),
            ("pending", &self.words.pending),
            ("you", &self.words.you),
        ] {
            if words.iter().all(|w| w.trim().is_empty()) {
                return Err(ProfileError::EmptyWords { list: list.into() });
            }
        }
        for id in ControlId::ALL {
            let spec = self.control(*id)?;
            let control = id.as_str().to_string();
            if spec.any.is_empty() {
                return Err(ProfileError::NoAlternatives { control });
            }
            let declared = &spec.params;
            for (index, loc) in spec.any.iter().enumerate() {
                check_locator(loc).map_err(|problem| ProfileError::BadLocator {
                    control: control.clone(),
                    index,
                    problem,
                })?;
                let mut used = loc.placeholders();
                // A parametrised scope takes its params from this control's.
                for scope in loc.scope_controls() {
                    used.extend(self.control(scope)?.params.iter().cloned());
                }
                if let Some(param) = used.into_iter().find(|p| !declared.contains(p)) {
                    return Err(ProfileError::UnknownParam { control, param });
                }
            }
        }
        self.check_cycles()
    }

    fn check_cycles(&self) -> Result<(), ProfileError> {
        fn visit(
            p: &Profile,
            id: ControlId,
            path: &mut Vec<ControlId>,
            done: &mut Vec<ControlId>,
        ) -> Result<(), ProfileError> {
            if done.contains(&id) {
                return Ok(());
            }
            if let Some(pos) = path.iter().position(|x| *x == id) {
                let mut chain: Vec<&str> = path[pos..].iter().map(|c| c.as_str()).collect();
                chain.push(id.as_str());
                return Err(ProfileError::ScopeCycle {
                    chain: chain.join(" -> "),
                });
            }
            path.push(id);
            for loc in &p.control(id)?.any {
                for next in loc.scope_controls() {
                    visit(p, next, path, done)?;
                }
            }
            path.pop();
            done.push(id);
            Ok(())
        }
        // A list: a few dozen controls, each visited once.
        let mut done = Vec::new();
        for id in ControlId::ALL {
            visit(self, *id, &mut Vec::new(), &mut done)?;
        }
        Ok(())
    }

    /// The spec of a control.
    pub fn control(&self, id: ControlId) -> Result<&ControlSpec, ProfileError> {
        self.controls
            .get(&id)
            .ok_or_else(|| ProfileError::MissingControl {
                control: id.as_str().into(),
            })
    }

    /// The control's alternatives with `{param}`s filled in.
    pub fn locators(&self, id: ControlId, params: &Params) -> Result<Vec<Locator>, ProfileError> {
        let spec = self.control(id)?;
        let fill = |s: &str| fill_placeholders(s, |n| params.get(n).map(str::to_string));
        Ok(spec.any.iter().map(|l| l.map_strings(&fill)).collect())
    }

    /// The profile as pretty JSON (for the options page's editor).
    pub fn to_json(&self) -> String {
        crate::core::json::to_string_pretty(self).unwrap_or_default()
    }
}

fn check_locator(l: &Locator) -> Result<(), String> {
    if l.is_empty() {
        return Err(
            "a locator needs at least one of role, name, text, label, placeholder, css or has"
                .into(),
        );
    }
    for list in [&l.name, &l.text, &l.label, &l.placeholder] {
        if list.iter().any(|s| s.trim().is_empty()) {
            return Err("empty text alternative".into());
        }
    }
    if let Some(css) = &l.css {
        let lc = css.to_ascii_lowercase();
        if css.trim().is_empty() {
            return Err("empty css".into());
        }
        // Generated, atomic class names change with every build of the page.
        if lc.contains(".ub-") || lc.contains(".css-") || lc.contains("[class") {
            return Err(format!("css `{css}` relies on generated class names"));
        }
    }
    for h in &l.has {
        check_locator(h)?;
    }
    for scope in [&l.within, &l.after, &l.before].into_iter().flatten() {
        if let Scope::Inline(inner) = scope {
            check_locator(inner)?;
        }
    }
    Ok(())
}

/// Values for a control's `{placeholders}`, by name (a list kept in name
/// order: one or two params need no map of their own in the in-page core).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// No params.
    pub fn none() -> Params {
        Params::default()
    }
    /// One param.
    pub fn one(name: &str, value: impl Into<String>) -> Params {
        Params::none().with(name, value)
    }
    /// Add a param.
    pub fn with(self, name: &str, value: impl Into<String>) -> Params {
        self.set(name, value.into())
    }
    fn set(mut self, name: &str, value: String) -> Params {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(name)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name.to_string(), value)),
        }
        self
    }
    /// A param's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// "email=a@b.c" for messages.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_a_map_by_name() {
        let p = Params::one("page", "2")
            .with("email", "a@b.c")
            .with("page", "3");
        assert_eq!(p.get("page"), Some("3"));
        assert_eq!(p.get("email"), Some("a@b.c"));
        assert_eq!(p.get("role"), None);
        assert_eq!(p.describe(), r#"email="a@b.c", page="3""#);
        assert_eq!(p, Params::one("email", "a@b.c").with("page", "3"));
    }

    #[test]
    fn builtin_table_equals_the_json() {
        let parsed = Profile::parse(DEFAULT_PROFILE_JSON).expect("profile.json is valid");
        assert_eq!(super::super::builtin_profile::profile(), parsed);
    }

    #[test]
    fn builtin_profile_parses_and_names_every_control() {
        let p = Profile::builtin().unwrap();
        for id in ControlId::ALL {
            let spec = p.control(*id).unwrap();
            assert!(!spec.any.is_empty(), "{id}");
            assert!(!spec.description.is_empty(), "{id} needs a description");
        }
        // Label drift is covered.
        let names = |id| {
            p.control(id)
                .unwrap()
                .any
                .iter()
                .flat_map(|l| l.name.clone())
                .collect::<Vec<_>>()
        };
        for n in ["Invite", "Send Invite"] {
            assert!(names(ControlId::InviteSubmit).iter().any(|x| x == n), "{n}");
        }
        for n in ["Remove Team Member", "Delete User"] {
            assert!(names(ControlId::EditorRemove).iter().any(|x| x == n), "{n}");
        }
        for n in ["Remove", "Delete", "Confirm"] {
            assert!(
                names(ControlId::ConfirmButton).iter().any(|x| x == n),
                "{n}"
            );
        }
        for n in ["Save", "Save Changes"] {
            assert!(names(ControlId::EditorSave).iter().any(|x| x == n), "{n}");
        }
        assert!(p.words.owner.iter().any(|w| w == "Workspace Owner"));
    }

    #[test]
    fn control_ids_round_trip() {
        for id in ControlId::ALL {
            assert_eq!(ControlId::parse(id.as_str()), Some(*id));
            assert_eq!(
                serde_json::to_string(id).unwrap(),
                format!("\"{}\"", id.as_str())
            );
        }
        assert_eq!(ControlId::parse("nope"), None);
    }

    #[test]
    fn override_replaces_one_control_and_keeps_the_rest() {
        let p = Profile::builtin().unwrap();
        let o = p
            .with_override(r#"{"controls":{"invite_submit":{"any":[{"role":"button","name":"Send invitations","within":"invite_form"}]}},"words":{"pending":["Awaiting"]}}"#)
            .unwrap();
        assert_eq!(
            o.control(ControlId::InviteSubmit).unwrap().any[0].name,
            vec!["Send invitations"]
        );
        assert_eq!(
            o.control(ControlId::InviteSubmit).unwrap().description,
            p.control(ControlId::InviteSubmit).unwrap().description
        );
        assert_eq!(
            o.control(ControlId::InviteButton),
            p.control(ControlId::InviteButton)
        );
        assert_eq!(o.words.pending, vec!["Awaiting"]);
        assert_eq!(o.words.owner, p.words.owner);
        assert_eq!(p.with_override("  ").unwrap(), p);
        assert_eq!(p.with_override("{}").unwrap(), p);
    }

    #[test]
    fn the_editors_override_check_names_where_it_goes_wrong() {
        let p = Profile::builtin().unwrap();
        let message = |text: &str| match p.with_override_checked(text) {
            Err(ProfileError::Json { message }) => message,
            other => panic!("{text}: {other:?}"),
        };
        let text = "{\"controls\": {\"invite_submit\": {\"any\": [\n  {\"role\": \"button\"}, {\"role\": \"button\", \"nmae\": \"Invite\"}]}}}";
        assert!(
            message(text).starts_with("controls.invite_submit.any[1]: unknown field `nmae`"),
            "{}",
            message(text)
        );
        assert!(message(r#"{"words": {"pending": ["x"]}, "extra": 1}"#)
            .starts_with("unknown field `extra`"));
        assert!(
            message(r#"{"words": {"pendin": ["x"]}}"#).starts_with("words: unknown field `pendin`")
        );
        assert!(message(r#"{"controls": {"invite_buton": {}}}"#)
            .starts_with("controls: unknown variant `invite_buton`"));
        assert!(message(r#"{"controls": {"invite_submit": {"many": 1}}}"#)
            .starts_with("controls.invite_submit: invalid type"));
        assert!(message(r#"{"controls": {"invite_submit": {"any": {}}}}"#)
            .starts_with("controls.invite_submit.any: invalid type"));
        assert!(message(r#"{"controls": []}"#).starts_with("controls: invalid type"));
        assert!(message(r#"{"controls": {"invite_submit": 3}}"#)
            .starts_with("controls.invite_submit: invalid type"));
        assert!(message("3").starts_with("invalid type"));
        assert_eq!(
            message("{\"words\": {\n\"you\": [}"),
            "expected value at line 2 column 9"
        );
        assert_eq!(p.with_override_checked(" ").unwrap(), p);
        // What it accepts, it reads as the in-page core does.
        for text in [
            r#"{"controls":{"invite_submit":{"any":[{"role":"button","name":"Send","within":"invite_form"}],"description":"d","many":false}},"words":{"pending":["Awaiting"]},"version":1}"#,
            r#"{"controls":{"invite_submit":{"description":"only this","any":null}}}"#,
            "{}",
        ] {
            assert_eq!(
                p.with_override_checked(text).unwrap(),
                p.with_override(text).unwrap(),
                "{text}"
            );
        }
        let e = p.with_override_checked(r#"{"version":2}"#).unwrap_err();
        assert!(
            matches!(e, ProfileError::UnsupportedVersion { found: 2, .. }),
            "{e}"
        );
    }

    #[test]
    fn override_errors_are_typed() {
        let p = Profile::builtin().unwrap();
        let e = p
            .with_override(r#"{"controls":{"invite_buton":{"any":[]}}}"#)
            .unwrap_err();
        assert!(matches!(e, ProfileError::Json { .. }), "{e}");
        let e = p
            .with_override(r#"{"controls":{"invite_button":{"any":[]}}}"#)
            .unwrap_err();
        assert_eq!(
            e,
            ProfileError::NoAlternatives {
                control: "invite_button".into()
            }
        );
        let e = p
            .with_override(r#"{"controls":{"invite_button":{"any":[{}]}}}"#)
            .unwrap_err();
        assert!(
            matches!(e, ProfileError::BadLocator { index: 0, .. }),
            "{e}"
        );
        let e = p
            .with_override(r#"{"controls":{"invite_button":{"any":[{"css":"div.ub-w_280px"}]}}}"#)
            .unwrap_err();
        assert!(matches!(e, ProfileError::BadLocator { .. }), "{e}");
        let e = p
            .with_override(r#"{"controls":{"invite_button":{"any":[{"name":"{who}"}]}}}"#)
            .unwrap_err();
        assert_eq!(
            e,
            ProfileError::UnknownParam {
                control: "invite_button".into(),
                param: "who".into()
            }
        );
        let e = p.with_override(r#"{"version":2}"#).unwrap_err();
        assert!(matches!(
            e,
            ProfileError::UnsupportedVersion { found: 2, .. }
        ));
        let e = p.with_override(r#"{"words":{"you":[]}}"#).unwrap_err();
        assert_eq!(e, ProfileError::EmptyWords { list: "you".into() });
    }

    #[test]
    fn scope_params_must_be_declared_and_cycles_are_refused() {
        let p = Profile::builtin().unwrap();
        // pending_badge inside member_row would need {email}.
        let e = p
            .with_override(r#"{"controls":{"pending_badge":{"any":[{"text":"Pending","within":"member_row"}]}}}"#)
            .unwrap_err();
        assert_eq!(
            e,
            ProfileError::UnknownParam {
                control: "pending_badge".into(),
                param: "email".into()
            }
        );
        let e = p
            .with_override(r#"{"controls":{"invite_form":{"any":[{"role":"dialog","within":"invite_email"}]}}}"#)
            .unwrap_err();
        assert!(matches!(e, ProfileError::ScopeCycle { .. }), "{e}");
    }

    #[test]
    fn locators_fill_params() {
        let p = Profile::builtin().unwrap();
        let ls = p
            .locators(
                ControlId::MemberRow,
                &Params::one("email", "ada@example.com"),
            )
            .unwrap();
        let json = serde_json::to_string(&ls).unwrap();
        assert!(json.contains("ada@example.com"));
        assert!(!json.contains("{email}"));
    }

    #[test]
    fn missing_control_in_full_profile() {
        let mut p = Profile::builtin().unwrap();
        p.controls.remove(&ControlId::RevokeInvite);
        assert_eq!(
            p.validate(),
            Err(ProfileError::MissingControl {
                control: "revoke_invite".into()
            })
        );
        let json = serde_json::to_string(&p).unwrap();
        assert!(matches!(
            Profile::parse(&json),
            Err(ProfileError::MissingControl { .. })
        ));
    }
}
