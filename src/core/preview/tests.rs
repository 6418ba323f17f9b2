use super::*;
use crate::core::input::parse_text;
use crate::core::roles::Label;

fn lib() -> TemplateLibrary {
    TemplateLibrary::with_seeds(1)
}

fn preview_with(text: &str, known: &KnownPeople, default: Option<&RoleSet>) -> Preview {
    let input = parse_text(text).unwrap();
    let templates = lib();
    let ctx = PreviewContext {
        known,
        templates: &templates,
        default_role_set: default,
    };
    build_preview(&input.rows, &ctx)
}

fn preview(text: &str) -> Preview {
    preview_with(text, &KnownPeople::default(), None)
}

fn status(text: &str) -> RowStatus {
    preview(text).rows.remove(0).status
}

fn source_ro_all() -> RoleSet {
    RoleSet::member([RoleGrant::new("Source Read-only", Scope::all())])
}

#[test]
fn statuses_in_a_mixed_list() {
    let known = KnownPeople::new(["Member@x.com"], ["pending@x.com"]);
    let default = source_ro_all();
    let p = preview_with(
        "a@x.com\nbob@@x.com\nA@X.com\nmember@x.com\n<Pending@x.com>\nb@x.com",
        &known,
        Some(&default),
    );
    let kinds: Vec<StatusKind> = p.rows.iter().map(|r| r.status.kind()).collect();
    assert_eq!(
        kinds,
        [
            StatusKind::Ready,
            StatusKind::InvalidEmail,
            StatusKind::Duplicate,
            StatusKind::AlreadyMember,
            StatusKind::AlreadyInvited,
            StatusKind::Ready
        ]
    );
    assert_eq!(p.rows[2].status, RowStatus::Duplicate { of_row: 1 });
    assert_eq!(p.rows[0].role_set(), Some(&default));
    assert_eq!(p.count(StatusKind::Ready), 2);
    let counts = p.counts();
    assert_eq!(counts.len(), StatusKind::ALL.len());
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), 6);
    assert_eq!(p.ready().count(), 2);
}

#[test]
fn messages_name_row_and_problem() {
    let known = KnownPeople::new(["m@x.com"], ["p@x.com"]);
    let p = preview_with(
        "email,template\nok@x.com,Analyst\nbob@@x.com,Analyst\nok@x.com,Analyst\nm@x.com,Analyst\np@x.com,Analyst\nz@x.com,Ghost\n",
        &known,
        None,
    );
    let msgs: Vec<Option<String>> = p.rows.iter().map(PreviewRow::message).collect();
    assert_eq!(msgs[0], None);
    assert_eq!(
        msgs[1].as_deref(),
        Some("Row 3: \"bob@@x.com\" is not a valid email: it has more than one @")
    );
    assert_eq!(
        msgs[2].as_deref(),
        Some("Row 4: \"ok@x.com\" is a duplicate of row 2")
    );
    assert_eq!(
        msgs[3].as_deref(),
        Some("Row 5: \"m@x.com\" is already a member of this workspace")
    );
    assert_eq!(
        msgs[4].as_deref(),
        Some("Row 6: \"p@x.com\" already has a pending invite")
    );
    assert_eq!(
        msgs[5].as_deref(),
        Some("Row 7: there is no template named \"Ghost\"")
    );
}

#[test]
fn duplicate_detection_is_trimmed_and_case_insensitive_first_wins() {
    let p = preview("email,role\n  Bob@X.com ,owner\nbob@x.com,member\nBob <BOB@x.com>,member\n");
    assert_eq!(p.rows[0].status, RowStatus::Ready(RoleSet::owner().into()));
    assert_eq!(p.rows[1].status, RowStatus::Duplicate { of_row: 2 });
    assert_eq!(p.rows[2].status, RowStatus::Duplicate { of_row: 2 });
}

#[test]
fn duplicates_of_already_known_rows_are_still_duplicates() {
    let known = KnownPeople::new(["m@x.com"], Vec::<String>::new());
    let p = preview_with("m@x.com\nM@x.com", &known, None);
    assert_eq!(p.rows[0].status, RowStatus::AlreadyMember);
    assert_eq!(p.rows[1].status, RowStatus::Duplicate { of_row: 1 });
}

