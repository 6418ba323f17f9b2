//! The workspace's own domains, learned from its members, and the common
//! mail providers.
//!
//! ## Learning
//! Of the `N` members read (pending invites do not count: they are exactly
//! what may be mistyped), a domain used by `n` of them is the workspace's
//! own when
//! - `n` is at least [`MIN_SHARE_PERCENT`] % of `N`, and
//! - `n` is at least [`MIN_MEMBERS`] (or `N`, in a workspace that small):
//!   a single outlier is never "most members";
//! - a common mail provider ([`PROVIDERS`]) counts only when it dominates:
//!   at least [`PROVIDER_SHARE_PERCENT`] % of `N` (a team that works from
//!   personal addresses).
//!
//! The learned list is a suggestion: the person may replace it on the
//! options page (per workspace), and then their list is used instead.
//! Domains any member uses are also remembered as *seen*: a domain someone
//! in the workspace already uses is real, so it is never called a typo.

use rustc_hash::{FxHashMap, FxHashSet};
use thiserror::Error;

use super::super::email::{comparison_key, validate};

/// A domain needs this share of the members to be learned.
pub const MIN_SHARE_PERCENT: usize = 10;
/// ... and at least this many of them (or all, in a smaller workspace).
pub const MIN_MEMBERS: usize = 2;
/// A mail provider needs this share to be learned.
pub const PROVIDER_SHARE_PERCENT: usize = 50;

/// Common personal mail providers, never themselves a typo. Listed also so
/// that real providers close to each other (mail.com and gmail.com, me.com
/// and mac.com) are both known.
pub const PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "rocketmail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "aim.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "mail.com",
    "email.com",
    "zoho.com",
    "yandex.com",
    "yandex.ru",
    "mail.ru",
    "fastmail.com",
    "hey.com",
    "tutanota.com",
    "qq.com",
    "163.com",
    "126.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "hotmail.it",
    "outlook.de",
    "outlook.fr",
    "live.co.uk",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "yahoo.co.jp",
    "btinternet.com",
    "comcast.net",
    "verizon.net",
    "att.net",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "t-online.de",
    "libero.it",
    "naver.com",
];

/// Whether `domain` (lower case) is a common mail provider.
pub fn is_provider(domain: &str) -> bool {
    PROVIDERS.contains(&domain)
}

/// The domain of an address, lower-cased: what follows its last `@`
/// (after cleaning `Name <addr>`), or `None` when there is nothing there.
pub fn domain_of(address: &str) -> Option<String> {
    let key = comparison_key(address);
    let (_, domain) = key.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    (!domain.is_empty()).then(|| domain.to_string())
}

/// How many members use a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCount {
    pub domain: String,
    pub members: usize,
}

/// Members per domain, most used first (ties by name), and how many
/// members had a domain at all.
pub fn tally<S: AsRef<str>>(emails: impl IntoIterator<Item = S>) -> (Vec<DomainCount>, usize) {
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for e in emails {
        // A person listed twice (a re-rendered row) counts once.
        if !seen.insert(comparison_key(e.as_ref())) {
            continue;
        }
        if let Some(d) = domain_of(e.as_ref()) {
            *counts.entry(d).or_default() += 1;
        }
    }
    let total = counts.values().sum();
    let mut list: Vec<DomainCount> = counts
        .into_iter()
        .map(|(domain, members)| DomainCount { domain, members })
        .collect();
    list.sort_by(|a, b| b.members.cmp(&a.members).then(a.domain.cmp(&b.domain)));
    (list, total)
}

/// The workspace's own domains by the rule in the module docs, most used
/// first.
pub fn learn<S: AsRef<str>>(member_emails: impl IntoIterator<Item = S>) -> Vec<String> {
    let (counts, total) = tally(member_emails);
    counts
        .into_iter()
        .filter(|c| {
            let share = if is_provider(&c.domain) {
                PROVIDER_SHARE_PERCENT
            } else {
                MIN_SHARE_PERCENT
            };
            c.members * 100 >= share * total && c.members >= MIN_MEMBERS.min(total)
        })
        .map(|c| c.domain)
        .collect()
}

/// The domains the prompts decide with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceDomains {
    own: Vec<String>,
    seen: FxHashSet<String>,
}

impl WorkspaceDomains {
    /// `own`: the workspace's domains (learned or edited); `member_emails`:
    /// everyone read, whose domains are known to be real.
    pub fn new<S: AsRef<str>>(
        own: Vec<String>,
        member_emails: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut seen: FxHashSet<String> = member_emails
            .into_iter()
            .filter_map(|e| domain_of(e.as_ref()))
            .collect();
        let own: Vec<String> = own.into_iter().map(|d| d.to_lowercase()).collect();
        seen.extend(own.iter().cloned());
        WorkspaceDomains { own, seen }
    }

