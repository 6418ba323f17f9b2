//! The input half of the bulk view: the paste box, the file picker, the
//! default-template picker, the chunk size, and the Preview / Start buttons.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

use crate::core::input::MAX_DATA_ROWS;
use crate::core::plan::{ChunkSize, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE};
use crate::core::roles::RoleSet;
use crate::core::template::TemplateLibrary;
use crate::ui::dom::{clear, El};
use crate::ui::field::{labelled, FieldSpec, PasteOrFile};

/// Picker value: rows without roles become Workspace Members with no roles.
pub const DEFAULT_MEMBER: &str = "member";
/// Picker value: no default; rows must name roles or a template.
pub const DEFAULT_NONE: &str = "none";
/// Picker value prefix for a template (its id follows).
const TEMPLATE_PREFIX: &str = "tpl:";

/// The controls, kept to read and enable them.
pub struct Form {
    pub el: Element,
    /// "Emails or CSV" and "Choose file".
    pub list: PasteOrFile,
    pub default: HtmlSelectElement,
    pub chunk: HtmlInputElement,
    pub preview: HtmlButtonElement,
    pub start: HtmlButtonElement,
}

/// What the default-template picker says, resolved against the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultChoice {
    /// A role set to use for rows that name none.
    Set(RoleSet),
    /// No default.
    None,
    /// The picked template is gone (deleted in another tab).
    Missing,
}

impl Form {
    pub fn build() -> Form {
        let help = format!(
            "Paste a CSV or TSV with a header (columns: email, role, roles, template, sources, labels), \
             or a plain list of emails. At most {} rows a run. Nothing is sent before you preview and press Start.",
            group_thousands(MAX_DATA_ROWS)
        );
        let list = PasteOrFile::build(&FieldSpec {
            text_id: "ak-bulk-text",
            text_label: "Emails or CSV",
            help_id: "ak-bulk-help",
            help: &help,
            file_id: "ak-bulk-file",
            file_label: "Choose file",
            rows: 8,
            placeholder: Some("email,role,roles,sources,labels\nana@example.com,member,Source Read-only,,environment:prod\n… or one email per line"),
        });
        let _ = list.text_field.class_list().add_1("wide");
        let default: HtmlSelectElement = El::new("select")
            .attr("id", "ak-bulk-default")
            .build()
            .unchecked_into();
        let chunk: HtmlInputElement = El::new("input")
            .attr("id", "ak-bulk-chunk")
            .attr("type", "number")
            .attr("min", "1")
            .attr("max", &MAX_CHUNK_SIZE.to_string())
            .attr("step", "1")
            .attr("value", &DEFAULT_CHUNK_SIZE.to_string())
            .class("narrow")
            .build()
            .unchecked_into();
        let preview: HtmlButtonElement = El::new("button")
            .attr("type", "button")
            .text("Preview")
            .build()
            .unchecked_into();
        let start: HtmlButtonElement = El::new("button")
            .class("primary")
            .attr("type", "button")
            .flag("disabled", true)
            .text("Start")
            .build()
            .unchecked_into();
        let el = El::new("div")
            .class("bulk-form")
            .child(&list.text_field)
            .child(&list.help)
            .child(
                El::new("div")
                    .class("row")
                    .child(&list.file_field)
                    .child(labelled("ak-bulk-default", "Default template", &default))
                    .child(labelled("ak-bulk-chunk", "Emails per submission", &chunk)),
            )
            .child(
                El::new("div")
                    .class("row")
                    .child(preview.clone())
                    .child(start.clone()),
            )
            .build();
        let form = Form {
            el,
            list,
            default,
            chunk,
            preview,
            start,
        };
        form.fill_templates(&TemplateLibrary::new());
        form
    }