#[test]
fn member_beats_pending_when_both() {
    let known = KnownPeople::new(["x@x.com"], ["x@x.com"]);
    assert_eq!(
        preview_with("x@x.com", &known, None).rows[0].status,
        RowStatus::AlreadyMember
    );
}

#[test]
fn no_roles_without_default() {
    assert_eq!(status("a@x.com"), RowStatus::NoRoles);
    assert!(preview("a@x.com").rows[0]
        .message()
        .unwrap()
        .contains("no roles given"));
}

#[test]
fn template_by_name_case_insensitive() {
    let s = status("email,template\na@x.com,  analyst \n");
    assert_eq!(
        s,
        RowStatus::Ready(
            lib()
                .find_by_name("Analyst")
                .unwrap()
                .role_set
                .clone()
                .into()
        )
    );
}

#[test]
fn template_beats_default() {
    let default = source_ro_all();
    let p = preview_with(
        "email,template\na@x.com,Workspace Owner\nb@x.com,\n",
        &KnownPeople::default(),
        Some(&default),
    );
    assert_eq!(p.rows[0].status, RowStatus::Ready(RoleSet::owner().into()));
    assert_eq!(p.rows[1].status, RowStatus::Ready(default.into()));
}

#[test]
fn template_and_roles_conflict() {
    let s = status("email,template,roles\na@x.com,Analyst,Source Admin\n");
    assert_eq!(s, RowStatus::Conflict(RowConflict::TemplateAndRoles));
    let s = status("email,template,role\na@x.com,Analyst,owner\n");
    assert_eq!(s, RowStatus::Conflict(RowConflict::TemplateAndRoles));
}

#[test]
fn roles_column_builds_a_member_set() {
    let s =
        status("email,roles\na@x.com,Tracking Plan Read-only; source read-only | Personas Admin\n");
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([
                RoleGrant::new("Source Read-only", Scope::all()),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
                RoleGrant::new("Unify and Engage Admin", Scope::all()),
            ])
            .into()
        )
    );
}

#[test]
fn role_with_a_comma_in_its_name() {
    let s = status("email;roles\na@x.com;Unify Read-only, Engage User\n");
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([RoleGrant::new("Unify Read-only, Engage User", Scope::all())]).into()
        )
    );
}

#[test]
fn workspace_role_column() {
    assert_eq!(
        status("email,role\na@x.com,Workspace Owner\n"),
        RowStatus::Ready(RoleSet::owner().into())
    );
    assert_eq!(
        status("email,role\na@x.com,member\n"),
        RowStatus::Ready(RoleSet::member([]).into())
    );
    // A resource role in the "role" column is read as a role.
    assert_eq!(
        status("email,role\na@x.com,Source Admin\n"),
        RowStatus::Ready(RoleSet::member([RoleGrant::new("Source Admin", Scope::all())]).into())
    );
    assert_eq!(
        status("email,role\na@x.com,admin\n"),
        RowStatus::UnknownRole("admin".into())
    );
}

#[test]
fn owner_with_roles_inexpressible() {
    assert_eq!(
        status("email,role,roles\na@x.com,owner,Source Admin\n"),
        RowStatus::Inexpressible(Inexpressible::RolesUnderOwner)
    );
}

#[test]
fn two_workspace_roles_conflict() {
    assert_eq!(
        status("email,role,roles\na@x.com,owner,member\n"),
        RowStatus::Conflict(RowConflict::TwoWorkspaceRoles {
            first: WorkspaceRole::Owner,
            second: WorkspaceRole::Member
        })
    );
    // Saying the same thing twice is fine.
    assert_eq!(
        status("email,role,roles\na@x.com,member,Workspace Member\n"),
        RowStatus::Ready(RoleSet::member([]).into())
    );
}

