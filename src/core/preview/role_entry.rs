//! One entry of a `roles` cell: a role name, optionally followed by that
//! role's own scope in parentheses. The roster export writes this form when
//! a row's scope columns cannot say a person's grants (two Source roles
//! with different sources, say); bulk invite reads it back:
//!
//! ```text
//! Source Admin (all)
//! Source Admin (labels: environment:prod, brand:acme)
//! Source Admin (sources: Prod Web; Dev iOS)     also `spaces:`, `functions:`, `specific:`
//! ```
//!
//! A scope written this way belongs to that role alone: the row's scope
//! columns (`sources`, `labels` …) narrow only the roles written without one.
//! Entries are separated by `;` or `|` outside parentheses, so a scope's
//! resource list may use `;` too. Resource names holding `;`, `|`, `(` or
//! `)` cannot be written in either form.

use super::Inexpressible;
use crate::core::catalogue::{lookup_key, ScopeKind};
use crate::core::label::parse_label_list;
use crate::core::roles::{RoleGrant, Scope};

/// Splits a `roles` cell on `;` and `|` outside parentheses, trimming and
/// dropping empty entries.
pub fn split_entries(cell: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0u32;
    cell.split(move |c: char| match c {
        '(' => {
            depth += 1;
            false
        }
        ')' => {
            depth = depth.saturating_sub(1);
            false
        }
        ';' | '|' => depth == 0,
        _ => false,
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// `(name, Some(scope text))` for `Name (scope)`, else `(entry, None)`.
/// Role names hold no parentheses, so the first `(` starts the scope.
pub fn split_scope(entry: &str) -> (&str, Option<&str>) {
    match (entry.find('('), entry.strip_suffix(')')) {
        (Some(open), Some(body)) => (entry[..open].trim_end(), Some(body[open + 1..].trim())),
        _ => (entry, None),
    }
}

/// Reads a scope written after a role name (the text inside the parentheses).
pub fn parse_scope(text: &str, role: &str, kind: ScopeKind) -> Result<Scope, Inexpressible> {
    let unreadable = || Inexpressible::UnreadableScope {
        role: role.to_string(),
        text: text.to_string(),
        kind,
    };
    let (word, rest) = match text.split_once(':') {
        Some((word, rest)) => (lookup_key(word), Some(rest)),
        None => (lookup_key(text), None),
    };
    match (word.as_str(), rest) {
        ("all", None) => Ok(Scope::all()),
        ("labels" | "label" | "labelled", Some(rest)) => parse_label_list(rest)
            .map(Scope::labelled)
            .map_err(Inexpressible::InvalidLabel),
        (noun, Some(rest)) if noun == "specific" || noun == kind.noun() => Ok(Scope::specific(
            rest.split([';', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        )),
        _ => Err(unreadable()),
    }
}

/// The entry for `grant`, with its scope when it has one, e.g.
/// `Source Admin (sources: Prod Web; Dev iOS)`.
pub fn write_entry(grant: &RoleGrant, kind: ScopeKind) -> String {
    match &grant.scope {
        Scope::Unscoped => grant.role.clone(),
        Scope::All { labels } if labels.is_empty() => format!("{} (all)", grant.role),
        Scope::All { labels } => {
            let labels: Vec<String> = labels.iter().map(ToString::to_string).collect();
            format!("{} (labels: {})", grant.role, labels.join(", "))
        }
        Scope::Specific { resources } => {
            format!("{} ({}: {})", grant.role, kind.noun(), resources.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::Label;

    #[test]
    fn entries_split_outside_parentheses_only() {
        let cell = "Source Admin (sources: A; B) | Tracking Plan Admin; ; Source Read-only (all)";
        assert_eq!(
            split_entries(cell).collect::<Vec<_>>(),
            [
                "Source Admin (sources: A; B)",
                "Tracking Plan Admin",
                "Source Read-only (all)"
            ]
        );
    }

    #[test]
    fn scopes_read_back_what_is_written() {
        let k = ScopeKind::Sources;
        for scope in [
            Scope::all(),
            Scope::labelled([
                Label::new("environment", "prod"),
                Label::new("brand", "acme"),
            ]),
            Scope::specific(["Prod Web", "Dev iOS, EU"]),
        ] {
            let entry = write_entry(&RoleGrant::new("Source Admin", scope.clone()), k);
            let (name, text) = split_scope(&entry);
            assert_eq!(name, "Source Admin", "{entry}");
            assert_eq!(parse_scope(text.unwrap(), name, k), Ok(scope), "{entry}");
        }
    }

    #[test]
    fn scope_words_are_loose_and_nouns_must_fit_the_role() {
        let k = ScopeKind::Sources;
        assert_eq!(parse_scope("ALL", "r", k), Ok(Scope::all()));
        assert_eq!(
            parse_scope("specific: A | B", "r", k),
            Ok(Scope::specific(["A", "B"]))
        );
        assert!(matches!(
            parse_scope("spaces: A", "Source Admin", k),
            Err(Inexpressible::UnreadableScope { .. })
        ));
        assert!(matches!(
            parse_scope("1 Label", "Source Admin", k),
            Err(Inexpressible::UnreadableScope { .. })
        ));
        assert!(matches!(
            parse_scope("labels: nope", "Source Admin", k),
            Err(Inexpressible::InvalidLabel(_))
        ));
        assert_eq!(
            split_scope("Unify Read-only, Engage User"),
            ("Unify Read-only, Engage User", None)
        );
    }
}
