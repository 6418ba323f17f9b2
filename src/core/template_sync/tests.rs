use super::*;
use crate::core::roles::{RoleGrant, RoleSet, Scope};
use crate::core::template::{Template, TemplateDraft};

fn stored(items: &[SyncItem]) -> BTreeMap<String, Value> {
    items
        .iter()
        .map(|i| (i.key.clone(), i.value.clone()))
        .collect()
}

fn big_template(lib: &mut TemplateLibrary, name: &str, sources: usize, now: u64) {
    let resources: Vec<String> = (0..sources)
        .map(|i| format!("Source number {i:04}"))
        .collect();
    let set = RoleSet::member([RoleGrant::new("Source Admin", Scope::specific(resources))]);
    lib.create(
        &TemplateDraft {
            name: name.into(),
            description: String::new(),
            role_set: Some(set),
        },
        now,
    )
    .unwrap();
}

#[test]
fn one_item_per_template_with_quota_cost() {
    let lib = TemplateLibrary::with_seeds(1_700_000_000_000);
    let items = sync_layout(&lib, OtherUsage::default()).unwrap();
    assert_eq!(items.len(), 3);
    for (item, t) in items.iter().zip(lib.templates()) {
        assert_eq!(item.key, format!("tpl:{}", t.id));
        assert_eq!(
            item.bytes,
            item.key.len() + serde_json::to_string(&item.value).unwrap().len()
        );
        assert!(item.bytes < QUOTA_BYTES_PER_ITEM);
    }
}

#[test]
fn round_trip_through_sync_items() {
    let lib = TemplateLibrary::with_seeds(1_700_000_000_000);
    let items = sync_layout(&lib, OtherUsage::default()).unwrap();
    let mut map = stored(&items);
    map.insert("settings".into(), serde_json::json!({"guard": true}));
    let (back, errors) = library_from_items(&map);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back, lib);
}

#[test]
fn item_limit_names_the_template() {
    let mut lib = TemplateLibrary::with_seeds(1);
    // ~25 bytes per source name: 400 of them exceed 8 KiB.
    big_template(&mut lib, "Huge", 400, 2);
    let err = sync_layout(&lib, OtherUsage::default()).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    match &err.problems[0] {
        SyncProblem::ItemTooLarge { name, bytes, limit } => {
            assert_eq!(name, "Huge");
            assert!(*bytes > 8_192);
            assert_eq!(*limit, 8_192);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("template \"Huge\" takes"));
}

#[test]
fn item_at_exactly_the_limit_fits() {
    // Enough sources to come within a description's length of the limit.
    let mut lib = TemplateLibrary::new();
    big_template(&mut lib, "Edge", 370, 1);
    let base = sync_layout(&lib, OtherUsage::default()).unwrap()[0].bytes;
    assert!(base < QUOTA_BYTES_PER_ITEM);
    // Grow the description until the item is exactly 8,192 bytes.
    let id = lib.templates()[0].id.clone();
    let t = lib.get(&id).unwrap().clone();
    let pad = QUOTA_BYTES_PER_ITEM - base - r#","description":"""#.len();
    assert!(pad <= crate::core::template::MAX_DESCRIPTION_CHARS);
    let draft = TemplateDraft {
        name: t.name.clone(),
        description: "d".repeat(pad),
        role_set: Some(t.role_set.clone()),
    };
    lib.update(&id, &draft).unwrap();
    let items = sync_layout(&lib, OtherUsage::default());
    assert_eq!(items.unwrap()[0].bytes, QUOTA_BYTES_PER_ITEM);
    // One more byte does not fit.
    let draft = TemplateDraft {
        description: "d".repeat(pad + 1),
        ..draft
    };
    lib.update(&id, &draft).unwrap();
    assert!(sync_layout(&lib, OtherUsage::default()).is_err());
}

#[test]
fn total_limit_counts_other_usage() {
    let lib = TemplateLibrary::with_seeds(1);
    let used: usize = sync_layout(&lib, OtherUsage::default())
        .unwrap()
        .iter()
        .map(|i| i.bytes)
        .sum();
    let other = OtherUsage {
        bytes: QUOTA_BYTES - used,
        items: 1,
    };
    assert!(sync_layout(&lib, other).is_ok());
    let other = OtherUsage {
        bytes: QUOTA_BYTES - used + 1,
        items: 1,
    };
    assert_eq!(
        sync_layout(&lib, other).unwrap_err().problems,
        [SyncProblem::TotalTooLarge {
            bytes: QUOTA_BYTES + 1,
            limit: QUOTA_BYTES
        }]
    );
}

#[test]
fn total_limit_from_many_templates() {
    let mut lib = TemplateLibrary::new();
    for i in 0..20 {
        big_template(&mut lib, &format!("T{i}"), 300, i);
    }
    let err = sync_layout(&lib, OtherUsage::default()).unwrap_err();
    assert!(
        matches!(err.problems[..], [SyncProblem::TotalTooLarge { .. }]),
        "{err:?}"
    );
}

#[test]
fn item_count_limit() {
    let lib = TemplateLibrary::with_seeds(1);
    let other = OtherUsage {
        bytes: 0,
        items: MAX_ITEMS - 2,
    };
    assert_eq!(
        sync_layout(&lib, other).unwrap_err().problems,
        [SyncProblem::TooManyItems {
            items: 513,
            limit: 512
        }]
    );
}

#[test]
fn changes_write_only_what_differs() {
    let mut lib = TemplateLibrary::with_seeds(1);
    let before = stored(&sync_layout(&lib, OtherUsage::default()).unwrap());
    let analyst = lib.find_by_name("Analyst").unwrap().id.clone();
    let owner = lib.find_by_name("Workspace Owner").unwrap().id.clone();
    lib.rename(&analyst, "Analyst (prod)").unwrap();
    lib.delete(&owner).unwrap();
    let mut with_settings = before.clone();
    with_settings.insert("settings".into(), serde_json::json!(1));
    let changes = sync_changes(
        &with_settings,
        &sync_layout(&lib, OtherUsage::default()).unwrap(),
    );
    let set: Vec<&str> = changes.set.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(set, [format!("tpl:{analyst}")]);
    assert_eq!(changes.remove, [format!("tpl:{owner}")]);
}

#[test]
fn bad_stored_items_are_reported_not_fatal() {
    let lib = TemplateLibrary::with_seeds(1);
    let mut map = stored(&sync_layout(&lib, OtherUsage::default()).unwrap());
    map.insert(
        "tpl:zz-broken".into(),
        serde_json::json!({"name": "B", "workspace": "member", "roles": [{"role": "Nope"}]}),
    );
    map.insert(
        "tpl:zz-clash".into(),
        serde_json::json!({"name": "analyst", "workspace": "owner"}),
    );
    map.insert("tpl:zz-notobj".into(), serde_json::json!("garbage"));
    let (back, errors) = library_from_items(&map);
    assert_eq!(back.len(), 3);
    let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "stored template tpl:zz-broken is unreadable: roles[0].role: unknown role \"Nope\"",
            "stored template tpl:zz-clash was skipped: a template named \"Analyst\" already exists",
            "stored template tpl:zz-notobj is unreadable: : should be an object",
        ]
    );
}

