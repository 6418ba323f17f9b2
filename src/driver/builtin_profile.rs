//! The built-in locator profile as static data: `build.rs` writes
//! `extension/profile.json` as one `static` of the borrowed mirror types
//! below, and [`profile`] turns it into a [`Profile`]. The content script
//! thus starts without parsing the JSON (`JSON.parse` and
//! serde-wasm-bindgen, on every page load; issue 16), and the table is data
//! rather than code. The test `builtin_table_equals_the_json` holds it equal
//! to the JSON, which the profile's validation checks.

use super::control::ControlId;
use super::locator::{Locator, Nesting, Scope};
use super::profile::{ControlSpec, Profile, Words};
use super::role::Role;
use super::text::MatchMode;

/// [`Locator`], borrowed.
struct SLocator {
    role: &'static [Role],
    name: &'static [&'static str],
    text: &'static [&'static str],
    label: &'static [&'static str],
    placeholder: &'static [&'static str],
    mode: MatchMode,
    css: Option<&'static str>,
    within: SScope,
    after: SScope,
    before: SScope,
    near: SScope,
    has: &'static [SLocator],
    nesting: Nesting,
    include_hidden: bool,
}

/// `Option<Scope>`, borrowed.
enum SScope {
    None,
    Control(ControlId),
    Inline(&'static SLocator),
}

/// [`ControlSpec`], borrowed.
struct SControl {
    description: &'static str,
    params: &'static [&'static str],
    many: bool,
    any: &'static [SLocator],
}

/// [`Words`], borrowed.
struct SWords {
    owner: &'static [&'static str],
    member: &'static [&'static str],
    pending: &'static [&'static str],
    you: &'static [&'static str],
    total_nouns: &'static [&'static str],
}

/// [`Profile`], borrowed.
struct SProfile {
    version: u32,
    words: SWords,
    controls: &'static [(ControlId, SControl)],
}

/// A locator's defaults (what the JSON leaves out); the table fills in the rest.
const NO_CRITERIA: SLocator = SLocator {
    role: &[],
    name: &[],
    text: &[],
    label: &[],
    placeholder: &[],
    mode: MatchMode::Exact,
    css: None,
    within: SScope::None,
    after: SScope::None,
    before: SScope::None,
    near: SScope::None,
    has: &[],
    nesting: Nesting::Innermost,
    include_hidden: false,
};

include!(concat!(env!("OUT_DIR"), "/builtin_profile.rs"));

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

fn scope(s: &SScope) -> Option<Scope> {
    match s {
        SScope::None => None,
        SScope::Control(id) => Some(Scope::Control(*id)),
        SScope::Inline(l) => Some(Scope::Inline(Box::new(locator(l)))),
    }
}

fn locator(l: &SLocator) -> Locator {
    Locator {
        role: l.role.to_vec(),
        name: strings(l.name),
        text: strings(l.text),
        label: strings(l.label),
        placeholder: strings(l.placeholder),
        mode: l.mode,
        css: l.css.map(str::to_string),
        within: scope(&l.within),
        after: scope(&l.after),
        before: scope(&l.before),
        near: scope(&l.near),
        has: l.has.iter().map(locator).collect(),
        nesting: l.nesting,
        include_hidden: l.include_hidden,
    }
}

/// `extension/profile.json`, as compiled in.
pub(super) fn profile() -> Profile {
    let w = &BUILTIN.words;
    Profile {
        version: BUILTIN.version,
        words: Words {
            owner: strings(w.owner),
            member: strings(w.member),
            pending: strings(w.pending),
            you: strings(w.you),
            total_nouns: strings(w.total_nouns),
        },
        controls: BUILTIN
            .controls
            .iter()
            .map(|(id, c)| {
                let spec = ControlSpec {
                    description: c.description.to_string(),
                    params: strings(c.params),
                    many: c.many,
                    any: c.any.iter().map(locator).collect(),
                };
                (*id, spec)
            })
            .collect(),
    }
}
