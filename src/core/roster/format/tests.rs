use super::*;
use crate::core::catalogue::ROLES;
use crate::core::completeness::{Completeness, PagerEnd, PartialReason};
use crate::core::input::Column;
use crate::core::preview::StatusKind;
use crate::core::roles::{Label, RoleGrant};

fn complete() -> Completeness {
    Completeness::Complete {
        end: PagerEnd::NoPager,
        total: None,
    }
}

fn member(email: &str, name: Option<&str>, grants: Vec<RoleGrant>) -> Person {
    Person::new(
        email,
        name.map(String::from),
        Status::Member,
        canonicalise(&RoleSet::member(grants)).unwrap(),
    )
}

fn sample() -> Roster {
    let invite = Person::new(
        "new@acme.io",
        None,
        Status::Invited,
        RoleSet::member([RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped)]),
    );
    Roster::new(
        "acme",
        vec![
            Person::new(
                "Ada@Acme.io",
                Some("Ada Lovelace".into()),
                Status::Member,
                RoleSet::owner(),
            ),
            member(
                "bob@acme.io",
                Some("Hopper, \"Bob\""),
                vec![
                    RoleGrant::new("Source Admin", Scope::specific(["Prod Web", "Dev iOS"])),
                    RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
                ],
            ),
            member(
                "cy@acme.io",
                Some("=cmd()"),
                vec![
                    RoleGrant::new("Source Admin", Scope::specific(["Prod Web"])),
                    RoleGrant::new(
                        "Source Read-only",
                        Scope::labelled([Label::new("environment", "prod")]),
                    ),
                ],
            ),
            member("dee@acme.io", None, vec![]),
            invite,
        ],
        complete(),
    )
}

#[test]
fn csv_has_the_bulk_invite_columns_and_no_other_line() {
    let csv = to_csv(&sample()).text;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "email,role,roles,sources,spaces,functions,labels,name,status"
    );
    assert_eq!(
        lines[1],
        "ada@acme.io,Workspace Owner,,,,,,Ada Lovelace,member"
    );
    // One scope per kind: the scope columns say it.
    assert_eq!(
        lines[2],
        "bob@acme.io,Workspace Member,Source Admin; Tracking Plan Admin,Dev iOS; Prod Web,,,,\"Hopper, \"\"Bob\"\"\",member"
    );
    // Two Source roles with different scopes: each carries its own; the
    // name that looks like a formula is guarded.
    assert_eq!(
        lines[3],
        "cy@acme.io,Workspace Member,Source Admin (sources: Prod Web); Source Read-only (labels: environment:prod),,,,,'=cmd(),member"
    );
    assert_eq!(lines[4], "dee@acme.io,Workspace Member,,,,,,,member");
    assert_eq!(
        lines[5],
        "new@acme.io,Workspace Member,Tracking Plan Read-only,,,,,,invited"
    );
    assert_eq!(lines[6], "");
    assert_eq!(lines.len(), 7);
}

#[test]
fn csv_reads_back_exactly() {
    let roster = sample();
    assert_eq!(parse(&to_csv(&roster).text), Ok(roster.people));
}

#[test]
fn json_carries_completeness_and_reads_back() {
    let mut roster = sample();
    roster.completeness = Completeness::Partial {
        rows_read: 5,
        total: Some(7),
        why: PartialReason::TotalDisagrees,
    };
    let json = to_json(&roster);
    let back: Roster = serde_json::from_str(&json).unwrap();
    assert_eq!(back, roster);
    assert!(json.contains("\"partial\""), "{json}");
    assert_eq!(parse(&json), Ok(roster.people.clone()));
    // A bare list of people reads too.
    let list = serde_json::to_string(&roster.people).unwrap();
    assert_eq!(parse(&list), Ok(roster.people));
}

