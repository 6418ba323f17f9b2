//! Role templates: named, saved role sets ("Analyst", "Engineer"), and the
//! library that holds them with case-insensitively unique names.
//!
//! Every template in a [`TemplateLibrary`] is valid and canonical (see
//! [`super::role_check`]): old role names are rewritten to current ones
//! when a template is saved, so applying it never has to guess.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::role_check::{canonicalise, RoleSetProblem};
use super::roles::{Label, RoleGrant, RoleSet, Scope};

/// Longest template name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest description, in characters (keeps one template well inside a
/// `chrome.storage.sync` item).
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// Most templates a library holds (and an import may bring).
pub const MAX_TEMPLATES: usize = 500;

/// A saved role set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable identifier, used as the storage key (`tpl:<id>`); never shown.
    pub id: String,
    /// Unique in its library, ignoring case; 1..=60 characters, trimmed.
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub role_set: RoleSet,
}

/// What a person typed in the template editor, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateDraft {
    pub name: String,
    pub description: String,
    pub role_set: Option<RoleSet>,
}

/// One reason a template is invalid. [`TemplateProblem::path`] says where,
/// in the JSON file format's terms.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateProblem {
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is {chars} characters long (at most {MAX_NAME_CHARS})")]
    NameTooLong { chars: usize },
    #[error("the name contains a control character")]
    NameControlCharacter,
    #[error("the description is {chars} characters long (at most {MAX_DESCRIPTION_CHARS})")]
    DescriptionTooLong { chars: usize },
    #[error("no workspace role (Owner or Member) is set")]
    MissingRoleSet,
    #[error(transparent)]
    Roles(#[from] RoleSetProblem),
}

impl TemplateProblem {
    /// JSON-style path inside one template, e.g. `name` or `roles[0].scope.labels[1]`.
    pub fn path(&self) -> String {
        self.path_with(&|i| i)
    }

    /// Like [`TemplateProblem::path`], translating role positions (see
    /// [`RoleSetProblem::path_with`]).
    pub fn path_with(&self, index_map: &dyn Fn(usize) -> usize) -> String {
        match self {
            TemplateProblem::EmptyName
            | TemplateProblem::NameTooLong { .. }
            | TemplateProblem::NameControlCharacter => "name".into(),
            TemplateProblem::DescriptionTooLong { .. } => "description".into(),
            TemplateProblem::MissingRoleSet => "workspace".into(),
            TemplateProblem::Roles(p) => p.path_with(index_map),
        }
    }
}

/// A validated template's content: trimmed name, description, canonical roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTemplate {
    pub name: String,
    pub description: String,
    pub role_set: RoleSet,
}

/// Checks a template name alone (for rename fields).
pub fn validate_name(name: &str) -> Result<String, TemplateProblem> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 {
        Err(TemplateProblem::EmptyName)
    } else if chars > MAX_NAME_CHARS {
        Err(TemplateProblem::NameTooLong { chars })
    } else if name.chars().any(char::is_control) {
        Err(TemplateProblem::NameControlCharacter)
    } else {
        Ok(name.to_string())
    }
}

/// Validates every part of a draft and returns all problems, not just the first.
pub fn validate_draft(draft: &TemplateDraft) -> Result<ValidTemplate, Vec<TemplateProblem>> {
    let mut problems = Vec::new();
    let name = validate_name(&draft.name)
        .map_err(|p| problems.push(p))
        .ok();
    let description = draft.description.trim().to_string();
    let chars = description.chars().count();
    if chars > MAX_DESCRIPTION_CHARS {
        problems.push(TemplateProblem::DescriptionTooLong { chars });
    }
    let role_set = match &draft.role_set {
        None => {
            problems.push(TemplateProblem::MissingRoleSet);
            None
        }
        Some(set) => canonicalise(set)
            .map_err(|ps| problems.extend(ps.into_iter().map(TemplateProblem::Roles)))
            .ok(),
    };
    match (name, role_set) {
        (Some(name), Some(role_set)) if problems.is_empty() => Ok(ValidTemplate {
            name,
            description,
            role_set,
        }),
        _ => Err(problems),
    }
}

