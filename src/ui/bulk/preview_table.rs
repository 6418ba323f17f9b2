//! The preview: counts per class at the top (buttons that filter the
//! table), then one table row per input row. Built once per preview, with
//! text nodes only; filtering is a single attribute on the table that the
//! stylesheet acts on, so 5,000 rows cost no per-row listeners or work.

use web_sys::Element;

use super::words::kind_slug;
use crate::core::preview::{Preview, StatusKind};
use crate::ui::dom::El;
use crate::ui::mount::Owner;

/// Builds the preview section for `preview`.
pub fn build(preview: &Preview, owner: &impl Owner) -> Element {
    let counts = El::new("div").class("counts").attr("role", "group").attr(
        "aria-label",
        "Rows per status (press one to show only those rows)",
    );
    let mut counts = counts.child(
        El::new("button")
            .class("chip")
            .attr("type", "button")
            .attr("data-filter", "")
            .attr("aria-pressed", "true")
            .text(&format!("All {}", preview.rows.len())),
    );
    for (kind, n) in preview.counts() {
        if n == 0 && kind != StatusKind::Ready {
            continue;
        }
        let tone = if kind == StatusKind::Ready {
            "ok"
        } else {
            "bad"
        };
        counts = counts.child(
            El::new("button")
                .class(&format!("chip {tone}"))
                .attr("type", "button")
                .attr("data-filter", kind_slug(kind))
                .attr("aria-pressed", "false")
                .attr("data-count", &n.to_string())
                .text(&format!("{} {n}", kind.label())),
        );
    }
    let counts = counts.build();

    let tbody = El::new("tbody").build();
    for row in &preview.rows {
        let kind = row.status.kind();
        let detail = match row.role_set() {
            Some(set) => set.to_string(),
            None => row.message().unwrap_or_default(),
        };
        let email = row
            .email
            .as_ref()
            .map_or(row.raw_email.as_str(), |e| e.as_str());
        let tr = El::new("tr")
            .attr("data-kind", kind_slug(kind))
            .child(El::new("td").class("num").text(&row.line.to_string()))
            .child(El::new("td").class("email").text(email))
            .child(El::new("td").text(kind.label()))
            .child(El::new("td").text(&detail))
            .build();
        let _ = tbody.append_child(&tr);
    }
    let table = El::new("table")
        .class("preview-table")
        .attr("aria-label", "Preview of every row")
        .child(
            El::new("thead").child(
                El::new("tr")
                    .child(El::new("th").attr("scope", "col").text("Row"))
                    .child(El::new("th").attr("scope", "col").text("Email"))
                    .child(El::new("th").attr("scope", "col").text("Status"))
                    .child(El::new("th").attr("scope", "col").text("Roles or problem")),
            ),
        )
        .child(tbody)
        .build();

    // One delegated listener: a count button sets the table's filter.
    let filter_table = table.clone();
    let counts = El::from_element(counts)
        .on(owner, "click", move |e| {
            let Some(button) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
                .and_then(|t| t.closest("button[data-filter]").ok().flatten())
            else {
                return;
            };
            let filter = button.get_attribute("data-filter").unwrap_or_default();
            if filter.is_empty() {
                let _ = filter_table.remove_attribute("data-filter");
            } else {
                let _ = filter_table.set_attribute("data-filter", &filter);
            }
            if let Some(group) = button.parent_element() {
                let children = group.children();
                for i in 0..children.length() {
                    if let Some(c) = children.item(i) {
                        let on = c == button;
                        let _ = c.set_attribute("aria-pressed", if on { "true" } else { "false" });
                    }
                }
            }
        })
        .build();

    El::new("div")
        .class("bulk-preview")
        .child(El::new("h3").text("Preview"))
        .child(counts)
        .child(El::new("div").class("scroll").child(table))
        .build()
}