#[test]
fn bulk_invite_reads_the_export_and_ignores_name_and_status() {
    let csv = to_csv(&sample()).text;
    let input = parse_text(&csv).unwrap();
    assert!(input.ignored_columns.is_empty());
    assert!(input.columns.contains(&Column::Name) && input.columns.contains(&Column::Status));
    let preview = by_itself(|ctx| build_preview(&input.rows, ctx));
    assert_eq!(preview.count(StatusKind::Ready), 5);
    let want: Vec<RoleSet> = sample().people.into_iter().map(|p| p.access).collect();
    let got: Vec<RoleSet> = preview
        .rows
        .iter()
        .map(|r| r.role_set().unwrap().clone())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn errors_name_the_row_and_the_problem() {
    let text = "email,role,roles,status\n\
                a@x.io,Workspace Member,Source Admin (sources: ),member\n\
                not-an-email,Member,,member\n\
                c@x.io,Member,Nonsense Admin,member\n\
                d@x.io,Member,,retired\n\
                A@x.io,Owner,,member\n";
    let errors = parse(text).unwrap_err();
    let rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6]);
    for (e, words) in errors.iter().zip([
        "needs at least one name",
        "not a valid email",
        "\"Nonsense Admin\" is not a role",
        "\"retired\" is neither member nor invited",
        "duplicate of row 2",
    ]) {
        assert!(e.message.starts_with(&format!("Row {}", e.row)), "{e}");
        assert!(e.message.contains(words), "{e} / {words}");
    }
    let whole = parse("").unwrap_err();
    assert_eq!(whole[0].row, 0);
    let json = parse(r#"[{"email":"x@y.io","status":"member","access":{"workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"unscoped"}}]}}, {"email":"bad"}]"#)
        .unwrap_err();
    assert_eq!(json.len(), 2);
    assert!(
        json[0].message.starts_with("Person 1 (x@y.io)"),
        "{}",
        json[0]
    );
    assert!(json[0].message.contains("needs a scope"), "{}", json[0]);
    assert!(json[1].message.starts_with("Person 2:"), "{}", json[1]);
    for text in [r#"{"people": 5}"#, r#"{"workspace": "acme"}"#, "[1, 2"] {
        let whole = parse(text).unwrap_err();
        assert_eq!(whole.len(), 1, "{text}");
        assert_eq!(whole[0].row, 0, "{text}");
        assert!(
            whole[0].message.contains("not a roster's JSON"),
            "{}",
            whole[0]
        );
    }
    let e = parse(r#"{"people": 5}"#).unwrap_err();
    assert!(e[0]
        .message
        .ends_with(r#"neither a list nor an object with a "people" list"#));
}

#[test]
fn names_like_formulas_or_quoted_read_back_as_they_were() {
    for name in ["=1+1", "'=1+1", "'quoted", "'", "-x", "plain"] {
        let p = Person::new(
            "a@x.io",
            Some(name.into()),
            Status::Member,
            RoleSet::owner(),
        );
        let roster = Roster::new("acme", vec![p], complete());
        let csv = to_csv(&roster).text;
        let cell = csv
            .split("\r\n")
            .nth(1)
            .unwrap()
            .rsplit(',')
            .nth(1)
            .unwrap()
            .to_string();
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        assert_eq!(parse(&csv), Ok(roster.people), "{name}");
    }
}

#[test]
fn a_resource_the_roles_cell_cannot_carry_is_flagged_not_written() {
    // Two Source roles with different sources: only the roles cell can say
    // them, and "Web; EU" would read back as two sources.
    let odd = member(
        "odd@acme.io",
        None,
        vec![
            RoleGrant::new("Source Admin", Scope::specific(["Web; EU"])),
            RoleGrant::new("Source Read-only", Scope::specific(["iOS"])),
        ],
    );
    let mut roster = sample();
    roster.people.insert(1, odd.clone());
    let export = to_csv(&roster);
    assert_eq!(
        export.unwritable,
        vec![Unwritable::Separator {
            email: "odd@acme.io".into(),
            role: "Source Admin".into(),
            resource: "Web; EU".into(),
            separator: ';',
        }]
    );
    let message = export.unwritable[0].to_string();
    assert!(
        message.contains("odd@acme.io") && message.contains("\"Web; EU\""),
        "{message}"
    );
    // The row is there, refused by the importer by name; nothing else is.
    assert!(export
        .text
        .contains(&format!("odd@acme.io,Workspace Member,{UNWRITABLE},")));
    let errors = parse(&export.text).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].row, 3);
    assert!(errors[0].message.contains(UNWRITABLE), "{}", errors[0]);
    // The JSON carries it exactly.
    assert_eq!(parse(&to_json(&roster)), Ok(roster.people.clone()));
}

#[test]
fn file_names_carry_the_workspace_and_the_date() {
    assert_eq!(
        file_name("acme-prod", (2026, 3, 7), FileKind::Csv),
        "segment-roster-acme-prod-2026-03-07.csv"
    );
    assert_eq!(
        file_name("a/b c", (2026, 12, 31), FileKind::Json),
        "segment-roster-a-b-c-2026-12-31.json"
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn resource() -> impl Strategy<Value = String> {
        // Anything a source name may hold, edges trimmed; now and then one
        // of the roles cell's separators `; | ( )`.
        prop_oneof![
            4 => "[A-Za-z0-9][A-Za-z0-9 ,.:=+@'\"_-]{0,12}[A-Za-z0-9]",
            1 => "[A-Za-z0-9][A-Za-z0-9 ;|()_-]{0,8}[A-Za-z0-9)]",
        ]
    }

    fn has_separator(p: &Person) -> bool {
        p.access.roles.iter().any(|g| match &g.scope {
            Scope::Specific { resources } => resources.iter().any(|r| r.contains(SEPARATORS)),
            _ => false,
        })
    }

    fn label() -> impl Strategy<Value = Label> {
        ("[a-z][a-z0-9_-]{0,6}", "[a-z0-9][a-z0-9_-]{0,6}").prop_map(|(k, v)| Label::new(k, v))
    }

    fn scope() -> impl Strategy<Value = Scope> {
        prop_oneof![
            Just(Scope::all()),
            proptest::collection::vec(label(), 1..3).prop_map(Scope::labelled),
            proptest::collection::vec(resource(), 1..4).prop_map(Scope::specific),
        ]
    }

    fn access() -> impl Strategy<Value = Option<RoleSet>> {
        prop_oneof![
            1 => Just(Some(RoleSet::owner())),
            5 => proptest::collection::vec((0..ROLES.len(), scope()), 0..4).prop_map(|grants| {
                let grants = grants.into_iter().map(|(i, scope)| {
                    let info = &ROLES[i];
                    let scope = if info.scope == ScopeKind::Unscoped { Scope::Unscoped } else { scope };
                    RoleGrant::new(info.name, scope)
                });
                // Sets the page cannot hold (labels on functions, two
                // labels of one key, a role twice) are not rosters.
                canonicalise(&RoleSet::member(grants)).ok()
            }),
        ]
    }

    fn person() -> impl Strategy<Value = Option<Person>> {
        (
            "[a-z][a-z0-9]{0,4}(\\.[a-z0-9]{1,4})?@[a-z]{1,6}\\.(io|com)",
            proptest::option::of("[^\\x00-\\x1f\\x7f\\u{fffd}\\s][^\\x00-\\x1f\\x7f\\u{fffd}]{0,10}[^\\x00-\\x1f\\x7f\\u{fffd}\\s]"),
            prop_oneof![Just(Status::Member), Just(Status::Invited)],
            access(),
        )
            .prop_map(|(email, name, status, access)| {
                Some(Person::new(&email, name, status, access?))
            })
    }

    proptest! {
        #[test]
        fn every_roster_reads_back_from_its_csv_and_json(
            people in proptest::collection::vec(person(), 1..12)
        ) {
            let roster = Roster::new("acme", people.into_iter().flatten().collect(), complete());
            prop_assume!(!roster.people.is_empty());
            let export = to_csv(&roster);
            let flagged: Vec<&str> = export.unwritable.iter().map(|u| match u {
                Unwritable::Separator { email, .. } | Unwritable::NotReadBack { email } => email.as_str(),
            }).collect();
            // Only a resource holding a separator makes a row unwritable,
            // and a flag names one of that person's.
            for u in &export.unwritable {
                let Unwritable::Separator { email, role, resource, separator } = u else {
                    return Err(TestCaseError::fail(format!("{u}")));
                };
                prop_assert!(resource.contains(*separator));
                let p = roster.people.iter().find(|p| &p.email == email).unwrap();
                let named = p.access.roles.iter().any(|g| &g.role == role
                    && matches!(&g.scope, Scope::Specific { resources } if resources.contains(resource)));
                prop_assert!(named, "{} names another's resource", u);
            }
            for p in &roster.people {
                prop_assert!(has_separator(p) || !flagged.contains(&p.email.as_str()));
            }
            // Whatever the CSV writes reads back equal; the flagged rows,
            // and only they, are refused by row.
            type Rows<'a> = Vec<(usize, &'a Person)>;
            let (kept, dropped): (Rows, Rows) = roster
                .people
                .iter()
                .enumerate()
                .partition(|(_, p)| !flagged.contains(&p.email.as_str()));
            match parse(&export.text) {
                Ok(read) => {
                    prop_assert!(dropped.is_empty());
                    prop_assert_eq!(read, roster.people.clone());
                }
                Err(errors) => {
                    let rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
                    let want: Vec<usize> = dropped.iter().map(|(i, _)| i + 2).collect();
                    prop_assert_eq!(rows, want);
                }
            }
            let written = Roster::new(
                "acme",
                kept.into_iter().map(|(_, p)| p.clone()).collect(),
                complete(),
            );
            if !written.people.is_empty() {
                let again = to_csv(&written);
                prop_assert!(again.unwritable.is_empty());
                prop_assert_eq!(parse(&again.text), Ok(written.people.clone()));
            }
            prop_assert_eq!(parse(&to_json(&roster)), Ok(roster.people.clone()));
        }
    }
}
