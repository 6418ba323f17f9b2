//! The results table's lines and CSV (ported from the first release).

use super::sim::journal_of;
use crate::core::roles::{Label, RoleGrant, RoleSet, Scope};
use crate::core::run::results::*;
use crate::core::run::*;

fn read_back(csv_text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn safe_cells() {
    for (input, want) in [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("bob@x.com", "bob@x.com"),
        ("", ""),
        ("a=b", "a=b"),
    ] {
        assert_eq!(safe_cell(input), want, "{input:?}");
    }
}

#[test]
fn every_row_with_outcome_message_and_roles() {
    let text = "email,roles,labels\n\
                a@x.com,Source Read-only,environment:prod\n\
                =HYPERLINK(\"http://evil\")@x.com,Source Admin,\n\
                b@x.com,Source Read-only,environment:prod\n\
                c@x.com,Source Read-only,environment:prod\n\
                \"d@x.com\",Wizard,\n";
    let mut j = journal_of(text, None, 2);
    let NextStep::Submit(s) = j.next_submission(0) else {
        panic!()
    };
    j.mark_in_flight(&s, 0).unwrap();
    j.record_accepted(s.id, 1).unwrap();
    let NextStep::Submit(s) = j.next_submission(1) else {
        panic!()
    };
    j.mark_in_flight(&s, 1).unwrap();
    j.record_refused(s.id, "-already a member", 2).unwrap();

    let rows = read_back(&results_csv(&j));
    assert_eq!(rows[0], ["row", "email", "outcome", "message", "roles"]);
    let roles = RoleSet::member([RoleGrant::new(
        "Source Read-only",
        Scope::labelled([Label::new("environment", "prod")]),
    )])
    .to_string();
    assert_eq!(rows[1], ["2", "a@x.com", "invited", "", roles.as_str()]);
    assert_eq!(rows[2][0], "3");
    assert!(rows[2][1].starts_with("'=HYPERLINK"), "{:?}", rows[2]);
    assert_eq!(rows[2][2], "skipped");
    assert!(rows[2][3].contains("is not a valid email"));
    assert_eq!(rows[3], ["4", "b@x.com", "invited", "", roles.as_str()]);
    // The page's "already a member" is an outcome of its own.
    assert_eq!(
        rows[4],
        [
            "5",
            "c@x.com",
            "already a member — the page said so",
            "'-already a member",
            roles.as_str()
        ]
    );
    assert_eq!(rows[5][..3], ["6", "d@x.com", "skipped"]);
    assert!(rows[5][3].contains("\"Wizard\" is not a role"));
    assert_eq!(rows.len(), 6);
    assert!(results_csv(&j).contains("\r\n"));
}

#[test]
fn cancelled_and_unsent_rows_are_reported() {
    let mut j = journal_of("a@x.com\nb@x.com\nc@x.com", Some(&RoleSet::owner()), 1);
    let NextStep::Submit(s) = j.next_submission(0) else {
        panic!()
    };
    j.mark_in_flight(&s, 0).unwrap();
    j.cancel().unwrap();
    let rows = read_back(&results_csv(&j));
    assert_eq!(rows[1][2], "unknown (was being sent)");
    assert_eq!(rows[2][2], "cancelled");
    assert_eq!(rows[2][3], "the run was cancelled before this row was sent");
    assert_eq!(rows[2][4], "Workspace Owner");
}

#[test]
fn messages_with_notes() {
    let n = Note::Text { text: "n".into() };
    assert_eq!(outcome_message(&RowState::Done, Some(&n)), "n");
    assert_eq!(
        outcome_message(
            &RowState::Failed {
                message: "m".into(),
                permanent: true
            },
            Some(&n)
        ),
        "m (n)"
    );
    assert_eq!(outcome_message(&RowState::Queued, None), "");
    assert_eq!(
        outcome_label::<InviteOp>(&RowState::Failed {
            message: String::new(),
            permanent: false
        }),
        "failed"
    );
}

#[test]
fn already_outcomes_say_exactly_what_the_page_said() {
    for (already, label) in [
        (Already::Member, "already a member — the page said so"),
        (Already::Invited, "already invited — the page said so"),
    ] {
        let state = RowState::Already {
            already,
            page_words: "x@y.com has already been invited".into(),
        };
        assert_eq!(outcome_label::<InviteOp>(&state), label);
        assert_eq!(
            outcome_message(&state, None),
            "x@y.com has already been invited"
        );
    }
    let found = RowState::Skipped {
        reason: Skip::FoundOnPage {
            already: Already::Member,
        },
    };
    assert_eq!(
        outcome_message(&found, None),
        "already a member (found before sending)"
    );
}
