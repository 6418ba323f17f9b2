//! The end of a run: a summary, a table of every row with its outcome and
//! message, and "Download results" (the CSV from
//! [`crate::core::run::results`], handed to the browser as a Blob URL on an
//! `<a download>`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, Node};

use crate::core::run::results::{result_lines, results_csv};
use crate::core::run::{Journal, Operation, RowState};
use crate::ui::dom::{El, ObjectUrl};

/// Why the download could not be offered.
#[derive(Debug, thiserror::Error)]
#[error("the file could not be created: {0}")]
pub struct DownloadError(String);

fn js(e: JsValue) -> DownloadError {
    DownloadError(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

/// CSS tone of an outcome (for the status cell).
fn tone(state: &RowState) -> &'static str {
    match state {
        RowState::Done => "ok",
        RowState::Failed { .. } => "bad",
        RowState::InFlight { .. } | RowState::Queued | RowState::Cancelled => "warn",
        RowState::Already { .. } | RowState::Skipped { .. } => "",
    }
}

/// A column title from a CSV header ("roles" → "Roles").
fn title(header: &str) -> String {
    let mut c = header.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Builds the results section; returns it and its "Download results"
/// button, which the caller wires.
pub fn build<O: Operation>(journal: &Journal<O>, summary: &str) -> (Element, Element) {
    let tbody = El::new("tbody").build();
    for r in result_lines(journal) {
        let tr = El::new("tr")
            .attr("data-outcome", &r.outcome)
            .child(El::new("td").class("num").text(&r.line.to_string()))
            .child(El::new("td").class("email").text(r.email))
            .child(
                El::new("td").child(
                    El::new("span")
                        .class(&format!("outcome {}", tone(r.state)))
                        .text(&r.outcome),
                ),
            )
            .child(El::new("td").text(&r.message))
            .children(r.group_cells.iter().map(|c| El::new("td").text(c)))
            .build();
        let _ = tbody.append_child(&tr);
    }
    let download = El::new("button")
        .attr("type", "button")
        .text("Download results")
        .build();
    let headers = ["Row", "Email", "Outcome", "Message"]
        .into_iter()
        .map(String::from)
        .chain(O::GROUP_COLUMNS.iter().map(|h| title(h)));
    let el =
        El::new("div")
            .class("bulk-results")
            .child(El::new("h3").text("Results"))
            .child(
                El::new("div")
                    .class("row")
                    .child(
                        El::new("p")
                            .class("grow")
                            .attr("role", "status")
                            .text(summary),
                    )
                    .child(download.clone()),
            )
            .child(
                El::new("div").class("scroll").child(
                    El::new("table")
                        .attr("aria-label", "Results of every row")
                        .child(El::new("thead").child(El::new("tr").children(
                            headers.map(|h| El::new("th").attr("scope", "col").text(&h)),
                        )))
                        .child(tbody),
                ),
            )
            .build();
    (el, download)
}

/// The results file name: `<prefix>-<workspace>-<yyyy-mm-dd>.csv`.
pub fn file_name(prefix: &str, workspace: &str, created_ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(created_ms as f64));
    let iso = String::from(date.to_iso_string());
    let day = iso.get(..10).unwrap_or("run");
    let safe: String = workspace
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}-{day}.csv")
}

/// Offers the results CSV as a download (UTF-8 with a BOM so spreadsheet
/// programs read accents right). Keep the returned URL until the next one.
pub fn download<O: Operation>(
    parent: &Node,
    journal: &Journal<O>,
    name: &str,
) -> Result<ObjectUrl, DownloadError> {
    let csv = format!("\u{feff}{}", results_csv(journal));
    offer_file(parent, &csv, "text/csv;charset=utf-8", name)
}

/// Offers `text` as a file download named `name`, of type `mime`. Keep the
/// returned URL until the next one.
pub fn offer_file(
    parent: &Node,
    text: &str,
    mime: &str,
    name: &str,
) -> Result<ObjectUrl, DownloadError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let props = BlobPropertyBag::new();
    props.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &props).map_err(js)?;
    let url = ObjectUrl::for_blob(&blob).map_err(js)?;
    let a: HtmlAnchorElement = El::new("a")
        .attr("href", url.as_str())
        .attr("download", name)
        .flag("hidden", true)
        .build()
        .unchecked_into();
    let _ = parent.append_child(&a);
    a.click();
    a.remove();
    Ok(url)
}
