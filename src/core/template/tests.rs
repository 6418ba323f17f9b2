use super::*;
use crate::core::role_check::RoleSetProblem;
use crate::core::roles::WorkspaceRole;

fn member(grants: Vec<RoleGrant>) -> RoleSet {
    RoleSet {
        workspace: WorkspaceRole::Member,
        roles: grants,
    }
}

fn draft(name: &str, role_set: RoleSet) -> TemplateDraft {
    TemplateDraft {
        name: name.into(),
        description: String::new(),
        role_set: Some(role_set),
    }
}

fn analyst() -> RoleSet {
    member(vec![
        RoleGrant::new(
            "Source Read-only",
            Scope::labelled([Label::new("environment", "prod")]),
        ),
        RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
    ])
}

#[test]
fn name_rules() {
    assert_eq!(validate_name("  Analyst "), Ok("Analyst".into()));
    assert_eq!(validate_name("   "), Err(TemplateProblem::EmptyName));
    assert_eq!(validate_name(&"x".repeat(60)).map(|n| n.len()), Ok(60));
    assert_eq!(
        validate_name(&"é".repeat(61)),
        Err(TemplateProblem::NameTooLong { chars: 61 })
    );
    assert_eq!(
        validate_name("a\nb"),
        Err(TemplateProblem::NameControlCharacter)
    );
}

#[test]
fn validation_collects_every_problem() {
    let bad = TemplateDraft {
        name: "".into(),
        description: "d".repeat(501),
        role_set: Some(member(vec![
            RoleGrant::new("Nope", Scope::all()),
            RoleGrant::new("Tracking Plan Admin", Scope::specific(["x"])),
        ])),
    };
    let problems = validate_draft(&bad).unwrap_err();
    let paths: Vec<String> = problems.iter().map(TemplateProblem::path).collect();
    assert_eq!(
        paths,
        ["name", "description", "roles[0].role", "roles[1].scope"]
    );
}

#[test]
fn owner_with_roles_rejected() {
    let set = RoleSet {
        workspace: WorkspaceRole::Owner,
        roles: vec![RoleGrant::new("Source Admin", Scope::all())],
    };
    let problems = validate_draft(&draft("Boss", set)).unwrap_err();
    assert_eq!(
        problems,
        [TemplateProblem::Roles(RoleSetProblem::OwnerWithRoles {
            count: 1
        })]
    );
}

#[test]
fn missing_role_set_rejected() {
    let d = TemplateDraft {
        name: "x".into(),
        ..TemplateDraft::default()
    };
    assert_eq!(
        validate_draft(&d).unwrap_err(),
        [TemplateProblem::MissingRoleSet]
    );
}

#[test]
fn aliases_are_saved_as_current_names() {
    let mut lib = TemplateLibrary::new();
    let set = member(vec![
        RoleGrant::new("Protocols Read-only", Scope::Unscoped),
        RoleGrant::new("personas admin", Scope::all()),
    ]);
    let t = lib.create(&draft("Old names", set), 1).unwrap();
    let names: Vec<&str> = t.role_set.roles.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(names, ["Tracking Plan Read-only", "Unify and Engage Admin"]);
}

#[test]
fn names_unique_ignoring_case() {
    let mut lib = TemplateLibrary::new();
    lib.create(&draft("Analyst", analyst()), 1).unwrap();
    assert_eq!(
        lib.create(&draft("  ANALYST ", analyst()), 2).unwrap_err(),
        LibraryError::NameTaken {
            name: "Analyst".into()
        }
    );
    assert_eq!(lib.len(), 1);
    assert_eq!(lib.find_by_name("analyst").unwrap().name, "Analyst");
    assert!(lib.find_by_name("analysts").is_none());
}

#[test]
fn create_assigns_distinct_ids() {
    let mut lib = TemplateLibrary::new();
    let a = lib.create(&draft("A", analyst()), 1000).unwrap().id.clone();
    let b = lib.create(&draft("B", analyst()), 1000).unwrap().id.clone();
    assert_ne!(a, b);
    assert!(lib.get(&a).is_some() && lib.get(&b).is_some());
}

#[test]
fn rename_rules() {
    let mut lib = TemplateLibrary::new();
    let a = lib
        .create(&draft("Analyst", analyst()), 1)
        .unwrap()
        .id
        .clone();
    let b = lib
        .create(&draft("Engineer", analyst()), 2)
        .unwrap()
        .id
        .clone();
    // Changing only the case of its own name is fine.
    assert_eq!(lib.rename(&a, "ANALYST").unwrap().name, "ANALYST");
    assert!(matches!(
        lib.rename(&b, "analyst"),
        Err(LibraryError::NameTaken { .. })
    ));
    assert!(matches!(lib.rename(&b, " "), Err(LibraryError::Invalid(_))));
    assert_eq!(
        lib.rename("nope", "x").unwrap_err(),
        LibraryError::NotFound { id: "nope".into() }
    );
    assert_eq!(lib.get(&b).unwrap().name, "Engineer");
}

