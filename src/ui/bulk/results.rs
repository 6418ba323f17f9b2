//! The end of a run: a summary, a table of every row with its outcome and
//! message, and "Download results" (the CSV from [`crate::core::results`],
//! handed to the browser as a Blob URL on an `<a download>`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, ShadowRoot, Url};

use crate::core::journal::{Journal, RowState, RunStatus};
use crate::core::results::{result_lines, results_csv};
use crate::ui::dom::El;

/// Why the download could not be offered.
#[derive(Debug, thiserror::Error)]
#[error("the results file could not be created: {0}")]
pub struct DownloadError(String);

fn js(e: JsValue) -> DownloadError {
    DownloadError(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

/// One sentence for the top of the results.
pub fn summary(journal: &Journal) -> String {
    let p = journal.progress();
    let not_ready = journal.rows().iter().filter(|r| r.group.is_none()).count();
    let how = match journal.status() {
        RunStatus::Cancelled => "Run cancelled",
        _ => "Run finished",
    };
    let mut s = format!("{how}: {} invited, {} failed", p.invited, p.failed);
    if p.skipped > 0 {
        s.push_str(&format!(", {} found on the page before sending", p.skipped));
    }
    if p.cancelled > 0 {
        s.push_str(&format!(", {} cancelled", p.cancelled));
    }
    if p.in_flight > 0 {
        s.push_str(&format!(", {} unknown", p.in_flight));
    }
    s.push_str(&format!(
        "; {not_ready} rows were not sendable (see the preview reasons)."
    ));
    s
}

/// CSS tone of an outcome (for the status cell).
fn tone(state: &RowState) -> &'static str {
    match state {
        RowState::Invited => "ok",
        RowState::Failed { .. } => "bad",
        RowState::InFlight { .. } | RowState::Queued | RowState::Cancelled => "warn",
        RowState::Skipped { .. } => "",
    }
}

/// Builds the results section; returns it and its "Download results"
/// button, which the caller wires.
pub fn build(journal: &Journal) -> (Element, Element) {
    let tbody = El::new("tbody").build();
    for r in result_lines(journal) {
        let tr = El::new("tr")
            .attr("data-outcome", r.outcome)
            .child(El::new("td").class("num").text(&r.line.to_string()))
            .child(El::new("td").class("email").text(r.email))
            .child(
                El::new("td").child(
                    El::new("span")
                        .class(&format!("outcome {}", tone(r.state)))
                        .text(r.outcome),
                ),
            )
            .child(El::new("td").text(&r.message))
            .child(El::new("td").text(&r.roles))
            .build();
        let _ = tbody.append_child(&tr);
    }
    let download = El::new("button")
        .attr("type", "button")
        .text("Download results")
        .build();
    let el = El::new("div")
        .class("bulk-results")
        .child(El::new("h3").text("Results"))
        .child(
            El::new("div")
                .class("row")
                .child(
                    El::new("p")
                        .class("grow")
                        .attr("role", "status")
                        .text(&summary(journal)),
                )
                .child(download.clone()),
        )
        .child(
            El::new("div").class("scroll").child(
                El::new("table")
                    .attr("aria-label", "Results of every row")
                    .child(
                        El::new("thead").child(
                            El::new("tr")
                                .child(El::new("th").attr("scope", "col").text("Row"))
                                .child(El::new("th").attr("scope", "col").text("Email"))
                                .child(El::new("th").attr("scope", "col").text("Outcome"))
                                .child(El::new("th").attr("scope", "col").text("Message"))
                                .child(El::new("th").attr("scope", "col").text("Roles")),
                        ),
                    )
                    .child(tbody),
            ),
        )
        .build();
    (el, download)
}

/// The results file name: `access-kit-results-<workspace>-<yyyy-mm-dd>.csv`.
pub fn file_name(workspace: &str, created_ms: u64) -> String {
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
    format!("access-kit-results-{safe}-{day}.csv")
}

/// Offers the results CSV as a download (UTF-8 with a BOM so spreadsheet
/// programs read accents right).
pub fn download(root: &ShadowRoot, journal: &Journal, name: &str) -> Result<(), DownloadError> {
    let csv = format!("\u{feff}{}", results_csv(journal));
    let parts = js_sys::Array::of1(&JsValue::from_str(&csv));
    let props = BlobPropertyBag::new();
    props.set_type("text/csv;charset=utf-8");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &props).map_err(js)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js)?;
    let a: HtmlAnchorElement = El::new("a")
        .attr("href", &url)
        .attr("download", name)
        .flag("hidden", true)
        .build()
        .unchecked_into();
    let _ = root.append_child(&a);
    a.click();
    a.remove();
    // Revoke later: the browser reads the Blob after the click returns.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
