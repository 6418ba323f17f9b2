//! Import and export of templates as a JSON file (format and validation in
//! [`crate::core::template_io`]). An import is checked completely before
//! anything changes; every problem is listed with its JSON path.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlInputElement, HtmlSelectElement,
};

use super::Page;
use crate::browser::template_store::{self, TemplateStoreError};
use crate::core::template_io::{
    export_json, import_into, ConflictPolicy, ImportError, MAX_IMPORT_BYTES,
};
use crate::ui::dom::{El, ObjectUrl};

/// The file name offered on export.
const EXPORT_NAME: &str = "segment-access-kit-templates.json";

/// The toolbar: `first` (New template), "Export all", then the import file
/// picker and its name-clash choice.
pub(super) fn controls(first: Element, page: &Rc<Page>) -> Element {
    let export = El::new("button")
        .attr("type", "button")
        .text("Export all")
        .build();
    let p = Rc::downgrade(page);
    let export = El::from_element(export)
        .on(&page.owner, "click", move |_| {
            if let Some(p) = p.upgrade() {
                export_all(&p);
            }
        })
        .build();
    let policy: HtmlSelectElement = El::new("select")
        .attr("id", "tpl-import-policy")
        .child(
            El::new("option")
                .attr("value", "refuse")
                .text("stop and report it"),
        )
        .child(
            El::new("option")
                .attr("value", "replace")
                .text("replace the existing template"),
        )
        .build()
        .unchecked_into();
    let file: HtmlInputElement = El::new("input")
        .attr("id", "tpl-import")
        .attr("type", "file")
        .attr("accept", ".json,application/json")
        .build()
        .unchecked_into();
    let (p, f, pol) = (Rc::downgrade(page), file.clone(), policy.clone());
    El::from_element(file.clone().into())
        .on(&page.owner, "change", move |_| {
            let Some(p) = p.upgrade() else { return };
            let Some(chosen) = f.files().and_then(|l| l.get(0)) else {
                return;
            };
            // Picking the same file again must fire "change" again.
            f.set_value("");
            let policy = match pol.value().as_str() {
                "replace" => ConflictPolicy::Replace,
                _ => ConflictPolicy::Refuse,
            };
            wasm_bindgen_futures::spawn_local(import_file(p, chosen, policy));
        })
        .build();
    El::new("div")
        .child(El::new("div").class("row").child(first).child(export))
        .child(
            El::new("div")
                .class("row")
                .child(
                    El::new("label")
                        .attr("for", "tpl-import")
                        .text("Import from a file:"),
                )
                .child(file)
                .child(
                    El::new("label")
                        .attr("for", "tpl-import-policy")
                        .text("When a name already exists:"),
                )
                .child(policy),
        )
        .build()
}

fn export_all(page: &Rc<Page>) {
    let library = page.library();
    let json = export_json(library.templates());
    let download = || -> Result<(), JsValue> {
        let opts = BlobPropertyBag::new();
        opts.set_type("application/json");
        let blob = Blob::new_with_str_sequence_and_options(
            &js_sys::Array::of1(&JsValue::from_str(&json)),
            &opts,
        )?;
        let url = ObjectUrl::for_blob(&blob)?;
        let a: HtmlAnchorElement = El::new("a")
            .attr("href", url.as_str())
            .attr("download", EXPORT_NAME)
            .build()
            .unchecked_into();
        a.click();
        // The browser reads the blob after the click returns: the URL is
        // kept until the next export.
        *page.export_url.borrow_mut() = Some(url);
        Ok(())
    };
    match download() {
        Ok(()) => page.say_done(
            &format!("Exported {} template(s) to {EXPORT_NAME}.", library.len()),
            &page.home(),
        ),
        Err(e) => page.say_bad("The export failed", &[format!("{e:?}")]),
    }
}

async fn import_file(page: Rc<Page>, file: web_sys::File, policy: ConflictPolicy) {
    let name = file.name();
    // Refuse before reading a huge file into memory.
    let size = file.size() as usize;
    if size > MAX_IMPORT_BYTES {
        let e = ImportError::TooLarge {
            bytes: size,
            limit: MAX_IMPORT_BYTES,
        };
        page.say_bad(
            &format!("Nothing was imported from {name}"),
            &[e.to_string()],
        );
        return;
    }
    let text = match JsFuture::from(file.text()).await {
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(e) => {
            page.say_bad(&format!("{name} could not be read"), &[format!("{e:?}")]);
            return;
        }
    };
    let now = js_sys::Date::now() as u64;
    match template_store::update(|lib| import_into(lib, &text, policy, now)).await {
        Ok((summary, home)) => page.say_done(
            &format!(
                "Imported {name}: {} added, {} replaced.",
                summary.added, summary.replaced
            ),
            &home,
        ),
        Err(TemplateStoreError::Import(ImportError::Invalid(problems))) => page.say_bad(
            &format!(
                "Nothing was imported from {name}: {} problem(s) found",
                problems.len()
            ),
            &problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
        Err(e) => page.say_bad(
            &format!("Nothing was imported from {name}"),
            &[e.to_string()],
        ),
    }
}
