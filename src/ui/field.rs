//! The paste-or-file field of the tabs that take a list (Bulk invite's
//! "Emails or CSV", Remove's "Emails to remove", the Roster plan's "Desired
//! roster"): a labelled text box with its help line, and a file picker.
//!
//! A picked file's text is put INTO the box (`ui::file::read_picked`), so
//! what is previewed or planned is what the person can see; the tab hears
//! of it as of any edit ([`ListTab::list_changed`]), then gets the "Loaded
//! …" notice or the file's problem as an alert. The tab places the three
//! parts itself (bulk invite puts the picker in a row with its other
//! controls).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::dom::El;
use super::file::{loaded, read_picked};
use super::mount::Mount;
use super::run::Messages;

/// What the file picker accepts.
const ACCEPT: &str = ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain";

/// A `<label for=id>` and its control, as one field.
pub fn labelled(id: &str, label: &str, control: &Element) -> El {
    El::new("div")
        .class("field")
        .child(El::new("label").attr("for", id).text(label))
        .child(control)
}

/// The ids, names and words of one tab's field.
pub struct FieldSpec<'a> {
    /// The box's id and accessible name (tests find it by the name).
    pub text_id: &'a str,
    pub text_label: &'a str,
    pub help_id: &'a str,
    pub help: &'a str,
    /// The picker's id and accessible name.
    pub file_id: &'a str,
    pub file_label: &'a str,
    /// The box's height in lines.
    pub rows: u32,
    pub placeholder: Option<&'a str>,
}

/// A tab with a paste-or-file field.
pub trait ListTab: 'static {
    /// The box's text changed (typed, pasted, or a file loaded into it).
    fn list_changed(&self);
    /// The tab's status line and alert.
    fn messages(&self) -> &Messages;
}

/// The field's controls and the parts to place.
pub struct PasteOrFile {
    pub text: HtmlTextAreaElement,
    pub file: HtmlInputElement,
    /// The box with its label.
    pub text_field: Element,
    /// The help line the box is described by.
    pub help: Element,
    /// The picker with its label.
    pub file_field: Element,
}

impl PasteOrFile {
    pub fn build(spec: &FieldSpec<'_>) -> PasteOrFile {
        let mut text = El::new("textarea")
            .attr("id", spec.text_id)
            .attr("rows", &spec.rows.to_string())
            .attr("spellcheck", "false")
            .attr("autocomplete", "off")
            .attr("aria-describedby", spec.help_id);
        if let Some(p) = spec.placeholder {
            text = text.attr("placeholder", p);
        }
        let text: HtmlTextAreaElement = text.build().unchecked_into();
        let file: HtmlInputElement = El::new("input")
            .attr("id", spec.file_id)
            .attr("type", "file")
            .attr("accept", ACCEPT)
            .build()
            .unchecked_into();
        PasteOrFile {
            text_field: labelled(spec.text_id, spec.text_label, &text).build(),
            help: El::new("p")
                .class("muted")
                .attr("id", spec.help_id)
                .text(spec.help)
                .build(),
            file_field: labelled(spec.file_id, spec.file_label, &file).build(),
            text,
            file,
        }
    }

    /// Disables both controls (while a run holds the tab).
    pub fn set_disabled(&self, disabled: bool) {
        self.text.set_disabled(disabled);
        self.file.set_disabled(disabled);
    }

    /// Tells `tab` of every edit of the box and of every picked file (see
    /// the module docs); the listeners end with `mount`.
    pub fn wire<T: ListTab>(&self, mount: &Rc<Mount>, tab: &Rc<T>) {
        let weak = Rc::downgrade(tab);
        mount.listen(&self.text, "input", move |_| {
            if let Some(tab) = weak.upgrade() {
                tab.list_changed();
            }
        });
        let (weak, text, file) = (Rc::downgrade(tab), self.text.clone(), self.file.clone());
        let spawner = Rc::downgrade(mount);
        mount.listen(&self.file, "change", move |_| {
            let (Some(mount), Some(tab)) = (spawner.upgrade(), weak.upgrade()) else {
                return;
            };
            let (text, file) = (text.clone(), file.clone());
            mount.spawn(async move {
                tab.messages().alert("");
                match read_picked(&file).await {
                    Ok(None) => {}
                    Ok(Some(picked)) => {
                        text.set_value(&picked.text);
                        tab.list_changed();
                        tab.messages().notice(&loaded(&picked));
                    }
                    Err(e) => tab.messages().alert(&e),
                }
            });
        });
    }
}