#[test]
fn unknown_role_named() {
    let p = preview("email,roles\na@x.com,Source Admin; Wizard\n");
    assert_eq!(p.rows[0].status, RowStatus::UnknownRole("Wizard".into()));
    assert_eq!(
        p.rows[0].message().unwrap(),
        "Row 2: \"Wizard\" is not a role Segment offers (nor Owner or Member)"
    );
}

#[test]
fn repeated_role_in_a_row_is_one_role() {
    assert_eq!(
        status("email,roles\na@x.com,Source Admin;source admin\n"),
        RowStatus::Ready(RoleSet::member([RoleGrant::new("Source Admin", Scope::all())]).into())
    );
}

#[test]
fn sources_make_source_roles_specific() {
    let s = status("email,roles,sources\na@x.com,Source Admin;Tracking Plan Admin;Function Admin,Web | iOS; Android\n");
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([
                RoleGrant::new("Function Admin", Scope::all()),
                RoleGrant::new("Source Admin", Scope::specific(["Android", "iOS", "Web"])),
                RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
            ])
            .into()
        )
    );
}

#[test]
fn spaces_and_functions_columns() {
    let s = status(
        "email,roles,spaces,functions\na@x.com,Engage Admin;Functions Read-only,Main space,fn-1\n",
    );
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([
                RoleGrant::new("Function Read-only", Scope::specific(["fn-1"])),
                RoleGrant::new("Unify and Engage Admin", Scope::specific(["Main space"])),
            ])
            .into()
        )
    );
}

#[test]
fn labels_apply_to_label_taking_roles() {
    let s = status(
        "email,roles,labels\na@x.com,\"Source Read-only;Unify Read-only, Engage User;Function Admin\",environment:prod; team:web\n",
    );
    let prod_web =
        || Scope::labelled([Label::new("environment", "prod"), Label::new("team", "web")]);
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([
                RoleGrant::new("Function Admin", Scope::all()),
                RoleGrant::new("Source Read-only", prod_web()),
                RoleGrant::new("Unify Read-only, Engage User", prod_web()),
            ])
            .into()
        )
    );
}

#[test]
fn scope_columns_narrow_a_template() {
    // Analyst: Source Read-only on environment:prod + Tracking Plan Read-only.
    let s = status("email,template,sources\na@x.com,Analyst,Web\n");
    assert_eq!(
        s,
        RowStatus::Ready(
            RoleSet::member([
                RoleGrant::new("Source Read-only", Scope::specific(["Web"])),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ])
            .into()
        )
    );
}

#[test]
fn scope_columns_narrow_the_default() {
    let default = source_ro_all();
    let p = preview_with(
        "email,labels\na@x.com,environment:dev\n",
        &KnownPeople::default(),
        Some(&default),
    );
    assert_eq!(
        p.rows[0].status,
        RowStatus::Ready(
            RoleSet::member([RoleGrant::new(
                "Source Read-only",
                Scope::labelled([Label::new("environment", "dev")])
            )])
            .into()
        )
    );
}

#[test]
fn inexpressible_combinations() {
    use Inexpressible::*;
    let cases: Vec<(&str, Inexpressible)> = vec![
        (
            "email,roles,sources,labels\na@x.com,Source Admin,Web,env:prod\n",
            SpecificAndLabels {
                role: "Source Admin".into(),
                kind: ScopeKind::Sources,
            },
        ),
        (
            "email,roles,sources\na@x.com,Tracking Plan Admin,Web\n",
            ScopeColumnUnused {
                column: "sources",
                kind: ScopeKind::Sources,
            },
        ),
        (
            "email,roles,labels\na@x.com,Function Admin,env:prod\n",
            LabelsUnused,
        ),
        (
            "email,role,sources\na@x.com,owner,Web\n",
            ScopeOnOwner { column: "sources" },
        ),
        (
            "email,template,labels\na@x.com,Workspace Owner,env:prod\n",
            ScopeOnOwner { column: "labels" },
        ),
    ];
    for (text, want) in cases {
        assert_eq!(status(text), RowStatus::Inexpressible(want), "{text}");
    }
}