mod json_length {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            // Quotes, backslashes, control characters and non-ASCII text.
            "[\"\\\\\\x00-\\x1f\\x7f a-zé€😀]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\"\\n€]{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn counts_what_serde_json_writes(v in value()) {
            prop_assert_eq!(json_len(&v), serde_json::to_string(&v).unwrap().len());
        }

        #[test]
        fn writes_what_serde_json_writes(v in value()) {
            prop_assert_eq!(compact_json(&v), serde_json::to_string(&v).unwrap());
        }
    }
}

// ----------------------------------------------------------- stored fixtures
//
// Templates as sync and local storage keep them, kept as files: each must
// read back to the library it was written from, and that library must
// write exactly the file again (key order included), so a change to how
// entries are built or read cannot strand a stored library. Written by the
// build before typed entries (merge 47deb2e) with
// `AK_WRITE_STORED_FIXTURES=1 cargo test stored_templates`; rewrite them
// only for a deliberate change of the stored format.

fn fixture_library() -> TemplateLibrary {
    use crate::core::roles::Label;
    let t = |id: &str, name: &str, description: &str, role_set: RoleSet| Template {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        role_set,
    };
    TemplateLibrary::from_templates(vec![
        t(
            "1700000000000-a",
            "Analyst \"prod\" é😀",
            "Reads production.\nNo writes\t— \\ é€😀",
            RoleSet::member([
                RoleGrant::new(
                    "Source Read-only",
                    Scope::All {
                        labels: vec![Label::new("environment", "prod"), Label::new("team", "web")],
                    },
                ),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ]),
        ),
        t("1700000000001-b", "Owner", "", RoleSet::owner()),
        t(
            "1700000000002-c",
            "Engineer",
            "Sources",
            RoleSet::member([
                RoleGrant::new("Source Admin", Scope::all()),
                RoleGrant::new("Source Read-only", Scope::specific(["Web", "iOS \"app\""])),
            ]),
        ),
    ])
    .unwrap()
}

fn fixture_text(name: &str, written: String) -> String {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/core/template_sync/fixtures")
        .join(name);
    if std::env::var_os("AK_WRITE_STORED_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &written).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, text, "{name} is no longer written the same");
    text
}

#[test]
fn stored_templates_in_sync_read_back() {
    let lib = fixture_library();
    let items = sync_layout(&lib, OtherUsage::default()).unwrap();
    let written: BTreeMap<&str, _> = items.iter().map(|i| (&*i.key, &i.value)).collect();
    let text = fixture_text(
        "stored-sync.json",
        serde_json::to_string_pretty(&written).unwrap() + "\n",
    );
    let file: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    for item in &items {
        let compact = serde_json::to_string(&file[&item.key]).unwrap();
        assert_eq!(compact_json(&item.value), compact);
        assert_eq!(item.bytes, item.key.len() + compact.len(), "{}", item.key);
    }
    let (back, errors) = library_from_items(&serde_json::from_str(&text).unwrap());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back, lib);
    // Nothing to write when storage holds exactly this.
    let changes = sync_changes(&serde_json::from_str(&text).unwrap(), &items);
    assert_eq!(changes, SyncChanges::default());
}

#[test]
fn stored_templates_in_local_read_back() {
    let lib = fixture_library();
    let entries = local_entries(&lib);
    let text = fixture_text(
        "stored-local.json",
        serde_json::to_string_pretty(&entries).unwrap() + "\n",
    );
    let (back, errors) = library_from_items(&local_items(
        &serde_json::from_str::<Vec<_>>(&text).unwrap(),
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(back, lib);
}
