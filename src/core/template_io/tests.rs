use super::*;
use crate::core::template::seed_templates;

fn problems(text: &str) -> Vec<String> {
    match parse_import(text) {
        Err(ImportError::Invalid(ps)) => ps.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn file(templates: &str) -> String {
    format!(r#"{{"schema":"{SCHEMA}","version":1,"templates":{templates}}}"#)
}

#[test]
fn export_then_import_round_trips() {
    let seeds = seed_templates(7);
    let text = export_json(&seeds);
    let back = parse_import(&text).unwrap();
    assert_eq!(back.len(), 3);
    for (t, v) in seeds.iter().zip(&back) {
        assert_eq!(
            (&t.name, &t.description, &t.role_set),
            (&v.name, &v.description, &v.role_set)
        );
    }
    // And into a fresh library, then out again: byte-identical.
    let mut lib = TemplateLibrary::new();
    let summary = import_into(&mut lib, &text, ConflictPolicy::Refuse, 9).unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            added: 3,
            replaced: 0
        }
    );
    assert_eq!(export_json(lib.templates()), text);
}

#[test]
fn export_shape() {
    let seeds = seed_templates(7);
    let v: Value = serde_json::from_str(&export_json(&seeds[..1])).unwrap();
    assert_eq!(
        v,
        json!({
            "schema": "segment-access-kit.templates",
            "version": 1,
            "templates": [{
                "name": "Analyst",
                "description": "Workspace Member who can read production sources and tracking plans.",
                "workspace": "member",
                "roles": [
                    {"role": "Source Read-only", "scope": {"kind": "all", "labels": ["environment:prod"]}},
                    {"role": "Tracking Plan Read-only"}
                ]
            }]
        })
    );
}

#[test]
fn import_accepts_old_names_default_scopes_and_label_objects() {
    let text = file(
        r#"[{"name":"Legacy","workspace":"Workspace Member","roles":[
            {"role":"Protocols Admin"},
            {"role":"Personas Read-only"},
            {"role":"source read only","scope":{"kind":"all","labels":[{"key":"environment","value":"prod"}]}},
            {"role":"Functions Admin","scope":{"kind":"specific","resources":["fn-b","fn-a"]}}
        ]}]"#,
    );
    let t = &parse_import(&text).unwrap()[0];
    let roles: Vec<String> = t.role_set.roles.iter().map(ToString::to_string).collect();
    assert_eq!(
        roles,
        [
            "Function Admin (specific: fn-a, fn-b)",
            "Source Read-only (all labelled environment:prod)",
            "Tracking Plan Admin",
            "Unify and Engage Read-only (all)"
        ]
    );
}

#[test]
fn every_problem_reported_with_its_path() {
    let text = file(
        r#"[
        {"name":"Good","workspace":"owner"},
        {"name":"","workspace":"member","roles":[]},
        {"name":"Bad labels","workspace":"member","roles":[
            {"role":"Source Admin","scope":{"kind":"all","labels":["environment:prod","env prod"]}}]},
        {"name":"Owner roles","workspace":"owner","roles":[{"role":"Source Admin"}]},
        {"name":"Scope","workspace":"member","roles":[
            {"role":"Tracking Plan Admin","scope":{"kind":"specific","resources":["Web"]}},
            {"role":"Function Admin","scope":{"kind":"all","labels":["a:b"]}},
            {"role":"Wizard"},
            {"role":"Source Admin","scope":{"kind":"specific","resources":[]}},
            {"role":"source admin"}]},
        {"name":"good","workspace":"member"},
        {"name":"Types","workspace":"admin","rolse":[],"roles":[{"role":5},{"role":"Source Admin","scope":{"kind":"some"}}]}
    ]"#,
    );
    assert_eq!(
        problems(&text),
        [
            "templates[1].name: the name is empty",
            "templates[2].roles[0].scope.labels[1]: \"env prod\" is not key:value",
            "templates[3].roles: a Workspace Owner has full access and takes no roles (1 given)",
            "templates[4].roles[0].scope: Tracking Plan Admin applies to the whole workspace and cannot be limited to specific resources",
            "templates[4].roles[1].scope: Function Admin does not take labels",
            "templates[4].roles[2].role: unknown role \"Wizard\"",
            "templates[4].roles[3].scope.resources: Source Admin: \"specific sources\" needs at least one name",
            "templates[4].roles[4].role: Source Admin is listed twice",
            "templates[5].name: the name \"good\" is also used by templates[0] (names ignore case)",
            "templates[6].rolse: unknown field (check its spelling)",
            "templates[6].workspace: \"admin\" is not a workspace role (use \"owner\" or \"member\")",
            "templates[6].roles[0].role: should be a string",
            "templates[6].roles[1].scope.kind: \"some\" is not a scope kind (use \"all\", \"specific\" or \"unscoped\")",
        ]
    );
}

