//! The removal planning rules, case by case.

use super::*;
use crate::core::input::parse_text;

fn plan(text: &str, roster: &Roster) -> RemovalPlan {
    let input = parse_text(text).unwrap();
    plan_removal(&input.rows, roster)
}

fn fates(p: &RemovalPlan) -> Vec<FateKind> {
    p.rows.iter().map(PlanRow::kind).collect()
}

/// me@x.com (owner, signed in), boss@x.com (owner), ann@x.com and
/// bob@x.com (members), new@x.com (pending invite); read completely.
fn acme() -> Roster {
    Roster::new(
        [
            ("me@x.com", Access::Owner),
            ("boss@x.com", Access::Owner),
            ("ann@x.com", Access::Member),
            ("Bob@X.com", Access::Member),
            ("new@x.com", Access::Invite),
        ],
        true,
        Some("me@x.com"),
    )
}

#[test]
fn members_are_removed_and_invites_revoked() {
    let p = plan("ann@x.com\nnew@x.com\nbob@x.com\n", &acme());
    assert_eq!(
        fates(&p),
        [FateKind::Remove, FateKind::Revoke, FateKind::Remove]
    );
    assert_eq!(p.people(), 3);
    assert!(p.rows.iter().all(|r| r.message().is_none()));
}

#[test]
fn invalid_duplicate_absent_and_you_are_refused_with_their_reason() {
    let p = plan(
        "email\nann@x.com\nnot-an-email\nANN@x.com\nghost@x.com\nme@x.com\n",
        &acme(),
    );
    assert_eq!(
        fates(&p),
        [
            FateKind::Remove,
            FateKind::InvalidEmail,
            FateKind::Duplicate,
            FateKind::NotInWorkspace,
            FateKind::You
        ]
    );
    assert_eq!(p.rows[2].fate, Fate::Duplicate { of_row: 2 });
    let m = |i: usize| p.rows[i].message().unwrap();
    assert!(m(1).starts_with("Row 3: \"not-an-email\" is not a valid email"));
    assert!(m(2).contains("duplicate of row 2"), "{}", m(2));
    assert!(m(3).contains("not in this workspace"), "{}", m(3));
    assert!(m(4).contains("the tool does not remove you"), "{}", m(4));
    assert_eq!(p.people(), 1);
}

#[test]
fn one_of_two_owners_goes_while_the_signed_in_owner_stays() {
    let p = plan("boss@x.com\nme@x.com\n", &acme());
    assert_eq!(fates(&p), [FateKind::Remove, FateKind::You]);
    assert_eq!(p.rows[0].fate, Fate::Remove { owner: true });
}

#[test]
fn the_last_owner_stays_whatever_the_order_of_rows() {
    // The signed-in person is shown as a member here: the two owners are
    // the only ones, so exactly one stays — the first by email address.
    let roster = Roster::new(
        [
            ("zed@x.com", Access::Owner),
            ("amy@x.com", Access::Owner),
            ("me@x.com", Access::Member),
        ],
        true,
        Some("me@x.com"),
    );
    for text in ["zed@x.com\namy@x.com\n", "amy@x.com\nzed@x.com\n"] {
        let p = plan(text, &roster);
        let kept: Vec<_> = p
            .rows
            .iter()
            .filter(|r| r.kind() == FateKind::LastOwner)
            .map(|r| r.email.as_ref().unwrap().as_str())
            .collect();
        assert_eq!(kept, ["amy@x.com"], "{text}");
        assert_eq!(p.people(), 1);
        let msg = p
            .rows
            .iter()
            .find(|r| r.kind() == FateKind::LastOwner)
            .unwrap()
            .message()
            .unwrap();
        assert!(msg.contains("without an owner"), "{msg}");
    }
}

