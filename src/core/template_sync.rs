//! Laying templates out in `chrome.storage.sync`: one item per template under
//! `tpl:<id>`, its value the template's file-format entry
//! ([`super::template_io::template_entry`]).
//!
//! Chrome's quotas (MV3): an item may take at most 8,192 bytes, measured as
//! the key's length plus the JSON of its value; all items together at most
//! 102,400 bytes; at most 512 items. When a layout does not fit, the error
//! names every template that does not, and the caller keeps the library in
//! `chrome.storage.local` instead, telling the person why.

use std::collections::BTreeMap;

use serde_json::Value;
use thiserror::Error;

use super::template::{LibraryError, Template, TemplateDraft, TemplateLibrary};
use super::template_io::{read_entry, template_entry, ImportProblem};

/// Prefix of every template item's key.
pub const KEY_PREFIX: &str = "tpl:";
/// `chrome.storage.sync.QUOTA_BYTES_PER_ITEM`.
pub const QUOTA_BYTES_PER_ITEM: usize = 8_192;
/// `chrome.storage.sync.QUOTA_BYTES`.
pub const QUOTA_BYTES: usize = 102_400;
/// `chrome.storage.sync.MAX_ITEMS`.
pub const MAX_ITEMS: usize = 512;

/// One item to write.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncItem {
    pub key: String,
    pub value: Value,
    /// Quota cost: key length plus the value's JSON length, in bytes.
    pub bytes: usize,
}

/// Space already taken in sync storage by things other than templates
/// (settings, the guard switch…), so the check covers the whole area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OtherUsage {
    pub bytes: usize,
    pub items: usize,
}

/// One reason the library does not fit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SyncProblem {
    #[error("template \"{name}\" takes {bytes} bytes; a synced item may take at most {limit}")]
    ItemTooLarge {
        name: String,
        bytes: usize,
        limit: usize,
    },
    #[error("the templates take {bytes} bytes in all; synced storage holds at most {limit}")]
    TotalTooLarge { bytes: usize, limit: usize },
    #[error("{items} items would be stored; synced storage holds at most {limit}")]
    TooManyItems { items: usize, limit: usize },
}

/// Every reason the library does not fit in sync storage.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("templates cannot be synced: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct SyncLayoutError {
    pub problems: Vec<SyncProblem>,
}

/// The storage key of a template.
pub fn item_key(template: &Template) -> String {
    format!("{KEY_PREFIX}{}", template.id)
}

/// Builds one item per template and checks the quotas.
pub fn sync_layout(
    library: &TemplateLibrary,
    other: OtherUsage,
) -> Result<Vec<SyncItem>, SyncLayoutError> {
    let items: Vec<SyncItem> = library
        .templates()
        .iter()
        .map(|t| {
            let key = item_key(t);
            let value = template_entry(t);
            let bytes = key.len() + json_len(&value);
            SyncItem { key, value, bytes }
        })
        .collect();
    let mut problems: Vec<SyncProblem> = library
        .templates()
        .iter()
        .zip(&items)
        .filter(|(_, item)| item.bytes > QUOTA_BYTES_PER_ITEM)
        .map(|(t, item)| SyncProblem::ItemTooLarge {
            name: t.name.clone(),
            bytes: item.bytes,
            limit: QUOTA_BYTES_PER_ITEM,
        })
        .collect();
    let total = other.bytes + items.iter().map(|i| i.bytes).sum::<usize>();
    if total > QUOTA_BYTES {
        problems.push(SyncProblem::TotalTooLarge {
            bytes: total,
            limit: QUOTA_BYTES,
        });
    }
    let count = other.items + items.len();
    if count > MAX_ITEMS {
        problems.push(SyncProblem::TooManyItems {
            items: count,
            limit: MAX_ITEMS,
        });
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(SyncLayoutError { problems })
    }
}

/// The length in bytes of `value` as compact JSON, as serde_json and
/// `JSON.stringify` write it (counted, not written; [`compact_json`]
/// writes it).
pub fn json_len(value: &Value) -> usize {
    fn text(s: &str) -> usize {
        let escaped: usize = s
            .bytes()
            .map(|b| match b {
                b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
                0..=0x1f => 6,
                _ => 1,
            })
            .sum();
        2 + escaped
    }
    // Separators: one comma fewer than entries.
    let commas = |n: usize| n.saturating_sub(1);
    match value {
        Value::Null => 4,
        Value::Bool(b) => 4 + usize::from(!b),
        Value::Number(n) => n.to_string().len(),
        Value::String(s) => text(s),
        Value::Array(a) => 2 + commas(a.len()) + a.iter().map(json_len).sum::<usize>(),
        Value::Object(o) => {
            2 + commas(o.len())
                + o.iter()
                    .map(|(k, v)| text(k) + 1 + json_len(v))
                    .sum::<usize>()
        }
    }
}

