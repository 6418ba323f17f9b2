//! Properties of the plan over generated rosters and files: everyone once,
//! never the signed-in person, an owner always stays, nothing removed from
//! a partial read, and applying the plan gives the file (apart from what
//! it refuses).

use proptest::prelude::*;
use rustc_hash::FxHashMap;

use super::*;
use crate::core::completeness::{Completeness, PagerEnd, PartialReason};
use crate::core::roles::{RoleGrant, Scope};
use crate::core::roster::read::assemble;

fn access() -> impl Strategy<Value = RoleSet> {
    prop_oneof![
        Just(RoleSet::owner()),
        Just(RoleSet::member([])),
        Just(RoleSet::member([RoleGrant::new(
            "Source Admin",
            Scope::all()
        )])),
        Just(RoleSet::member([RoleGrant::new(
            "Source Admin",
            Scope::specific(["Web"])
        )])),
        Just(RoleSet::member([
            RoleGrant::new("Source Admin", Scope::all()),
            RoleGrant::new("Function Admin", Scope::Unscoped),
        ])),
    ]
}

type Case = (
    Vec<(RoleSet, bool, bool)>,
    bool,
    Option<usize>,
    Vec<(usize, RoleSet, bool)>,
    bool,
);

/// Up to 6 people p0..p5 (member or invite; some whose grants the read
/// could not read, which makes it partial), the table read complete or not,
/// maybe a signed-in member; a file naming some of them and outsiders
/// (o6..o8), in any case, some twice.
fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((access(), any::<bool>(), prop::bool::weighted(0.2)), 1..6),
        any::<bool>(),
        any::<Option<prop::sample::Index>>(),
        prop::collection::vec((0usize..9, access(), any::<bool>()), 0..10),
        any::<bool>(),
    )
        .prop_map(|(people, complete, me, file, remove)| {
            let me = me.map(|i| i.index(people.len())).filter(|&i| !people[i].1);
            (people, complete, me, file, remove)
        })
}

fn email(i: usize, upper: bool) -> String {
    let e = if i < 6 {
        format!("p{i}@x.io")
    } else {
        format!("o{i}@x.io")
    };
    if upper {
        e.to_uppercase()
    } else {
        e
    }
}

fn build(c: &Case) -> (Roster, Vec<Unread>, Vec<Person>, Option<String>) {
    let (people, complete, me, file, _) = c;
    let completeness = if *complete {
        Completeness::Complete {
            end: PagerEnd::NoPager,
            total: None,
        }
    } else {
        Completeness::Partial {
            rows_read: people.len(),
            total: None,
            why: PartialReason::NoWayToNextPage,
        }
    };
    let read = people
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.2)
        .map(|(i, (a, pending, _))| {
            let status = if *pending {
                Status::Invited
            } else {
                Status::Member
            };
            Person::new(&email(i, false), None, status, a.clone())
        })
        .collect();
    let unread: Vec<Unread> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.2)
        .map(|(i, _)| Unread {
            email: email(i, false),
            why: "the editor did not open".into(),
        })
        .collect();
    let roster = assemble("acme", read, &unread, completeness);
    let desired = file
        .iter()
        .map(|(i, a, upper)| Person::new(&email(*i, *upper), None, Status::Member, a.clone()))
        .collect();
    (roster, unread, desired, me.map(|i| email(i, false)))
}

/// The roster after every `Do` of the plan went through.
fn applied(roster: &Roster, plan: &RosterPlan) -> FxHashMap<String, (Status, RoleSet)> {
    let mut after: FxHashMap<String, (Status, RoleSet)> = roster
        .people
        .iter()
        .map(|p| (p.email.clone(), (p.status, p.access.clone())))
        .collect();
    for (row, action) in plan.changes() {
        match action {
            Action::Invite { to } | Action::Reinvite { to, .. } => {
                after.insert(row.email.clone(), (Status::Invited, to.clone()));
            }
            Action::ChangeRoles { to, .. } => {
                after.insert(row.email.clone(), (Status::Member, to.clone()));
            }
            Action::Remove { .. } => {
                after.remove(&row.email);
            }
        }
    }
    after
}

fn owners(after: &FxHashMap<String, (Status, RoleSet)>) -> usize {
    after
        .values()
        .filter(|(s, a)| *s == Status::Member && a.workspace == WorkspaceRole::Owner)
        .count()
}

proptest! {
    #[test]
    fn the_plan_is_safe_and_gives_the_file(c in case()) {
        let (roster, unread, desired, me) = build(&c);
        let remove = c.4;
        let p = plan(&desired, &roster, &unread, me.as_deref(), remove);

        // Everyone once (a repeated email: its later rows are duplicates).
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        for r in p.rows.iter().filter(|r| r.step != Step::Duplicate) {
            *seen.entry(r.email.as_str()).or_default() += 1;
        }
        prop_assert!(seen.values().all(|&n| n == 1));
        for person in &roster.people {
            prop_assert!(seen.contains_key(person.email.as_str()));
        }
        // Whose grants were not read: not compared, never changed, and
        // the read is partial.
        for u in &unread {
            prop_assert!(!p.complete);
            let row = p.rows.iter().find(|r| r.email == u.email && r.step != Step::Duplicate);
            prop_assert!(matches!(row.map(|r| &r.step), Some(Step::NotCompared { .. })), "{}", u.email);
        }

        let after = applied(&roster, &p);
        // Never you.
        if let Some(me) = &me {
            prop_assert!(p.changes().iter().all(|(r, a)| &r.email != me || !a.takes_away()));
        }
        // An owner stays (owners of the page before, and you are known).
        if me.is_some() && owners(&applied(&roster, &RosterPlan { rows: vec![], complete: true })) > 0 {
            prop_assert!(owners(&after) > 0);
        }
        // Not knowing who you are, no owner loses anything.
        if me.is_none() {
            for (r, a) in p.changes() {
                let was_owner = roster.get(&r.email).is_some_and(|x| x.access.workspace == WorkspaceRole::Owner && x.status == Status::Member);
                prop_assert!(!(was_owner && a.takes_away()));
            }
        }
        // Nothing removed from a partial read.
        if !p.complete {
            let removes = p.changes().iter().any(|(_, a)| matches!(a, Action::Remove { .. }));
            prop_assert!(!removes);
        }
        // Applying gives the file, apart from what is refused.
        let refused: Vec<&str> = p.rows.iter().filter(|r| matches!(r.step, Step::Refused { .. } | Step::NotCompared { .. })).map(|r| r.email.as_str()).collect();
        let mut first: FxHashMap<String, &Person> = FxHashMap::default();
        for d in &desired {
            first.entry(d.email.clone()).or_insert(d);
        }
        for (e, want) in &first {
            if refused.contains(&e.as_str()) { continue; }
            let got = after.get(e).map(|(_, a)| a);
            prop_assert!(got.is_some_and(|g| super::super::diff::same_access(g, &want.access)), "{e}");
        }
        for person in &roster.people {
            if first.contains_key(&person.email) || refused.contains(&person.email.as_str()) { continue; }
            prop_assert_eq!(after.contains_key(&person.email), !(remove && p.complete));
        }
    }
}
