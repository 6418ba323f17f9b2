//! The options page's settings: the last-owner guard switch and the
//! locator-profile override editor (validated against the built-in profile
//! before it is saved).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use crate::browser::settings::{GUARD_ENABLED, PROFILE_OVERRIDE};
use crate::browser::storage::{self, Area};
use crate::driver::Profile;
use crate::ui::dom::{self, El};
use crate::ui::mount::Owner;

/// "Last-owner guard" on/off. On by default; off shows a warning.
pub(super) fn guard_section(owner: &impl Owner) -> Element {
    let switch: HtmlInputElement = El::new("input")
        .attr("type", "checkbox")
        .attr("role", "switch")
        .attr("id", "guard-switch")
        .build()
        .unchecked_into();
    // Shown as on until storage says otherwise (the default is on).
    switch.set_checked(true);
    let warning = El::new("div").build();
    let status = El::new("p").class("muted").attr("role", "status").build();
    let show = {
        let warning = warning.clone();
        move |on: bool| {
            if on {
                dom::clear(&warning);
            } else {
                dom::replace_children(
                    &warning,
                    [El::new("p")
                        .class("notice bad")
                        .attr("role", "alert")
                        .text("The last-owner guard is off. Nothing stops you or anyone using this browser from removing or demoting the last Workspace Owner on Segment's page, which can leave the workspace without an owner. Turn it back on unless you are sure.")
                        .build()],
                );
            }
        }
    };
    {
        let (switch, show) = (switch.clone(), show.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let on = crate::browser::settings::guard_enabled().await;
            switch.set_checked(on);
            let _ = switch.set_attribute("aria-checked", if on { "true" } else { "false" });
            show(on);
        });
    }
    let (sw, st) = (switch.clone(), status.clone());
    El::from_element(switch.clone().into())
        .on(owner, "change", move |_| {
            let on = sw.checked();
            let _ = sw.set_attribute("aria-checked", if on { "true" } else { "false" });
            show(on);
            let st = st.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match storage::set(Area::Local, GUARD_ENABLED, &on).await {
                    Ok(()) => dom::set_text(
                        &st,
                        if on {
                            "Guard on. Saved."
                        } else {
                            "Guard off. Saved."
                        },
                    ),
                    Err(e) => dom::set_text(&st, &format!("Not saved: {e}")),
                }
            });
        })
        .build();
    El::new("section")
        .attr("aria-labelledby", "guard-heading")
        .child(El::new("h2").attr("id", "guard-heading").text("Last-owner guard"))
        .child(El::new("p").class("muted").text(
            "Stops the removal or demotion of the last Workspace Owner on Segment's page, by any path, before the page acts.",
        ))
        .child(
            El::new("label")
                .class("switch-line")
                .attr("for", "guard-switch")
                .child(switch)
                .text("Last-owner guard"),
        )
        .child(warning)
        .child(status)
        .build()
}

/// The locator-profile override: JSON merged over the built-in profile.
pub(super) fn profile_section(owner: &impl Owner) -> Element {
    let editor: HtmlTextAreaElement = El::new("textarea")
        .attr("id", "profile-override")
        .attr("spellcheck", "false")
        .attr("rows", "12")
        .attr("placeholder", "{\"controls\": {\"invite_submit\": {\"any\": [{\"within\": \"invite_form\", \"role\": \"button\", \"name\": [\"Invite\"]}]}}}")
        .build()
        .unchecked_into();
    let status = El::new("div")
        .attr("role", "status")
        .attr("aria-label", "Profile status")
        .build();
    let save = El::new("button")
        .class("primary")
        .attr("type", "button")
        .text("Validate and save")
        .build();
    let reset = El::new("button")
        .attr("type", "button")
        .text("Reset to built-in")
        .build();
    let builtin = match Profile::builtin() {
        Ok(p) => p.to_json(),
        Err(e) => format!("The built-in profile is invalid: {e}"),
    };
    {
        let editor = editor.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(Some(json)) = storage::get::<String>(Area::Local, PROFILE_OVERRIDE).await {
                editor.set_value(&json);
            }
        });
    }
    let (ed, st) = (editor.clone(), status.clone());
    El::from_element(save.clone())
        .on(owner, "click", move |_| {
            let json = ed.value();
            let st = st.clone();
            // Nothing is stored unless the merged profile is valid.
            let checked = Profile::builtin().and_then(|p| p.with_override(&json));
            if let Err(e) = checked {
                say(
                    &st,
                    true,
                    "Not saved: the override is invalid.",
                    &e.to_string(),
                );
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let result = if json.trim().is_empty() {
                    storage::remove(Area::Local, &[PROFILE_OVERRIDE.to_string()]).await
                } else {
                    storage::set(Area::Local, PROFILE_OVERRIDE, &json).await
                };
                match result {
                    Ok(()) => say(&st, false, "Saved.", "Reload open Segment tabs to use it."),
                    Err(e) => say(&st, true, "Not saved.", &e.to_string()),
                }
            });
        })
        .build();
    let (ed, st) = (editor.clone(), status.clone());
    El::from_element(reset.clone())
        .on(owner, "click", move |_| {
            ed.set_value("");
            let st = st.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match storage::remove(Area::Local, &[PROFILE_OVERRIDE.to_string()]).await {
                    Ok(()) => say(
                        &st,
                        false,
                        "Reset: the built-in profile is used.",
                        "Reload open Segment tabs to use it.",
                    ),
                    Err(e) => say(&st, true, "Not reset.", &e.to_string()),
                }
            });
        })
        .build();
    El::new("section")
        .attr("aria-labelledby", "profile-heading")
        .child(El::new("h2").attr("id", "profile-heading").text("Locator profile override"))
        .child(El::new("p").class("muted").text(
            "How Access Kit finds the page's controls: roles and visible-text alternatives per control. If Segment renames a button, add the new text here; only the controls you list are replaced. \"Check this page\" in the panel shows what the current page matches.",
        ))
        .child(El::new("label").class("field").attr("for", "profile-override").text("Override (JSON)"))
        .child(editor)
        .child(El::new("div").class("actions").child(reset).child(save))
        .child(status)
        .child(
            El::new("details")
                .child(El::new("summary").text("Built-in profile (for reference)"))
                .child(El::new("pre").attr("aria-label", "Built-in profile").text(&builtin)),
        )
        .build()
}

fn say(status: &Element, bad: bool, title: &str, detail: &str) {
    dom::replace_children(
        status,
        [El::new("p")
            .class(if bad { "notice bad" } else { "notice" })
            .attr("role", if bad { "alert" } else { "none" })
            .child(El::new("strong").text(title))
            .text(" ")
            .text(detail)
            .build()],
    );
}
