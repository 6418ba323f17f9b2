use super::*;
use crate::core::guard::{decide, Decision};
use proptest::prelude::*;
use WorkspaceRole::{Member, Owner};

fn read(l: &mut Ledger, rows: &[(&str, WorkspaceRole)], now: f64) {
    l.replace(
        rows.iter().map(|(e, r)| (*e, Some(*r))),
        Some("a@x.io"),
        true,
        now,
    );
}

fn screen(l: &mut Ledger, rows: &[(&str, WorkspaceRole)], now: f64) -> bool {
    l.merge_screen(rows.iter().map(|(e, r)| (*e, Some(*r))), now)
}

fn remove(email: &str) -> GuardAction {
    GuardAction::Remove {
        email: email.into(),
    }
}

#[test]
fn a_promotion_counts_when_the_page_shows_it_not_at_save() {
    // Reproduces issue 17: one owner promotes m, the page refuses the save,
    // and the owner then removes themselves.
    let mut l = Ledger::default();
    read(&mut l, &[("a@x.io", Owner), ("m@x.io", Member)], 1.0);
    l.note_action("m@x.io", Some(Owner));
    assert_eq!(l.owner_count(), 1);
    let d = decide(&l.census(), &remove("a@x.io"), l.signed_in());
    assert!(matches!(d, Decision::Block { .. }), "{d:?}");
    // Once the row shows the promotion, it counts.
    screen(&mut l, &[("a@x.io", Owner), ("m@x.io", Owner)], 2.0);
    assert_eq!(l.owner_count(), 2);
}

#[test]
fn a_demotion_counts_at_once_and_stale_rows_do_not_undo_it() {
    let mut l = Ledger::default();
    read(&mut l, &[("a@x.io", Owner), ("b@x.io", Owner)], 1.0);
    l.note_action("b@x.io", Some(Member));
    assert_eq!(l.owner_count(), 1);
    // The row still shows "Owner" until the page's server answers.
    assert!(!screen(
        &mut l,
        &[("a@x.io", Owner), ("b@x.io", Owner)],
        2.0
    ));
    assert_eq!(l.owner_count(), 1);
    screen(&mut l, &[("a@x.io", Owner), ("b@x.io", Member)], 3.0);
    // Confirmed: a later promotion shown by the page counts again.
    screen(&mut l, &[("a@x.io", Owner), ("b@x.io", Owner)], 4.0);
    assert_eq!(l.owner_count(), 2);
    // A full read during the demotion keeps the safe side too.
    l.note_action("b@x.io", Some(Member));
    read(&mut l, &[("a@x.io", Owner), ("b@x.io", Owner)], 5.0);
    assert_eq!(l.owner_count(), 1);
}

#[test]
fn a_removal_counts_at_once_and_its_row_does_not_bring_it_back() {
    let mut l = Ledger::default();
    read(&mut l, &[("a@x.io", Owner), ("b@x.io", Owner)], 1.0);
    l.note_action("b@x.io", None);
    screen(&mut l, &[("a@x.io", Owner), ("b@x.io", Owner)], 2.0);
    assert_eq!(l.owner_count(), 1);
    assert!(!l.is_stale());
}

#[test]
fn people_gone_from_a_screen_are_dropped_and_the_count_is_stale() {
    let mut l = Ledger::default();
    let all = [
        ("a@x.io", Owner),
        ("b@x.io", Owner),
        ("m@x.io", Member),
        ("n@x.io", Member),
    ];
    read(&mut l, &all, 1.0);
    assert!(!screen(&mut l, &all, 2.0));
    assert!(!l.is_stale());
    // Right after a read, the first screen is compared with the whole table.
    let mut fresh = Ledger::default();
    read(&mut fresh, &all, 1.0);
    assert!(screen(
        &mut fresh,
        &[("a@x.io", Owner), ("m@x.io", Member)],
        2.0
    ));
    assert_eq!(fresh.role("b@x.io"), None);
    // b removed elsewhere: a and m close up around the gap.
    assert!(screen(
        &mut l,
        &[("a@x.io", Owner), ("m@x.io", Member), ("n@x.io", Member)],
        3.0
    ));
    assert_eq!(l.owner_count(), 1);
    assert!(l.is_stale());
    assert!(l.needs_fresh_read(&remove("a@x.io")));
    assert!(
        !l.needs_fresh_read(&remove("m@x.io")),
        "a plain member needs no re-read"
    );
    // The fresh read makes the count current again.
    read(
        &mut l,
        &[("a@x.io", Owner), ("m@x.io", Member), ("n@x.io", Member)],
        4.0,
    );
    assert!(!l.needs_fresh_read(&remove("a@x.io")));
}