#[test]
fn duplicate_names_copies() {
    let mut lib = TemplateLibrary::new();
    let a = lib
        .create(&draft("Analyst", analyst()), 1)
        .unwrap()
        .id
        .clone();
    let c1 = lib.duplicate(&a, 2).unwrap().clone();
    let c2 = lib.duplicate(&a, 3).unwrap().clone();
    assert_eq!(c1.name, "Copy of Analyst");
    assert_eq!(c2.name, "Copy of Analyst (2)");
    assert_eq!(c1.role_set, lib.get(&a).unwrap().role_set);
    assert_ne!(c1.id, a);
}

#[test]
fn duplicate_of_a_long_name_stays_within_limit() {
    let mut lib = TemplateLibrary::new();
    let long = "L".repeat(60);
    let a = lib.create(&draft(&long, analyst()), 1).unwrap().id.clone();
    let c = lib.duplicate(&a, 2).unwrap();
    assert_eq!(c.name.chars().count(), 60);
    assert!(c.name.starts_with("Copy of LLL") && c.name.ends_with('…'));
    let c2 = lib.duplicate(&a, 3).unwrap();
    assert!(c2.name.ends_with("… (2)") && c2.name.chars().count() == 60);
}

#[test]
fn delete_returns_the_template() {
    let mut lib = TemplateLibrary::new();
    let a = lib
        .create(&draft("Analyst", analyst()), 1)
        .unwrap()
        .id
        .clone();
    let gone = lib.delete(&a).unwrap();
    assert_eq!(gone.name, "Analyst");
    assert!(lib.is_empty());
    assert!(matches!(lib.delete(&a), Err(LibraryError::NotFound { .. })));
}

#[test]
fn update_validates_and_keeps_id() {
    let mut lib = TemplateLibrary::new();
    let a = lib
        .create(&draft("Analyst", analyst()), 1)
        .unwrap()
        .id
        .clone();
    let t = lib
        .update(&a, &draft("Analyst v2", RoleSet::owner()))
        .unwrap();
    assert_eq!(
        (t.id.as_str(), t.name.as_str(), &t.role_set),
        (a.as_str(), "Analyst v2", &RoleSet::owner())
    );
    let bad = draft(
        "x",
        member(vec![RoleGrant::new(
            "Function Admin",
            Scope::labelled([Label::new("a", "b")]),
        )]),
    );
    assert!(matches!(
        lib.update(&a, &bad),
        Err(LibraryError::Invalid(_))
    ));
    assert_eq!(lib.get(&a).unwrap().name, "Analyst v2");
}

#[test]
fn library_limit() {
    let mut lib = TemplateLibrary::new();
    for i in 0..MAX_TEMPLATES {
        lib.create(&draft(&format!("T{i}"), RoleSet::owner()), i as u64)
            .unwrap();
    }
    assert_eq!(
        lib.create(&draft("one more", RoleSet::owner()), 0)
            .unwrap_err(),
        LibraryError::Full
    );
}

#[test]
fn seeds_are_valid_canonical_and_as_described() {
    let seeds = seed_templates(1_700_000_000_000);
    let names: Vec<&str> = seeds.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Analyst", "Engineer", "Workspace Owner"]);
    for t in &seeds {
        assert_eq!(
            canonicalise(&t.role_set).as_ref(),
            Ok(&t.role_set),
            "{}",
            t.name
        );
    }
    assert_eq!(seeds[0].role_set, analyst());
    let engineer: Vec<String> = seeds[1]
        .role_set
        .roles
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        engineer,
        [
            "Function Read-only (all)",
            "Source Admin (all labelled environment:dev)",
            "Source Read-only (all labelled environment:prod)"
        ]
    );
    assert_eq!(seeds[2].role_set, RoleSet::owner());
    let lib = TemplateLibrary::with_seeds(1);
    assert_eq!(lib.len(), 3);
    let rebuilt = TemplateLibrary::from_templates(lib.templates().to_vec()).unwrap();
    assert_eq!(rebuilt, lib);
}

#[test]
fn from_templates_reports_each_bad_one() {
    let mut seeds = seed_templates(1);
    seeds[1].name = "analyst".into(); // clashes with seeds[0]
    seeds[2]
        .role_set
        .roles
        .push(RoleGrant::new("Source Admin", Scope::all()));
    let errors = TemplateLibrary::from_templates(seeds).unwrap_err();
    let positions: Vec<usize> = errors.iter().map(|(i, _)| *i).collect();
    assert_eq!(positions, [1, 2]);
    assert!(matches!(errors[0].1, LibraryError::NameTaken { .. }));
    assert!(errors[1].1.to_string().contains("takes no roles"));
}

#[test]
fn library_serde_round_trip() {
    let lib = TemplateLibrary::with_seeds(5);
    let json = serde_json::to_string(&lib).unwrap();
    let back: TemplateLibrary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, lib);
}
