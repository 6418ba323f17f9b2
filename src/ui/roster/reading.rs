//! One roster read with a progress bar and Cancel, shared by the export
//! and the plan (both read through [`crate::driver::Driver::read_roster`]).
//! The caller holds the page, places [`Reading::cancel`] and
//! [`Reading::progress`], and says what the read's progress means in its
//! own words.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlProgressElement};

use super::words;
use crate::driver::error::DriverError;
use crate::driver::roster::{RosterProgress, RosterRead};
use crate::ui::dom::El;
use crate::ui::Ctx;

/// The controls of one read at a time.
pub struct Reading {
    pub cancel: HtmlButtonElement,
    pub progress: HtmlProgressElement,
    cancelled: Rc<Cell<bool>>,
}

impl Reading {
    /// Hidden until a read runs; `id` names the Cancel button's element.
    pub fn build(ctx: &Ctx, id: &str) -> Rc<Reading> {
        let me = Rc::new(Reading {
            cancel: El::new("button")
                .attr("type", "button")
                .attr("id", id)
                .flag("hidden", true)
                .text(words::CANCEL)
                .build()
                .unchecked_into(),
            progress: El::new("progress")
                .flag("hidden", true)
                .build()
                .unchecked_into(),
            cancelled: Rc::new(Cell::new(false)),
        });
        let weak = Rc::downgrade(&me);
        ctx.mount.listen(&me.cancel, "click", move |_| {
            if let Some(me) = weak.upgrade() {
                me.cancelled.set(true);
                me.cancel.set_disabled(true);
            }
        });
        me
    }

    /// Reads the roster of the page, showing progress and offering Cancel
    /// while it runs; `on_progress` says it in the caller's words.
    /// `Ok(None)`: cancelled.
    pub async fn read(
        &self,
        ctx: &Ctx,
        on_progress: &dyn Fn(RosterProgress),
    ) -> Result<Option<RosterRead>, DriverError> {
        self.cancelled.set(false);
        self.cancel.set_disabled(false);
        self.cancel.set_hidden(false);
        self.progress.remove_attribute("value").ok();
        self.progress.set_hidden(false);
        let shown = |p: RosterProgress| {
            self.progress.set_max(p.total.max(1) as f64);
            self.progress.set_value(p.read as f64);
            on_progress(p);
        };
        let cancelled = self.cancelled.clone();
        let read = ctx
            .driver
            .read_roster(&ctx.workspace, &shown, &move || cancelled.get())
            .await;
        self.cancel.set_hidden(true);
        self.progress.set_hidden(true);
        read
    }
}
