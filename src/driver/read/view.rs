//! The person's view of the users table, saved before a whole-table read
//! and put back after it: search text, page size, page and scroll
//! positions. Also choosing the largest page size for the read.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlOptionElement, HtmlSelectElement};

use super::super::act;
use super::super::control::ControlId;
use super::super::dom::{elements, LiveDom};
use super::super::error::DriverError;
use super::super::page::Driver;
use super::super::profile::Params;
use super::super::text::normalize;
use super::super::tree::accessible_name;
use super::super::wait::{wait_for, Check};
use super::table::TableWatch;
use crate::core::completeness::{page_size_of, Stated};

fn none() -> Params {
    Params::none()
}

/// What the person was looking at.
#[derive(Debug, Default)]
pub(super) struct SavedView {
    /// The search box's text.
    pub search: String,
    /// The numbered pager's page, within the search.
    pub page: Option<u32>,
    /// What the page stated (for pagers without numbers).
    pub stated: Stated,
    /// Rows shown (the page size when not on the last page).
    pub rows_shown: usize,
    /// Scroll positions: the document's and the list's.
    pub scroll: Vec<(Element, i32)>,
}

/// A page size changed for the read: the option labels before and after.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageSizeChange {
    /// The person's choice ("25").
    pub from: String,
    /// The largest offered ("100").
    pub to: String,
}

impl Driver {
    pub(super) fn save_view(&self) -> Result<SavedView, DriverError> {
        let search = self
            .first(ControlId::SearchBox)?
            .as_ref()
            .map(act::text_value)
            .unwrap_or_default();
        let mut scroll = Vec::new();
        if let Some(doc) = LiveDom::current()?.document().scrolling_element() {
            scroll.push((doc.clone(), doc.scroll_top()));
        }
        if let Some(bx) = self.scroll_box()? {
            if !scroll.iter().any(|(e, _)| *e == bx) {
                let top = bx.scroll_top();
                scroll.push((bx, top));
            }
        }
        Ok(SavedView {
            search,
            page: self.current_page()?,
            stated: self.stated()?,
            rows_shown: self.row_count()?,
            scroll,
        })
    }

    /// Type `text` into the search box and wait for the table to answer.
    pub(super) async fn search_for(&self, text: &str) -> Result<(), DriverError> {
        let (watch, before) = self.watch_table()?;
        self.type_text(ControlId::SearchBox, &none(), text).await?;
        self.settle(watch, &before).await
    }

