//! Email addresses: cleaning what people paste, and deciding whether Segment
//! can send an invite to it.
//!
//! The rules are deliberately stricter than RFC 5322: Segment invites need a
//! deliverable address on a real, dotted domain, and a quoted local part or
//! an IP-literal domain in a bulk paste is far more likely a mistake than
//! intent.

use std::fmt;

use thiserror::Error;

use super::text::trim;

/// Longest address accepted (RFC 5321 path limit minus the angle brackets).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest local part (before the `@`) accepted, per RFC 5321.
pub const MAX_LOCAL_LEN: usize = 64;
/// Longest single domain label, per RFC 1035.
pub const MAX_DOMAIN_LABEL_LEN: usize = 63;

/// Why an address was refused. Displayed after "is not a valid email: ".
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailError {
    #[error("it is empty")]
    Empty,
    #[error("it is {len} characters long (at most {MAX_EMAIL_LEN})")]
    TooLong { len: usize },
    #[error("it contains a space")]
    ContainsWhitespace,
    #[error("it has no @")]
    MissingAt,
    #[error("it has more than one @")]
    MultipleAt,
    #[error("nothing before the @")]
    EmptyLocalPart,
    #[error("the part before the @ is {len} characters long (at most {MAX_LOCAL_LEN})")]
    LocalPartTooLong { len: usize },
    #[error("the part before the @ starts or ends with a dot, or has two dots in a row")]
    LocalPartDots,
    #[error("it contains the character {ch:?}, which is not allowed in an email")]
    InvalidCharacter { ch: char },
    #[error("nothing after the @")]
    EmptyDomain,
    #[error("the domain \"{domain}\" has no dot (Segment needs a full domain like example.com)")]
    NoDotInDomain { domain: String },
    #[error("the domain \"{domain}\" is not valid: {problem}")]
    BadDomain {
        domain: String,
        problem: DomainProblem,
    },
}

/// What is wrong with the part after the `@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DomainProblem {
    #[error("it has an empty part (two dots in a row, or a leading or trailing dot)")]
    EmptyLabel,
    #[error("a part is longer than {MAX_DOMAIN_LABEL_LEN} characters")]
    LabelTooLong,
    #[error("a part starts or ends with a hyphen")]
    HyphenAtEdge,
    #[error("it may contain only letters, digits, hyphens and dots")]
    InvalidCharacter,
    #[error("the last part must be at least two letters (like .com or .io)")]
    BadTopLevel,
    #[error("IP-address domains are not accepted")]
    IpLiteral,
}

/// A validated address. Equality and hashing use [`Email::key`], so
/// `Bob@Example.com` and `bob@example.com` are the same person.
#[derive(Debug, Clone)]
pub struct Email {
    /// As written (after cleaning), which is what gets typed into the form.
    address: String,
    /// Lower-cased, for comparisons; `None` when that is `address` itself
    /// (most addresses are written in lower case: one allocation, not two).
    key: Option<String>,
}

