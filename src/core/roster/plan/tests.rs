use super::*;
use crate::core::completeness::{Completeness, PagerEnd, PartialReason};
use crate::core::roles::{RoleGrant, Scope};
use crate::core::run::{Journal, ResendStep, RunStatus};

fn admin(scope: Scope) -> RoleSet {
    RoleSet::member([RoleGrant::new("Source Admin", scope)])
}

fn reader() -> RoleSet {
    RoleSet::member([RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped)])
}

fn member(email: &str, access: RoleSet) -> Person {
    Person::new(email, None, Status::Member, access)
}

fn invited(email: &str, access: RoleSet) -> Person {
    Person::new(email, None, Status::Invited, access)
}

fn complete() -> Completeness {
    Completeness::Complete {
        end: PagerEnd::NoPager,
        total: None,
    }
}

fn partial() -> Completeness {
    Completeness::Partial {
        rows_read: 3,
        total: Some(9),
        why: PartialReason::NoWayToNextPage,
    }
}

/// me (owner, signed in), boss (owner), ann (Source Admin all), bob
/// (reader), cat (pending, reader).
fn roster(completeness: Completeness) -> Roster {
    Roster::new(
        "acme",
        vec![
            member("me@x.io", RoleSet::owner()),
            member("boss@x.io", RoleSet::owner()),
            member("ann@x.io", admin(Scope::all())),
            member("bob@x.io", reader()),
            invited("cat@x.io", reader()),
        ],
        completeness,
    )
}

fn step_of<'a>(plan: &'a RosterPlan, email: &str) -> &'a Step {
    &plan.rows.iter().find(|r| r.email == email).unwrap().step
}

#[test]
fn every_kind_of_change_by_name() {
    let desired = vec![
        member("ME@x.io", RoleSet::owner()),
        member("boss@x.io", RoleSet::owner()),
        // A scope change.
        member("Ann@X.io", admin(Scope::specific(["Web"]))),
        // The pending invite's roles change.
        invited("cat@x.io", admin(Scope::all())),
        member("new@x.io", reader()),
    ];
    let p = plan(&desired, &roster(complete()), &[], Some("me@x.io"), true);
    assert_eq!(step_of(&p, "me@x.io"), &Step::Unchanged);
    assert_eq!(
        step_of(&p, "ann@x.io"),
        &Step::Do(Action::ChangeRoles {
            from: admin(Scope::all()),
            to: admin(Scope::specific(["Web"])),
        })
    );
    assert_eq!(
        step_of(&p, "cat@x.io"),
        &Step::Do(Action::Reinvite {
            from: reader(),
            to: admin(Scope::all()),
        })
    );
    assert_eq!(
        step_of(&p, "new@x.io"),
        &Step::Do(Action::Invite { to: reader() })
    );
    assert_eq!(
        step_of(&p, "bob@x.io"),
        &Step::Do(Action::Remove {
            from: reader(),
            status: Status::Member
        })
    );
    assert_eq!(p.changes().len(), 4);
    assert_eq!(p.count(StepKind::Unchanged), 2);
    // The scope change and the removal take something away.
    assert_eq!(
        p.taking_away(),
        3,
        "ann narrowed, cat's reader dropped, bob"
    );
}

#[test]
fn nobody_is_removed_unless_asked_nor_from_a_partial_read() {
    let desired = vec![member("me@x.io", RoleSet::owner())];
    let p = plan(&desired, &roster(complete()), &[], Some("me@x.io"), false);
    assert_eq!(p.count(StepKind::Kept), 4);
    assert!(p.changes().is_empty());
    let p = plan(&desired, &roster(partial()), &[], Some("me@x.io"), true);
    assert!(!p.complete);
    assert_eq!(p.count(StepKind::Refused), 4);
    assert!(p
        .rows
        .iter()
        .filter(|r| r.email != "me@x.io")
        .all(|r| matches!(
            r.step,
            Step::Refused {
                why: Refusal::PartialRead,
                ..
            }
        )));
}

#[test]
fn never_you_nor_the_last_owner() {
    // The file demotes you and drops the other owner.
    let desired = vec![member("me@x.io", reader())];
    let p = plan(&desired, &roster(complete()), &[], Some("me@x.io"), true);
    assert!(matches!(
        step_of(&p, "me@x.io"),
        Step::Refused {
            why: Refusal::You,
            ..
        }
    ));
    // boss is the last owner besides you... and you stay owner (refused):
    // boss may go.
    assert!(matches!(
        step_of(&p, "boss@x.io"),
        Step::Do(Action::Remove { .. })
    ));

    // Signed in as bob (say): both owners dropped, the first by email stays.
    let p = plan(&[], &roster(complete()), &[], Some("bob@x.io"), true);
    assert!(matches!(
        step_of(&p, "boss@x.io"),
        Step::Refused {
            why: Refusal::LastOwner,
            ..
        }
    ));
    assert!(matches!(step_of(&p, "me@x.io"), Step::Do(_)));
    assert!(matches!(
        step_of(&p, "bob@x.io"),
        Step::Refused {
            why: Refusal::You,
            ..
        }
    ));

    // A promotion in the same file keeps an owner: both demotions go, and
    // the promotion runs first.
    let desired = vec![
        member("me@x.io", reader()),
        member("boss@x.io", reader()),
        member("ann@x.io", RoleSet::owner()),
        member("bob@x.io", reader()),
        invited("cat@x.io", reader()),
    ];
    let p = plan(&desired, &roster(complete()), &[], Some("bob@x.io"), true);
    let order: Vec<&str> = p.changes().iter().map(|(r, _)| r.email.as_str()).collect();
    assert_eq!(order, vec!["ann@x.io", "me@x.io", "boss@x.io"]);
    assert!(p.changes()[0].1.grants_owner());
}

