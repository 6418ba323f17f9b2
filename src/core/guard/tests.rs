use super::*;
use WorkspaceRole::{Member, Owner};

fn census(rows: &[(&str, WorkspaceRole)], all_pages: bool) -> OwnerCensus {
    OwnerCensus::from_rows(rows.iter().copied(), all_pages, None)
}

fn remove(email: &str) -> GuardAction {
    GuardAction::Remove {
        email: email.into(),
    }
}

fn demote(email: &str) -> GuardAction {
    GuardAction::Demote {
        email: email.into(),
    }
}

#[test]
fn two_owners_removing_or_demoting_one_is_allowed() {
    let c = census(
        &[("a@x.com", Owner), ("b@x.com", Owner), ("m@x.com", Member)],
        true,
    );
    assert_eq!(c.owner_count(), Some(2));
    for action in [remove("a@x.com"), demote("B@X.com"), remove("b@x.com")] {
        assert_eq!(
            decide(&c, &action, Some("a@x.com")),
            Decision::Allow,
            "{action:?}"
        );
    }
}

#[test]
fn two_known_owners_allow_even_when_incomplete() {
    let c = census(&[("a@x.com", Owner), ("b@x.com", Owner)], false);
    assert!(!c.is_complete());
    assert_eq!(decide(&c, &remove("a@x.com"), None), Decision::Allow);
}

#[test]
fn removing_a_member_is_allowed() {
    let c = census(&[("a@x.com", Owner), ("m@x.com", Member)], true);
    assert_eq!(
        decide(&c, &remove("m@x.com"), Some("a@x.com")),
        Decision::Allow
    );
    assert_eq!(
        decide(&c, &demote("m@x.com"), Some("a@x.com")),
        Decision::Allow
    );
    // Someone not in a complete list (e.g. a pending invite) is not an owner.
    assert_eq!(
        decide(&c, &remove("invitee@x.com"), Some("a@x.com")),
        Decision::Allow
    );
}

#[test]
fn known_member_allowed_even_when_incomplete() {
    let c = census(&[("a@x.com", Owner), ("m@x.com", Member)], false);
    assert_eq!(decide(&c, &remove("m@x.com"), None), Decision::Allow);
}

#[test]
fn last_owner_blocked() {
    let c = census(&[("owner@x.com", Owner), ("m@x.com", Member)], true);
    for action in [remove("owner@x.com"), demote(" Owner@X.com ")] {
        assert_eq!(
            decide(&c, &action, None),
            Decision::Block {
                owner: "owner@x.com".into(),
                why: BlockReason::LastOwner
            }
        );
    }
}

#[test]
fn signed_in_last_owner_removing_themselves() {
    let c = census(&[("me@x.com", Owner), ("m@x.com", Member)], true);
    assert_eq!(
        decide(&c, &demote("me@x.com"), Some("ME@x.com")),
        Decision::Block {
            owner: "me@x.com".into(),
            why: BlockReason::SelfLastOwner
        }
    );
}

#[test]
fn incomplete_census_is_uncertain_for_owners_and_unknowns() {
    let c = census(&[("a@x.com", Owner), ("m@x.com", Member)], false);
    assert_eq!(
        decide(&c, &remove("a@x.com"), None),
        Decision::Uncertain {
            owner: "a@x.com".into(),
            why: CensusProblem::NotAllPagesRead
        }
    );
    assert_eq!(
        decide(&c, &remove("stranger@x.com"), None),
        Decision::Uncertain {
            owner: "stranger@x.com".into(),
            why: CensusProblem::NotAllPagesRead
        }
    );
}

#[test]
fn count_mismatch_is_uncertain() {
    let c = OwnerCensus::from_rows([("a@x.com", Owner), ("m@x.com", Member)], true, Some(3));
    assert_eq!(
        c.problems(),
        [CensusProblem::CountMismatch {
            expected: 3,
            found: 2
        }]
    );
    assert_eq!(c.owner_count(), None);
    assert!(matches!(
        decide(&c, &remove("a@x.com"), None),
        Decision::Uncertain {
            why: CensusProblem::CountMismatch { .. },
            ..
        }
    ));
    let ok = OwnerCensus::from_rows([("a@x.com", Owner), ("m@x.com", Member)], true, Some(2));
    assert_eq!(ok.owner_count(), Some(1));
}