impl Email {
    /// Cleans `raw` with [`extract_address`] and validates it.
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        Email::from_extracted(extract_address(raw))
    }

    /// Validates what [`extract_address`] returned.
    pub(crate) fn from_extracted(address: &str) -> Result<Email, EmailError> {
        validate(address)?;
        // A valid address is ASCII (see `validate`).
        let key = address
            .bytes()
            .any(|b| b.is_ascii_uppercase())
            .then(|| address.to_ascii_lowercase());
        Ok(Email {
            address: address.to_string(),
            key,
        })
    }

    /// The cleaned address with its original case.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The lower-cased comparison key.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.address)
    }

    /// Whether the key is the address as written (it has no capitals).
    pub(crate) fn key_is_address(&self) -> bool {
        self.key.is_none()
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Email {}

impl std::hash::Hash for Email {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

/// Strips what mail clients and spreadsheets wrap around an address:
/// surrounding whitespace, a `mailto:` prefix, and the `Name <addr>` /
/// `"Name" <addr>` / `<addr>` forms. Does not validate.
pub fn extract_address(raw: &str) -> &str {
    let mut s = trim(raw);
    if s.as_bytes().last() == Some(&b'>') {
        if let Some(open) = s.rfind('<') {
            s = trim(&s[open + 1..s.len() - 1]);
        }
    }
    if matches!(s.as_bytes().first(), Some(b'm' | b'M'))
        && s.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
    {
        s = trim(&s[7..]);
    }
    s
}

/// The comparison key for any text that might be an email, valid or not:
/// cleaned with [`extract_address`] and lower-cased. Use it to match emails
/// read off the page (members, pending invites) against pasted rows.
pub fn comparison_key(raw: &str) -> String {
    extract_address(raw).to_lowercase()
}

/// Validates an already-extracted address.
pub fn validate(address: &str) -> Result<(), EmailError> {
    // Nearly every pasted address is valid: one pass says so, and only the
    // rest go through the checks below, in the order that picks the reason.
    if plainly_valid(address) {
        return Ok(());
    }
    checked(address)
}

/// [`validate`] check by check: the first that fails is the reason.
fn checked(address: &str) -> Result<(), EmailError> {
    if address.is_empty() {
        return Err(EmailError::Empty);
    }
    // Nearly every pasted address is ASCII: look at bytes, not chars, then.
    let ascii = address.is_ascii();
    let len = if ascii {
        address.len()
    } else {
        address.chars().count()
    };
    if len > MAX_EMAIL_LEN {
        return Err(EmailError::TooLong { len });
    }
    // Plain loops over bytes: this runs for every pasted row, in a build
    // optimised for size that leaves iterator adaptors out of line.
    let bytes = address.as_bytes();
    let has_space = if ascii {
        // char::is_whitespace on ASCII: space and \t \n \x0b \x0c \r.
        let mut found = false;
        for &b in bytes {
            found |= b == b' ' || (b'\t'..=b'\r').contains(&b);
        }
        found
    } else {
        address.chars().any(char::is_whitespace)
    };
    if has_space {
        return Err(EmailError::ContainsWhitespace);
    }
    let (mut first_at, mut ats) = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'@' {
            if ats == 0 {
                first_at = i;
            }
            ats += 1;
        }
    }
    match ats {
        0 => return Err(EmailError::MissingAt),
        1 => {}
        _ => return Err(EmailError::MultipleAt),
    }
    validate_local(&address[..first_at])?;
    validate_domain(&address[first_at + 1..])
}

/// [`CLASS`] bits: what a byte may be.
const LOCAL: u8 = 1;
const DOMAIN: u8 = 2;
const ALPHA: u8 = 4;

/// Each byte's [`LOCAL`], [`DOMAIN`] and [`ALPHA`] bits (none for
/// non-ASCII bytes: no valid address has one).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut bits = 0;
        if is_local_byte(c) {
            bits |= LOCAL;
        }
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'.' {
            bits |= DOMAIN;
        }
        if c.is_ascii_alphabetic() {
            bits |= ALPHA;
        }
        t[b] = bits;
        b += 1;
    }
    t
};

