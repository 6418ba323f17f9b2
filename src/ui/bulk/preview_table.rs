//! The preview: counts per class at the top (buttons that filter the table),
//! then the table of rows, rendering only what can be seen.
//!
//! Up to [`FULL_RENDER_ROWS`] rows every row is in the DOM (find-in-page and
//! tests see them all). Past that the table is windowed: rows have one fixed
//! height, the scroll box holds a spacer row above and below, and only the
//! rows in view (plus a margin) exist; scrolling swaps them. Either way it is
//! a real `<table>` with `aria-rowcount` (the rows the filter shows, plus the
//! header) and `aria-rowindex` on every rendered row, so screen readers
//! announce "row 2,417 of 5,001"; the scroll box is focusable, so arrow keys
//! and Page Down scroll it. A count button filters: the rows of that status
//! become the table. Everything is text nodes; listeners belong to the
//! [`PreviewTable`] and end with it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::words::kind_slug;
use crate::core::preview::{Preview, StatusKind};
use crate::ui::dom::{clear, El};

/// Inputs up to this many rows are rendered whole.
pub const FULL_RENDER_ROWS: usize = 500;
/// Height of one windowed row in CSS pixels, as the stylesheet sets it; the
/// rendered pitch is measured once rows are laid out.
const ROW_PX: f64 = 26.0;
/// Rows rendered above and below the visible ones.
const MARGIN_ROWS: usize = 10;
/// Rows rendered before the scroll box has been laid out.
const FIRST_WINDOW: usize = 30;

/// The preview section and what keeps it live.
pub struct PreviewTable {
    root: Element,
    _listeners: Vec<EventListener>,
}

impl PreviewTable {
    /// The section's element, to put in the page.
    pub fn element(&self) -> &Element {
        &self.root
    }
}

struct Table {
    preview: Preview,
    /// Indexes into `preview.rows` of the rows the filter shows.
    shown: Vec<usize>,
    windowed: bool,
    table: Element,
    tbody: Element,
    scroll: HtmlElement,
    /// The rendered range of `shown`, to skip work when it has not changed.
    rendered: Option<(usize, usize)>,
    /// Distance between rendered rows, measured (else [`ROW_PX`]).
    row_px: Option<f64>,
}

/// Builds the preview section for `preview`.
pub fn build(preview: Preview) -> PreviewTable {
    let windowed = preview.rows.len() > FULL_RENDER_ROWS;
    let mut counts = El::new("div").class("counts").attr("role", "group").attr(
        "aria-label",
        "Rows per status (press one to show only those rows)",
    );
    counts = counts
        .child(chip("", &format!("All {}", preview.rows.len()), "").attr("aria-pressed", "true"));
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
            chip(kind_slug(kind), &format!("{} {n}", kind.label()), tone)
                .attr("aria-pressed", "false")
                .attr("data-count", &n.to_string()),
        );
    }
    let counts = counts.build();

    let tbody = El::new("tbody").build();
    let table = El::new("table")
        .class(if windowed {
            "preview-table windowed"
        } else {
            "preview-table"
        })
        .attr("aria-label", "Preview of every row")
        .child(
            El::new("thead").child(
                El::new("tr")
                    .attr("aria-rowindex", "1")
                    .child(El::new("th").attr("scope", "col").text("Row"))
                    .child(El::new("th").attr("scope", "col").text("Email"))
                    .child(El::new("th").attr("scope", "col").text("Status"))
                    .child(El::new("th").attr("scope", "col").text("Roles or problem")),
            ),
        )
        .child(tbody.clone())
        .build();
    let scroll: HtmlElement = El::new("div")
        .class("scroll")
        .attr("tabindex", "0")
        .attr("aria-label", "Preview rows (scroll with the arrow keys)")
        .child(table.clone())
        .html();

    let shown = (0..preview.rows.len()).collect();
    let state = Rc::new(RefCell::new(Table {
        preview,
        shown,
        windowed,
        table,
        tbody,
        scroll: scroll.clone(),
        rendered: None,
        row_px: None,
    }));
    state.borrow_mut().render();

    let mut listeners = Vec::new();
    if windowed {
        let state = state.clone();
        listeners.push(EventListener::new(&scroll, "scroll", move |_| {
            state.borrow_mut().render();
        }));
    }
    // One delegated listener: a count button picks the rows shown.
    {
        let state = state.clone();
        listeners.push(EventListener::new(&counts, "click", move |e| {
            let Some(button) = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("button[data-filter]").ok().flatten())
            else {
                return;
            };
            let filter = button.get_attribute("data-filter").unwrap_or_default();
            if let Some(group) = button.parent_element() {
                let children = group.children();
                for i in 0..children.length() {
                    if let Some(c) = children.item(i) {
                        let on = c == button;
                        let _ = c.set_attribute("aria-pressed", if on { "true" } else { "false" });
                    }
                }
            }
            state.borrow_mut().filter(&filter);
        }));
    }

    let root = El::new("div")
        .class("bulk-preview")
        .child(El::new("h3").text("Preview"))
        .child(counts)
        .child(scroll)
        .build();
    PreviewTable {
        root,
        _listeners: listeners,
    }
}

