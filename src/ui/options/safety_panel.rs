//! The options page's safety prompts: one switch per prompt (each warns
//! when off, as the guard's does), and each workspace's domains — learned
//! from its members when its page was open, editable here (the person's
//! list replaces the learned one until they go back to it).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::browser::settings::{self, DomainSetting};
use crate::core::safety::domains::parse_domain_list;
use crate::core::safety::Prompt;
use crate::ui::dom::{self, El};
use crate::ui::mount::Owner;
use crate::ui::options::Page;

use super::settings_panel::Switch;

/// What each prompt stops, and what turning it off means.
fn about(p: Prompt) -> (&'static str, &'static str) {
    match p {
        Prompt::Typos => (
            "Flags an address whose domain is one or two typing slips away from a workspace domain or a common mail provider (kicksco.co, gmial.com) and offers the corrected address.",
            "Mistyped domains are no longer flagged: an invitation to a typo like gmial.com goes to whoever owns that domain.",
        ),
        Prompt::OutsideDomains => (
            "Asks before inviting an address outside the workspace's own domains (below).",
            "Invitations to personal or partner addresses are no longer flagged.",
        ),
        Prompt::NewOwners => (
            "Asks before anyone is made Workspace Owner: an owner invite, a promotion in the editor, an owner row in a bulk list.",
            "Anyone can be made Workspace Owner in passing, with every power over the workspace.",
        ),
        Prompt::SelfDemotion => (
            "Asks before you demote or remove yourself while other owners remain: you would lose Access Management at once.",
            "You can demote or remove yourself without a question, and cannot undo it.",
        ),
    }
}

fn switch_line(owner: &impl Owner, p: Prompt) -> Element {
    let id = format!("safety-{}", p.slug());
    let (what, off) = about(p);
    let sw = Switch::new(
        owner,
        &id,
        &format!(
            "{} is off. {off} Turn it back on unless you are sure.",
            p.setting_name()
        ),
        move |on, st| {
            wasm_bindgen_futures::spawn_local(async move {
                match settings::set_prompt(p, on).await {
                    Ok(()) => dom::set_text(
                        &st,
                        &format!(
                            "{} {}. Saved; open Segment tabs use it after a reload.",
                            p.setting_name(),
                            if on { "on" } else { "off" }
                        ),
                    ),
                    Err(e) => dom::set_text(&st, &format!("Not saved: {e}")),
                }
            });
        },
    );
    sw.show_when(async move { settings::safety_switches().await.is_on(p) });
    let Switch {
        input: switch,
        warning,
        status,
        ..
    } = sw;
    El::new("div")
        .class("prompt-switch")
        .child(
            El::new("label")
                .class("switch-line")
                .attr("for", &id)
                .child(switch)
                .text(p.setting_name()),
        )
        .child(El::new("p").class("muted").text(what))
        .child(warning)
        .child(status)
        .build()
}

/// One workspace's domains: the learned list, the person's list (editable).
fn workspace_domains(owner: &impl Owner, d: &DomainSetting) -> Element {
    let id = format!("domains-{}", d.workspace);
    let input: HtmlInputElement = El::new("input")
        .attr("type", "text")
        .attr("id", &id)
        .attr("spellcheck", "false")
        .build()
        .unchecked_into();
    input.set_value(&d.own.as_ref().unwrap_or(&d.learned).join(", "));
    let status = El::new("p").attr("role", "status").build();
    let learned = if d.learned.is_empty() {
        "Nothing learned yet: open the workspace's Access Management page.".to_string()
    } else {
        format!("Learned from its members: {}.", d.learned.join(", "))
    };
    let save = El::new("button")
        .class("primary")
        .attr("type", "button")
        .text("Save domains")
        .build();
    let reset = El::new("button")
        .attr("type", "button")
        .text("Use the learned domains")
        .build();
    let ws = d.workspace.clone();
    let (inp, st) = (input.clone(), status.clone());
    El::from_element(save.clone())
        .on(owner, "click", move |_| {
            let list = match parse_domain_list(&inp.value()) {
                Ok(l) => l,
                Err(e) => return dom::set_text(&st, &format!("Not saved: {e}")),
            };
            let (ws, st) = (ws.clone(), st.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match settings::set_workspace_domains(&ws, Some(&list)).await {
                    Ok(()) => dom::set_text(&st, &format!("Saved: {}.", list.join(", "))),
                    Err(e) => dom::set_text(&st, &format!("Not saved: {e}")),
                }
            });
        })
        .build();
    let ws = d.workspace.clone();
    let learned_list = d.learned.clone();
    let (inp, st) = (input.clone(), status.clone());
    El::from_element(reset.clone())
        .on(owner, "click", move |_| {
            inp.set_value(&learned_list.join(", "));
            let (ws, st) = (ws.clone(), st.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match settings::set_workspace_domains(&ws, None).await {
                    Ok(()) => dom::set_text(&st, "The learned domains are used."),
                    Err(e) => dom::set_text(&st, &format!("Not saved: {e}")),
                }
            });
        })
        .build();
    El::new("fieldset")
        .child(El::new("legend").text(&d.workspace))
        .child(El::new("p").class("muted").text(&learned))
        .child(
            El::new("label")
                .class("field")
                .attr("for", &id)
                .text(&format!("Domains of {}", d.workspace)),
        )
        .child(input)
        .child(El::new("div").class("actions").child(reset).child(save))
        .child(status)
        .build()
}

/// The section: the switches, then each workspace's domains.
pub(crate) fn safety_section(page: &Rc<Page>) -> Element {
    let owner = &page.owner;
    let domains = El::new("div").build();
    {
        let (slot, page) = (domains.clone(), page.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match settings::all_domain_settings().await {
                Ok(list) if list.is_empty() => dom::replace_children(
                    &slot,
                    [El::new("p").class("muted").text(
                        "No workspace yet: its domains are learned when its Access Management page is open.",
                    )
                    .build()],
                ),
                Ok(list) => dom::replace_children(
                    &slot,
                    list.iter().map(|d| workspace_domains(&page.owner, d)),
                ),
                Err(e) => dom::set_text(&slot, &format!("The domains could not be read: {e}")),
            }
        });
    }
    El::new("section")
        .attr("aria-labelledby", "safety-heading")
        .child(El::new("h2").attr("id", "safety-heading").text("Safety prompts"))
        .child(El::new("p").class("muted").text(
            "Asked in the bulk preview and in Segment's own forms before the page acts. Each prompt names the switch that controls it.",
        ))
        .children(Prompt::ALL.iter().map(|p| switch_line(owner, *p)))
        .child(El::new("h3").text("Workspace domains"))
        .child(El::new("p").class("muted").text(
            "A domain is learned when at least 10% of the members (and two or more of them) use it; a mail provider such as gmail.com only when half of them do. Your own list replaces the learned one.",
        ))
        .child(domains)
        .build()
}
