//! Property tests of the safety rules: learning is about shares, not order;
//! a real domain is never a typo; one slip of the keyboard on a workspace
//! domain is always caught; a suggestion is always within reach; the fix
//! rewrites exactly the flagged addresses; a re-read invite is "the same"
//! whatever the order, case and separators, and not with one address or
//! role more or less.

use proptest::prelude::*;

use super::domains::{learn, tally, WorkspaceDomains, PROVIDERS};
use super::fix::fix_text;
use super::invite::split_addresses;
use super::shown::{invite_change, ShownInvite};
use super::typo::{correct, distance, max_edits, suggest};
use crate::core::input::parse_text;
use crate::core::roles::{Label, RoleGrant, RoleSet, Scope, WorkspaceRole};

/// A company-like domain: a name of 4..12 letters and a common ending.
fn company() -> impl Strategy<Value = String> {
    (
        "[a-z]{4,12}",
        prop::sample::select(vec!["io", "com", "de", "co.uk"]),
    )
        .prop_map(|(n, t)| format!("{n}.{t}"))
}

/// One keyboard slip on `d`: insert, delete, substitute or swap neighbours.
fn slip(d: &str, kind: u8, at: usize, ch: char) -> String {
    let mut c: Vec<char> = d.chars().collect();
    let i = at % c.len();
    match kind % 4 {
        0 => c.insert(i, ch),
        1 => {
            c.remove(i);
        }
        2 => c[i] = ch,
        _ => {
            let j = (i + 1).min(c.len() - 1);
            c.swap(i, j);
        }
    }
    c.into_iter().collect()
}

proptest! {
    #[test]
    fn learning_ignores_order_and_keeps_only_real_shares(
        spec in prop::collection::vec((company(), 1usize..12), 1..6),
        shuffle_seed in any::<u64>(),
    ) {
        let mut emails: Vec<String> = spec
            .iter()
            .enumerate()
            .flat_map(|(k, (d, n))| (0..*n).map(move |i| format!("p{k}x{i}@{d}")))
            .collect();
        let learned = learn(&emails);
        // Any order of the same people learns the same.
        let n = emails.len();
        for i in 0..n {
            emails.swap(i, (shuffle_seed as usize).wrapping_mul(i + 7) % n);
        }
        prop_assert_eq!(&learn(&emails), &learned);
        let (counts, total) = tally(&emails);
        for c in &counts {
            let is_learned = learned.contains(&c.domain);
            if c.members * 2 > total {
                prop_assert!(is_learned, "a majority domain is learned: {:?}", c);
            }
            if c.members == 1 && total >= 2 {
                prop_assert!(!is_learned, "one member is an outlier: {:?}", c);
            }
            if c.members * 10 < total {
                prop_assert!(!is_learned, "under 10 % is an outlier: {:?}", c);
            }
        }
        prop_assert!(learned.iter().all(|d| counts.iter().any(|c| &c.domain == d)));
    }

    #[test]
    fn real_domains_are_never_typos(own in company(), other in company(), p in 0..PROVIDERS.len()) {
        let d = WorkspaceDomains::new(vec![own.clone()], [format!("x@{other}")]);
        prop_assert_eq!(suggest(&own, &d), None);
        prop_assert_eq!(suggest(&other, &d), None);
        prop_assert_eq!(suggest(PROVIDERS[p], &d), None);
    }

    #[test]
    fn one_slip_on_a_workspace_domain_is_caught(
        own in company(), kind in any::<u8>(), at in any::<usize>(), ch in "[a-z.]",
    ) {
        let typed = slip(&own, kind, at, ch.chars().next().unwrap());
        prop_assume!(typed != own && !PROVIDERS.contains(&typed.as_str()));
        let d = WorkspaceDomains::new(vec![own.clone()], Vec::<String>::new());
        let meant = suggest(&typed, &d);
        prop_assert!(meant.is_some(), "{typed} for {own}");
        let meant = meant.unwrap();
        prop_assert!(distance(&typed, &meant) <= distance(&typed, &own));
        let fixed = correct(&format!("ana@{typed}"), &d);
        if let Some(c) = fixed {
            prop_assert_eq!(c.meant, format!("ana@{meant}"));
        }
    }

    #[test]
    fn a_suggestion_is_always_within_reach(own in company(), typed in "[a-z]{1,12}\\.[a-z]{2,4}") {
        let d = WorkspaceDomains::new(vec![own], Vec::<String>::new());
        if let Some(meant) = suggest(&typed, &d) {
            let e = distance(&typed, &meant);
            prop_assert!(e >= 1 && e <= max_edits(&meant), "{typed} → {meant}: {e}");
        }
    }

    #[test]
    fn the_fix_rewrites_exactly_the_flagged_rows(
        rows in prop::collection::vec(("[a-z]{1,6}", any::<bool>()), 1..20),
        one_per_line in any::<bool>(),
    ) {
        let d = WorkspaceDomains::new(vec!["kicksco.io".into()], Vec::<String>::new());
        let typed: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, (local, bad))| format!("{local}{i}@{}", if *bad { "kicksco.co" } else { "kicksco.io" }))
            .collect();
        let text = typed.join(if one_per_line { "\n" } else { ", " });
        let input = parse_text(&text).unwrap();
        let corrections: Vec<_> = input
            .rows
            .iter()
            .filter_map(|r| correct(&r.email, &d).map(|c| (r.line, c)))
            .collect();
        let refs: Vec<_> = corrections.iter().map(|(l, c)| (*l, c)).collect();
        let r = fix_text(&text, &refs);
        prop_assert!(r.missed.is_empty());
        let after = parse_text(&r.text).unwrap();
        let emails: Vec<String> = after.rows.iter().map(|r| r.email.to_string()).collect();
        let expected: Vec<String> = typed.iter().map(|t| t.replace("kicksco.co", "kicksco.io")).collect();
        prop_assert_eq!(emails, expected);
    }
}

