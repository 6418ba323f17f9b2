//! "Export roster": reads the roster through the driver
//! ([`crate::driver::Driver::read_roster`]) holding the page, shows
//! progress with Cancel, then the summary (complete or partial and why,
//! who was left out, whose roles the CSV cannot carry exactly) and the
//! downloads. The files are made from the read
//! kept in [`RosterTab::last`] when a download is pressed.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use super::reading::Reading;
use super::{words, RosterTab};
use crate::core::roster::format::{file_name, to_csv, to_json, FileKind};
use crate::driver::roster::{RosterProgress, RosterRead};
use crate::ui::check::{action_button, take_page};
use crate::ui::dom::{self, El, ObjectUrl};
use crate::ui::run::results::offer_file;

/// The section's elements.
struct Parts {
    reading: Rc<Reading>,
    status: Element,
    result: Element,
    /// The last download's URL, kept until the next one.
    url: RefCell<Option<ObjectUrl>>,
}

/// Builds the export section.
pub fn build(tab: &Rc<RosterTab>) -> Element {
    let ctx = &tab.ctx;
    let parts = Rc::new(Parts {
        reading: Reading::build(ctx, "ak-roster-export-cancel"),
        status: El::new("p")
            .attr("role", "status")
            .attr("data-roster-status", "")
            .build(),
        result: El::new("div").attr("data-roster-result", "").build(),
        url: RefCell::new(None),
    });
    let export = {
        let tab = tab.clone();
        let parts = parts.clone();
        action_button(ctx, words::EXPORT, move || {
            let tab = tab.clone();
            let parts = parts.clone();
            Box::pin(async move { run(&tab, &parts).await })
        })
    };
    El::new("section")
        .attr("data-roster-export", "")
        .child(El::new("p").class("muted").text(words::INTRO))
        .child(
            El::new("div")
                .class("row")
                .child(export)
                .child(parts.reading.cancel.clone()),
        )
        .child(parts.reading.progress.clone())
        .child(parts.status.clone())
        .child(parts.result.clone())
        .build()
}

async fn run(tab: &Rc<RosterTab>, parts: &Rc<Parts>) {
    let ctx = &tab.ctx;
    dom::clear(&parts.result);
    let Some(_lease) = take_page(ctx, words::LEASE, &parts.status).await else {
        return;
    };
    dom::set_text(&parts.status, words::READING_TABLE);
    let shown = |p: RosterProgress| {
        dom::set_text(&parts.status, &words::progress(&p));
        let _ = parts
            .status
            .set_attribute("data-editors", &p.editors.to_string());
    };
    match parts.reading.read(ctx, &shown).await {
        Ok(Some(read)) => {
            let read = Rc::new(read);
            *tab.last.borrow_mut() = Some(read.clone());
            dom::set_text(&parts.status, "");
            show(tab, parts, &read);
        }
        Ok(None) => dom::set_text(&parts.status, words::CANCELLED),
        Err(e) => {
            dom::set_text(&parts.status, "");
            dom::replace_children(
                &parts.result,
                [El::new("p")
                    .class("notice bad")
                    .attr("role", "alert")
                    .text(&words::failed(&e))],
            );
        }
    }
}

/// The summary and the downloads of a finished read.
fn show(tab: &Rc<RosterTab>, parts: &Rc<Parts>, read: &RosterRead) {
    let r = &read.roster;
    let complete = r.completeness.is_complete();
    let summary = El::new("p")
        .attr("data-people", &r.people.len().to_string())
        .attr("data-editor-reads", &read.editor_reads.to_string())
        .attr("data-complete", if complete { "true" } else { "false" })
        .text(&words::summary(r, read.editor_reads));
    let verdict = El::new("p")
        .class(if complete { "notice ok" } else { "notice bad" })
        .attr("role", if complete { "status" } else { "alert" })
        .text(&words::completeness(&r.completeness));
    let unread = El::new("ul").children(
        read.unread
            .iter()
            .map(|u| El::new("li").text(&words::unread(&u.email, &u.why))),
    );
    // People the CSV cannot carry exactly: named, their rows refused on
    // import rather than read as other roles.
    let unwritable = to_csv(r).unwritable;
    let unwritable = (!unwritable.is_empty()).then(|| {
        El::new("div")
            .attr("data-unwritable", &unwritable.len().to_string())
            .child(
                El::new("p")
                    .class("notice bad")
                    .attr("role", "alert")
                    .text(&words::unwritable(unwritable.len())),
            )
            .child(
                El::new("ul").children(
                    unwritable
                        .iter()
                        .map(|u| El::new("li").text(&u.to_string())),
                ),
            )
            .build()
    });
    let button = |label: &str, kind: FileKind| {
        let b = El::new("button")
            .attr("type", "button")
            .attr(
                "data-download",
                if kind == FileKind::Csv { "csv" } else { "json" },
            )
            .text(label)
            .build();
        let weak = Rc::downgrade(tab);
        let p = parts.clone();
        tab.ctx.mount.listen(&b, "click", move |_| {
            if let Some(t) = weak.upgrade() {
                download(&t, &p, kind);
            }
        });
        b
    };
    dom::replace_children(
        &parts.result,
        [summary.build(), verdict.build(), unread.build()]
            .into_iter()
            .chain(unwritable)
            .chain([El::new("div")
                .class("row")
                .child(button(words::DOWNLOAD_CSV, FileKind::Csv))
                .child(button(words::DOWNLOAD_JSON, FileKind::Json))
                .build()]),
    );
}

/// Today's local date.
fn today() -> (u32, u32, u32) {
    let d = js_sys::Date::new_0();
    (d.get_full_year(), d.get_month() + 1, d.get_date())
}

fn download(tab: &RosterTab, parts: &Parts, kind: FileKind) {
    let Some(read) = tab.last.borrow().clone() else {
        return;
    };
    let name = file_name(&tab.ctx.workspace, today(), kind);
    let (text, mime) = match kind {
        // A BOM so spreadsheet programs read accents right.
        FileKind::Csv => (
            format!("\u{feff}{}", to_csv(&read.roster).text),
            "text/csv;charset=utf-8",
        ),
        FileKind::Json => (to_json(&read.roster), "application/json"),
    };
    match offer_file(&tab.ctx.root, &text, mime, &name) {
        Ok(url) => *parts.url.borrow_mut() = Some(url),
        Err(e) => dom::set_text(&parts.status, &e.to_string()),
    }
}