/// Whether [`validate`] accepts `address`, in one pass over its bytes and
/// no allocation (a property test holds the two equal on any text).
fn plainly_valid(address: &str) -> bool {
    let b = address.as_bytes();
    let len = b.len();
    if len == 0 || len > MAX_EMAIL_LEN {
        return false;
    }
    // The local part: allowed bytes, no dot at either end or twice in a row.
    let mut i = 0;
    let mut prev = b'.';
    while i < len && b[i] != b'@' {
        let c = b[i];
        if CLASS[usize::from(c)] & LOCAL == 0 || (c == b'.' && prev == b'.') {
            return false;
        }
        prev = c;
        i += 1;
    }
    if i == 0 || i > MAX_LOCAL_LEN || prev == b'.' || i + 1 >= len {
        return false;
    }
    // The domain: allowed bytes (so no second `@`), labels of 1 to 63 bytes
    // without a hyphen at either end, at least one dot, and a top level of
    // two letters or more or punycode (so not only digits, an IP address).
    let start = i + 1;
    let (mut label, mut dots) = (start, 0);
    let mut tld_alpha = true;
    let mut j = start;
    while j <= len {
        if j == len || b[j] == b'.' {
            let n = j - label;
            if n == 0 || n > MAX_DOMAIN_LABEL_LEN || b[label] == b'-' || b[j - 1] == b'-' {
                return false;
            }
            if j < len {
                dots += 1;
                label = j + 1;
                tld_alpha = true;
            }
        } else {
            let bits = CLASS[usize::from(b[j])];
            if bits & DOMAIN == 0 {
                return false;
            }
            tld_alpha &= bits & ALPHA != 0;
        }
        j += 1;
    }
    let tld = &b[label..];
    let punycode = tld.len() > 4 && tld[..4].eq_ignore_ascii_case(b"xn--");
    dots > 0 && (punycode || (tld.len() >= 2 && tld_alpha))
}

/// RFC 5322 "atext" plus dots: what an unquoted local part may hold.
const fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
                | b'-'
                | b'.'
        )
}

/// The character starting at byte `at` of `s` (a char boundary).
fn char_at(s: &str, at: usize) -> char {
    s[at..].chars().next().unwrap_or_default()
}

fn validate_local(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    // One pass over the bytes: every allowed character is ASCII, so the first
    // byte that is not allowed starts the first character that is not.
    let mut double_dot = false;
    let mut prev = 0u8;
    for (i, b) in local.bytes().enumerate() {
        if !is_local_byte(b) {
            return Err(EmailError::InvalidCharacter {
                ch: char_at(local, i),
            });
        }
        double_dot |= prev == b'.' && b == b'.';
        prev = b;
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(EmailError::LocalPartTooLong { len: local.len() });
    }
    let edge_dot = local.as_bytes().first() == Some(&b'.') || prev == b'.';
    if edge_dot || double_dot {
        return Err(EmailError::LocalPartDots);
    }
    Ok(())
}

