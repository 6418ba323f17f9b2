//! The templates file: JSON export and an all-or-nothing import that reports
//! every problem with its JSON path.
//!
//! ```json
//! {"schema":"segment-access-kit.templates","version":1,"templates":[
//!   {"name":"Analyst","description":"…","workspace":"member","roles":[
//!     {"role":"Source Read-only","scope":{"kind":"all","labels":["environment:prod"]}},
//!     {"role":"Tracking Plan Read-only"}]}]}
//! ```
//!
//! - `workspace`: `"owner"` or `"member"` (also "Workspace Owner"/"Workspace Member").
//! - `roles[].role`: current or older role name; saved as the current name.
//! - `roles[].scope` (optional; default "all" for scoped roles, none for
//!   workspace-wide roles): `{"kind":"all","labels":[…]}`,
//!   `{"kind":"specific","resources":[…]}` or `{"kind":"unscoped"}`.
//!   Labels are `"key:value"` strings or `{"key":…,"value":…}` objects.
//! - Unknown fields are refused (a typo like `"rolse"` must not silently drop
//!   roles); an `id` field is accepted and ignored (ids are per browser).
//!
//! The entry format is shared with [`super::template_sync`], which stores one
//! entry per `chrome.storage.sync` item.

use serde_json::{json, Map, Value};
use thiserror::Error;

use super::catalogue::{lookup_role, parse_workspace_role, ScopeKind};
use super::label::{parse_label, LabelError};
use super::roles::{Label, RoleGrant, RoleSet, Scope, WorkspaceRole};
use super::template::{
    name_key, validate_draft, Template, TemplateDraft, TemplateLibrary, TemplateProblem,
    ValidTemplate, MAX_TEMPLATES,
};

/// The `schema` marker of a templates file.
pub const SCHEMA: &str = "segment-access-kit.templates";
/// The file format version this build writes and reads.
pub const VERSION: u64 = 1;
/// Largest templates file accepted.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// One problem at one place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {kind}")]
pub struct ImportProblem {
    /// JSON path such as `templates[2].roles[0].scope.labels[1]`.
    pub path: String,
    pub kind: ImportProblemKind,
}

/// What is wrong at a path.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportProblemKind {
    #[error("missing")]
    Missing,
    #[error("should be {expected}")]
    WrongType { expected: &'static str },
    #[error("unknown field (check its spelling)")]
    UnknownField,
    #[error(
        "this is not a Segment Access Kit templates file (schema {found:?}, expected {SCHEMA:?})"
    )]
    WrongSchema { found: String },
    #[error("version {found} is not supported (this version reads {VERSION})")]
    UnsupportedVersion { found: String },
    #[error("\"{found}\" is not a workspace role (use \"owner\" or \"member\")")]
    UnknownWorkspaceRole { found: String },
    #[error("\"{found}\" is not a scope kind (use \"all\", \"specific\" or \"unscoped\")")]
    UnknownScopeKind { found: String },
    #[error("{field} only applies to a scope of kind \"{kind}\"")]
    FieldNotForKind {
        field: &'static str,
        kind: &'static str,
    },
    #[error("{0}")]
    Label(LabelError),
    #[error("the name \"{name}\" is also used by templates[{first_index}] (names ignore case)")]
    DuplicateName { name: String, first_index: usize },
    #[error("a template named \"{name}\" already exists")]
    NameExists { name: String },
    #[error("{0}")]
    Template(TemplateProblem),
}

/// Why an import was refused. Nothing was changed in any case.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("the file is {bytes} bytes; at most {limit} bytes are accepted")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the file is not valid JSON (line {line}, column {column}): {detail}")]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("the file has {count} templates; at most {limit} can be imported")]
    TooManyTemplates { count: usize, limit: usize },
    #[error("the library would hold {total} templates; at most {limit} are allowed")]
    LibraryFull { total: usize, limit: usize },
    #[error("{} problem(s) found; nothing was imported:\n{}", .0.len(), join_lines(.0))]
    Invalid(Vec<ImportProblem>),
}