#[test]
fn invalid_label_is_inexpressible_with_reason() {
    let p = preview("email,roles,labels\na@x.com,Source Admin,env prod\n");
    assert!(matches!(
        p.rows[0].status,
        RowStatus::Inexpressible(Inexpressible::InvalidLabel(_))
    ));
    assert_eq!(
        p.rows[0].message().unwrap(),
        "Row 2: these roles cannot be set in Segment's invite form: label 1: \"env prod\" is not key:value"
    );
}

#[test]
fn conflicting_label_keys_are_inexpressible() {
    let s = status("email,roles,labels\na@x.com,Source Admin,environment:dev;environment:prod\n");
    assert!(matches!(
        s,
        RowStatus::Inexpressible(Inexpressible::Roles(
            RoleSetProblem::ConflictingLabels { .. }
        ))
    ));
}

#[test]
fn invalid_default_makes_rows_inexpressible() {
    let bad_default = RoleSet::member([RoleGrant::new(
        "Tracking Plan Admin",
        Scope::specific(["x"]),
    )]);
    let p = preview_with("a@x.com", &KnownPeople::default(), Some(&bad_default));
    assert!(matches!(
        p.rows[0].status,
        RowStatus::Inexpressible(Inexpressible::Roles(_))
    ));
}

#[test]
fn empty_scope_cells_are_ignored() {
    let s = status("email,roles,sources,labels\na@x.com,Source Admin, ; | ,\n");
    assert_eq!(
        s,
        RowStatus::Ready(RoleSet::member([RoleGrant::new("Source Admin", Scope::all())]).into())
    );
}

#[test]
fn invalid_email_takes_precedence_over_role_problems() {
    assert!(matches!(
        status("email,template\nnope,Ghost\n"),
        RowStatus::InvalidEmail(EmailError::MissingAt)
    ));
}

#[test]
fn huge_values_are_shortened_in_messages() {
    let huge = "a".repeat(100_000);
    let p = preview(&format!("email\n{huge}\n"));
    let msg = p.rows[0].message().unwrap();
    assert!(msg.len() < 300, "{}", msg.len());
    assert!(msg.contains("is not a valid email"));
}

#[test]
fn html_is_carried_as_text_in_messages() {
    let p = preview("email,template\n<img src=x onerror=alert(1)>,<b>T</b>\n");
    assert_eq!(
        p.rows[0].message().unwrap(),
        "Row 2: \"<img src=x onerror=alert(1)>\" is not a valid email: it contains a space"
    );
}

#[test]
fn same_sets_written_differently_are_equal() {
    let p = preview("email,roles\na@x.com,Source Admin;Tracking Plan Admin\nb@x.com,protocols admin | SOURCE ADMIN\n");
    assert_eq!(p.rows[0].role_set(), p.rows[1].role_set());
}

#[test]
fn segment_export_wording_minimal_workspace_access() {
    assert_eq!(
        status("email,roles\na@x.com,Minimal Workspace Access\n"),
        RowStatus::Ready(RoleSet::member([]).into())
    );
}

#[test]
fn status_kinds_are_listed_in_declaration_order() {
    // Preview::counts indexes a counter array by discriminant.
    for (i, kind) in StatusKind::ALL.iter().enumerate() {
        assert_eq!(*kind as usize, i, "{kind:?}");
    }
}

#[test]
fn role_cells_compare_by_words_exactly() {
    for (a, b) in [
        ("", ""),
        ("abc", "abc"),
        ("abcd", "abcd"),
        ("Source Admin", "Source Admin"),
        ("Source Admin", "Source Admim"),
        ("Source Admin|x", "Source Admin|y"),
        ("abcde", "abcd"),
        ("é|ü", "é|ü"),
    ] {
        assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
    }
}