fn validate_domain(domain: &str) -> Result<(), EmailError> {
    let bad = |problem| EmailError::BadDomain {
        domain: domain.to_string(),
        problem,
    };
    if domain.is_empty() {
        return Err(EmailError::EmptyDomain);
    }
    if domain.as_bytes()[0] == b'[' {
        return Err(bad(DomainProblem::IpLiteral));
    }
    if let Some(at) = domain
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'))
    {
        // Non-ASCII letters get the generic character error so the person
        // sees which character; other punctuation is a domain problem.
        let ch = char_at(domain, at);
        return Err(if ch.is_alphanumeric() {
            EmailError::InvalidCharacter { ch }
        } else {
            bad(DomainProblem::InvalidCharacter)
        });
    }
    if !domain.as_bytes().contains(&b'.') {
        return Err(EmailError::NoDotInDomain {
            domain: domain.to_string(),
        });
    }
    // Labels in one pass over the bytes (checked in order, as split would).
    let bytes = domain.as_bytes();
    let mut start = 0;
    let mut tld = domain;
    for end in 0..=bytes.len() {
        if end < bytes.len() && bytes[end] != b'.' {
            continue;
        }
        let label = &bytes[start..end];
        if label.is_empty() {
            return Err(bad(DomainProblem::EmptyLabel));
        }
        if label.len() > MAX_DOMAIN_LABEL_LEN {
            return Err(bad(DomainProblem::LabelTooLong));
        }
        if label[0] == b'-' || label[label.len() - 1] == b'-' {
            return Err(bad(DomainProblem::HyphenAtEdge));
        }
        tld = &domain[start..end];
        start = end + 1;
    }
    let punycode = tld.len() > 4 && tld.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--"));
    if domain.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad(DomainProblem::IpLiteral));
    }
    if !punycode && (tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic())) {
        return Err(bad(DomainProblem::BadTopLevel));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(raw: &str) -> EmailError {
        Email::parse(raw).expect_err(raw)
    }

    #[test]
    fn accepts_ordinary_addresses() {
        for raw in [
            "bob@example.com",
            "Bob.Smith+segment@mail.example.co.uk",
            "o'neil@example.ie",
            "a_b-c@sub-domain.example.io",
            "x@xn--bcher-kva.xn--p1ai",
            "1234@example.com",
        ] {
            assert_eq!(Email::parse(raw).unwrap().as_str(), raw, "{raw}");
        }
    }

    #[test]
    fn trims_and_strips_display_names() {
        let cases = [
            ("  bob@example.com \t", "bob@example.com"),
            ("<bob@example.com>", "bob@example.com"),
            ("Bob Smith <bob@example.com>", "bob@example.com"),
            ("\"Smith, Bob\" < bob@example.com >", "bob@example.com"),
            ("mailto:bob@example.com", "bob@example.com"),
            ("MAILTO:bob@example.com", "bob@example.com"),
        ];
        for (raw, want) in cases {
            assert_eq!(Email::parse(raw).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn comparison_is_case_insensitive() {
        let a = Email::parse("Bob@Example.COM").unwrap();
        let b = Email::parse(" bob@example.com").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.key(), "bob@example.com");
        assert_eq!(a.as_str(), "Bob@Example.COM");
        assert_eq!(comparison_key("Bob <BOB@x.io>"), "bob@x.io");
    }

    #[test]
    fn typed_reasons() {
        assert_eq!(err(""), EmailError::Empty);
        assert_eq!(err("   "), EmailError::Empty);
        assert_eq!(err("<>"), EmailError::Empty);
        assert_eq!(err("bob.example.com"), EmailError::MissingAt);
        assert_eq!(err("bob@@example.com"), EmailError::MultipleAt);
        assert_eq!(err("a@b@example.com"), EmailError::MultipleAt);
        assert_eq!(err("@example.com"), EmailError::EmptyLocalPart);
        assert_eq!(err("bob@"), EmailError::EmptyDomain);
        assert_eq!(err("bob smith@example.com"), EmailError::ContainsWhitespace);
        assert_eq!(
            err("bob@localhost"),
            EmailError::NoDotInDomain {
                domain: "localhost".into()
            }
        );
        assert_eq!(err(".bob@example.com"), EmailError::LocalPartDots);
        assert_eq!(err("bob.@example.com"), EmailError::LocalPartDots);
        assert_eq!(err("b..ob@example.com"), EmailError::LocalPartDots);
        assert_eq!(
            err("bob,x@example.com"),
            EmailError::InvalidCharacter { ch: ',' }
        );
        assert_eq!(
            err("b\"ob@example.com"),
            EmailError::InvalidCharacter { ch: '"' }
        );
        assert_eq!(
            err("<script>@example.com"),
            EmailError::InvalidCharacter { ch: '<' }
        );
        assert_eq!(
            err("josé@example.com"),
            EmailError::InvalidCharacter { ch: 'é' }
        );
        assert_eq!(
            err("bob@exämple.com"),
            EmailError::InvalidCharacter { ch: 'ä' }
        );
    }

    #[test]
    fn domain_reasons() {
        let problem = |raw: &str| match err(raw) {
            EmailError::BadDomain { problem, .. } => problem,
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(problem("bob@example..com"), DomainProblem::EmptyLabel);
        assert_eq!(problem("bob@.example.com"), DomainProblem::EmptyLabel);
        assert_eq!(problem("bob@example.com."), DomainProblem::EmptyLabel);
        assert_eq!(problem("bob@-example.com"), DomainProblem::HyphenAtEdge);
        assert_eq!(problem("bob@example-.com"), DomainProblem::HyphenAtEdge);
        assert_eq!(problem("bob@exa_mple.com"), DomainProblem::InvalidCharacter);
        assert_eq!(problem("bob@example.c"), DomainProblem::BadTopLevel);
        assert_eq!(problem("bob@example.c0m"), DomainProblem::BadTopLevel);
        assert_eq!(problem("bob@[192.168.0.1]"), DomainProblem::IpLiteral);
        assert_eq!(problem("bob@192.168.0.1"), DomainProblem::IpLiteral);
        let long_label = format!("bob@{}.com", "a".repeat(64));
        assert_eq!(problem(&long_label), DomainProblem::LabelTooLong);
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        assert!(Email::parse(&format!("{local64}@example.com")).is_ok());
        assert_eq!(
            err(&format!("{}@example.com", "a".repeat(65))),
            EmailError::LocalPartTooLong { len: 65 }
        );
        // 254 exactly is fine: 64 + "@" + three 61-char labels + 2 dots + ".com".
        let at_limit = format!("{local64}@{0}.{0}.{0}.com", "d".repeat(61));
        assert_eq!(at_limit.len(), MAX_EMAIL_LEN);
        assert!(Email::parse(&at_limit).is_ok());
        let over = format!("{local64}@{0}.{0}.{0}.comm", "d".repeat(61));
        assert_eq!(err(&over), EmailError::TooLong { len: 255 });
        let too_long = format!("{}@{}.com", "a".repeat(10), "d.".repeat(130));
        assert!(matches!(err(&too_long), EmailError::TooLong { .. }));
    }

    /// The one-pass acceptance and the checks agree on any text, both ways.
    mod props {
        use proptest::prelude::*;

        use super::super::{checked, plainly_valid};

        /// Text made mostly of what decides an address: letters, digits,
        /// dots, hyphens, `@`, `xn--`, spaces, other punctuation, non-ASCII.
        fn address_like() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                8 => "[a-z]{1,3}", 3 => "[A-Z0-9]{1,2}", 5 => "[.]", 3 => "-", 3 => "@",
                1 => "xn--", 1 => "[.]com", 1 => " ", 1 => "\t", 1 => "[!#$%&'*+/=?^_`{|}~\\\"(),:;<>\\[\\]]",
                1 => "é", 1 => "\u{a0}", 1 => "[0-9.]{1,8}",
            ];
            prop_oneof![
                prop::collection::vec(piece, 0..20).prop_map(|p| p.concat()),
                // At the length limits: local part, labels, the whole address.
                (
                    prop::sample::select(vec![1usize, 63, 64, 65]),
                    prop::sample::select(vec![1usize, 62, 63, 64]),
                    0usize..4,
                    prop::sample::select(vec!["com", "comm", "c"]),
                )
                    .prop_map(|(l, d, n, tld)| {
                        format!(
                            "{}@{}.{}{tld}",
                            "a".repeat(l),
                            "b".repeat(d),
                            format!("{}.", "c".repeat(61)).repeat(n)
                        )
                    }),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]
            #[test]
            fn one_pass_agrees_with_the_checks(s in address_like()) {
                prop_assert_eq!(plainly_valid(&s), checked(&s).is_ok(), "{:?}", s);
            }

            #[test]
            fn valid_shapes_agree(local in "[a-z0-9._+-]{1,12}", labels in prop::collection::vec("[a-zA-Z0-9-]{1,8}", 1..4), tld in "[a-zA-Z0-9-]{1,6}") {
                let s = format!("{local}@{}.{tld}", labels.join("."));
                prop_assert_eq!(plainly_valid(&s), checked(&s).is_ok(), "{:?}", s);
            }
        }
    }

    #[test]
    fn messages_read_well() {
        assert_eq!(EmailError::MissingAt.to_string(), "it has no @");
        assert!(err("bob@localhost").to_string().contains("no dot"));
    }
}