#[test]
fn paths_stay_right_after_a_malformed_role_entry() {
    let text = file(r#"[{"name":"X","workspace":"member","roles":["oops",{"role":"Nope"}]}]"#);
    assert_eq!(
        problems(&text),
        [
            "templates[0].roles[0]: should be an object",
            "templates[0].roles[1].role: unknown role \"Nope\""
        ]
    );
}

#[test]
fn wrong_header_fields() {
    assert_eq!(
        problems(r#"{"schema":"something.else","version":2,"templates":{},"extra":1}"#),
        [
            "extra: unknown field (check its spelling)",
            "schema: this is not a Segment Access Kit templates file (schema \"something.else\", expected \"segment-access-kit.templates\")",
            "version: version 2 is not supported (this version reads 1)",
            "templates: should be an array",
        ]
    );
    assert_eq!(
        problems("{}"),
        ["schema: missing", "version: missing", "templates: missing"]
    );
    assert_eq!(problems("[]"), ["$: should be an object"]);
    assert_eq!(
        problems(r#"{"schema":"segment-access-kit.templates","version":"1","templates":[]}"#),
        ["version: version \"1\" is not supported (this version reads 1)"]
    );
}

#[test]
fn scope_fields_must_fit_their_kind() {
    let text = file(
        r#"[{"name":"X","workspace":"member","roles":[
        {"role":"Source Admin","scope":{"kind":"specific","resources":["Web"],"labels":["a:b"]}},
        {"role":"Source Read-only","scope":{"kind":"all","resources":["Web"]}},
        {"role":"Function Admin","scope":{"kind":"specific"}},
        {"role":"Function Read-only","scope":{"kind":"specific","resources":["a",3]}}]}]"#,
    );
    assert_eq!(
        problems(&text),
        [
            "templates[0].roles[0].scope.labels: labels only applies to a scope of kind \"all\"",
            "templates[0].roles[1].scope.resources: resources only applies to a scope of kind \"specific\"",
            "templates[0].roles[2].scope.resources: missing",
            "templates[0].roles[3].scope.resources[1]: should be a string",
        ]
    );
}

#[test]
fn label_objects_are_validated_at_their_path() {
    let text = file(
        r#"[{"name":"X","workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"all","labels":[{"key":"env","value":"prod"},{"key":"9env","value":"x"}, 7]}}]}]"#,
    );
    assert_eq!(
        problems(&text),
        ["templates[0].roles[0].scope.labels[2]: should be a \"key:value\" string",]
    );
    let text = file(
        r#"[{"name":"X","workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"all","labels":[{"key":"env","value":"prod"},{"key":"9env","value":"x"}]}}]}]"#,
    );
    assert_eq!(
        problems(&text),
        ["templates[0].roles[0].scope.labels[1]: \"9env:x\": the key must begin with a letter"]
    );
}

#[test]
fn not_json_reports_position() {
    let e = parse_import("{\n  \"schema\": ,\n}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file is not valid JSON (line 2, column 13): expected value"
    );
    let e = parse_import("{\"schema\": \"segment-access-kit.templates\", \"version\": 1,\n \"templates\": [{\"name\": \"A\"}}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file is not valid JSON (line 2, column 29): expected `,` or `]`"
    );
    assert!(matches!(parse_import(""), Err(ImportError::NotJson { .. })));
    assert!(matches!(
        parse_import("\u{0}\u{1}binary"),
        Err(ImportError::NotJson { .. })
    ));
}

#[test]
fn oversized_file_refused_before_parsing() {
    let big = format!("{}{}", file("[]"), " ".repeat(MAX_IMPORT_BYTES));
    assert_eq!(
        parse_import(&big).unwrap_err(),
        ImportError::TooLarge {
            bytes: big.len(),
            limit: MAX_IMPORT_BYTES
        }
    );
}

