//! Reading internally tagged enums (`{ "kind": "all", "labels": […] }`)
//! without serde's buffering.
//!
//! serde's derived `Deserialize` for `#[serde(tag = "…")]` first reads the
//! whole object into its private `Content` buffer, then finds the tag and
//! decodes the variant from that buffer: every variant's decoder exists
//! twice (once for the real deserializer, once for the buffer) beside the
//! buffer's own code (issue 16). The enums the core reads back from
//! storage or files (a run's row states and groups, role scopes) instead
//! decode through a flat wire struct, `#[serde(try_from = "…Wire")]`: the
//! tag as a string and every variant's fields, each optional. [`field`]
//! and [`unknown_variant`] say what is wrong in serde's own words. Writing
//! is unchanged (the derived, tagged `Serialize`), so the stored form is
//! the same both ways (`src/core/run/tests/stored_fixtures.rs` reads the
//! stored data of the build before this back).
//!
//! One difference: a field that belongs to another variant is decoded
//! (and refused when malformed) rather than ignored. Nothing we write has
//! one.

use std::fmt;

/// A variant's field missing from the data, or a value it cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The value of a field the variant needs, or serde's "missing field" message.
pub fn field<T>(value: Option<T>, name: &'static str) -> Result<T, WireError> {
    value.ok_or_else(|| WireError(format!("missing field `{name}`")))
}

/// serde's message for a tag that names no variant.
pub fn unknown_variant(found: &str, expected: &[&str]) -> WireError {
    let names: Vec<String> = expected.iter().map(|n| format!("`{n}`")).collect();
    WireError(format!(
        "unknown variant `{found}`, expected one of {}",
        names.join(", ")
    ))
}
