//! The create/edit form of a template: name, description, Workspace Owner or
//! Member, and for members each role of the catalogue with its scope (all,
//! all with labels, or specific resources by name).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::Page;
use crate::browser::template_store::{self, TemplateStoreError};
use crate::core::catalogue::{RoleInfo, ScopeKind, ROLES};
use crate::core::label::parse_label_list;
use crate::core::roles::{Label, RoleGrant, RoleSet, Scope, WorkspaceRole};
use crate::core::template::{
    validate_draft, Template, TemplateDraft, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS,
};
use crate::ui::dom::{self, El};
use crate::ui::mount::Owner;
use crate::ui::templates::words::{library_error_lines, problem_line};

/// Scope choices in the editor's per-role select.
const ALL: &str = "all";
const LABELS: &str = "labels";
const SPECIFIC: &str = "specific";

/// One role's controls.
struct RoleControls {
    info: &'static RoleInfo,
    checkbox: HtmlInputElement,
    /// Absent for roles that take no scope.
    scope: Option<HtmlSelectElement>,
    /// Labels (`a:b, c:d`) or resource names (one per line).
    detail: Option<HtmlTextAreaElement>,
}

struct Editor {
    page: std::rc::Weak<Page>,
    /// The template being edited; `None` when creating.
    id: Option<String>,
    name: HtmlInputElement,
    description: HtmlTextAreaElement,
    owner: HtmlInputElement,
    roles_box: Element,
    roles: Vec<RoleControls>,
    problems: Element,
}

/// Opens the form in the page's editor slot: empty, or filled with template `id`.
pub(super) fn open(page: &Rc<Page>, id: Option<&str>) {
    page.clear_status();
    page.editor_owner.clear();
    let owner = &page.editor_owner;
    let library = page.library();
    let template = id.and_then(|id| library.get(id)).cloned();
    let editor = Rc::new(build(page, template.as_ref()));
    let heading = match &template {
        Some(t) => format!("Edit \"{}\"", t.name),
        None => "New template".into(),
    };
    let save = El::new("button")
        .class("primary")
        .attr("type", "button")
        .text("Save template")
        .build();
    let cancel = El::new("button")
        .attr("type", "button")
        .text("Cancel")
        .build();
    let slot = page.editor_slot().clone();
    let form = El::new("form")
        .attr("aria-label", &heading)
        .attr("novalidate", "")
        .child(El::new("h3").text(&heading))
        .child(
            El::new("label")
                .class("field")
                .attr("for", "tpl-name")
                .text("Name"),
        )
        .child(editor.name.clone())
        .child(
            El::new("label")
                .class("field")
                .attr("for", "tpl-description")
                .text("Description (optional)"),
        )
        .child(editor.description.clone())
        .child(workspace_fieldset(&editor, owner))
        .child(editor.roles_box.clone())
        .child(editor.problems.clone())
        .child(
            El::new("div")
                .class("actions")
                .child(cancel.clone())
                .child(save.clone()),
        )
        .on(owner, "submit", |e| e.prevent_default())
        .build();
    dom::replace_children(&slot, [form]);
    let _ = editor.name.focus();
    sync_enabled(&editor);

    let e = editor.clone();
    El::from_element(save)
        .on(owner, "click", move |_| submit(&e))
        .build();
    let slot2 = slot.clone();
    El::from_element(cancel)
        .on(owner, "click", move |_| dom::clear(&slot2))
        .build();
}

fn build(page: &Rc<Page>, template: Option<&Template>) -> Editor {
    let name: HtmlInputElement = El::new("input")
        .attr("id", "tpl-name")
        .attr("type", "text")
        .attr("autocomplete", "off")
        .attr("maxlength", &MAX_NAME_CHARS.to_string())
        .build()
        .unchecked_into();
    let description: HtmlTextAreaElement = El::new("textarea")
        .class("short")
        .attr("id", "tpl-description")
        .attr("maxlength", &MAX_DESCRIPTION_CHARS.to_string())
        .build()
        .unchecked_into();
    let owner: HtmlInputElement = El::new("input")
        .attr("type", "radio")
        .attr("name", "tpl-workspace")
        .attr("id", "tpl-owner")
        .build()
        .unchecked_into();
    let set = template.map(|t| t.role_set.clone());
    if let Some(t) = template {
        name.set_value(&t.name);
        description.set_value(&t.description);
    }
    owner.set_checked(
        set.as_ref()
            .is_some_and(|s| s.workspace == WorkspaceRole::Owner),
    );
    let roles: Vec<RoleControls> = ROLES
        .iter()
        .map(|info| {
            let grant = set
                .as_ref()
                .and_then(|s| s.roles.iter().find(|g| g.role == info.name));
            role_controls(info, grant, &page.editor_owner)
        })
        .collect();
    let roles_box = El::new("fieldset")
        .child(El::new("legend").text("Roles (Workspace Member only)"))
        .children(roles.iter().map(role_line))
        .build();
    Editor {
        page: Rc::downgrade(page),
        id: template.map(|t| t.id.clone()),
        name,
        description,
        owner,
        roles_box,
        roles,
        problems: El::new("div").build(),
    }
}

