//! Text as a person reads it: case-insensitive, whitespace-folded, without
//! icon glyphs, the leading "+" of "+ Invite Team Member" or the trailing "×"
//! of a removable chip.

use serde::{Deserialize, Serialize};

/// How a normalised needle is compared with a normalised haystack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// The whole text equals the needle (after normalisation).
    #[default]
    Exact,
    /// The text begins with the needle, at a word boundary.
    StartsWith,
    /// The needle occurs anywhere in the text.
    Contains,
}

impl MatchMode {
    /// Both arguments must already be normalised with [`normalize`].
    pub fn matches(self, haystack: &str, needle: &str) -> bool {
        match self {
            MatchMode::Exact => haystack == needle,
            // A word boundary keeps "Source Admin" from matching "Source Administrator".
            MatchMode::StartsWith => {
                haystack.starts_with(needle)
                    && haystack[needle.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            }
            MatchMode::Contains => haystack.contains(needle),
        }
    }
}

/// Characters that draw an icon rather than say a word: private-use code
/// points (icon fonts), dingbats, arrows, geometric shapes, emoji, and the
/// invisible joiners and variation selectors that come with them.
pub fn is_glyph(c: char) -> bool {
    matches!(c as u32,
        0xE000..=0xF8FF          // private use (icon fonts)
        | 0xF0000..=0x10FFFF     // supplementary private use
        | 0x2190..=0x21FF        // arrows ("← All Users")
        | 0x2300..=0x23FF        // misc technical
        | 0x25A0..=0x27BF        // geometric shapes, misc symbols, dingbats
        | 0x2B00..=0x2BFF        // misc symbols and arrows
        | 0x1F000..=0x1FAFF      // emoji and pictographs
        | 0xFE00..=0xFE0F        // variation selectors
        | 0x200B..=0x200D        // zero-width space / joiners
        | 0x2060 | 0xFEFF       // word joiner, BOM
        | 0x00AD // soft hyphen
    )
}

/// Leading decorations that are not part of a label: "+ Invite", "⊕ Team Member".
fn is_leading_decoration(c: char) -> bool {
    matches!(c, '+' | '＋' | '⊕' | '•' | '·' | '›' | '»' | '✚' | '➕') || is_glyph(c)
}

/// Trailing decorations: the "×" of a removable chip, a required-field "*",
/// the ":" after a label ("Specific Sources:").
fn is_trailing_decoration(c: char) -> bool {
    matches!(c, '×' | '✕' | '✖' | '⨯' | '*' | ':') || is_glyph(c)
}

/// Normalise text for comparison: lower-case, every run of whitespace
/// folded to one space, glyphs dropped, leading "+"/"⊕" and trailing "×"/":"
/// removed, "…" spelled "...".
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_glyph(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c == '…' {
            out.push_str("...");
        } else {
            out.extend(c.to_lowercase());
        }
    }
    strip_decorations(&out)
}

/// A text that is nothing but a decoration ("›", "+") keeps it: it is then
/// the whole label of an icon-like button.
fn strip_decorations(s: &str) -> String {
    let mut t = s;
    loop {
        let before = t.len();
        t = t.trim_start_matches(is_leading_decoration).trim_start();
        t = t.trim_end_matches(is_trailing_decoration).trim_end();
        if t.len() == before {
            break;
        }
    }
    if t.is_empty() {
        s.trim().to_string()
    } else {
        t.to_string()
    }
}

/// Does `text` match any of `needles` under `mode`? Both sides are normalised
/// here; an empty needle never matches (it would match everything).
pub fn matches_any(text: &str, needles: &[String], mode: MatchMode) -> bool {
    let hay = normalize(text);
    needles.iter().any(|n| {
        let n = normalize(n);
        !n.is_empty() && mode.matches(&hay, &n)
    })
}

/// Fill `{name}` placeholders from `lookup`; unknown placeholders stay as
/// they are (validation reports them before this runs).
pub fn fill_placeholders(s: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match lookup(name) {
                    Some(v) if is_param_name(name) => out.push_str(&v),
                    _ => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in `s` (`{email}` → "email").
pub fn placeholders(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if is_param_name(name) {
            found.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    found
}

fn is_param_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// A plausible email address inside a piece of text (the users table shows
/// the email under the name; the editor header shows it under the title).
pub fn find_email(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')' | '"'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ':' | '\'')))
        .find(|w| looks_like_email(w))
        .map(str::to_string)
}