#[test]
fn a_role_with_its_own_scope_is_left_alone_by_the_scope_columns() {
    let text = "email,roles,sources\n\
                a@x.io,Source Admin (labels: environment:prod); Source Read-only,Web\n\
                b@x.io,Source Admin (sources: Prod Web; Dev iOS) | Tracking Plan Admin,\n\
                c@x.io,Source Admin (spaces: A),\n";
    let p = preview(text);
    assert_eq!(
        p.rows[0].role_set(),
        Some(&RoleSet::member([
            RoleGrant::new(
                "Source Admin",
                Scope::labelled([Label::new("environment", "prod")])
            ),
            RoleGrant::new("Source Read-only", Scope::specific(["Web"])),
        ]))
    );
    assert_eq!(
        p.rows[1].role_set(),
        Some(&RoleSet::member([
            RoleGrant::new("Source Admin", Scope::specific(["Dev iOS", "Prod Web"])),
            RoleGrant::new("Tracking Plan Admin", Scope::Unscoped),
        ]))
    );
    let why = p.rows[2].message().unwrap();
    assert!(why.contains("\"(spaces: A)\" is not a scope"), "{why}");
}

#[test]
fn the_email_cell_as_written_is_kept() {
    // One address per line: a list row's cell is the whole word.
    let text = "email\tx\n b@x.com \t1\nBob <bob@x.com>\t2\nc@x.com\t3\nbad@@x.com\t4\nC@X.COM\t5\n\"\"\t6\n";
    let p = preview_with(text, &KnownPeople::default(), Some(&source_ro_all()));
    let raw: Vec<&str> = p.rows.iter().map(PreviewRow::raw_email).collect();
    // Cells are trimmed when read (core::input); brackets and case stay.
    assert_eq!(
        raw,
        [
            "b@x.com",
            "Bob <bob@x.com>",
            "c@x.com",
            "bad@@x.com",
            "C@X.COM",
            ""
        ]
    );
    let shown: Vec<Option<&str>> = p
        .rows
        .iter()
        .map(|r| r.email.as_ref().map(Email::as_str))
        .collect();
    assert_eq!(
        shown,
        [
            Some("b@x.com"),
            Some("bob@x.com"),
            Some("c@x.com"),
            None,
            Some("C@X.COM"),
            None
        ]
    );
}

/// The duplicate rule against a plain reading of it: a valid address whose
/// lower-cased form came before is a duplicate of the first row that had it.
mod props {
    use proptest::prelude::*;

    use super::*;

    fn cell() -> impl Strategy<Value = String> {
        let local = prop::sample::select(vec!["a", "A", "b.c", "B.c", "d+e"]);
        let domain = prop::sample::select(vec!["x.com", "X.com", "x.COM", "y.io"]);
        let wrap = prop::sample::select(vec![
            "{}",
            " {} ",
            "<{}>",
            "Bob <{}>",
            "mailto:{}",
            "{}@",
            "@{}",
        ]);
        (local, domain, wrap).prop_map(|(l, d, w)| w.replace("{}", &format!("{l}@{d}")))
    }

    proptest! {
        #[test]
        fn duplicates_are_later_rows_with_the_same_lower_cased_address(cells in prop::collection::vec(cell(), 1..30)) {
            let mut text = String::from("email\trole\n");
            for c in &cells {
                text.push_str(c);
                text.push_str("\tmember\n");
            }
            let p = preview(&text);
            prop_assert_eq!(p.rows.len(), cells.len());
            let mut first: std::collections::HashMap<String, usize> = Default::default();
            for (i, (row, c)) in p.rows.iter().zip(&cells).enumerate() {
                let line = i + 2;
                prop_assert_eq!(row.line, line);
                prop_assert_eq!(row.raw_email(), c.trim());
                match Email::parse(c) {
                    Err(e) => prop_assert_eq!(&row.status, &RowStatus::InvalidEmail(e)),
                    Ok(e) => {
                        prop_assert_eq!(row.email.as_ref().map(Email::as_str), Some(e.as_str()));
                        match first.get(&e.as_str().to_lowercase()) {
                            Some(&of_row) => prop_assert_eq!(&row.status, &RowStatus::Duplicate { of_row }),
                            None => {
                                first.insert(e.as_str().to_lowercase(), line);
                                prop_assert_eq!(row.status.kind(), StatusKind::Ready);
                            }
                        }
                    }
                }
            }
        }
    }
}