#[test]
fn conflicting_rows_count_as_owner_and_make_it_uncertain() {
    let c = census(
        &[("a@x.com", Owner), ("b@x.com", Member), ("B@x.com", Owner)],
        true,
    );
    assert_eq!(
        c.problems(),
        [CensusProblem::ConflictingRows {
            email: "b@x.com".into()
        }]
    );
    // Worst case counts b as an owner, so two owners are known.
    assert_eq!(c.owners(), ["a@x.com", "b@x.com"]);
    assert_eq!(decide(&c, &remove("a@x.com"), None), Decision::Allow);
    // The same person listed twice with the same permission is not a conflict.
    let c = census(&[("a@x.com", Owner), ("A@x.com", Owner)], true);
    assert_eq!(c.owner_count(), Some(1));
}

#[test]
fn no_owner_found_is_uncertain() {
    let c = census(&[("m@x.com", Member)], true);
    assert_eq!(c.problems(), [CensusProblem::NoOwnerFound]);
    assert!(matches!(
        decide(&c, &remove("x@x.com"), None),
        Decision::Uncertain {
            why: CensusProblem::NoOwnerFound,
            ..
        }
    ));
    // Empty and incomplete: only the paging problem.
    let c = census(&[], false);
    assert_eq!(c.problems(), [CensusProblem::NotAllPagesRead]);
}

#[test]
fn signed_in_person_missing_from_owners_is_uncertain() {
    let c = census(&[("boss@x.com", Owner), ("me@x.com", Member)], true);
    assert_eq!(
        decide(&c, &remove("boss@x.com"), Some("me@x.com")),
        Decision::Uncertain {
            owner: "boss@x.com".into(),
            why: CensusProblem::SignedInNotOwner {
                email: "me@x.com".into()
            }
        }
    );
}

#[test]
fn from_owners_helper() {
    let c = OwnerCensus::from_owners(["a@x.com"], true);
    assert_eq!(c.owner_count(), Some(1));
    assert!(matches!(
        decide(&c, &remove("a@x.com"), None),
        Decision::Block { .. }
    ));
    let c = OwnerCensus::from_owners(["a@x.com"], false);
    assert!(matches!(
        decide(&c, &remove("a@x.com"), None),
        Decision::Uncertain { .. }
    ));
}

#[test]
fn explanations() {
    let c = census(&[("o@x.com", Owner)], true);
    let d = decide(&c, &remove("o@x.com"), None);
    let text = explain(&d, &remove("o@x.com")).unwrap();
    assert!(text.starts_with("o@x.com is the last Workspace Owner. Removing o@x.com"));
    assert!(text.contains("Make someone else a Workspace Owner first"));
    let d = decide(&c, &demote("o@x.com"), Some("o@x.com"));
    assert!(explain(&d, &demote("o@x.com"))
        .unwrap()
        .starts_with("You (o@x.com) are the last Workspace Owner"));
    let c = census(&[("o@x.com", Owner)], false);
    let d = decide(&c, &remove("o@x.com"), None);
    assert!(explain(&d, &remove("o@x.com"))
        .unwrap()
        .contains("not every page of the members list could be read"));
    assert_eq!(explain(&Decision::Allow, &remove("o@x.com")), None);
}

#[test]
fn confirmation_text() {
    assert!(confirmation_matches("owner@x.com", "owner@x.com"));
    assert!(confirmation_matches("  OWNER@X.COM \n", "Owner@x.com"));
    assert!(!confirmation_matches("owner@x.co", "owner@x.com"));
    assert!(!confirmation_matches("", ""));
    assert!(!confirmation_matches("   ", "owner@x.com"));
    assert!(!confirmation_matches("other@x.com", "owner@x.com"));
}

#[test]
fn census_accepts_owned_strings() {
    let rows: Vec<(String, WorkspaceRole)> =
        vec![("a@x.com".into(), Owner), ("b@x.com".into(), Owner)];
    let c = OwnerCensus::from_rows(rows, true, Some(2));
    assert_eq!(c.owner_count(), Some(2));
}

#[test]
fn an_unidentified_target_is_safe_only_with_two_owners() {
    let one = census(&[("a@x.com", Owner), ("m@x.com", Member)], true);
    assert_eq!(
        decide(&one, &remove(""), Some("a@x.com")),
        Decision::Uncertain {
            owner: String::new(),
            why: CensusProblem::UnknownTarget
        }
    );
    let text = explain(&decide(&one, &remove(""), None), &remove("")).unwrap_or_default();
    assert!(
        text.starts_with("This could leave the workspace with no owner"),
        "{text}"
    );
    let two = census(&[("a@x.com", Owner), ("b@x.com", Owner)], true);
    assert_eq!(decide(&two, &remove(""), None), Decision::Allow);
}