#[test]
fn a_shown_owner_is_kept_before_a_member_whose_role_is_unknown() {
    let roster = Roster::new(
        [
            ("b@x.com", Access::Owner),
            ("a@x.com", Access::UnknownRole),
            ("me@x.com", Access::Member),
        ],
        true,
        Some("me@x.com"),
    );
    let p = plan("a@x.com\nb@x.com\n", &roster);
    assert_eq!(fates(&p), [FateKind::Remove, FateKind::LastOwner]);
}

#[test]
fn owners_are_not_removed_when_the_page_does_not_show_who_is_signed_in() {
    let roster = Roster::new(
        [
            ("a@x.com", Access::Owner),
            ("b@x.com", Access::Owner),
            ("c@x.com", Access::Member),
        ],
        true,
        None,
    );
    let p = plan("a@x.com\nc@x.com\n", &roster);
    assert_eq!(fates(&p), [FateKind::MaybeYou, FateKind::Remove]);
    assert!(p.rows[0].message().unwrap().contains("could be you"));
}

#[test]
fn a_partial_read_never_says_not_in_this_workspace() {
    let roster = Roster::new([("ann@x.com", Access::Member)], false, Some("me@x.com"));
    let mut roster2 = roster.clone();
    let p = plan("ann@x.com\nghost@x.com\n", &roster);
    assert_eq!(fates(&p), [FateKind::Remove, FateKind::NotChecked]);
    assert_eq!(
        p.unchecked().map(Email::as_str).collect::<Vec<_>>(),
        ["ghost@x.com"]
    );
    assert!(p.rows[1]
        .message()
        .unwrap()
        .contains("could not be checked"));
    // The page's search answered without them: now it is known.
    roster2.looked_up(Vec::<(&str, Access)>::new(), ["ghost@x.com"]);
    let p = plan("ann@x.com\nghost@x.com\n", &roster2);
    assert_eq!(fates(&p), [FateKind::Remove, FateKind::NotInWorkspace]);
    // ... or with them.
    roster2.looked_up([("ghost@x.com", Access::Invite)], Vec::<&str>::new());
    let p = plan("ghost@x.com\n", &roster2);
    assert_eq!(fates(&p), [FateKind::Revoke]);
}

#[test]
fn a_person_read_as_member_and_invite_is_a_member() {
    let roster = Roster::new(
        [("x@x.com", Access::Invite), ("x@x.com", Access::Member)],
        true,
        Some("me@x.com"),
    );
    assert_eq!(roster.access("X@x.com"), Some(Access::Member));
}

#[test]
fn run_rows_carry_the_target_and_the_refusals_their_message() {
    let p = plan("boss@x.com\nnew@x.com\nme@x.com\nann@x.com\n", &acme());
    let rows: Vec<_> = p.new_rows().collect();
    assert_eq!(
        rows[0],
        NewRow::Ready {
            line: 1,
            email: "boss@x.com".into(),
            group: Target::Member { owner: true }
        }
    );
    assert_eq!(
        rows[1],
        NewRow::Ready {
            line: 2,
            email: "new@x.com".into(),
            group: Target::Invite
        }
    );
    assert!(matches!(&rows[2], NewRow::NotReady { message, .. } if message.contains("is you")));
    assert_eq!(
        p.counts()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect::<Vec<_>>(),
        [
            (FateKind::Remove, 2),
            (FateKind::Revoke, 1),
            (FateKind::You, 1)
        ]
    );
}

#[test]
fn an_owner_may_go_only_while_another_owner_stays() {
    let roster = acme();
    assert_eq!(owner_may_go("boss@x.com", &roster), Ok(()));
    let alone = Roster::new(
        [("boss@x.com", Access::Owner), ("me@x.com", Access::Member)],
        true,
        Some("me@x.com"),
    );
    assert_eq!(
        owner_may_go("boss@x.com", &alone),
        Err(OwnerKept::LastOwner)
    );
    let unknown = Roster::new([("boss@x.com", Access::Owner)], true, None);
    assert_eq!(
        owner_may_go("boss@x.com", &unknown),
        Err(OwnerKept::MaybeYou)
    );
}