/// Distinct addresses (by key) and distinct role names with their scopes.
fn invite_parts() -> impl Strategy<Value = (Vec<String>, Vec<RoleGrant>)> {
    let emails = prop::collection::btree_set(("[a-z]{1,5}", company()), 1..8).prop_map(|s| {
        s.into_iter()
            .map(|(l, d)| format!("{l}@{d}"))
            .collect::<Vec<String>>()
    });
    let scope = prop_oneof![
        Just(Scope::Unscoped),
        prop::collection::btree_set(("[a-z]{1,3}", "[a-z]{1,3}"), 0..4)
            .prop_map(|s| Scope::labelled(s.into_iter().map(|(k, v)| Label::new(k, v)))),
        prop::collection::btree_set("[A-Z][a-z]{1,4}", 1..4).prop_map(Scope::specific),
    ];
    let grants = prop::collection::btree_map("[A-Z][a-z]{2,8}", scope, 0..5)
        .prop_map(|m| m.into_iter().map(|(r, s)| RoleGrant::new(r, s)).collect());
    (emails, grants)
}

/// `v` reordered by `seed` (a deterministic shuffle).
fn reorder<T>(mut v: Vec<T>, seed: u64) -> Vec<T> {
    let n = v.len();
    for i in 0..n {
        v.swap(
            i,
            (seed as usize)
                .wrapping_mul(i + 7)
                .wrapping_add(seed as usize >> 7)
                % n,
        );
    }
    v
}

/// The same grant with its scope's lists reordered.
fn reorder_scope(g: &RoleGrant, seed: u64) -> RoleGrant {
    let scope = match &g.scope {
        Scope::Unscoped => Scope::Unscoped,
        Scope::All { labels } => Scope::labelled(reorder(labels.clone(), seed)),
        Scope::Specific { resources } => Scope::specific(reorder(resources.clone(), seed)),
    };
    RoleGrant::new(g.role.clone(), scope)
}

fn shown(field: &str, grants: &[RoleGrant]) -> ShownInvite {
    ShownInvite::new(
        &split_addresses(field),
        WorkspaceRole::Member,
        Some(&RoleSet::member(grants.iter().cloned())),
    )
}

proptest! {
    #[test]
    fn a_reread_invite_is_the_same_whatever_the_order_case_and_separators(
        (emails, grants) in invite_parts(),
        seed in any::<u64>(),
        upper in prop::collection::vec(any::<bool>(), 8),
        seps in prop::collection::vec(prop::sample::select(vec![",", ", ", ";", " ", "\n", " ,  "]), 8),
        twice in any::<bool>(),
    ) {
        let before = shown(&emails.join(","), &grants);
        let mut typed: Vec<String> = reorder(emails.clone(), seed)
            .into_iter()
            .zip(&upper)
            .map(|(e, up)| if *up { e.to_uppercase() } else { e })
            .collect();
        if twice {
            typed.push(emails[0].clone());
        }
        let mut field = String::from("  ");
        for (i, e) in typed.iter().enumerate() {
            field.push_str(e);
            field.push_str(seps[i % seps.len()]);
        }
        let regranted: Vec<RoleGrant> = reorder(grants.iter().map(|g| reorder_scope(g, seed)).collect(), seed ^ 1);
        prop_assert_eq!(invite_change(&before, &shown(&field, &regranted)), None, "{}", field);
    }

    #[test]
    fn one_address_or_role_more_or_less_is_always_a_change(
        (emails, grants) in invite_parts(),
        extra in "[a-z]{6}@other\\.dev",
        which in any::<prop::sample::Index>(),
    ) {
        let before = shown(&emails.join(", "), &grants);
        let more = format!("{}, {extra}", emails.join(", "));
        let c = invite_change(&before, &shown(&more, &grants));
        prop_assert_eq!(c.map(|c| (c.added, c.removed, c.roles)), Some((vec![extra], vec![], false)));
        if emails.len() > 1 {
            let gone = which.index(emails.len());
            let fewer: Vec<&str> = emails.iter().enumerate().filter(|(i, _)| *i != gone).map(|(_, e)| e.as_str()).collect();
            let c = invite_change(&before, &shown(&fewer.join(","), &grants)).map(|c| c.removed);
            prop_assert_eq!(c, Some(vec![emails[gone].clone()]));
        }
        let mut plus = grants.clone();
        plus.push(RoleGrant::new("Zz Extra Role", Scope::Unscoped));
        prop_assert!(invite_change(&before, &shown(&emails.join(","), &plus)).is_some_and(|c| c.roles));
        if !grants.is_empty() {
            let mut minus = grants.clone();
            minus.remove(which.index(grants.len()));
            prop_assert!(invite_change(&before, &shown(&emails.join(","), &minus)).is_some_and(|c| c.roles));
        }
    }
}
