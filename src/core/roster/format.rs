//! A roster as a file, and a desired roster read back from one.
//!
//! CSV: exactly what bulk invite reads ([`crate::core::input`] and
//! [`crate::core::preview`]), one row a person, header
//! `email,role,roles,sources,spaces,functions,labels,name,status`:
//! - `role` is "Workspace Owner" or "Workspace Member"; `roles` the role
//!   names, `; `-separated;
//! - a member's scopes go in the scope columns when those say them exactly
//!   (checked by reading the row back with the importer's own rules);
//!   otherwise every role carries its own scope in the `roles` cell
//!   (`Source Admin (sources: Web; iOS)`, see [`role_entry`]);
//! - `name` and `status` (member / invited) are read by the importer but not
//!   used by bulk invite; a name that a spreadsheet would run as a formula,
//!   or that starts with `'`, is written with a leading `'` (and read back
//!   without it);
//! - RFC 4180 quoting, CRLF line ends, no comment or companion line: the
//!   file opens cleanly in a spreadsheet.
//!
//! JSON: the [`Roster`] itself (workspace, people with their exact grants,
//! completeness). [`parse`] reads either (JSON when the text starts with
//! `{` or `[`) into [`Person`]s, or names every row that cannot be read.
//!
//! Round trip: every row the CSV holds reads back exactly; a role set no
//! form of the cells says exactly — a resource name holding one of the
//! roles cell's separators `; | ( )` where only the roles cell could say
//! it — is not written ambiguously: [`to_csv`] names the person and the
//! resource ([`Unwritable`]), and the row's roles cell is [`UNWRITABLE`],
//! which the importer refuses by row. So `parse(&to_csv(r).text)` is
//! `r.people` when nothing is unwritable, else an error for exactly those
//! rows. The JSON carries every role set exactly.

use std::borrow::Cow;

use thiserror::Error;

use super::{Person, Roster, Status};
use crate::core::catalogue::{role_info, ScopeKind};
use crate::core::email::Email;
use crate::core::input::{parse_text, InputRow};
use crate::core::preview::role_entry::write_entry;
use crate::core::preview::{build_preview, resolve_role_set, KnownPeople, PreviewContext};
use crate::core::role_check::canonicalise;
use crate::core::roles::{RoleSet, Scope, WorkspaceRole};
use crate::core::run::results::safe_cell;
use crate::core::template::TemplateLibrary;

/// The CSV header, in column order.
pub const CSV_HEADER: [&str; 9] = [
    "email",
    "role",
    "roles",
    "sources",
    "spaces",
    "functions",
    "labels",
    "name",
    "status",
];

/// The roles cell of a person the CSV cannot carry exactly: no role, so
/// bulk invite and [`parse`] refuse the row by name (no separator either).
pub const UNWRITABLE: &str = "NOT EXPORTABLE - see the export summary and the JSON file";

/// The roles-cell separators a resource name written in the cell must not
/// hold (`core::preview::role_entry`).
const SEPARATORS: [char; 4] = [';', '|', '(', ')'];

/// A person whose role set the CSV cannot say so that bulk invite reads it
/// back exactly.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Unwritable {
    #[error("{email}: the {role} role's resource \"{resource}\" holds \"{separator}\", which separates entries of the roles cell; the CSV row cannot say it exactly (the JSON file carries it)")]
    Separator {
        email: String,
        role: String,
        resource: String,
        separator: char,
    },
    #[error("{email}: these roles cannot be written so that bulk invite reads them back exactly (the JSON file carries them)")]
    NotReadBack { email: String },
}

impl Unwritable {
    /// Why `person`'s role set has no exact cells: the first resource
    /// holding a separator, if any.
    fn of(person: &Person) -> Unwritable {
        let email = person.email.clone();
        person
            .access
            .roles
            .iter()
            .find_map(|g| match &g.scope {
                Scope::Specific { resources } => resources.iter().find_map(|r| {
                    let separator = r.chars().find(|c| SEPARATORS.contains(c))?;
                    Some(Unwritable::Separator {
                        email: email.clone(),
                        role: g.role.clone(),
                        resource: r.clone(),
                        separator,
                    })
                }),
                _ => None,
            })
            .unwrap_or(Unwritable::NotReadBack { email })
    }
}

/// The CSV of a roster, and the people it cannot carry exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvExport {
    pub text: String,
    /// In roster order; their rows' roles cell is [`UNWRITABLE`].
    pub unwritable: Vec<Unwritable>,
}

/// One row (or the whole file, `row == 0`) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct RowError {
    /// 1-based line of the CSV where the row starts, or 1-based position in
    /// the JSON's list of people; 0 for the file as a whole.
    pub row: usize,
    /// A sentence naming the row and the problem.
    pub message: String,
}