fn join_lines(problems: &[ImportProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to do when an imported name matches an existing template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictPolicy {
    /// Report each clash as a problem and import nothing.
    Refuse,
    /// Overwrite the existing template's description and roles (its id stays).
    Replace,
}

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub added: usize,
    pub replaced: usize,
}

/// The file, pretty-printed, for "Export".
pub fn export_json(templates: &[Template]) -> String {
    let doc = json!({
        "schema": SCHEMA,
        "version": VERSION,
        "templates": templates.iter().map(template_entry).collect::<Vec<_>>(),
    });
    // Through the build's JSON writer (the browser's in wasm): the same text.
    super::json::to_string_pretty(&doc).expect("JSON values always serialise")
}

/// One template in file format (without its id).
pub fn template_entry(t: &Template) -> Value {
    let mut entry = Map::new();
    entry.insert("name".into(), json!(t.name));
    if !t.description.is_empty() {
        entry.insert("description".into(), json!(t.description));
    }
    entry.insert(
        "workspace".into(),
        json!(match t.role_set.workspace {
            WorkspaceRole::Owner => "owner",
            WorkspaceRole::Member => "member",
        }),
    );
    if !t.role_set.roles.is_empty() {
        let roles: Vec<Value> = t.role_set.roles.iter().map(grant_entry).collect();
        entry.insert("roles".into(), Value::Array(roles));
    }
    Value::Object(entry)
}

fn grant_entry(g: &RoleGrant) -> Value {
    match &g.scope {
        Scope::Unscoped => json!({ "role": g.role }),
        Scope::All { labels } if labels.is_empty() => {
            json!({ "role": g.role, "scope": { "kind": "all" } })
        }
        Scope::All { labels } => json!({
            "role": g.role,
            "scope": { "kind": "all", "labels": labels.iter().map(Label::to_string).collect::<Vec<_>>() },
        }),
        Scope::Specific { resources } => json!({
            "role": g.role,
            "scope": { "kind": "specific", "resources": resources },
        }),
    }
}

/// Parses and validates a whole file. Returns the templates only if every
/// one is valid and names are unique within the file.
pub fn parse_import(text: &str) -> Result<Vec<ValidTemplate>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            limit: MAX_IMPORT_BYTES,
        });
    }
    let doc =
        super::json::parse_value(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| {
            ImportError::NotJson {
                line: e.line,
                column: e.column,
                detail: e.what.to_string(),
            }
        })?;
    let mut problems = Vec::new();
    let Some(obj) = doc.as_object() else {
        return Err(ImportError::Invalid(vec![problem(
            "$",
            ImportProblemKind::WrongType {
                expected: "an object",
            },
        )]));
    };
    check_fields(obj, "", &["schema", "version", "templates"], &mut problems);
    match obj.get("schema") {
        None => problems.push(problem("schema", ImportProblemKind::Missing)),
        Some(Value::String(s)) if s == SCHEMA => {}
        Some(other) => problems.push(problem(
            "schema",
            ImportProblemKind::WrongSchema {
                found: short_json(other),
            },
        )),
    }
    match obj.get("version") {
        None => problems.push(problem("version", ImportProblemKind::Missing)),
        Some(v) if v.as_u64() == Some(VERSION) => {}
        Some(other) => problems.push(problem(
            "version",
            ImportProblemKind::UnsupportedVersion {
                // Raw JSON, so a quoted "1" reads differently from 1 (our
                // writer: serde_json's Display would bring its own).
                found: super::text::shorten(&super::template_sync::compact_json(other), 60),
            },
        )),
    }
    let entries = match obj.get("templates") {
        None => {
            problems.push(problem("templates", ImportProblemKind::Missing));
            &[][..]
        }
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => {
            problems.push(problem(
                "templates",
                ImportProblemKind::WrongType {
                    expected: "an array",
                },
            ));
            &[][..]
        }
    };
    if entries.len() > MAX_TEMPLATES {
        return Err(ImportError::TooManyTemplates {
            count: entries.len(),
            limit: MAX_TEMPLATES,
        });
    }
    let mut valid = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let path = format!("templates[{i}]");
        if let Some(t) = read_entry(entry, &path, &mut problems) {
            let key = name_key(&t.name);
            if let Some((_, first_index)) = seen.iter().find(|(k, _)| *k == key) {
                problems.push(problem(
                    format!("{path}.name"),
                    ImportProblemKind::DuplicateName {
                        name: t.name.clone(),
                        first_index: *first_index,
                    },
                ));
            } else {
                seen.push((key, i));
            }
            valid.push(t);
        }
    }
    if problems.is_empty() {
        Ok(valid)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// Validates `text` completely, then adds its templates to `library` in one
/// step. On any error the library is unchanged.
pub fn import_into(
    library: &mut TemplateLibrary,
    text: &str,
    policy: ConflictPolicy,
    now_ms: u64,
) -> Result<ImportSummary, ImportError> {
    let incoming = parse_import(text)?;
    let mut summary = ImportSummary::default();
    let mut clashes = Vec::new();
    for (i, t) in incoming.iter().enumerate() {
        if let Some(existing) = library.find_by_name(&t.name) {
            summary.replaced += 1;
            if policy == ConflictPolicy::Refuse {
                clashes.push(problem(
                    format!("templates[{i}].name"),
                    ImportProblemKind::NameExists {
                        name: existing.name.clone(),
                    },
                ));
            }
        } else {
            summary.added += 1;
        }
    }
    if !clashes.is_empty() {
        return Err(ImportError::Invalid(clashes));
    }
    let total = library.len() + summary.added;
    if total > MAX_TEMPLATES {
        return Err(ImportError::LibraryFull {
            total,
            limit: MAX_TEMPLATES,
        });
    }
    library.apply_validated(incoming, now_ms);
    Ok(summary)
}

/// Reads one entry (file or sync item) into a validated template; problems
/// are pushed with `path` as prefix.
pub(crate) fn read_entry(
    entry: &Value,
    path: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<ValidTemplate> {
    let before = problems.len();
    let obj = object_at(entry, path, problems)?;
    check_fields(
        obj,
        path,
        &["id", "name", "description", "workspace", "roles"],
        problems,
    );
    let name = read_string(obj, path, "name", true, problems);
    let description = read_string(obj, path, "description", false, problems);
    let workspace = match obj.get("workspace") {
        None => {
            problems.push(problem(join(path, "workspace"), ImportProblemKind::Missing));
            None
        }
        Some(Value::String(s)) => match parse_workspace_role(s) {
            Some(w) => Some(w),
            None => {
                problems.push(problem(
                    join(path, "workspace"),
                    ImportProblemKind::UnknownWorkspaceRole { found: s.clone() },
                ));
                None
            }
        },
        Some(_) => {
            problems.push(problem(
                join(path, "workspace"),
                ImportProblemKind::WrongType {
                    expected: "a string",
                },
            ));
            None
        }
    };
    // Positions of the grants that were readable, so later problems point
    // at the right array element even when an earlier one was malformed.
    let mut grants = Vec::new();
    let mut positions = Vec::new();
    match obj.get("roles") {
        None => {}
        Some(Value::Array(roles)) => {
            for (r, role) in roles.iter().enumerate() {
                if let Some(g) = read_grant(role, &format!("{path}.roles[{r}]"), problems) {
                    grants.push(g);
                    positions.push(r);
                }
            }
        }
        Some(_) => problems.push(problem(
            join(path, "roles"),
            ImportProblemKind::WrongType {
                expected: "an array",
            },
        )),
    }
    let structural_ok = problems.len() == before;
    let draft = TemplateDraft {
        name: name.unwrap_or_default(),
        description: description.unwrap_or_default(),
        role_set: workspace.map(|workspace| RoleSet {
            workspace,
            roles: grants,
        }),
    };
    match validate_draft(&draft) {
        Ok(valid) if structural_ok => Some(valid),
        Ok(_) => None,
        Err(found) => {
            for p in found {
                // Missing pieces were already reported structurally.
                let already = matches!(p, TemplateProblem::MissingRoleSet)
                    || (matches!(p, TemplateProblem::EmptyName) && !obj.contains_key("name"));
                if !already {
                    let rel = p.path_with(&|i| positions.get(i).copied().unwrap_or(i));
                    problems.push(problem(join(path, &rel), ImportProblemKind::Template(p)));
                }
            }
            None
        }
    }
}

/// `v` as a JSON object, or a "wrong type" problem at `path`.
fn object_at<'a>(
    v: &'a Value,
    path: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<&'a serde_json::Map<String, Value>> {
    let obj = v.as_object();
    if obj.is_none() {
        problems.push(problem(
            path,
            ImportProblemKind::WrongType {
                expected: "an object",
            },
        ));
    }
    obj
}

fn read_grant(v: &Value, path: &str, problems: &mut Vec<ImportProblem>) -> Option<RoleGrant> {
    let obj = object_at(v, path, problems)?;
    check_fields(obj, path, &["role", "scope"], problems);
    let role = read_string(obj, path, "role", true, problems)?;
    let scope = match obj.get("scope") {
        // Default: what the page offers without further choice.
        None => match lookup_role(&role).map(|m| m.info.scope) {
            Some(ScopeKind::Unscoped) | None => Scope::Unscoped,
            Some(_) => Scope::all(),
        },
        Some(s) => read_scope(s, &join(path, "scope"), problems)?,
    };
    Some(RoleGrant::new(role, scope))
}

fn read_scope(v: &Value, path: &str, problems: &mut Vec<ImportProblem>) -> Option<Scope> {
    let obj = object_at(v, path, problems)?;
    check_fields(obj, path, &["kind", "labels", "resources"], problems);
    let kind = read_string(obj, path, "kind", true, problems)?;
    let before = problems.len();
    let scope = match kind.trim().to_ascii_lowercase().as_str() {
        "all" => {
            forbid(obj, path, "resources", "specific", problems);
            let labels = read_labels(obj.get("labels"), &join(path, "labels"), problems);
            Scope::All { labels }
        }
        "specific" => {
            forbid(obj, path, "labels", "all", problems);
            let resources =
                read_string_array(obj.get("resources"), &join(path, "resources"), problems);
            Scope::Specific { resources }
        }
        "unscoped" | "none" => {
            forbid(obj, path, "labels", "all", problems);
            forbid(obj, path, "resources", "specific", problems);
            Scope::Unscoped
        }
        _ => {
            problems.push(problem(
                join(path, "kind"),
                ImportProblemKind::UnknownScopeKind { found: kind },
            ));
            return None;
        }
    };
    (problems.len() == before).then_some(scope)
}

fn forbid(
    obj: &Map<String, Value>,
    path: &str,
    field: &'static str,
    kind: &'static str,
    problems: &mut Vec<ImportProblem>,
) {
    if obj.contains_key(field) {
        problems.push(problem(
            join(path, field),
            ImportProblemKind::FieldNotForKind { field, kind },
        ));
    }
}

fn read_labels(v: Option<&Value>, path: &str, problems: &mut Vec<ImportProblem>) -> Vec<Label> {
    let items = match v {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(problem(
                path,
                ImportProblemKind::WrongType {
                    expected: "an array",
                },
            ));
            return Vec::new();
        }
    };
    let mut labels = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match item {
            Value::String(s) => match parse_label(s) {
                Ok(l) => labels.push(l),
                Err(e) => problems.push(problem(p, ImportProblemKind::Label(e))),
            },
            Value::Object(o) => {
                check_fields(o, &p, &["key", "value", "description"], problems);
                let key = read_string(o, &p, "key", true, problems);
                let value = read_string(o, &p, "value", true, problems);
                if let (Some(key), Some(value)) = (key, value) {
                    // Checked with the rest of the role set, at this path.
                    labels.push(Label::new(key, value));
                }
            }
            _ => problems.push(problem(
                p,
                ImportProblemKind::WrongType {
                    expected: "a \"key:value\" string",
                },
            )),
        }
    }
    labels
}