    /// Wait until the rows differ from `before` (a search applied), longer
    /// while the page says it is loading. Not an error when they never do:
    /// the results may simply be the same. Each look glances through
    /// `watch` first (see `TableWatch`): every row's text is taken only
    /// when the table moved.
    async fn settle(&self, mut watch: TableWatch, before: &[String]) -> Result<(), DriverError> {
        // The rows as last seen, once they moved.
        let mut seen: Option<Vec<String>> = None;
        let mut probe = || {
            match watch.look(self) {
                Ok(Some(sig)) => seen = Some(sig),
                Ok(None) => {}
                Err(e) => return Check::Fail(e),
            }
            if seen.as_deref().is_some_and(|s| s != before) && !self.is_loading() {
                Check::Done(())
            } else {
                Check::NotYet
            }
        };
        let timed_out = |_| DriverError::Detached {
            control: ControlId::UsersRow.to_string(),
        };
        match wait_for(self.timeouts.glance_ms, &mut probe, timed_out).await {
            Err(DriverError::Detached { .. }) if self.is_loading() => {
                match wait_for(self.limits().page_ms, &mut probe, timed_out).await {
                    Ok(()) | Err(DriverError::Detached { .. }) => Ok(()),
                    Err(e) => Err(e),
                }
            }
            Ok(()) | Err(DriverError::Detached { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Choose the largest page size the table offers; the change, if any.
    pub(super) async fn widen_page_size(&self) -> Result<Option<PageSizeChange>, DriverError> {
        let Some(el) = self.first(ControlId::PageSize)? else {
            return Ok(None);
        };
        let options = self.size_options(&el).await?;
        let current = self.size_label(&el);
        let Some(best) = options
            .iter()
            .filter_map(|o| page_size_of(o).map(|n| (n, o.clone())))
            .max_by_key(|(n, _)| *n)
        else {
            self.close_size_list(&el).await?;
            return Ok(None);
        };
        if page_size_of(&current) == Some(best.0) {
            self.close_size_list(&el).await?;
            return Ok(None);
        }
        self.choose_size(&el, &best.1).await?;
        Ok(Some(PageSizeChange {
            from: current,
            to: best.1,
        }))
    }

    /// Put the person's page size back.
    pub(super) async fn restore_page_size(
        &self,
        change: &PageSizeChange,
    ) -> Result<(), DriverError> {
        let Some(el) = self.first(ControlId::PageSize)? else {
            return Ok(());
        };
        let want = page_size_of(&change.from);
        let options = self.size_options(&el).await?;
        match options.iter().find(|o| page_size_of(o) == want) {
            Some(label) => self.choose_size(&el, label).await,
            None => self.close_size_list(&el).await,
        }
    }

    /// The selector's current choice as a label ("25").
    fn size_label(&self, el: &Element) -> String {
        if let Some(sel) = el.dyn_ref::<HtmlSelectElement>() {
            let i = usize::try_from(sel.selected_index()).ok();
            let opts = sel
                .query_selector_all("option")
                .map(|l| elements(&l))
                .unwrap_or_default();
            return i
                .and_then(|i| opts.get(i))
                .and_then(|o| o.text_content())
                .map(|t| t.trim().to_string())
                .unwrap_or_default();
        }
        let name = LiveDom::current()
            .map(|d| accessible_name(&d, el))
            .unwrap_or_default();
        // "Rows per page: 25" → "25": the number is what is chosen.
        let text = el.text_content().unwrap_or_default();
        if page_size_of(&text).is_some() {
            text.trim().to_string()
        } else {
            name
        }
    }

    /// The labels the selector offers (opening a custom list).
    async fn size_options(&self, el: &Element) -> Result<Vec<String>, DriverError> {
        if let Some(sel) = el.dyn_ref::<HtmlSelectElement>() {
            let opts = sel.query_selector_all("option").map_err(DriverError::js)?;
            return Ok(elements(&opts)
                .iter()
                .filter_map(|o| o.text_content())
                .map(|t| t.trim().to_string())
                .collect());
        }
        if self.first(ControlId::PageSizeOption)?.is_none() {
            act::click(el)?;
            let _ = self
                .appear_all(ControlId::PageSizeOption, &none(), self.timeouts.glance_ms)
                .await;
        }
        Ok(self
            .find_all(ControlId::PageSizeOption, &none())?
            .iter()
            .map(|o| o.text_content().unwrap_or_default().trim().to_string())
            .filter(|t| page_size_of(t).is_some())
            .collect())
    }

    async fn close_size_list(&self, el: &Element) -> Result<(), DriverError> {
        if el.dyn_ref::<HtmlSelectElement>().is_none()
            && self.first(ControlId::PageSizeOption)?.is_some()
        {
            self.press(act::Key::Escape)?;
        }
        Ok(())
    }

    /// Choose the option `label` and wait for the table to show it.
    async fn choose_size(&self, el: &Element, label: &str) -> Result<(), DriverError> {
        let (mut watch, before) = self.watch_table()?;
        let rows = before.len();
        if let Some(sel) = el.dyn_ref::<HtmlSelectElement>() {
            let opts = elements(&sel.query_selector_all("option").map_err(DriverError::js)?);
            let value = opts
                .iter()
                .find(|o| normalize(&o.text_content().unwrap_or_default()) == normalize(label))
                .and_then(|o| o.dyn_ref::<HtmlOptionElement>().map(|o| o.value()));
            if let Some(value) = value {
                act::select_option(el, &value)?;
            }
        } else {
            let option = self
                .find_all(ControlId::PageSizeOption, &none())?
                .into_iter()
                .find(|o| normalize(&o.text_content().unwrap_or_default()) == normalize(label));
            match option {
                Some(o) => act::click(&o)?,
                None => return self.close_size_list(el).await,
            }
        }
        let mut seen: Option<Vec<String>> = None;
        let probe = || {
            match watch.look(self) {
                Ok(Some(sig)) => seen = Some(sig),
                Ok(None) => {}
                Err(e) => return Check::Fail(e),
            }
            match &seen {
                Some(s) if *s != before && s.len() != rows && !self.is_loading() => Check::Done(()),
                _ => Check::NotYet,
            }
        };
        // A table with fewer people than either size does not change.
        match wait_for(self.limits().page_ms.min(3_000), probe, |_| {
            DriverError::Detached {
                control: ControlId::PageSize.to_string(),
            }
        })
        .await
        {
            Ok(()) | Err(DriverError::Detached { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Put the person's view back: page size, search, page, scroll.
    pub(super) async fn restore_view(
        &self,
        saved: &SavedView,
        size: Option<&PageSizeChange>,
        page_rows: usize,
    ) -> Result<(), DriverError> {
        let mut result = Ok(());
        if let Some(change) = size {
            result = self.restore_page_size(change).await;
        }
        let query = self
            .first(ControlId::SearchBox)?
            .as_ref()
            .map(act::text_value)
            .unwrap_or_default();
        if query != saved.search {
            result = result.and(self.search_for(&saved.search).await);
        }
        let size_now = size
            .and_then(|c| page_size_of(&c.from))
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(page_rows);
        let page = saved.page.or_else(|| {
            if saved.stated.is_last() && saved.stated.page.is_none() {
                // On the last page the rows shown are not the page size.
                saved.stated.current_page(size_now)
            } else {
                saved.stated.current_page(size_now.max(saved.rows_shown))
            }
            .and_then(|p| u32::try_from(p).ok())
        });
        if let Some(p) = page {
            result = result.and(self.goto_page(p, size_now).await);
        }
        for (el, top) in &saved.scroll {
            el.set_scroll_top(*top);
        }
        result
    }
}