/// Which file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Json,
}

/// `segment-roster-<workspace>-<YYYY-MM-DD>.csv|json`; characters a file
/// name should not hold become `-`.
pub fn file_name(workspace: &str, (year, month, day): (u32, u32, u32), kind: FileKind) -> String {
    let slug: String = workspace
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let ext = match kind {
        FileKind::Csv => "csv",
        FileKind::Json => "json",
    };
    format!("segment-roster-{slug}-{year:04}-{month:02}-{day:02}.{ext}")
}

/// The word written in the `status` column.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Member => "member",
        Status::Invited => "invited",
    }
}

fn parse_status(cell: &str) -> Option<Status> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "member" | "active" | "accepted" => Some(Status::Member),
        "invited" | "pending" | "invite pending" | "invite" => Some(Status::Invited),
        _ => None,
    }
}

/// The roster as CSV (see the module docs).
pub fn to_csv(roster: &Roster) -> CsvExport {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CSV_HEADER)
        .expect("writing to memory cannot fail");
    let mut unwritable = Vec::new();
    for p in &roster.people {
        let cells = access_cells(&p.access).unwrap_or_else(|| {
            unwritable.push(Unwritable::of(p));
            AccessCells {
                role: p.access.workspace.to_string(),
                roles: UNWRITABLE.to_string(),
                ..AccessCells::default()
            }
        });
        let name = p.name.as_deref().map(guard_name).unwrap_or_default();
        let record: [&str; 9] = [
            &p.email,
            &cells.role,
            &cells.roles,
            &cells.sources,
            &cells.spaces,
            &cells.functions,
            &cells.labels,
            &name,
            status_word(p.status),
        ];
        w.write_record(record)
            .expect("writing to memory cannot fail");
    }
    let bytes = w.into_inner().expect("flushing to memory cannot fail");
    CsvExport {
        text: String::from_utf8(bytes).expect("all cells are UTF-8"),
        unwritable,
    }
}

/// The roster as JSON (pretty-printed, with its completeness).
pub fn to_json(roster: &Roster) -> String {
    crate::core::json::to_string_pretty(roster).expect("a roster always serialises")
}

/// The cells that say one role set.
#[derive(Debug, Default, PartialEq, Eq)]
struct AccessCells {
    role: String,
    roles: String,
    sources: String,
    spaces: String,
    functions: String,
    labels: String,
}

impl AccessCells {
    fn row(&self) -> InputRow<'_> {
        fn cell(s: &str) -> Option<Cow<'_, str>> {
            (!s.is_empty()).then_some(Cow::Borrowed(s))
        }
        InputRow {
            line: 1,
            workspace_role: cell(&self.role),
            roles: cell(&self.roles),
            sources: cell(&self.sources),
            spaces: cell(&self.spaces),
            functions: cell(&self.functions),
            labels: cell(&self.labels),
            ..InputRow::default()
        }
    }

    /// Whether a spreadsheet would take a scope cell for a formula.
    fn has_formula_like_cell(&self) -> bool {
        [&self.sources, &self.spaces, &self.functions]
            .iter()
            .any(|c| matches!(safe_cell(c), Cow::Owned(_)))
    }
}

fn kind_of(role: &str) -> ScopeKind {
    role_info(role).map_or(ScopeKind::Unscoped, |r| r.scope)
}

/// The scope columns when they say `access` exactly, else every role with
/// its own scope when that does; `None` when neither reads back exactly.
fn access_cells(access: &RoleSet) -> Option<AccessCells> {
    let role = access.workspace.to_string();
    if access.workspace == WorkspaceRole::Owner {
        return Some(AccessCells {
            role,
            ..AccessCells::default()
        });
    }
    let mut columns = AccessCells {
        role: role.clone(),
        roles: join(access.roles.iter().map(|g| g.role.clone()), "; "),
        ..AccessCells::default()
    };
    for g in &access.roles {
        match (&g.scope, kind_of(&g.role)) {
            (Scope::Specific { resources }, kind) => {
                let column = match kind {
                    ScopeKind::Sources => &mut columns.sources,
                    ScopeKind::Spaces => &mut columns.spaces,
                    _ => &mut columns.functions,
                };
                if column.is_empty() {
                    *column = resources.join("; ");
                }
            }
            (Scope::All { labels }, _) if !labels.is_empty() && columns.labels.is_empty() => {
                columns.labels = join(labels.iter().map(ToString::to_string), ", ");
            }
            _ => {}
        }
    }
    if !columns.has_formula_like_cell() && reads_back(&columns).as_ref() == Some(access) {
        return Some(columns);
    }
    let entries = AccessCells {
        role,
        roles: join(
            access
                .roles
                .iter()
                .map(|g| write_entry(g, kind_of(&g.role))),
            "; ",
        ),
        ..AccessCells::default()
    };
    (reads_back(&entries).as_ref() == Some(access)).then_some(entries)
}

