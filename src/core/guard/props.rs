//! Property tests of the last-owner rules: whatever the page showed, `decide`
//! never allows an action that leaves the workspace without an owner.
//!
//! A workspace (people, at least one owner) is generated, then what the
//! driver read of it: some or all of its rows, in any order, some read twice,
//! emails written as the page may show them (case, spaces, `Name <addr>`),
//! whether it reached the last page (only when it read everyone) and the
//! total the page states (the true one) or none. Every read is honest; the
//! rules must be safe on partial reads. Then any removal or demotion, of a
//! member, an owner, someone not in the workspace or nobody the page names.

use proptest::prelude::*;

use super::*;

#[derive(Debug, Clone)]
struct Person {
    email: String,
    owner: bool,
}

#[derive(Debug, Clone)]
struct Reading {
    people: Vec<Person>,
    /// Indexes into `people` of the rows read, in reading order.
    read: Vec<usize>,
    /// How each read row writes its email (0: as is, 1: upper case, 2: padded, 3: with a name).
    spelling: Vec<u8>,
    all_pages_read: bool,
    state_total: bool,
    signed_in: Option<usize>,
}

fn reading() -> impl Strategy<Value = Reading> {
    (1usize..8, 0usize..8)
        .prop_flat_map(|(owners, members)| {
            let n = owners + members;
            let people: Vec<Person> = (0..n)
                .map(|i| Person {
                    email: format!("p{i}@corp.example"),
                    owner: i < owners,
                })
                .collect();
            (
                Just(people).prop_shuffle(),
                prop::collection::vec(0..n, 0..n * 2),
                prop::collection::vec(0u8..4, n * 2),
                any::<bool>(),
                any::<bool>(),
                prop::option::of(0..n),
                any::<bool>(),
            )
        })
        .prop_map(
            |(people, mut read, spelling, complete, state_total, signed_in, shuffled)| {
                let all_pages_read = complete;
                if complete {
                    // The driver reached the last page: every person was read.
                    read.extend(0..people.len());
                    if shuffled {
                        read.reverse();
                    }
                }
                Reading {
                    people,
                    read,
                    spelling,
                    all_pages_read,
                    state_total,
                    signed_in,
                }
            },
        )
}

fn spelled(email: &str, how: u8) -> String {
    match how {
        0 => email.to_string(),
        1 => email.to_uppercase(),
        2 => format!("  {email} "),
        _ => format!("Some Name <{email}>"),
    }
}

#[derive(Debug, Clone)]
enum Target {
    Person(usize),
    Stranger,
    Nobody,
}

fn action() -> impl Strategy<Value = (bool, Target)> {
    (
        any::<bool>(),
        prop_oneof![
            6 => (0usize..16).prop_map(Target::Person),
            1 => Just(Target::Stranger),
            1 => Just(Target::Nobody),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn an_allowed_action_always_leaves_an_owner(r in reading(), (remove, target) in action()) {
        let rows: Vec<(String, WorkspaceRole)> = r
            .read
            .iter()
            .zip(r.spelling.iter().cycle())
            .map(|(&i, &how)| {
                let p = &r.people[i];
                let role = if p.owner { WorkspaceRole::Owner } else { WorkspaceRole::Member };
                (spelled(&p.email, how), role)
            })
            .collect();
        let total = r.state_total.then_some(r.people.len());
        let census = OwnerCensus::from_rows(rows, r.all_pages_read, total);
        let (email, target_index) = match target {
            Target::Person(i) => {
                let i = i % r.people.len();
                (r.people[i].email.clone(), Some(i))
            }
            Target::Stranger => ("stranger@elsewhere.example".to_string(), None),
            Target::Nobody => (String::new(), None),
        };
        let action = if remove {
            GuardAction::Remove { email: email.clone() }
        } else {
            GuardAction::Demote { email: email.clone() }
        };
        let signed_in = r.signed_in.map(|i| r.people[i].email.as_str());
        let decision = decide(&census, &action, signed_in);
        if decision == Decision::Allow {
            // The person the page names acts on somebody: for "nobody named",
            // assume the worst, that it is an owner.
            let owners_after = match target_index {
                Some(i) => r.people.iter().enumerate().filter(|(j, p)| p.owner && *j != i).count(),
                None if email.is_empty() => r.people.iter().filter(|p| p.owner).count() - 1,
                None => r.people.iter().filter(|p| p.owner).count(),
            };
            prop_assert!(
                owners_after >= 1,
                "allowed {action:?} with {} owners; census {census:?}",
                r.people.iter().filter(|p| p.owner).count()
            );
        }
        // And with more than one owner known and the target among them, it is never stopped.
        if let Some(i) = target_index {
            let known_owners: std::collections::HashSet<&str> = r.read.iter().filter(|&&j| r.people[j].owner).map(|&j| r.people[j].email.as_str()).collect();
            if known_owners.len() >= 2 && r.people[i].owner && known_owners.contains(r.people[i].email.as_str()) {
                prop_assert_eq!(decision, Decision::Allow);
            }
        }
    }
}