    /// Refills the default-template picker, keeping the selection when it
    /// still exists.
    pub fn fill_templates(&self, library: &TemplateLibrary) {
        let before = self.default.value();
        clear(&self.default);
        let option =
            |value: &str, text: &str| El::new("option").attr("value", value).text(text).build();
        let _ = self
            .default
            .append_child(&option(DEFAULT_MEMBER, "Workspace Member, no roles"));
        let _ = self.default.append_child(&option(
            DEFAULT_NONE,
            "None: each row names its roles or template",
        ));
        if !library.is_empty() {
            let group = El::new("optgroup").attr("label", "Templates").build();
            for t in library.templates() {
                let _ = group.append_child(&option(&format!("{TEMPLATE_PREFIX}{}", t.id), &t.name));
            }
            let _ = self.default.append_child(&group);
        }
        let keep = !before.is_empty()
            && (before == DEFAULT_MEMBER
                || before == DEFAULT_NONE
                || before
                    .strip_prefix(TEMPLATE_PREFIX)
                    .is_some_and(|id| library.get(id).is_some()));
        self.default
            .set_value(if keep { &before } else { DEFAULT_MEMBER });
    }

    /// The picked default, resolved against `library`.
    pub fn default_choice(&self, library: &TemplateLibrary) -> DefaultChoice {
        resolve_default(&self.default.value(), library)
    }

    /// The picked template's name, for messages ("" for the built-in choices).
    pub fn default_label(&self) -> String {
        self.default
            .selected_options()
            .item(0)
            .and_then(|o| o.text_content())
            .unwrap_or_default()
    }

    /// The chunk size typed, or why it is not one.
    pub fn chunk_size(&self) -> Result<ChunkSize, String> {
        parse_chunk(&self.chunk.value())
    }

    /// Enables or disables everything that changes the input (during a run).
    pub fn lock(&self, locked: bool) {
        self.list.text.set_read_only(locked);
        self.list.file.set_disabled(locked);
        self.default.set_disabled(locked);
        self.chunk.set_disabled(locked);
        self.preview.set_disabled(locked);
        if locked {
            self.start.set_disabled(true);
        }
    }
}

/// Reads a picker value (see the `DEFAULT_*` constants).
pub fn resolve_default(value: &str, library: &TemplateLibrary) -> DefaultChoice {
    match value {
        DEFAULT_NONE => DefaultChoice::None,
        v => match v.strip_prefix(TEMPLATE_PREFIX) {
            Some(id) => library.get(id).map_or(DefaultChoice::Missing, |t| {
                DefaultChoice::Set(t.role_set.clone())
            }),
            None => DefaultChoice::Set(RoleSet::member([])),
        },
    }
}

/// Reads the chunk-size field.
pub fn parse_chunk(value: &str) -> Result<ChunkSize, String> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| ChunkSize::new(n).ok())
        .ok_or_else(|| {
            format!("Emails per submission must be a whole number from 1 to {MAX_CHUNK_SIZE}.")
        })
}

/// 5000 → "5,000".
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::roles::{RoleGrant, Scope};
    use crate::core::template::TemplateDraft;

    #[test]
    fn chunk_field_accepts_1_to_100_only() {
        assert_eq!(parse_chunk("25").map(ChunkSize::get), Ok(25));
        assert_eq!(parse_chunk(" 1 ").map(ChunkSize::get), Ok(1));
        assert_eq!(parse_chunk("100").map(ChunkSize::get), Ok(100));
        for bad in ["0", "101", "-3", "2.5", "", "ten"] {
            assert!(parse_chunk(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn default_picker_values_resolve() {
        let mut lib = TemplateLibrary::new();
        let set = RoleSet::member([RoleGrant::new("Source Admin", Scope::all())]);
        let id = lib
            .create(
                &TemplateDraft {
                    name: "Admins".into(),
                    description: String::new(),
                    role_set: Some(set.clone()),
                },
                1,
            )
            .unwrap()
            .id
            .clone();
        assert_eq!(
            resolve_default(DEFAULT_MEMBER, &lib),
            DefaultChoice::Set(RoleSet::member([]))
        );
        assert_eq!(resolve_default(DEFAULT_NONE, &lib), DefaultChoice::None);
        assert_eq!(
            resolve_default(&format!("tpl:{id}"), &lib),
            DefaultChoice::Set(set)
        );
        assert_eq!(resolve_default("tpl:gone", &lib), DefaultChoice::Missing);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(5), "5");
        assert_eq!(group_thousands(5000), "5,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
