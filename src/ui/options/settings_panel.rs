//! The options page's settings: the last-owner guard switch and the
//! locator-profile override editor (validated against the built-in profile
//! before it is saved).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use crate::browser::settings::{GUARD_ENABLED, PROFILE_OVERRIDE};
use crate::browser::storage::{self, Area};
use crate::driver::Profile;
use crate::ui::dom::{self, El};
use crate::ui::mount::Owner;

/// A switch (`role=switch` checkbox) that warns while it is off, with a
/// status line for what saving it said. Shown as on until [`Switch::show`]
/// says otherwise (every switch here defaults to on).
pub(super) struct Switch {
    pub input: HtmlInputElement,
    pub warning: Element,
    pub status: Element,
    warn: Rc<str>,
}

fn show_switch(input: &HtmlInputElement, warning: &Element, warn: &str, on: bool) {
    input.set_checked(on);
    let _ = input.set_attribute("aria-checked", if on { "true" } else { "false" });
    if on {
        dom::clear(warning);
    } else {
        dom::replace_children(
            warning,
            [El::new("p")
                .class("notice bad")
                .attr("role", "alert")
                .text(warn)
                .build()],
        );
    }
}

impl Switch {
    /// `save(on, status)` runs on every change.
    pub fn new(
        owner: &impl Owner,
        id: &str,
        warn: &str,
        save: impl Fn(bool, Element) + 'static,
    ) -> Switch {
        let input: HtmlInputElement = El::new("input")
            .attr("type", "checkbox")
            .attr("role", "switch")
            .attr("id", id)
            .build()
            .unchecked_into();
        input.set_checked(true);
        let sw = Switch {
            input,
            warning: El::new("div").build(),
            status: El::new("p").class("muted").attr("role", "status").build(),
            warn: warn.into(),
        };
        let (inp, warning, status, warn) = (
            sw.input.clone(),
            sw.warning.clone(),
            sw.status.clone(),
            sw.warn.clone(),
        );
        El::from_element(sw.input.clone().into())
            .on(owner, "change", move |_| {
                let on = inp.checked();
                show_switch(&inp, &warning, &warn, on);
                save(on, status.clone());
            })
            .build();
        sw
    }

    /// Shows the stored state, once read.
    pub fn show_when(&self, on: impl std::future::Future<Output = bool> + 'static) {
        let (inp, warning, warn) = (self.input.clone(), self.warning.clone(), self.warn.clone());
        wasm_bindgen_futures::spawn_local(async move {
            show_switch(&inp, &warning, &warn, on.await);
        });
    }
}

/// "Last-owner guard" on/off. On by default; off shows a warning.
pub(super) fn guard_section(owner: &impl Owner) -> Element {
    let sw = Switch::new(
        owner,
        "guard-switch",
        "The last-owner guard is off. Nothing stops you or anyone using this browser from removing or demoting the last Workspace Owner on Segment's page, which can leave the workspace without an owner. Turn it back on unless you are sure.",
        |on, st| {
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
        },
    );
    sw.show_when(crate::browser::settings::guard_enabled());
    let Switch {
        input: switch,
        warning,
        status,
        ..
    } = sw;
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
    // The shipped file itself, as the extension's own page reads it: no
    // JSON writer for the profile's types in this build.
    let builtin = El::new("pre")
        .attr("aria-label", "Built-in profile")
        .build();
    {
        let pre = builtin.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match shipped_profile().await {
                Ok(text) => text,
                Err(why) => format!("The built-in profile could not be read: {why}"),
            };
            pre.set_text_content(Some(&text));
        });
    }
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
            let checked = Profile::builtin().and_then(|p| p.with_override_checked(&json));
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
                .child(builtin),
        )
        .build()
}

/// `extension/profile.json` as shipped (the table `Profile::builtin` is
/// compiled from it).
async fn shipped_profile() -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let why = |e: wasm_bindgen::JsValue| {
        e.dyn_ref::<js_sys::Error>().map_or_else(
            || "the browser refused".to_string(),
            |e| String::from(e.message()),
        )
    };
    let response: web_sys::Response =
        JsFuture::from(gloo::utils::window().fetch_with_str("profile.json"))
            .await
            .map_err(why)?
            .unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(why)?)
        .await
        .map_err(why)?;
    Ok(text.as_string().unwrap_or_default())
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