fn workspace_fieldset(editor: &Rc<Editor>, owner: &impl Owner) -> Element {
    let member: HtmlInputElement = El::new("input")
        .attr("type", "radio")
        .attr("name", "tpl-workspace")
        .attr("id", "tpl-member")
        .build()
        .unchecked_into();
    member.set_checked(!editor.owner.checked());
    for radio in [editor.owner.clone(), member.clone()] {
        let e = editor.clone();
        El::from_element(radio.into())
            .on(owner, "change", move |_| sync_enabled(&e))
            .build();
    }
    El::new("fieldset")
        .child(El::new("legend").text("Workspace role"))
        .child(
            El::new("label")
                .child(editor.owner.clone())
                .text(" Workspace Owner (full access; takes no roles)"),
        )
        .child(El::new("br"))
        .child(
            El::new("label")
                .child(member)
                .text(" Workspace Member (only the roles below)"),
        )
        .build()
}

fn role_controls(
    info: &'static RoleInfo,
    grant: Option<&RoleGrant>,
    owner: &impl Owner,
) -> RoleControls {
    let checkbox: HtmlInputElement = El::new("input")
        .attr("type", "checkbox")
        .build()
        .unchecked_into();
    checkbox.set_checked(grant.is_some());
    if info.scope == ScopeKind::Unscoped {
        return RoleControls {
            info,
            checkbox,
            scope: None,
            detail: None,
        };
    }
    let noun = info.scope.noun();
    let mut options = vec![(ALL, format!("All {noun}, including future ones"))];
    if info.scope.takes_labels() {
        options.push((LABELS, format!("All {noun} with labels")));
    }
    options.push((SPECIFIC, format!("Specific {noun} by name")));
    let select: HtmlSelectElement = El::new("select")
        .attr("aria-label", &format!("{} scope", info.name))
        .children(
            options
                .iter()
                .map(|(v, text)| El::new("option").attr("value", v).text(text)),
        )
        .build()
        .unchecked_into();
    let detail: HtmlTextAreaElement = El::new("textarea")
        .class("short")
        .attr("rows", "2")
        .build()
        .unchecked_into();
    let (kind, text) = match grant.map(|g| &g.scope) {
        Some(Scope::All { labels }) if !labels.is_empty() => (
            LABELS,
            labels
                .iter()
                .map(Label::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(Scope::Specific { resources }) => (SPECIFIC, resources.join("\n")),
        _ => (ALL, String::new()),
    };
    select.set_value(kind);
    detail.set_value(&text);
    describe_detail(info, &select, &detail);
    let (s, d) = (select.clone(), detail.clone());
    El::from_element(select.clone().into())
        .on(owner, "change", move |_| describe_detail(info, &s, &d))
        .build();
    RoleControls {
        info,
        checkbox,
        scope: Some(select),
        detail: Some(detail),
    }
}

/// Names and shows the detail field for the chosen scope kind.
fn describe_detail(info: &RoleInfo, select: &HtmlSelectElement, detail: &HtmlTextAreaElement) {
    let noun = info.scope.noun();
    match select.value().as_str() {
        LABELS => {
            let _ = detail.set_attribute("aria-label", &format!("{} labels", info.name));
            let _ = detail.set_attribute("placeholder", "environment:prod, team:web");
            let _ = detail.remove_attribute("hidden");
        }
        SPECIFIC => {
            let _ = detail.set_attribute("aria-label", &format!("{} {noun}", info.name));
            let _ = detail.set_attribute("placeholder", "One name per line, as the page shows it");
            let _ = detail.remove_attribute("hidden");
        }
        _ => {
            let _ = detail.set_attribute("hidden", "");
        }
    }
}

fn role_line(c: &RoleControls) -> El {
    let mut line = El::new("div")
        .class("role-line")
        .child(El::new("label").child(c.checkbox.clone()).text(c.info.name));
    line = match (&c.scope, &c.detail) {
        (Some(s), Some(d)) => line.child(s.clone()).child(d.clone()),
        _ => line
            .child(El::new("span").class("muted").text("Whole workspace"))
            .child(El::new("span")),
    };
    line
}

/// Owner: roles do not apply, so their controls are disabled.
fn sync_enabled(e: &Editor) {
    let owner = e.owner.checked();
    if owner {
        let _ = e.roles_box.set_attribute("disabled", "");
    } else {
        let _ = e.roles_box.remove_attribute("disabled");
    }
}

/// The draft as typed, plus problems found while reading the fields
/// themselves (labels that do not parse).
fn read(e: &Editor) -> (TemplateDraft, Vec<String>) {
    let mut problems = Vec::new();
    let role_set = if e.owner.checked() {
        RoleSet::owner()
    } else {
        let mut grants = Vec::new();
        for c in e.roles.iter().filter(|c| c.checkbox.checked()) {
            let scope = match (&c.scope, &c.detail) {
                (Some(s), Some(d)) => match s.value().as_str() {
                    LABELS => match parse_label_list(&d.value()) {
                        Ok(labels) if labels.is_empty() => {
                            problems.push(format!(
                                "{}: type at least one label, or choose all {}",
                                c.info.name,
                                c.info.scope.noun()
                            ));
                            continue;
                        }
                        Ok(labels) => Scope::labelled(labels),
                        Err(err) => {
                            problems.push(format!("{} labels: {err}", c.info.name));
                            continue;
                        }
                    },
                    SPECIFIC => Scope::specific(
                        d.value()
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect::<Vec<_>>(),
                    ),
                    _ => Scope::all(),
                },
                _ => Scope::Unscoped,
            };
            grants.push(RoleGrant::new(c.info.name, scope));
        }
        RoleSet::member(grants)
    };
    (
        TemplateDraft {
            name: e.name.value(),
            description: e.description.value(),
            role_set: Some(role_set),
        },
        problems,
    )
}

fn show_problems(e: &Editor, lines: &[String]) {
    if lines.is_empty() {
        dom::clear(&e.problems);
        return;
    }
    dom::replace_children(
        &e.problems,
        [El::new("div")
            .class("notice bad")
            .attr("role", "alert")
            .child(El::new("strong").text("The template was not saved:"))
            .child(
                El::new("ul")
                    .class("problems")
                    .children(lines.iter().map(|l| El::new("li").text(l))),
            )
            .build()],
    );
}

fn submit(e: &Rc<Editor>) {
    let (draft, mut problems) = read(e);
    if let Err(found) = validate_draft(&draft) {
        problems.extend(found.iter().map(role_problem_line));
    }
    if !problems.is_empty() {
        show_problems(e, &problems);
        return;
    }
    show_problems(e, &[]);
    let e = e.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(page) = e.page.upgrade() else { return };
        let now = js_sys::Date::now() as u64;
        let result = match &e.id {
            Some(id) => template_store::update(|lib| lib.update(id, &draft).cloned()).await,
            None => template_store::update(|lib| lib.create(&draft, now).cloned()).await,
        };
        match result {
            Ok((t, home)) => {
                dom::clear(page.editor_slot());
                let verb = if e.id.is_some() { "Saved" } else { "Created" };
                page.say_done(&format!("{verb} \"{}\".", t.name), &home);
            }
            Err(TemplateStoreError::Library(err)) => show_problems(&e, &library_error_lines(&err)),
            Err(err) => show_problems(&e, &[err.to_string()]),
        }
    });
}

/// A validation problem in the editor's terms: role problems name the role
/// (the display text already does), so the JSON path is left out.
fn role_problem_line(p: &crate::core::template::TemplateProblem) -> String {
    use crate::core::template::TemplateProblem as P;
    match p {
        P::Roles(r) => r.to_string(),
        other => problem_line(other),
    }
}
