//! Every case the three former summary parsers had (the table's, the
//! panel's, the plan's stand-in), against the one parser.

use super::*;

const M: Option<WorkspaceRole> = Some(WorkspaceRole::Member);

fn exact(text: &str) -> RoleSet {
    read_summary(M, Some(text)).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn not(text: &str) -> NotExact {
    read_summary(M, Some(text)).unwrap_err()
}

fn scope_not_shown(role: &str, text: &str) -> NotExact {
    NotExact::ScopeNotShown {
        role: role.into(),
        text: text.into(),
    }
}

// ---- The table's cell.

#[test]
fn exact_table_summaries() {
    assert_eq!(
        read_summary(Some(WorkspaceRole::Owner), Some("All")),
        Ok(RoleSet::owner())
    );
    for none in ["-", "", "Minimal Workspace Access", "None"] {
        assert_eq!(exact(none), RoleSet::member([]), "{none}");
    }
    assert_eq!(
        exact("Source Admin (All), Unify Read-only, Engage User (All), Tracking Plan Read-only"),
        RoleSet::member([
            RoleGrant::new("Source Admin", Scope::all()),
            RoleGrant::new("Unify Read-only, Engage User", Scope::all()),
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
        ])
    );
    // Older names read as the current ones.
    assert_eq!(
        exact("Protocols Admin"),
        RoleSet::member([RoleGrant::new("Tracking Plan Admin", Scope::Unscoped)])
    );
    assert_eq!(
        exact("Source Admin (All), Function Admin (All)"),
        RoleSet::member([
            RoleGrant::new("Source Admin", Scope::all()),
            RoleGrant::new("Function Admin", Scope::all()),
        ])
    );
}

#[test]
fn table_summaries_that_send_the_reader_to_the_editor() {
    use NotExact::*;
    let truncated = |t: &str| Truncated { text: t.into() };
    for t in [
        "Source Admin (All) + 2 more",
        "Leadership, + 7 more",
        "Source Admin (All), Tracking Plan Admin…",
    ] {
        assert_eq!(not(t), truncated(t));
    }
    assert_eq!(
        not("Source Admin (2)"),
        scope_not_shown("Source Admin", "Source Admin (2)")
    );
    assert_eq!(
        not("Tracking Plan Admin, Source Read-only (1 Label)"),
        scope_not_shown("Source Read-only", "Source Read-only (1 Label)")
    );
    // A scoped role's bare name: the editor may show its scope.
    assert_eq!(
        not("Source Admin"),
        scope_not_shown("Source Admin", "Source Admin")
    );
    assert_eq!(
        not("Source Admin (All), Function Admin"),
        scope_not_shown("Function Admin", "Function Admin")
    );
    assert_eq!(
        not("Unify Read-only, Engage User (All), Function Admin"),
        scope_not_shown("Function Admin", "Function Admin")
    );
    // "(All)" on a role that takes no scope is not the page's format.
    assert_eq!(
        not("Tracking Plan Read-only (All)"),
        scope_not_shown("Tracking Plan Read-only", "Tracking Plan Read-only (All)")
    );
    assert_eq!(
        not("Source Admin (All), Leadership"),
        Unrecognised {
            text: "Leadership".into()
        }
    );
    assert_eq!(read_summary(M, None), Err(NoSummary));
    assert_eq!(read_summary(None, Some("-")), Err(NoSummary));
}

#[test]
fn a_role_name_may_hold_a_comma() {
    assert_eq!(
        split_items("Unify Read-only, Engage User (All), Function Admin"),
        Ok(vec![
            "Unify Read-only, Engage User (All)".to_string(),
            "Function Admin".to_string()
        ])
    );
    assert_eq!(
        split_items("Source Admin (All), Function Admin"),
        Ok(vec![
            "Source Admin (All)".to_string(),
            "Function Admin".to_string()
        ])
    );
}

// ---- A person's panel.

#[test]
fn an_exact_panel_gives_its_grants() {
    let lines = [
        "-",
        "x.invite@acme.io",
        "Invite Pending",
        "Permission",
        "Workspace Member",
        "Individual Roles",
        "Source Admin (All)",
        "Tracking Plan Read-only",
    ];
    assert_eq!(
        parse_panel(&lines),
        Ok(RoleSet::member([
            RoleGrant::new("Source Admin", Scope::all()),
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
        ]))
    );
    // A scoped role's bare name is all the panel shows: read as the editor
    // reads a role without "Edit Sources".
    assert_eq!(
        parse_panel(&["Workspace Member", "Function Admin"]),
        Ok(RoleSet::member([RoleGrant::new(
            "Function Admin",
            Scope::Unscoped
        )]))
    );
}

#[test]
fn an_owner_takes_no_roles_and_a_member_may_have_none() {
    assert_eq!(
        parse_panel(&["Permission", "Workspace Owner", "Individual Roles", "All"]),
        Ok(RoleSet::owner())
    );
    assert_eq!(
        parse_panel(&["Workspace Member", "No roles"]),
        Ok(RoleSet::member([]))
    );
}

#[test]
fn a_role_shown_twice_counts_once() {
    let lines = [
        "Workspace Member",
        "Source Admin (All)",
        "Workspace Member",
        "Source Admin (All)",
    ];
    assert_eq!(
        parse_panel(&lines),
        Ok(RoleSet::member([RoleGrant::new(
            "Source Admin",
            Scope::all()
        )]))
    );
}

#[test]
fn counts_and_truncation_are_refused_never_guessed() {
    for (line, truncated) in [
        ("Source Admin (2)", false),
        ("Source Admin (1 Label)", false),
        ("Source Read-only (3 Labels)", false),
        ("+ 2 more", true),
        ("Protocols Admin + 2 more", true),
        ("Source Admin, Function Admin…", true),
    ] {
        let got = parse_panel(&["Workspace Member", line]);
        let want = if truncated {
            NotExact::Truncated { text: line.into() }
        } else {
            let role = line.split(" (").next().unwrap();
            scope_not_shown(role, line)
        };
        assert_eq!(got, Err(want), "{line}");
        // The table refuses them too.
        assert!(read_summary(M, Some(line)).is_err(), "{line}");
    }
    assert_eq!(
        parse_panel(&["Workspace Member", "Source Admin (All)", "Source Admin"]),
        Err(NotExact::Conflicting {
            role: "Source Admin".into()
        })
    );
}

#[test]
fn a_line_naming_a_role_among_other_words_is_refused() {
    assert_eq!(
        parse_panel(&["Workspace Member", "Source Admin (All), Leadership"]),
        Err(NotExact::Unrecognised {
            text: "Leadership".into()
        })
    );
}

#[test]
fn no_permission_line_is_refused() {
    assert_eq!(
        parse_panel(&["Source Admin (All)"]),
        Err(NotExact::NoPermission)
    );
}