fn join(items: impl Iterator<Item = String>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// The role set bulk invite reads from `cells`.
fn reads_back(cells: &AccessCells) -> Option<RoleSet> {
    by_itself(|ctx| resolve_role_set(&cells.row(), ctx).ok())
}

/// Runs `f` with bulk invite's preview rules for a file read by itself: no
/// templates, no default role set, nobody known to be in the workspace.
pub(crate) fn by_itself<T>(f: impl FnOnce(&PreviewContext<'_>) -> T) -> T {
    let known = KnownPeople::default();
    let templates = TemplateLibrary::default();
    f(&PreviewContext {
        known: &known,
        templates: &templates,
        default_role_set: None,
    })
}

/// Reads a desired roster: CSV in the export's format (or any table bulk
/// invite reads, with role columns), or the export's JSON.
pub fn parse(text: &str) -> Result<Vec<Person>, Vec<RowError>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_json(trimmed)
    } else {
        parse_csv(text)
    }
}

fn whole_file(message: String) -> Vec<RowError> {
    vec![RowError { row: 0, message }]
}

fn parse_csv(text: &str) -> Result<Vec<Person>, Vec<RowError>> {
    let input = parse_text(text).map_err(|e| whole_file(format!("The roster file: {e}")))?;
    let preview = by_itself(|ctx| build_preview(&input.rows, ctx));
    let mut people = Vec::with_capacity(input.rows.len());
    let mut errors = Vec::new();
    for (row, shown) in input.rows.iter().zip(&preview.rows) {
        let fail = |message: String| RowError {
            row: row.line,
            message,
        };
        let (Some(email), Some(access)) = (&shown.email, shown.role_set()) else {
            errors.push(fail(shown.message().unwrap_or_default()));
            continue;
        };
        let status = match row.status.as_deref() {
            None => Status::Member,
            Some(cell) => match parse_status(cell) {
                Some(s) => s,
                None => {
                    errors.push(fail(format!(
                        "Row {}: status \"{cell}\" is neither member nor invited",
                        row.line
                    )));
                    continue;
                }
            },
        };
        let name = row.name.as_deref().map(unformula).map(str::to_string);
        people.push(Person::new(email.as_str(), name, status, access.clone()));
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

/// A name a spreadsheet will not run as a formula: [`safe_cell`]'s leading
/// `'`, also before a name that starts with `'` itself, so that
/// [`unformula`] can always take exactly one off.
fn guard_name(name: &str) -> Cow<'_, str> {
    if name.starts_with('\'') {
        format!("'{name}").into()
    } else {
        safe_cell(name)
    }
}

/// A name as written before [`guard_name`] guarded it.
fn unformula(name: &str) -> &str {
    match name.strip_prefix('\'') {
        Some(rest) if rest.starts_with('\'') || matches!(safe_cell(rest), Cow::Owned(_)) => rest,
        _ => name,
    }
}

/// The people of a roster's JSON (the roster object, or a bare list), each
/// read on its own so that every person who cannot be read is named.
fn parse_json(text: &str) -> Result<Vec<Person>, Vec<RowError>> {
    let items = crate::core::json::items_from_str::<Person>(text, "people").map_err(|e| {
        whole_file(format!(
            "The roster file is not a roster's JSON (a list of people, or an object with \"people\"): {e}"
        ))
    })?;
    let mut people = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, item) in items.into_iter().enumerate() {
        let n = i + 1;
        let fail = |message: String| RowError { row: n, message };
        let person = match item {
            Ok(p) => p,
            Err(e) => {
                errors.push(fail(format!("Person {n}: {e}")));
                continue;
            }
        };
        let email = match Email::parse(&person.email) {
            Ok(email) => email,
            Err(e) => {
                let message = format!("Person {n}: \"{}\" is not a valid email: {e}", person.email);
                errors.push(fail(message));
                continue;
            }
        };
        if let Some(first) = seen.get(email.key()) {
            errors.push(fail(format!(
                "Person {n}: {email} is a duplicate of person {first}"
            )));
            continue;
        }
        seen.insert(email.key().to_string(), n);
        match canonicalise(&person.access) {
            Ok(access) => people.push(Person::new(
                email.as_str(),
                person.name,
                person.status,
                access,
            )),
            Err(problems) => errors.push(fail(format!(
                "Person {n} ({email}): these roles cannot be set in Segment: {}",
                problems[0]
            ))),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