#[test]
fn no_owner_is_taken_away_when_the_page_does_not_show_you() {
    let desired = vec![
        member("me@x.io", reader()),
        member("ann@x.io", reader()),
        member("bob@x.io", reader()),
        invited("cat@x.io", reader()),
    ];
    let p = plan(&desired, &roster(complete()), &[], None, true);
    assert!(matches!(
        step_of(&p, "me@x.io"),
        Step::Refused {
            why: Refusal::MaybeYou,
            ..
        }
    ));
    assert!(matches!(
        step_of(&p, "boss@x.io"),
        Step::Refused {
            why: Refusal::MaybeYou,
            ..
        }
    ));
    // A member's narrowing is not an owner's.
    assert!(matches!(step_of(&p, "ann@x.io"), Step::Do(_)));
}

#[test]
fn repeats_count_once_and_owner_grants_are_flagged() {
    let desired = vec![
        member("new@x.io", RoleSet::owner()),
        member("NEW@x.io", reader()),
    ];
    let p = plan(&desired, &roster(complete()), &[], Some("me@x.io"), false);
    assert_eq!(p.rows[1].step, Step::Duplicate);
    let (_, a) = p.changes()[0];
    assert!(a.grants_owner());
    assert_eq!(
        a.grant_changes()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec!["Workspace Member → Workspace Owner"]
    );
}

#[test]
fn the_run_holds_every_kind_in_apply_order() {
    let desired = vec![
        member("me@x.io", RoleSet::owner()),
        member("boss@x.io", RoleSet::owner()),
        member("ann@x.io", admin(Scope::specific(["Web"]))),
        invited("cat@x.io", admin(Scope::all())),
        member("new@x.io", reader()),
        member("two@x.io", reader()),
    ];
    let p = plan(&desired, &roster(complete()), &[], Some("me@x.io"), true);
    let j = Journal::<crate::core::run::RosterOp>::from_rows(
        p.new_rows(),
        crate::core::plan::ChunkSize::new(10).unwrap(),
        0,
    );
    let emails: Vec<&str> = j.rows().iter().map(|r| r.email.as_str()).collect();
    assert_eq!(
        emails,
        vec!["ann@x.io", "cat@x.io", "cat@x.io", "new@x.io", "two@x.io", "bob@x.io"]
    );
    // cat's re-invite is re-sending's two steps, the invite following the
    // revoke, both with the new roles.
    let steps: Vec<_> = j.rows()[1..3]
        .iter()
        .map(|r| (r.after, r.line, j.groups()[r.group.unwrap()].clone()))
        .collect();
    let step = |step| Change::Resend {
        from: reader(),
        step,
    };
    let roles = admin(Scope::all());
    assert_eq!(
        steps,
        vec![
            (
                None,
                4,
                step(ResendStep::Revoke {
                    roles: roles.clone()
                })
            ),
            (Some(1), 4, step(ResendStep::Invite { roles })),
        ]
    );
    assert_eq!(j.status(), RunStatus::Running);
    // The two invites share a submission; the rest go one by one.
    let crate::core::run::NextStep::Submit(s) = j.next_submission(0) else {
        panic!("a submission");
    };
    assert_eq!(s.emails, vec!["ann@x.io"]);
    assert_eq!(
        j.groups()
            .iter()
            .filter(|g| matches!(g, Change::Invite { .. }))
            .count(),
        1
    );
}

#[test]
fn people_whose_grants_were_not_read_are_not_compared() {
    use crate::core::roster::read::{assemble, Unread};
    // ann's and cat's editors could not be read: they are left out of the
    // roster, which is then partial.
    let whole = roster(complete());
    let read: Vec<Person> = whole
        .people
        .iter()
        .filter(|p| !["ann@x.io", "cat@x.io"].contains(&p.email.as_str()))
        .cloned()
        .collect();
    let unread = [
        Unread {
            email: "Ann@x.io".into(),
            why: "the editor did not open".into(),
        },
        Unread {
            email: "cat@x.io".into(),
            why: "the sources dialog did not open".into(),
        },
    ];
    let roster = assemble("acme", read, &unread, complete());
    assert!(!roster.completeness.is_complete());
    // The file lists ann (so she is not invited) and not cat; removals asked.
    let desired = vec![
        member("me@x.io", RoleSet::owner()),
        member("ann@x.io", reader()),
    ];
    let p = plan(&desired, &roster, &unread, Some("me@x.io"), true);
    assert_eq!(
        step_of(&p, "ann@x.io"),
        &Step::NotCompared {
            why: "the editor did not open".into()
        }
    );
    assert_eq!(p.rows[1].line, Some(2));
    assert_eq!(
        step_of(&p, "cat@x.io"),
        &Step::NotCompared {
            why: "the sources dialog did not open".into()
        }
    );
    assert_eq!(p.count(StepKind::NotCompared), 2);
    assert_eq!(p.rows.len(), 5, "everyone once");
    // A partial read removes nobody: boss and bob are refused, not removed.
    assert!(!p.complete);
    assert!(p.changes().is_empty());
    for e in ["boss@x.io", "bob@x.io"] {
        assert!(matches!(
            step_of(&p, e),
            Step::Refused {
                why: Refusal::PartialRead,
                ..
            }
        ));
    }
}