/// Why a library operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LibraryError {
    #[error("the template is not valid: {}", join_problems(.0))]
    Invalid(Vec<TemplateProblem>),
    #[error("a template named \"{name}\" already exists")]
    NameTaken { name: String },
    #[error("no template with id {id}")]
    NotFound { id: String },
    #[error("the library already holds {MAX_TEMPLATES} templates")]
    Full,
}

fn join_problems(problems: &[TemplateProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {p}", p.path()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Case-insensitive, whitespace-trimmed name comparison key.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// All templates, valid and uniquely named. Order is insertion order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TemplateLibrary {
    templates: Vec<Template>,
}

impl TemplateLibrary {
    /// An empty library.
    pub fn new() -> Self {
        Self::default()
    }

    /// The library a new user starts with: [`seed_templates`].
    pub fn with_seeds(now_ms: u64) -> Self {
        TemplateLibrary {
            templates: seed_templates(now_ms),
        }
    }

    /// Rebuilds a library from stored templates, re-validating each one
    /// (storage can be edited or corrupted). Every problem is returned,
    /// keyed by the template's position.
    pub fn from_templates(templates: Vec<Template>) -> Result<Self, Vec<(usize, LibraryError)>> {
        let mut library = TemplateLibrary::new();
        let mut errors = Vec::new();
        for (i, t) in templates.into_iter().enumerate() {
            let draft = TemplateDraft {
                name: t.name,
                description: t.description,
                role_set: Some(t.role_set),
            };
            if let Err(e) = library.insert(t.id, &draft) {
                errors.push((i, e));
            }
        }
        if errors.is_empty() {
            Ok(library)
        } else {
            Err(errors)
        }
    }

    /// All templates, in insertion order.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// Finds a template by name, ignoring case and surrounding whitespace.
    pub fn find_by_name(&self, name: &str) -> Option<&Template> {
        let key = name_key(name);
        self.templates.iter().find(|t| name_key(&t.name) == key)
    }

    /// Finds a template by id.
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Validates `draft` and adds it under a new id derived from `now_ms`.
    pub fn create(
        &mut self,
        draft: &TemplateDraft,
        now_ms: u64,
    ) -> Result<&Template, LibraryError> {
        let id = self.fresh_id(now_ms);
        self.insert(id, draft)
    }

    /// Replaces the name, description and roles of template `id`.
    pub fn update(&mut self, id: &str, draft: &TemplateDraft) -> Result<&Template, LibraryError> {
        let index = self.index_of(id)?;
        let valid = validate_draft(draft).map_err(LibraryError::Invalid)?;
        self.check_name_free(&valid.name, Some(id))?;
        let t = &mut self.templates[index];
        t.name = valid.name;
        t.description = valid.description;
        t.role_set = valid.role_set;
        Ok(t)
    }

    /// Renames template `id`. Changing only the case of its own name is allowed.
    pub fn rename(&mut self, id: &str, new_name: &str) -> Result<&Template, LibraryError> {
        let index = self.index_of(id)?;
        let name = validate_name(new_name).map_err(|p| LibraryError::Invalid(vec![p]))?;
        self.check_name_free(&name, Some(id))?;
        self.templates[index].name = name;
        Ok(&self.templates[index])
    }

    /// Copies template `id` as "Copy of <name>" (then "Copy of <name> (2)", …),
    /// shortening the original name if the result would exceed 60 characters.
    pub fn duplicate(&mut self, id: &str, now_ms: u64) -> Result<&Template, LibraryError> {
        let original = self.templates[self.index_of(id)?].clone();
        let name = (1..)
            .map(|n| copy_name(&original.name, n))
            .find(|candidate| self.find_by_name(candidate).is_none())
            .expect("an unused copy name exists below usize::MAX");
        let draft = TemplateDraft {
            name,
            description: original.description,
            role_set: Some(original.role_set),
        };
        self.create(&draft, now_ms)
    }

    /// Removes template `id` and returns it (so the UI can offer "Undo").
    pub fn delete(&mut self, id: &str) -> Result<Template, LibraryError> {
        let index = self.index_of(id)?;
        Ok(self.templates.remove(index))
    }

    /// Adds or replaces already-validated templates in one step; used by
    /// import. Replaces a template with the same name (keeping its id).
    pub(crate) fn apply_validated(&mut self, incoming: Vec<ValidTemplate>, now_ms: u64) {
        for valid in incoming {
            match self
                .templates
                .iter_mut()
                .find(|t| name_key(&t.name) == name_key(&valid.name))
            {
                Some(existing) => {
                    existing.name = valid.name;
                    existing.description = valid.description;
                    existing.role_set = valid.role_set;
                }
                None => {
                    let id = self.fresh_id(now_ms);
                    self.templates.push(Template {
                        id,
                        name: valid.name,
                        description: valid.description,
                        role_set: valid.role_set,
                    });
                }
            }
        }
    }

    /// Adds a template under a given id (when reading storage back).
    pub(crate) fn insert_with_id(
        &mut self,
        id: &str,
        draft: &TemplateDraft,
    ) -> Result<&Template, LibraryError> {
        self.insert(id.to_string(), draft)
    }

    fn insert(&mut self, id: String, draft: &TemplateDraft) -> Result<&Template, LibraryError> {
        if self.templates.len() >= MAX_TEMPLATES {
            return Err(LibraryError::Full);
        }
        let valid = validate_draft(draft).map_err(LibraryError::Invalid)?;
        self.check_name_free(&valid.name, None)?;
        let id = if id.is_empty() || self.get(&id).is_some() {
            self.fresh_id(0)
        } else {
            id
        };
        self.templates.push(Template {
            id,
            name: valid.name,
            description: valid.description,
            role_set: valid.role_set,
        });
        Ok(self.templates.last().expect("just pushed"))
    }

    fn index_of(&self, id: &str) -> Result<usize, LibraryError> {
        self.templates
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| LibraryError::NotFound { id: id.to_string() })
    }

    fn check_name_free(&self, name: &str, except_id: Option<&str>) -> Result<(), LibraryError> {
        match self.find_by_name(name) {
            Some(t) if Some(t.id.as_str()) != except_id => Err(LibraryError::NameTaken {
                name: t.name.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// `t<base36 ms>` plus a counter when taken: unique here, and two
    /// browsers syncing the same library are unlikely to collide.
    fn fresh_id(&self, now_ms: u64) -> String {
        let base = format!("t{}", base36(now_ms));
        if self.get(&base).is_none() {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| self.get(id).is_none())
            .expect("an unused id exists")
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}

/// "Copy of X" for n = 1, "Copy of X (n)" after, shortening X to fit 60 characters.
fn copy_name(original: &str, n: usize) -> String {
    let suffix = if n == 1 {
        String::new()
    } else {
        format!(" ({n})")
    };
    let room = MAX_NAME_CHARS - "Copy of ".len() - suffix.chars().count();
    let base: String = if original.chars().count() > room {
        let mut s: String = original.chars().take(room.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        original.to_string()
    };
    format!("Copy of {base}{suffix}")
}

/// Three editable examples for a new user (issue 6).
pub fn seed_templates(now_ms: u64) -> Vec<Template> {
    let prod = || Scope::labelled([Label::new("environment", "prod")]);
    let dev = || Scope::labelled([Label::new("environment", "dev")]);
    let seeds = [
        (
            "Analyst",
            "Workspace Member who can read production sources and tracking plans.",
            RoleSet::member([
                RoleGrant::new("Source Read-only", prod()),
                RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            ]),
        ),
        (
            "Engineer",
            "Workspace Member who administers development sources, reads production sources and functions.",
            RoleSet::member([
                RoleGrant::new("Source Admin", dev()),
                RoleGrant::new("Source Read-only", prod()),
                RoleGrant::new("Function Read-only", Scope::all()),
            ]),
        ),
        (
            "Workspace Owner",
            "Full access to everything, including Access Management.",
            RoleSet::owner(),
        ),
    ];
    seeds
        .into_iter()
        .enumerate()
        .map(|(i, (name, description, role_set))| Template {
            id: format!("t{}-seed{}", base36(now_ms), i + 1),
            name: name.to_string(),
            description: description.to_string(),
            role_set,
        })
        .collect()
}

#[cfg(test)]
mod tests;