fn read_string_array(
    v: Option<&Value>,
    path: &str,
    problems: &mut Vec<ImportProblem>,
) -> Vec<String> {
    match v {
        None => {
            problems.push(problem(path, ImportProblemKind::Missing));
            Vec::new()
        }
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Value::String(s) => Some(s.clone()),
                _ => {
                    problems.push(problem(
                        format!("{path}[{i}]"),
                        ImportProblemKind::WrongType {
                            expected: "a string",
                        },
                    ));
                    None
                }
            })
            .collect(),
        Some(_) => {
            problems.push(problem(
                path,
                ImportProblemKind::WrongType {
                    expected: "an array",
                },
            ));
            Vec::new()
        }
    }
}

fn read_string(
    obj: &Map<String, Value>,
    path: &str,
    field: &str,
    required: bool,
    problems: &mut Vec<ImportProblem>,
) -> Option<String> {
    match obj.get(field) {
        None if required => {
            problems.push(problem(join(path, field), ImportProblemKind::Missing));
            None
        }
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.push(problem(
                join(path, field),
                ImportProblemKind::WrongType {
                    expected: "a string",
                },
            ));
            None
        }
    }
}

fn check_fields(
    obj: &Map<String, Value>,
    path: &str,
    allowed: &[&str],
    problems: &mut Vec<ImportProblem>,
) {
    for key in obj.keys() {
        if !allowed.contains(&key.as_str()) {
            problems.push(problem(join(path, key), ImportProblemKind::UnknownField));
        }
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn problem(path: impl Into<String>, kind: ImportProblemKind) -> ImportProblem {
    ImportProblem {
        path: path.into(),
        kind,
    }
}

/// A JSON value shortened for a message.
fn short_json(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => super::template_sync::compact_json(other),
    };
    super::text::shorten(&s, 60)
}

#[cfg(test)]
mod tests;
