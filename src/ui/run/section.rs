//! The run section: progress bar, counts, time left, Pause / Resume /
//! Cancel, and the activity list. Built once; updates change text and
//! attributes only.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

use super::words::{progress_line, slow_page, time_left, RunWords};
use crate::core::run::{Phase, Progress, Row};
use crate::ui::dom::{set_text, El};

/// Activity lines kept in the list (older ones scroll out of the DOM; all
/// are kept in storage up to the stored run's own cap).
const SHOWN_ACTIVITY: u32 = 300;

pub struct Section {
    pub el: Element,
    bar: Element,
    fill: HtmlElement,
    counts: Element,
    eta: Element,
    pace: Element,
    pub pause: HtmlButtonElement,
    pub resume: HtmlButtonElement,
    pub cancel: HtmlButtonElement,
    activity: Element,
}

fn button(label: &str, class: &str) -> HtmlButtonElement {
    El::new("button")
        .class(class)
        .attr("type", "button")
        .flag("disabled", true)
        .text(label)
        .build()
        .unchecked_into()
}

impl Section {
    pub fn build(words: &RunWords) -> Section {
        let fill: HtmlElement = El::new("div").html();
        let bar = El::new("div")
            .class("progress")
            .attr("role", "progressbar")
            .attr("aria-label", words.progress_label)
            .attr("aria-valuemin", "0")
            .attr("aria-valuemax", "0")
            .attr("aria-valuenow", "0")
            .child(fill.clone())
            .build();
        let counts = El::new("p")
            .class("run-counts")
            .attr("aria-live", "polite")
            .build();
        let eta = El::new("p").class("muted run-eta").build();
        let pace = El::new("p")
            .class("muted run-pace")
            .attr("aria-live", "polite")
            .build();
        let pause = button("Pause", "");
        let resume = button("Resume", "primary");
        let cancel = button("Cancel", "");
        let activity = El::new("ol")
            .class("activity")
            .attr("aria-label", "Activity")
            .build();
        let el = El::new("div")
            .class("bulk-run")
            .flag("hidden", true)
            .child(El::new("h3").text("Run"))
            .child(bar.clone())
            .child(counts.clone())
            .child(eta.clone())
            .child(pace.clone())
            .child(
                El::new("div")
                    .class("row")
                    .child(pause.clone())
                    .child(resume.clone())
                    .child(cancel.clone()),
            )
            .child(
                El::new("details")
                    .attr("open", "")
                    .child(El::new("summary").text("Activity"))
                    .child(El::new("div").class("scroll short").child(activity.clone())),
            )
            .build();
        Section {
            el,
            bar,
            fill,
            counts,
            eta,
            pace,
            pause,
            resume,
            cancel,
            activity,
        }
    }

    /// Shows `p`; `eta` replaces the time-left line when given.
    pub fn show(&self, words: &RunWords, p: &Progress, rows: &[Row], eta: Option<&str>) {
        let _ = self
            .bar
            .set_attribute("aria-valuemax", &p.total.to_string());
        let _ = self.bar.set_attribute("aria-valuenow", &p.done.to_string());
        let _ = self.bar.set_attribute(
            "aria-valuetext",
            &format!("{} of {} rows done", p.done, p.total),
        );
        let pct = if p.total == 0 {
            100.0
        } else {
            p.done as f64 * 100.0 / p.total as f64
        };
        // CSSOM, not a style attribute: strict page CSPs block the latter.
        let _ = self
            .fill
            .style()
            .set_property("width", &format!("{pct:.1}%"));
        set_text(&self.counts, &progress_line(words, p, rows));
        let eta_text = match (eta, p.eta_ms) {
            (Some(t), _) => t.to_string(),
            (None, Some(ms)) if p.queued + p.in_flight > 0 => time_left(ms),
            _ => String::new(),
        };
        set_text(&self.eta, &eta_text);
    }

    /// Says the page is slow (its median answer time), or nothing.
    pub fn show_pace(&self, slow_ms: Option<u32>) {
        set_text(&self.pace, &slow_ms.map(slow_page).unwrap_or_default());
    }

    /// Enables the buttons that apply in `phase` (`None`: no run).
    pub fn controls(&self, phase: Option<Phase>) {
        let (pause, resume, cancel) = match phase {
            Some(Phase::Running) => (true, false, true),
            Some(Phase::Paused) => (false, true, true),
            _ => (false, false, false),
        };
        self.pause.set_disabled(!pause);
        self.resume.set_disabled(!resume);
        self.cancel.set_disabled(!cancel);
        let hide = matches!(phase, Some(Phase::Finished(_)));
        for b in [&self.pause, &self.resume, &self.cancel] {
            b.set_hidden(hide);
        }
    }

    /// Appends one activity line.
    pub fn add_activity(&self, line: &str) {
        let _ = self
            .activity
            .append_child(&El::new("li").text(line).build());
        while self.activity.child_element_count() > SHOWN_ACTIVITY {
            if let Some(first) = self.activity.first_element_child() {
                first.remove();
            }
        }
        // Keep the newest line in view.
        if let Some(scroller) = self.activity.parent_element() {
            scroller.set_scroll_top(scroller.scroll_height());
        }
    }

    /// Replaces the activity list (after restoring a stored run).
    pub fn set_activity(&self, lines: &[String]) {
        crate::ui::dom::clear(&self.activity);
        let start = lines.len().saturating_sub(SHOWN_ACTIVITY as usize);
        for l in &lines[start..] {
            self.add_activity(l);
        }
    }
}
