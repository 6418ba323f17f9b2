//! Compiles the built-in locator profile (`extension/profile.json`) into a
//! Rust table: `$OUT_DIR/builtin_profile.rs`, one static of the borrowed
//! mirror types in `src/driver/builtin_profile.rs`, which turns it into a
//! `Profile` with one small loop (data, not code: a constructor per locator
//! cost more than the JSON it replaced). The content script then
//! starts without reading 22 KB of JSON through `JSON.parse` and
//! serde-wasm-bindgen on every page load (issue 16); the user's override is
//! still parsed at run time. Unknown keys stop the build, as the runtime
//! parser's `deny_unknown_fields` would; a native test checks the table
//! equals the parsed JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

const PROFILE: &str = "extension/profile.json";

fn main() {
    println!("cargo:rerun-if-changed={PROFILE}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(PROFILE).expect("read extension/profile.json");
    let json: Value = serde_json::from_str(&text).expect("extension/profile.json is JSON");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_profile.rs");
    std::fs::write(out, profile(&json)).expect("write builtin_profile.rs");
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{PROFILE}: {what} is not an object"))
}

fn only(m: &Map<String, Value>, keys: &[&str], what: &str) {
    for k in m.keys() {
        assert!(
            keys.contains(&k.as_str()),
            "{PROFILE}: unknown field {k:?} in {what}"
        );
    }
}

fn profile(v: &Value) -> String {
    let m = obj(v, "the profile");
    only(m, &["version", "words", "controls"], "the profile");
    let version = m["version"].as_u64().expect("version is a number");
    let w = obj(&m["words"], "words");
    only(
        w,
        &["owner", "member", "pending", "you", "total_nouns"],
        "words",
    );
    let words = |k: &str| w.get(k).map_or("&[]".to_string(), |v| strings(v, k));
    let mut s = String::new();
    let _ = write!(
        s,
        "static BUILTIN: SProfile = SProfile {{ version: {version}, words: SWords {{ owner: {}, member: {}, pending: {}, you: {}, total_nouns: {} }}, controls: &[",
        words("owner"),
        words("member"),
        words("pending"),
        words("you"),
        words("total_nouns"),
    );
    // Only "Check this page" (the feature module) shows a control's
    // description (the options page shows the shipped profile.json): a build
    // without it carries none.
    let described = std::env::var_os("CARGO_FEATURE_TABS").is_some();
    for (id, c) in obj(&m["controls"], "controls") {
        let c = obj(c, id);
        only(c, &["description", "params", "many", "any"], id);
        let description = c.get("description").and_then(Value::as_str).unwrap_or("");
        let description = if described { description } else { "" };
        let params = c
            .get("params")
            .map_or("&[]".to_string(), |p| strings(p, "params"));
        let many = c.get("many").and_then(Value::as_bool).unwrap_or(false);
        let any: Vec<String> = c["any"]
            .as_array()
            .unwrap_or_else(|| panic!("{PROFILE}: {id}.any is not a list"))
            .iter()
            .map(locator)
            .collect();
        let _ = write!(
            s,
            "(ControlId::{}, SControl {{ description: {description:?}, params: {params}, many: {many}, any: &[{}] }}),",
            camel(id, '_'),
            any.join(",")
        );
    }
    s.push_str("] };");
    s
}

/// A string or a list of strings, as `&[..]`.
fn strings(v: &Value, what: &str) -> String {
    let items: Vec<String> = one_or_many(v)
        .iter()
        .map(|s| {
            let s = s
                .as_str()
                .unwrap_or_else(|| panic!("{PROFILE}: {what} holds a non-string"));
            format!("{s:?}")
        })
        .collect();
    format!("&[{}]", items.join(","))
}

fn one_or_many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    }
}

/// `users_tab` → `UsersTab`, `starts-with` → `StartsWith`, `button` → `Button`.
fn camel(s: &str, sep: char) -> String {
    s.split(sep)
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn scope(v: &Value) -> String {
    match v {
        Value::String(id) => format!("SScope::Control(ControlId::{})", camel(id, '_')),
        v => format!("SScope::Inline(&{})", locator(v)),
    }
}

fn locator(v: &Value) -> String {
    let m = obj(v, "a locator");
    let mut fields = Vec::new();
    for (k, v) in m {
        let f = match k.as_str() {
            "role" => {
                let roles: Vec<String> = one_or_many(v)
                    .iter()
                    .map(|r| {
                        format!(
                            "Role::{}",
                            camel(r.as_str().expect("role is a string"), '-')
                        )
                    })
                    .collect();
                format!("role: &[{}]", roles.join(","))
            }
            "name" | "text" | "label" | "placeholder" => format!("{k}: {}", strings(v, k)),
            "match" => format!(
                "mode: MatchMode::{}",
                camel(v.as_str().expect("match is a string"), '-')
            ),
            "css" => format!("css: Some({:?})", v.as_str().expect("css is a string")),
            "within" | "after" | "before" | "near" => format!("{k}: {}", scope(v)),
            "has" => {
                let has: Vec<String> = one_or_many(v).into_iter().map(locator).collect();
                format!("has: &[{}]", has.join(","))
            }
            "nesting" => format!(
                "nesting: Nesting::{}",
                camel(v.as_str().expect("nesting is a string"), '-')
            ),
            "include_hidden" => format!("include_hidden: {}", v.as_bool().expect("a bool")),
            other => panic!("{PROFILE}: unknown locator field {other:?}"),
        };
        fields.push(f);
    }
    if fields.is_empty() {
        return "NO_CRITERIA".into();
    }
    format!("SLocator {{ {}, ..NO_CRITERIA }}", fields.join(", "))
}
