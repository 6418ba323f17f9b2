//! The options page's list of templates, with Edit, Duplicate, Rename and
//! Delete on every row.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::{editor, Page};
use crate::browser::template_store::{self, Loaded};
use crate::core::template::Template;
use crate::ui::confirm::{self, Confirm};
use crate::ui::dom::{self, El};
use crate::ui::templates::words::{library_error_lines, summary};

/// The table (or an empty-state line).
pub(super) fn render(page: &Rc<Page>, loaded: &Loaded) -> Element {
    let mut out = El::new("div");
    if loaded.library.is_empty() {
        out = out.child(
            El::new("p").text("No templates. Create one with \"New template\" or import a file."),
        );
    } else {
        let rows = loaded.library.templates().iter().map(|t| row(page, t));
        out = out.child(
            El::new("table")
                .attr("aria-label", "Templates")
                .child(
                    El::new("thead").child(
                        El::new("tr")
                            .child(El::new("th").attr("scope", "col").text("Name"))
                            .child(El::new("th").attr("scope", "col").text("Roles"))
                            .child(El::new("th").attr("scope", "col").text("Description"))
                            .child(El::new("th").attr("scope", "col").text("Actions")),
                    ),
                )
                .child(El::new("tbody").children(rows)),
        );
    }
    if !loaded.skipped.is_empty() {
        out = out.child(
            El::new("div")
                .class("notice bad")
                .attr("role", "alert")
                .child(El::new("p").text(
                    "Some stored templates could not be read and are left out (saving the library removes them):",
                ))
                .child(El::new("ul").children(loaded.skipped.iter().map(|s| El::new("li").text(s)))),
        );
    }
    out.build()
}

fn action(
    page: &Page,
    label: &str,
    name: &str,
    f: impl FnMut(&web_sys::Event) + 'static,
) -> Element {
    El::new("button")
        .attr("type", "button")
        .attr("aria-label", &format!("{label} {name}"))
        .text(label)
        .on(&page.list_owner, "click", f)
        .build()
}

fn row(page: &Rc<Page>, t: &Template) -> Element {
    let name_cell = El::new("td").child(El::new("strong").text(&t.name)).build();
    let actions = El::new("td").class("actions").build();
    let tr = El::new("tr")
        .attr("data-template-id", &t.id)
        .child(name_cell.clone())
        .child(El::new("td").text(&summary(&t.role_set)))
        .child(El::new("td").class("muted").text(&t.description))
        .child(actions.clone())
        .build();

    let (p, id) = (Rc::downgrade(page), t.id.clone());
    let edit = action(page, "Edit", &t.name, move |_| {
        if let Some(p) = p.upgrade() {
            editor::open(&p, Some(&id));
        }
    });
    let (p, id) = (Rc::downgrade(page), t.id.clone());
    let duplicate = action(page, "Duplicate", &t.name, move |_| {
        let Some(p) = p.upgrade() else { return };
        let id = id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let now = js_sys::Date::now() as u64;
            match template_store::update(|lib| lib.duplicate(&id, now).cloned()).await {
                Ok((copy, home)) => p.say_done(&format!("Created \"{}\".", copy.name), &home),
                Err(e) => p.say_bad("The template was not duplicated", &[e.to_string()]),
            }
        });
    });
    let (p, id, name, cell) = (Rc::downgrade(page), t.id.clone(), t.name.clone(), name_cell);
    let rename = action(page, "Rename", &t.name, move |_| {
        if let Some(p) = p.upgrade() {
            start_rename(&p, &cell, &id, &name);
        }
    });
    let (p, id, name) = (Rc::downgrade(page), t.id.clone(), t.name.clone());
    let delete = action(page, "Delete", &t.name, move |_| {
        let Some(p) = p.upgrade() else { return };
        let (id, name) = (id.clone(), name.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let Some(body) = crate::ui::dom::document().body() else {
                return;
            };
            let question = Confirm {
                title: format!("Delete template \"{name}\"?"),
                body: vec!["This removes it from every browser where your templates sync. It cannot be undone (export first to keep a copy).".into()],
                // Undoable by import: no typed phrase, unlike the guard.
                phrase: None,
                confirm_label: "Delete".into(),
            };
            if !confirm::ask(&body, question).await {
                return;
            }
            match template_store::update(|lib| lib.delete(&id)).await {
                Ok((gone, home)) => p.say_done(&format!("Deleted \"{}\".", gone.name), &home),
                Err(e) => p.say_bad("The template was not deleted", &[e.to_string()]),
            }
        });
    });
    for b in [edit, duplicate, rename, delete] {
        let _ = actions.append_child(&b);
    }
    tr
}

/// Replaces the name cell with a field, Save and Cancel.
fn start_rename(page: &Rc<Page>, cell: &Element, id: &str, old: &str) {
    let input: HtmlInputElement = El::new("input")
        .attr("type", "text")
        .attr("aria-label", &format!("New name for {old}"))
        .attr("maxlength", "60")
        .build()
        .unchecked_into();
    input.set_value(old);
    let save = El::new("button")
        .class("primary")
        .attr("type", "button")
        .text("Save name")
        .build();
    let cancel = El::new("button")
        .attr("type", "button")
        .text("Cancel")
        .build();
    dom::replace_children(cell, [input.clone().into(), save.clone(), cancel.clone()]);
    let _ = input.focus();
    input.select();

    let commit = {
        let (p, id, input) = (Rc::downgrade(page), id.to_string(), input.clone());
        move || {
            let Some(p) = p.upgrade() else { return };
            let (id, name) = (id.clone(), input.value());
            wasm_bindgen_futures::spawn_local(async move {
                match template_store::update(|lib| lib.rename(&id, &name).cloned()).await {
                    Ok((t, home)) => p.say_done(&format!("Renamed to \"{}\".", t.name), &home),
                    Err(template_store::TemplateStoreError::Library(e)) => {
                        p.say_bad("The template was not renamed", &library_error_lines(&e))
                    }
                    Err(e) => p.say_bad("The template was not renamed", &[e.to_string()]),
                }
            });
        }
    };
    let c = commit.clone();
    let p_esc = Rc::downgrade(page);
    El::from_element(save)
        .on(&page.list_owner, "click", move |_| c())
        .build();
    El::from_element(input.into())
        .on(&page.list_owner, "keydown", move |e| {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if k.key() == "Enter" {
                e.prevent_default();
                commit();
            } else if k.key() == "Escape" {
                if let Some(p) = p_esc.upgrade() {
                    p.reload();
                }
            }
        })
        .build();
    let p = Rc::downgrade(page);
    El::from_element(cancel)
        .on(&page.list_owner, "click", move |_| {
            if let Some(p) = p.upgrade() {
                p.reload();
            }
        })
        .build();
}