#[test]
fn paging_and_scrolling_drop_nobody() {
    let mut l = Ledger::default();
    let page1 = [("a@x.io", Owner), ("b@x.io", Member), ("c@x.io", Member)];
    let page2 = [("d@x.io", Member), ("e@x.io", Owner), ("f@x.io", Member)];
    read(&mut l, &[page1.as_slice(), page2.as_slice()].concat(), 1.0);
    screen(&mut l, &page1, 2.0);
    assert!(!screen(&mut l, &page2, 3.0));
    // A virtualized list scrolled by one row.
    assert!(!screen(
        &mut l,
        &[("b@x.io", Member), ("c@x.io", Member), ("d@x.io", Member)],
        4.0
    ));
    assert_eq!(l.owner_count(), 2);
    assert!(!l.is_stale());
}

#[test]
fn a_role_changed_elsewhere_is_taken_and_marks_the_count_stale() {
    let mut l = Ledger::default();
    read(
        &mut l,
        &[("a@x.io", Owner), ("b@x.io", Owner), ("m@x.io", Member)],
        1.0,
    );
    assert!(screen(
        &mut l,
        &[("a@x.io", Owner), ("b@x.io", Member), ("m@x.io", Member)],
        2.0
    ));
    assert_eq!(l.owner_count(), 1);
    assert!(l.is_stale());
}

#[test]
fn a_partial_read_is_an_unknown_count() {
    let mut l = Ledger::default();
    l.replace([("a@x.io", Some(Owner))], Some("a@x.io"), false, 1.0);
    assert_eq!(l.census().owner_count(), None);
    let d = decide(&l.census(), &remove("a@x.io"), l.signed_in());
    assert!(matches!(d, Decision::Uncertain { .. }), "{d:?}");
}

#[derive(Debug, Clone)]
enum Op {
    Read(Vec<(usize, bool)>),
    Screen(Vec<(usize, bool)>),
    Remove(usize),
    Demote(usize),
    Promote(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let rows = prop::collection::vec((0usize..5, any::<bool>()), 0..6);
    prop_oneof![
        rows.clone().prop_map(Op::Read),
        rows.prop_map(Op::Screen),
        (0usize..5).prop_map(Op::Remove),
        (0usize..5).prop_map(Op::Demote),
        (0usize..5).prop_map(Op::Promote),
    ]
}

const EMAILS: [&str; 5] = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"];

proptest! {
    /// Nobody is counted as an owner unless a read or a screen showed them
    /// as one after the last removal or demotion the guard let through.
    #[test]
    fn only_what_the_page_confirmed_counts(ops in prop::collection::vec(op(), 0..30)) {
        let mut l = Ledger::default();
        // Per person: shown as owner since the last removal/demotion noted.
        let mut confirmed = [false; 5];
        let mut removed = [false; 5];
        for (t, op) in ops.into_iter().enumerate() {
            let now = t as f64;
            match op {
                Op::Read(rows) | Op::Screen(rows) if rows.is_empty() => {}
                Op::Read(rows) => {
                    let seen: Vec<(&str, Option<WorkspaceRole>)> = rows.iter()
                        .map(|(i, o)| (EMAILS[*i], Some(if *o { Owner } else { Member }))).collect();
                    for (i, o) in &rows { if *o { confirmed[*i] = true; } }
                    l.replace(seen, None, true, now);
                }
                Op::Screen(rows) => {
                    let seen: Vec<(&str, Option<WorkspaceRole>)> = rows.iter()
                        .map(|(i, o)| (EMAILS[*i], Some(if *o { Owner } else { Member }))).collect();
                    for (i, o) in &rows { if *o { confirmed[*i] = true; } }
                    l.merge_screen(seen, now);
                }
                Op::Remove(i) => { l.note_action(EMAILS[i], None); confirmed[i] = false; removed[i] = true; }
                Op::Demote(i) => { l.note_action(EMAILS[i], Some(Member)); confirmed[i] = false; }
                Op::Promote(i) => l.note_action(EMAILS[i], Some(Owner)),
            }
            for i in 0..5 {
                if l.role(EMAILS[i]) == Some(Owner) {
                    prop_assert!(confirmed[i], "{} counted as owner without the page showing it", EMAILS[i]);
                }
            }
            prop_assert!(l.owner_count() <= confirmed.iter().filter(|c| **c).count());
        }
    }
}