#[test]
fn too_many_templates_refused() {
    let one = r#"{"name":"T","workspace":"owner"}"#;
    let many: Vec<String> = (0..=MAX_TEMPLATES)
        .map(|i| one.replace("\"T\"", &format!("\"T{i}\"")))
        .collect();
    let text = file(&format!("[{}]", many.join(",")));
    assert!(text.len() < MAX_IMPORT_BYTES);
    assert_eq!(
        parse_import(&text).unwrap_err(),
        ImportError::TooManyTemplates {
            count: 501,
            limit: 500
        }
    );
    let ok: Vec<String> = many[..MAX_TEMPLATES].to_vec();
    assert_eq!(
        parse_import(&file(&format!("[{}]", ok.join(","))))
            .unwrap()
            .len(),
        500
    );
}

#[test]
fn import_is_all_or_nothing() {
    let mut lib = TemplateLibrary::with_seeds(1);
    let before = lib.clone();
    let text = file(
        r#"[{"name":"New","workspace":"owner"},{"name":"Broken","workspace":"member","roles":[{"role":"Nope"}]}]"#,
    );
    assert!(matches!(
        import_into(&mut lib, &text, ConflictPolicy::Replace, 2),
        Err(ImportError::Invalid(_))
    ));
    assert_eq!(lib, before);
}

#[test]
fn name_clashes_refused_or_replaced() {
    let mut lib = TemplateLibrary::with_seeds(1);
    let analyst_id = lib.find_by_name("Analyst").unwrap().id.clone();
    let text =
        file(r#"[{"name":"ANALYST","workspace":"owner"},{"name":"Fresh","workspace":"owner"}]"#);
    let err = import_into(&mut lib, &text, ConflictPolicy::Refuse, 2).unwrap_err();
    assert_eq!(err.to_string(), "1 problem(s) found; nothing was imported:\ntemplates[0].name: a template named \"Analyst\" already exists");
    assert_eq!(lib.len(), 3);
    let summary = import_into(&mut lib, &text, ConflictPolicy::Replace, 2).unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            added: 1,
            replaced: 1
        }
    );
    let replaced = lib.get(&analyst_id).unwrap();
    assert_eq!(
        (replaced.name.as_str(), &replaced.role_set),
        ("ANALYST", &RoleSet::owner())
    );
    assert!(lib.find_by_name("fresh").is_some());
}

#[test]
fn import_cannot_overfill_the_library() {
    let mut lib = TemplateLibrary::new();
    let one = r#"{"name":"T","workspace":"owner"}"#;
    let many: Vec<String> = (0..MAX_TEMPLATES)
        .map(|i| one.replace("\"T\"", &format!("\"T{i}\"")))
        .collect();
    import_into(
        &mut lib,
        &file(&format!("[{}]", many.join(","))),
        ConflictPolicy::Refuse,
        1,
    )
    .unwrap();
    let err = import_into(
        &mut lib,
        &file(r#"[{"name":"Extra","workspace":"owner"}]"#),
        ConflictPolicy::Refuse,
        2,
    );
    assert_eq!(
        err.unwrap_err(),
        ImportError::LibraryFull {
            total: 501,
            limit: 500
        }
    );
}

#[test]
fn ids_in_the_file_are_ignored_and_bom_tolerated() {
    let text = format!(
        "\u{feff}{}",
        file(r#"[{"id":"evil:key","name":"X","workspace":"owner"}]"#)
    );
    let mut lib = TemplateLibrary::new();
    import_into(&mut lib, &text, ConflictPolicy::Refuse, 3).unwrap();
    assert_ne!(lib.templates()[0].id, "evil:key");
}

#[test]
fn html_in_names_is_kept_as_text() {
    let text = file(
        r#"[{"name":"<img src=x onerror=alert(1)>","description":"<script>x</script>","workspace":"owner"}]"#,
    );
    let t = &parse_import(&text).unwrap()[0];
    assert_eq!(t.name, "<img src=x onerror=alert(1)>");
    assert_eq!(t.description, "<script>x</script>");
}

/// The export of the seed library, byte for byte: the wasm builds write it
/// through the browser's `JSON.stringify` (`tests/e2e/templates.test.mjs`
/// compares the options page's download with the same file).
#[test]
fn export_text_is_pinned() {
    assert_eq!(
        export_json(&seed_templates(7)),
        include_str!("fixtures/export-seeds.json")
    );
}