    /// The domains as two lists (own, seen), as the in-page core hands them
    /// to the feature module; [`Self::from_lists`] takes them back.
    pub fn to_lists(&self) -> (Vec<String>, Vec<String>) {
        (self.own.clone(), self.seen.iter().cloned().collect())
    }

    /// Domains from [`Self::to_lists`].
    pub fn from_lists(own: Vec<String>, seen: Vec<String>) -> Self {
        WorkspaceDomains {
            own,
            seen: seen.into_iter().collect(),
        }
    }

    /// The workspace's own domains, most used first.
    pub fn own(&self) -> &[String] {
        &self.own
    }

    pub fn is_own(&self, domain: &str) -> bool {
        self.own.iter().any(|d| d == domain)
    }

    /// Some member (or the person's list) uses `domain`.
    pub fn is_seen(&self, domain: &str) -> bool {
        self.seen.contains(domain)
    }
}

/// Why a domain list typed on the options page was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainListError {
    #[error("“{entry}” is not a domain: {why}")]
    Invalid { entry: String, why: String },
}

/// Reads a list of domains as typed on the options page: separated by
/// commas, semicolons, spaces or new lines; a leading `@` is allowed; lower
/// case, each once, in the order given. Empty text is an empty list.
pub fn parse_domain_list(text: &str) -> Result<Vec<String>, DomainListError> {
    let mut out: Vec<String> = Vec::new();
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let domain = entry.trim_start_matches('@').to_lowercase();
        if let Err(e) = validate(&format!("x@{domain}")) {
            return Err(DomainListError::Invalid {
                entry: entry.to_string(),
                why: e.to_string(),
            });
        }
        if !out.contains(&domain) {
            out.push(domain);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(spec: &[(&str, usize)]) -> Vec<String> {
        spec.iter()
            .flat_map(|(d, n)| (0..*n).map(move |i| format!("p{i}@{d}")))
            .collect()
    }

    #[test]
    fn most_members_make_the_domain_and_outliers_do_not() {
        let members = people(&[
            ("kicksco.io", 17),
            ("gmail.com", 1),
            ("partner.org", 1),
            ("agency.dev", 1),
        ]);
        assert_eq!(learn(&members), ["kicksco.io"]);
        // Two company domains, both well used.
        let members = people(&[("kicksco.io", 12), ("kicksco.de", 5), ("gmail.com", 3)]);
        assert_eq!(learn(&members), ["kicksco.io", "kicksco.de"]);
    }

    #[test]
    fn providers_count_only_when_they_dominate() {
        assert_eq!(
            learn(people(&[("gmail.com", 3), ("kicksco.io", 7)])),
            ["kicksco.io"]
        );
        assert_eq!(
            learn(people(&[("gmail.com", 6), ("kicksco.io", 4)])),
            ["gmail.com", "kicksco.io"]
        );
    }

    #[test]
    fn tiny_workspaces_and_duplicates() {
        assert_eq!(learn(["me@solo.dev"]), ["solo.dev"]);
        assert!(learn(["a@one.dev", "b@two.dev"]).is_empty());
        assert!(learn(Vec::<String>::new()).is_empty());
        // The same person twice (case, a name around it) counts once.
        let (counts, total) = tally(["A@x.io", "Ann <a@x.io>", "b@y.io"]);
        assert_eq!(total, 2);
        assert_eq!(counts[0].members, 1);
    }

    #[test]
    fn domains_are_read_from_addresses() {
        assert_eq!(
            domain_of("Ana <Ana@Kicksco.IO>").as_deref(),
            Some("kicksco.io")
        );
        assert_eq!(domain_of("ana@kickscoio").as_deref(), Some("kickscoio"));
        assert_eq!(domain_of("ana@"), None);
        assert_eq!(domain_of("no-at"), None);
        let d = WorkspaceDomains::new(vec!["Kicksco.io".into()], ["x@partner.org"]);
        assert!(d.is_own("kicksco.io") && d.is_seen("kicksco.io"));
        assert!(!d.is_own("partner.org") && d.is_seen("partner.org"));
    }

    #[test]
    fn typed_lists_are_cleaned_or_refused_by_entry() {
        assert_eq!(
            parse_domain_list(" kicksco.io, @Kicksco.de;\nkicksco.io ").unwrap(),
            ["kicksco.io", "kicksco.de"]
        );
        assert_eq!(parse_domain_list("  ").unwrap(), Vec::<String>::new());
        let e = parse_domain_list("kicksco.io, kickscoio").unwrap_err();
        assert!(
            e.to_string().starts_with("“kickscoio” is not a domain"),
            "{e}"
        );
    }
}