fn chip(filter: &str, text: &str, tone: &str) -> El {
    El::new("button")
        .class(&format!("chip {tone}"))
        .attr("type", "button")
        .attr("data-filter", filter)
        .text(text)
}

impl Table {
    /// Shows only rows whose status slug is `filter` ("" for all).
    fn filter(&mut self, filter: &str) {
        self.shown = self
            .preview
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| filter.is_empty() || kind_slug(r.status.kind()) == filter)
            .map(|(i, _)| i)
            .collect();
        if filter.is_empty() {
            let _ = self.table.remove_attribute("data-filter");
        } else {
            let _ = self.table.set_attribute("data-filter", filter);
        }
        self.scroll.set_scroll_top(0);
        self.rendered = None;
        self.render();
    }

    /// The range of `shown` to render for the current scroll position.
    fn window(&mut self) -> (usize, usize) {
        let n = self.shown.len();
        if !self.windowed || n <= FULL_RENDER_ROWS {
            return (0, n);
        }
        let pitch = self.pitch();
        let height = f64::from(self.scroll.client_height());
        let visible = if height > 0.0 {
            (height / pitch).ceil() as usize
        } else {
            FIRST_WINDOW
        };
        let top = (f64::from(self.scroll.scroll_top()) / pitch)
            .floor()
            .max(0.0) as usize;
        let first = top.saturating_sub(MARGIN_ROWS).min(n);
        let last = (top + visible + MARGIN_ROWS).min(n);
        (first, last)
    }

    /// The distance between two rendered rows: measured from the first two
    /// laid out (fonts and zoom vary), until then the stylesheet's height.
    fn pitch(&mut self) -> f64 {
        if let Some(px) = self.row_px {
            return px;
        }
        let rows = self.tbody.query_selector_all("tr:not(.spacer)");
        let top = |i| {
            rows.as_ref()
                .ok()
                .and_then(|r| r.item(i))
                .and_then(|n| n.dyn_into::<Element>().ok())
                .map(|e| e.get_bounding_client_rect().top())
        };
        match (top(0), top(1)) {
            (Some(a), Some(b)) if b > a => {
                self.row_px = Some(b - a);
                b - a
            }
            _ => ROW_PX,
        }
    }

    fn render(&mut self) {
        let (first, last) = self.window();
        if self.rendered == Some((first, last)) {
            return;
        }
        self.rendered = Some((first, last));
        let _ = self
            .table
            .set_attribute("aria-rowcount", &(self.shown.len() + 1).to_string());
        clear(&self.tbody);
        let pitch = self.pitch();
        if self.windowed {
            let _ = self.tbody.append_child(&spacer(first as f64 * pitch));
        }
        for (at, &i) in self.shown[first..last].iter().enumerate() {
            let _ = self.tbody.append_child(&self.row(i, first + at));
        }
        if self.windowed {
            let _ = self
                .tbody
                .append_child(&spacer((self.shown.len() - last) as f64 * pitch));
        }
    }

    /// The table row for preview row `i`, shown at position `at` (0-based).
    fn row(&self, i: usize, at: usize) -> Element {
        let row = &self.preview.rows[i];
        let kind = row.status.kind();
        let detail = match row.role_set() {
            Some(set) => set.to_string(),
            None => row.message().unwrap_or_default(),
        };
        let email = row.email.as_ref().map_or(row.raw_email(), |e| e.as_str());
        let mut tr = El::new("tr")
            .attr("data-kind", kind_slug(kind))
            .attr("aria-rowindex", &(at + 2).to_string());
        if self.windowed {
            // Cut to one line: the full text is the cell's title.
            tr = tr.attr("title", &detail);
        }
        tr.child(El::new("td").class("num").text(&row.line.to_string()))
            .child(El::new("td").class("email").text(email))
            .child(El::new("td").text(kind.label()))
            .child(El::new("td").text(&detail))
            .build()
    }
}

/// A row `px` high, standing for the rows that are not rendered.
fn spacer(px: f64) -> Element {
    let tr: HtmlElement = El::new("tr")
        .class("spacer")
        .attr("aria-hidden", "true")
        .child(El::new("td").attr("colspan", "4"))
        .html();
    // A CSSOM property, not a style attribute: strict page CSPs allow it.
    let _ = tr.style().set_property("height", &format!("{px}px"));
    tr.into()
}
