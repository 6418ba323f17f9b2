//! When the users table could not be read whole, the ready rows of the
//! preview can be looked up one by one through the page's own search box
//! (at most [`LOOKUP_LIMIT`]), so people already there are marked and not
//! sent. The person asks for it with a button; progress shows in the notice.

use std::rc::Rc;

use super::words::{lookup_progress, lookup_result};
use super::{preview_table, BulkView, Busy, Hide, Phase};
use crate::core::email::comparison_key;
use crate::core::preview::RowStatus;
use crate::ui::dom::{clear, set_text};

impl BulkView {
    /// Look the ready rows up through the page's search and mark those found.
    pub(super) async fn look_up(self: Rc<Self>) {
        if self.st.borrow().busy || self.phase() != Phase::Previewed {
            return;
        }
        let _busy = Busy::hold(&self);
        let emails: Vec<String> = match self.st.borrow().preview.as_ref() {
            Some(p) => p
                .ready()
                .filter_map(|r| r.email.as_ref().map(|e| e.as_str().to_string()))
                .collect(),
            None => return,
        };
        let ui = self.ui();
        // The look-ups page through the table: one operator at a time.
        let Some(_lease) = self.hold_page("the look-ups").await else {
            return;
        };
        ui.lookup.set_hidden_attr(true);
        let notice = ui.messages.notice.clone();
        let progress =
            move |done: usize, total: usize| set_text(&notice, &lookup_progress(done, total));
        let result = self.ctx.driver.look_up(&emails, &progress).await;
        let found = match result {
            Ok(l) => l,
            Err(e) => {
                self.show_alert(&format!(
                    "The page's search could not be used: {e}. Nothing was sent."
                ));
                return;
            }
        };
        let mut marked = 0;
        if let Some(p) = self.st.borrow_mut().preview.as_mut() {
            for row in &mut p.rows {
                let Some(email) = row.email.as_ref() else {
                    continue;
                };
                let key = comparison_key(email.as_str());
                if let Some(f) = found.found.iter().find(|f| comparison_key(&f.email) == key) {
                    if matches!(row.status, RowStatus::Ready(_)) {
                        row.status = if f.pending {
                            RowStatus::AlreadyInvited
                        } else {
                            RowStatus::AlreadyMember
                        };
                        marked += 1;
                    }
                }
            }
        }
        let preview = self.st.borrow().preview.clone();
        if let Some(p) = preview {
            clear(&ui.preview_slot);
            let shown = preview_table::build(p);
            let _ = ui.preview_slot.append_child(shown.element());
            self.st.borrow_mut().preview_table = Some(shown);
        }
        self.show_phase();
        self.show_notice(&lookup_result(
            marked,
            found.absent.len(),
            found.unchecked.len(),
        ));
    }
}