/// `value` as compact JSON, exactly as serde_json writes it (the in-page
/// core has no JSON writer, see [`super::json`]): for messages that quote
/// a stored value.
pub fn compact_json(value: &Value) -> String {
    fn text(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\0'..='\u{1f}' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => text(s, out),
            Value::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, out);
                }
                out.push(']');
            }
            Value::Object(o) => {
                out.push('{');
                for (i, (k, v)) in o.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    text(k, out);
                    out.push(':');
                    write(v, out);
                }
                out.push('}');
            }
        }
    }
    let mut out = String::with_capacity(json_len(value));
    write(value, &mut out);
    out
}

/// The writes needed to go from what is stored to `next`: only changed
/// items are set (sync storage limits writes per minute and hour).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncChanges {
    pub set: Vec<SyncItem>,
    pub remove: Vec<String>,
}

/// Compares the stored items (all keys; non-template keys are ignored)
/// with the desired layout.
pub fn sync_changes(stored: &BTreeMap<String, Value>, next: &[SyncItem]) -> SyncChanges {
    let set = next
        .iter()
        .filter(|item| stored.get(&item.key) != Some(&item.value))
        .cloned()
        .collect();
    let remove = stored
        .keys()
        .filter(|k| k.starts_with(KEY_PREFIX) && !next.iter().any(|i| &i.key == *k))
        .cloned()
        .collect();
    SyncChanges { set, remove }
}

/// A stored item that was left out of the library.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoredItemError {
    #[error("stored template {key} is unreadable: {}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Unreadable {
        key: String,
        problems: Vec<ImportProblem>,
    },
    #[error("stored template {key} was skipped: {error}")]
    Rejected { key: String, error: LibraryError },
}

/// Rebuilds the library from everything in sync storage (non-template keys
/// are ignored). Items are ordered by key, i.e. by creation time. Bad items
/// and name clashes are reported, not fatal: one corrupted item must not
/// hide the others.
pub fn library_from_items(
    stored: &BTreeMap<String, Value>,
) -> (TemplateLibrary, Vec<StoredItemError>) {
    let mut library = TemplateLibrary::new();
    let mut errors = Vec::new();
    for (key, value) in stored {
        let Some(id) = key.strip_prefix(KEY_PREFIX) else {
            continue;
        };
        let mut problems = Vec::new();
        let Some(valid) = read_entry(value, "", &mut problems) else {
            errors.push(StoredItemError::Unreadable {
                key: key.clone(),
                problems: strip_leading_dot(problems),
            });
            continue;
        };
        let draft = TemplateDraft {
            name: valid.name,
            description: valid.description,
            role_set: Some(valid.role_set),
        };
        if let Err(error) = library.insert_with_id(id, &draft) {
            errors.push(StoredItemError::Rejected {
                key: key.clone(),
                error,
            });
        }
    }
    (library, errors)
}

/// The library as `chrome.storage.local` keeps it while it does not fit
/// sync storage: every template's entry with its id.
pub fn local_entries(library: &TemplateLibrary) -> Vec<Value> {
    library
        .templates()
        .iter()
        .map(|t| {
            let mut v = template_entry(t);
            if let Value::Object(m) = &mut v {
                m.insert("id".into(), Value::String(t.id.clone()));
            }
            v
        })
        .collect()
}

/// Local entries carry their id; rebuilds the `tpl:<id>` map
/// [`library_from_items`] reads, so both areas go through the same validation.
pub fn local_items(entries: &[Value]) -> BTreeMap<String, Value> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let id = e
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("local{i}"));
            (format!("{KEY_PREFIX}{id}"), e.clone())
        })
        .collect()
}

fn strip_leading_dot(problems: Vec<ImportProblem>) -> Vec<ImportProblem> {
    problems
        .into_iter()
        .map(|mut p| {
            if let Some(rest) = p.path.strip_prefix('.') {
                p.path = rest.to_string();
            }
            p
        })
        .collect()
}

#[cfg(test)]
mod tests;
