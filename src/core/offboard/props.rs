//! Properties of the removal planning rules over generated rosters and
//! lists: every row one fate, never the signed-in person, never the last
//! shown owner, never "not in this workspace" from a partial read, and the
//! same people lose access whatever the order of the rows.

use proptest::prelude::*;
use rustc_hash::FxHashSet;

use super::*;
use crate::core::input::parse_text;

fn access() -> impl Strategy<Value = Access> {
    prop_oneof![
        Just(Access::Owner),
        Just(Access::Member),
        Just(Access::UnknownRole),
        Just(Access::Invite),
    ]
}

/// A roster of up to 8 people p0..p7, the read complete or not, maybe a
/// signed-in person among them; a list naming some of them (in any case,
/// some twice), outsiders and invalid cells, in a shuffled order.
fn case() -> impl Strategy<Value = (Vec<Access>, bool, Option<usize>, Vec<String>)> {
    (
        prop::collection::vec(access(), 1..8),
        any::<bool>(),
        any::<Option<prop::sample::Index>>(),
        prop::collection::vec((0usize..12, any::<bool>()), 0..14),
    )
        .prop_flat_map(|(people, complete, me, picks)| {
            let n = people.len();
            let me = me.map(|i| i.index(n));
            let list: Vec<String> = picks
                .into_iter()
                .map(|(i, upper)| {
                    let e = match i {
                        i if i < n => format!("p{i}@x.com"),
                        8 | 9 => format!("out{i}@x.com"),
                        _ => "not an email".to_string(),
                    };
                    if upper {
                        e.to_uppercase()
                    } else {
                        e
                    }
                })
                .collect();
            (
                Just(people),
                Just(complete),
                Just(me),
                Just(list.clone()).prop_shuffle(),
            )
        })
}

fn roster(people: &[Access], complete: bool, me: Option<usize>) -> Roster {
    let me = me.map(|i| format!("p{i}@x.com"));
    Roster::new(
        people
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("p{i}@x.com"), *a)),
        complete,
        me.as_deref(),
    )
}

fn plan_of(list: &[String], roster: &Roster) -> RemovalPlan {
    let text = format!("email\n{}\n", list.join("\n"));
    // An empty list has no rows to plan.
    parse_text(&text).map_or_else(
        |_| RemovalPlan::default(),
        |i| plan_removal(&i.rows, roster),
    )
}

fn losing(plan: &RemovalPlan) -> FxHashSet<String> {
    plan.losing_access()
        .map(|r| r.email.as_ref().unwrap().key().to_string())
        .collect()
}

proptest! {
    #[test]
    fn the_rules_hold((people, complete, me, list) in case()) {
        let roster = roster(&people, complete, me);
        let plan = plan_of(&list, &roster);
        // Every row exactly one class, counted once.
        prop_assert_eq!(plan.counts().iter().map(|(_, n)| n).sum::<usize>(), plan.rows.len());
        prop_assert_eq!(plan.rows.len(), list.len());
        let gone = losing(&plan);
        prop_assert_eq!(gone.len(), plan.people(), "a person counted twice");
        // Never the signed-in person.
        if let Some(me) = roster.signed_in() {
            prop_assert!(!gone.contains(me));
        }
        // Never an owner when the page does not show who is signed in.
        if roster.signed_in().is_none() {
            let owner_goes = plan.rows.iter().any(|r| r.fate == Fate::Remove { owner: true });
            prop_assert!(!owner_goes, "an owner goes while who is signed in is unknown");
        }
        // Never the last shown owner.
        let shown: Vec<String> = (0..people.len())
            .filter(|&i| people[i] == Access::Owner)
            .map(|i| format!("p{i}@x.com"))
            .collect();
        if !shown.is_empty() {
            prop_assert!(shown.iter().any(|o| !gone.contains(o)), "no owner stays: {:?}", gone);
        }
        // Only people the read showed lose access, as what it showed.
        for r in plan.losing_access() {
            let a = roster.access(r.email.as_ref().unwrap().as_str());
            prop_assert_eq!(r.fate == Fate::Revoke, a == Some(Access::Invite));
            prop_assert!(a.is_some());
        }
        // A partial read never concludes "not in this workspace".
        if !complete {
            prop_assert_eq!(plan.count(FateKind::NotInWorkspace), 0);
        }
    }

    #[test]
    fn the_order_of_rows_does_not_matter(
        (people, complete, me, list) in case(),
        seed in any::<u64>(),
    ) {
        let roster = roster(&people, complete, me);
        let mut other = list.clone();
        // A deterministic rotation and reversal from the seed.
        if !other.is_empty() {
            let k = (seed as usize) % other.len();
            other.rotate_left(k);
            if seed & 1 == 1 {
                other.reverse();
            }
        }
        prop_assert_eq!(losing(&plan_of(&list, &roster)), losing(&plan_of(&other, &roster)));
    }
}
