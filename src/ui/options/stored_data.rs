//! "Clear all stored data": deletes everything Access Kit keeps in this
//! browser (both `chrome.storage` areas), after the person has read what
//! that is and typed the confirmation word.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use crate::browser::journal_store;
use crate::browser::storage::{self, Area, StorageError};
use crate::ui::dom::{self, El};
use crate::ui::mount::Owner;

/// The word to type.
const CONFIRM_WORD: &str = "DELETE";

/// Every key of both areas: (local, sync).
async fn all_keys() -> Result<(Vec<String>, Vec<String>), StorageError> {
    let keys = |o: js_sys::Object| -> Vec<String> {
        js_sys::Object::keys(&o)
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    };
    Ok((
        keys(storage::get_all(Area::Local).await?),
        keys(storage::get_all(Area::Sync).await?),
    ))
}

/// What will be deleted, in words.
fn describe(local: &[String], sync: &[String]) -> String {
    let runs: Vec<&str> = local
        .iter()
        .filter(|k| journal_store::is_run_key(k))
        .map(String::as_str)
        .collect();
    let others = local.len() - runs.len() + sync.len();
    let runs_text = if runs.is_empty() {
        "no saved runs".to_string()
    } else {
        format!(
            "{} saved run{} ({}): every email pasted for them, their roles, the page's messages and the activity",
            runs.len(),
            if runs.len() == 1 { "" } else { "s" },
            runs.join(", ")
        )
    };
    format!(
        "This deletes from this browser {runs_text}; and {others} other item{} Access Kit keeps: \
         your role templates (also from other browsers that sync with this one), the guard switch \
         and the locator-profile override. It cannot be undone. A run still going in an open tab \
         saves itself again at its next step: pause or finish it first. Type {CONFIRM_WORD} to confirm.",
        if others == 1 { "" } else { "s" }
    )
}

/// The section.
pub(super) fn section(owner: &impl Owner) -> Element {
    let open = El::new("button")
        .attr("type", "button")
        .text("Clear all stored data…")
        .build();
    let confirm_box = El::new("div")
        .attr("role", "group")
        .attr("aria-label", "Confirm clearing all stored data")
        .attr("hidden", "")
        .build();
    let what = El::new("p").class("notice bad").build();
    let word: HtmlInputElement = El::new("input")
        .attr("type", "text")
        .attr("aria-label", "Type DELETE to confirm")
        .attr("autocomplete", "off")
        .build()
        .unchecked_into();
    let delete: HtmlButtonElement = El::new("button")
        .class("danger")
        .attr("type", "button")
        .attr("disabled", "")
        .text("Delete all stored data")
        .build()
        .unchecked_into();
    let cancel = El::new("button")
        .attr("type", "button")
        .text("Cancel")
        .build();
    let status = El::new("p")
        .attr("role", "status")
        .attr("aria-label", "Stored data status")
        .build();
    dom::replace_children(
        &confirm_box,
        [
            what.clone(),
            word.clone().into(),
            delete.clone().into(),
            cancel.clone(),
        ],
    );
    let close = {
        let (confirm_box, word, delete) = (confirm_box.clone(), word.clone(), delete.clone());
        Rc::new(move || {
            let _ = confirm_box.set_attribute("hidden", "");
            word.set_value("");
            delete.set_disabled(true);
        })
    };
    {
        let (confirm_box, what, status, word) = (
            confirm_box.clone(),
            what.clone(),
            status.clone(),
            word.clone(),
        );
        El::from_element(open.clone())
            .on(owner, "click", move |_| {
                let (confirm_box, what, status, word) = (
                    confirm_box.clone(),
                    what.clone(),
                    status.clone(),
                    word.clone(),
                );
                wasm_bindgen_futures::spawn_local(async move {
                    match all_keys().await {
                        Ok((local, sync)) => {
                            dom::set_text(&status, "");
                            dom::set_text(&what, &describe(&local, &sync));
                            let _ = confirm_box.remove_attribute("hidden");
                            let _ = word.focus();
                        }
                        Err(e) => {
                            dom::set_text(&status, &format!("Stored data could not be read: {e}"))
                        }
                    }
                });
            })
            .build();
    }
    {
        let delete = delete.clone();
        El::from_element(word.clone().into())
            .on(owner, "input", move |e| {
                let typed = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .map(|i| i.value())
                    .unwrap_or_default();
                delete.set_disabled(typed.trim() != CONFIRM_WORD);
            })
            .build();
    }
    {
        let close = close.clone();
        El::from_element(cancel)
            .on(owner, "click", move |_| close())
            .build();
    }
    {
        let (word, status) = (word.clone(), status.clone());
        El::from_element(delete.clone().into()).on(owner, "click", move |_| {
            if word.value().trim() != CONFIRM_WORD {
                return;
            }
            let (close, status) = (close.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let done = async {
                    let (local, sync) = all_keys().await?;
                    storage::remove(Area::Local, &local).await?;
                    storage::remove(Area::Sync, &sync).await?;
                    Ok::<_, StorageError>(local.len() + sync.len())
                };
                match done.await {
                    Ok(n) => {
                        close();
                        dom::set_text(
                            &status,
                            &format!("Deleted {n} stored item{} from this browser. Access Kit keeps nothing now.", if n == 1 { "" } else { "s" }),
                        );
                    }
                    Err(e) => dom::set_text(&status, &format!("Not everything was deleted: {e}")),
                }
            });
        })
        .build();
    }
    El::new("section")
        .attr("aria-labelledby", "data-heading")
        .child(El::new("h2").attr("id", "data-heading").text("Stored data"))
        .child(El::new("p").class("muted").text(
            "Access Kit keeps its data in this browser only: each workspace's latest run (deleted when you download its results, or 7 days after it finished), your role templates and your settings.",
        ))
        .child(open)
        .child(confirm_box)
        .child(status)
        .build()
}