/// `local@domain.tld`, loosely: enough to tell an email from a name.
pub fn looks_like_email(w: &str) -> bool {
    let Some((local, domain)) = w.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// A `key:value` label as Segment writes them (letters, digits, `-`, `_`).
pub fn looks_like_label(w: &str) -> bool {
    let Some((k, v)) = w.split_once(':') else {
        return false;
    };
    let part = |p: &str| {
        p.chars().next().is_some_and(|c| c.is_alphabetic())
            && p.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    };
    part(k) && part(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_whitespace() {
        assert_eq!(
            normalize("  Invite\n\t Team   MEMBER "),
            "invite team member"
        );
        assert_eq!(normalize("Save\u{a0}Changes"), "save changes");
    }

    #[test]
    fn strips_leading_plus_and_icons() {
        assert_eq!(normalize("+ Invite Team Member"), "invite team member");
        assert_eq!(normalize("⊕ Team Member"), "team member");
        assert_eq!(normalize("\u{e900} Download CSV"), "download csv");
        assert_eq!(normalize("← All Users"), "all users");
        assert_eq!(normalize("🔒 Settings"), "settings");
        assert_eq!(normalize("+\u{200b}Invite"), "invite");
        // A label that is only a decoration keeps it (pager buttons "›", "»").
        assert_eq!(normalize(" › "), "›");
        assert_eq!(normalize("Next ›"), "next ›");
        assert!(matches_any("›", &["›".into()], MatchMode::Exact));
        assert!(!matches_any("", &["›".into()], MatchMode::Exact));
    }

    #[test]
    fn strips_trailing_chip_cross_and_colon() {
        assert_eq!(normalize("environment:dev ×"), "environment:dev");
        assert_eq!(normalize("Specific Sources:"), "specific sources");
        assert_eq!(normalize("Email *"), "email");
        // Inner colons and plus signs stay.
        assert_eq!(normalize("Source Admin + 2 more"), "source admin + 2 more");
    }

    #[test]
    fn ellipsis_is_three_dots() {
        assert_eq!(normalize("Filter sources…"), normalize("Filter sources..."));
    }

    #[test]
    fn match_modes() {
        assert!(MatchMode::Exact.matches("save", "save"));
        assert!(!MatchMode::Exact.matches("save changes", "save"));
        assert!(MatchMode::StartsWith.matches("save changes", "save"));
        assert!(MatchMode::StartsWith.matches("source admin edit access", "source admin"));
        assert!(!MatchMode::StartsWith.matches("source administrator", "source admin"));
        assert!(MatchMode::Contains.matches("invite pending", "pending"));
        assert!(!matches_any("Anything", &["".into()], MatchMode::Contains));
        assert!(matches_any(
            "+ INVITE  Team Member",
            &["invite team member".into()],
            MatchMode::Exact
        ));
    }

    #[test]
    fn placeholders_fill_and_list() {
        let f = fill_placeholders("Remove {label} from {role}", |n| match n {
            "label" => Some("env:dev".into()),
            _ => None,
        });
        assert_eq!(f, "Remove env:dev from {role}");
        assert_eq!(
            placeholders("{a} and {b_c} but not {B} or {}"),
            vec!["a", "b_c"]
        );
        assert_eq!(fill_placeholders("no braces", |_| None), "no braces");
        assert_eq!(
            fill_placeholders("open { only", |_| Some("x".into())),
            "open { only"
        );
    }

    #[test]
    fn emails_and_labels() {
        assert_eq!(
            find_email("Ada Lovelace (you) ada@example.com"),
            Some("ada@example.com".into())
        );
        assert_eq!(find_email("<bob@x.io>."), Some("bob@x.io".into()));
        assert_eq!(find_email("no email here"), None);
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.com"));
        assert!(looks_like_label("environment:dev"));
        assert!(looks_like_label("brand:acme_corp"));
        assert!(!looks_like_label("Specific Sources:"));
        assert!(!looks_like_label("env:dev, brand:x"));
    }
}
