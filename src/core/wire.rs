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
//! and [`unknown_variant`] say what is wrong in serde's own words;
//! [`from_wire!`] writes the `TryFrom` from the tags and fields. Writing
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

/// The `TryFrom` of a flat wire struct into its enum: each tag names its
/// variant and the variant's fields, each one required ([`field`]); any
/// other tag is refused with [`unknown_variant`], naming the tags in the
/// order given. For a variant with a field that may be missing, write the
/// `TryFrom` out (as `Scope`'s).
///
/// ```ignore
/// from_wire! { RowStateWire => RowState by state {
///     "queued" => Queued,
///     "in_flight" => InFlight { submission, attempt },
/// } }
/// ```
macro_rules! from_wire {
    ($wire:ident => $enum:ident by $tag:ident {
        $($name:literal => $variant:ident $({ $($f:ident),+ $(,)? })?),+ $(,)?
    }) => {
        impl TryFrom<$wire> for $enum {
            type Error = $crate::core::wire::WireError;

            fn try_from(w: $wire) -> Result<$enum, Self::Error> {
                // The tags this version knows, for the message about another.
                const TAGS: &[&str] = &[$($name),+];
                Ok(match w.$tag.as_str() {
                    $($name => $enum::$variant $({
                        $($f: $crate::core::wire::field(w.$f, stringify!($f))?),+
                    })?,)+
                    other => return Err($crate::core::wire::unknown_variant(other, TAGS)),
                })
            }
        }
    };
}
pub(crate) use from_wire;
