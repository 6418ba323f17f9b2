//! Mistyped domains: "kicksco.co" for kicksco.io, "gmial.com" for gmail.com.
//!
//! A domain is a likely typo of a candidate — a workspace domain first,
//! then a common mail provider ([`PROVIDERS`]) — when it is one or two
//! edits away from it (optimal string alignment distance: insert, delete,
//! substitute, or swap two neighbours; "kickscoio" is one deleted dot):
//! - at most 1 edit from a candidate shorter than [`LONG`] characters
//!   (gmail.com), 2 from a longer one (kicksco.io, outlook.com), so that
//!   short real domains do not fall within reach of each other;
//! - a candidate whose name is 3 letters or fewer (aol.com, qq.com) keeps
//!   its name: the typed domain must start with it, so only the ending can
//!   be mistyped (aol.con) — aon.com is a company, not a typo of aol.com.
//!
//! Never a typo: a workspace domain, a provider, or any domain a member
//! already uses (a domain someone in the workspace has is real). The
//! closest candidate wins; on a tie, the workspace's domains come first.

use super::domains::{domain_of, is_provider, WorkspaceDomains, PROVIDERS};
use crate::core::email::{extract_address, validate};

/// Candidates at least this long allow two edits.
pub const LONG: usize = 10;
/// A candidate name this short must be typed as is.
const SHORT_NAME: usize = 3;

/// Edits between two domains (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Most edits a typo of `candidate` may be away from it.
pub fn max_edits(candidate: &str) -> usize {
    if candidate.len() >= LONG {
        2
    } else {
        1
    }
}

fn within_reach(domain: &str, candidate: &str) -> Option<usize> {
    let name = candidate.split('.').next().unwrap_or(candidate);
    if name.len() <= SHORT_NAME && !domain.starts_with(name) {
        return None;
    }
    // Lengths differing by more than the edits allowed cannot be in reach.
    if domain.len().abs_diff(candidate.len()) > max_edits(candidate) {
        return None;
    }
    let d = distance(domain, candidate);
    (d >= 1 && d <= max_edits(candidate)).then_some(d)
}

/// The domain `domain` (lower case) was probably meant to be, if it looks
/// mistyped (see the module docs).
pub fn suggest(domain: &str, domains: &WorkspaceDomains) -> Option<String> {
    if domains.is_seen(domain) || is_provider(domain) {
        return None;
    }
    domains
        .own()
        .iter()
        .map(String::as_str)
        .chain(PROVIDERS.iter().copied())
        .filter_map(|c| within_reach(domain, c).map(|d| (d, c)))
        // min_by_key keeps the first of equals: workspace domains win ties.
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// An address whose domain looks mistyped, and the address meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The address as written (cleaned of `Name <…>`).
    pub typed: String,
    /// The same local part at the suggested domain.
    pub meant: String,
}

/// The correction for `raw` (an address as written, valid or not), when
/// its domain looks mistyped and the corrected address is valid.
pub fn correct(raw: &str, domains: &WorkspaceDomains) -> Option<Correction> {
    let typed = extract_address(raw);
    let (local, _) = typed.rsplit_once('@')?;
    let meant_domain = suggest(&domain_of(typed)?, domains)?;
    let meant = format!("{local}@{meant_domain}");
    validate(&meant).ok()?;
    Some(Correction {
        typed: typed.to_string(),
        meant,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kicksco() -> WorkspaceDomains {
        WorkspaceDomains::new(vec!["kicksco.io".into()], ["x@partner.org"])
    }

    #[test]
    fn the_issue_examples_are_caught() {
        let d = kicksco();
        for (typed, meant) in [
            ("kickscoio", "kicksco.io"),
            ("kicksco.co", "kicksco.io"),
            ("kikcsco.io", "kicksco.io"),
            ("gmial.com", "gmail.com"),
            ("outlok.com", "outlook.com"),
            ("gmail.con", "gmail.com"),
            ("hotmial.com", "hotmail.com"),
            ("yaho.com", "yahoo.com"),
            ("aol.con", "aol.com"),
        ] {
            assert_eq!(suggest(typed, &d).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn real_domains_are_never_typos() {
        let d = kicksco();
        for fine in [
            "kicksco.io",
            "partner.org",
            "gmail.com",
            "mail.com",
            "me.com",
            "mac.com",
            "aon.com",
            "abc.com",
            "example.com",
            "segment.com",
            "kicksco.com.au",
        ] {
            assert_eq!(suggest(fine, &d), None, "{fine}");
        }
    }

    #[test]
    fn corrections_keep_the_local_part_as_written() {
        let d = kicksco();
        assert_eq!(
            correct("Ana Lima <Ana.Lima@kickscoio>", &d),
            Some(Correction {
                typed: "Ana.Lima@kickscoio".into(),
                meant: "Ana.Lima@kicksco.io".into(),
            })
        );
        assert_eq!(correct("ana@kicksco.io", &d), None);
        assert_eq!(correct("not an address", &d), None);
        // A local part that is itself invalid gets no suggestion.
        assert_eq!(correct("a..b@gmial.com", &d), None);
    }
}
