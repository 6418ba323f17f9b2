//! What one screen of the users table shows: its rows (email, name,
//! permission, pending, roles), a signature that tells one screen from
//! another, what the page states about the table's size near it, and the
//! list's scroll container.

use rustc_hash::FxHashSet;

use web_sys::Element;

use super::super::control::ControlId;
use super::super::dom::{text_pieces, LiveDom};
use super::super::error::DriverError;
use super::super::page::Driver;
use super::super::profile::Params;
use super::super::rows::{parse_row, RowFacts, UserRow};
use super::super::text::normalize;
use crate::core::completeness::{parse_stated_all, Stated};

fn none() -> Params {
    Params::none()
}

/// How many ancestors above the rows the reader looks for a stated total.
const STATED_LEVELS: usize = 6;
/// Texts longer than this are paragraphs, not a pager's status.
const STATED_MAX_CHARS: usize = 120;

/// Children of a row that take part in its layout (not a fixed or
/// absolute helper such as Evergreen's scrollbar-size probe in the header).
fn in_flow_children(el: &Element) -> Vec<Element> {
    let window = web_sys::window();
    let kids = el.children();
    (0..kids.length())
        .filter_map(|i| kids.item(i))
        .filter(|c| {
            let position = window
                .as_ref()
                .and_then(|w| w.get_computed_style(c).ok().flatten())
                .and_then(|s| s.get_property_value("position").ok())
                .unwrap_or_default();
            !matches!(position.as_str(), "fixed" | "absolute")
        })
        .collect()
}

/// A column: the header cell's index among its row's cells, the number of
/// cells, and its horizontal span.
type Column = (usize, usize, f64, f64);

/// Where a header's column is. Walking up from the header text, the cell is
/// the first element whose parent holds several cells (div tables have no
/// roles to say which element is a cell).
fn column_of(header: &Element) -> Option<Column> {
    let mut cur = header.clone();
    while let Some(parent) = cur.parent_element() {
        let cells = in_flow_children(&parent);
        if cells.len() >= 3 {
            let index = cells.iter().position(|c| *c == cur)?;
            let r = cur.get_bounding_client_rect();
            return Some((index, cells.len(), r.left(), r.right()));
        }
        cur = parent;
    }
    None
}

/// The cell of `row` in a column: by index when the row has as many cells
/// as the header, else the cell overlapping the header most.
fn cell_under(row: &Element, (index, count, left, right): Column) -> Option<Element> {
    let cells = in_flow_children(row);
    if cells.len() == count {
        return cells.into_iter().nth(index);
    }
    cells
        .into_iter()
        .map(|c| {
            let r = c.get_bounding_client_rect();
            ((right.min(r.right()) - left.max(r.left())).max(0.0), c)
        })
        .filter(|(o, _)| *o > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Index of the first piece of `pieces` whose text is `el`'s text.
fn piece_of(pieces: &[super::super::rows::Piece], el: &Element) -> Option<usize> {
    let want = normalize(&el.text_content().unwrap_or_default());
    pieces.iter().position(|p| normalize(&p.text) == want)
}

impl Driver {
    fn first_header(&self, id: ControlId) -> Result<Option<Element>, DriverError> {
        Ok(self.find_all(id, &none())?.into_iter().next())
    }

    /// The rows of the table as it is now (one page, or what a scrolled
    /// list shows).
    pub fn read_rows(&self, page: u32) -> Result<Vec<UserRow>, DriverError> {
        self.read_rows_in(0, usize::MAX, page)
    }

    /// The rows a person can see now: those inside the viewport (a long
    /// table is not parsed whole every time the guard looks).
    pub fn read_visible_rows(&self) -> Result<Vec<UserRow>, DriverError> {
        let page = self.current_page()?.unwrap_or(1);
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        let rows = self.find_all(ControlId::UsersRow, &none())?;
        let first = rows
            .iter()
            .position(|r| r.get_bounding_client_rect().bottom() > 0.0)
            .unwrap_or(rows.len());
        let shown = rows[first..]
            .iter()
            .take_while(|r| r.get_bounding_client_rect().top() < height)
            .count();
        self.read_rows_in(first, shown, page)
    }

    /// At most `take` rows from the `skip`-th on.
    fn read_rows_in(
        &self,
        skip: usize,
        take: usize,
        page: u32,
    ) -> Result<Vec<UserRow>, DriverError> {
        let rows: Vec<Element> = self
            .find_all(ControlId::UsersRow, &none())?
            .into_iter()
            .skip(skip)
            .take(take)
            .collect();
        self.parse_rows(&rows, page)
    }

    /// The rows shown now, found once, with each one's text.
    pub(super) fn rows_now(&self) -> Result<Shown, DriverError> {
        Ok(Shown::of(self.find_all(ControlId::UsersRow, &none())?))
    }

    /// Parse row elements already found (read on `page`).
    pub(super) fn parse_rows(
        &self,
        rows: &[Element],
        page: u32,
    ) -> Result<Vec<UserRow>, DriverError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let header = self.first_header(ControlId::RolesHeader)?;
        let column = header.as_ref().and_then(column_of);
        let email_column = self
            .first_header(ControlId::EmailHeader)?
            .as_ref()
            .and_then(column_of);
        let words = &self.profile().words;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let badge = !self
                .find_all_in(ControlId::PendingBadge, &none(), row)?
                .is_empty();
            let cell = column.and_then(|c| cell_under(row, c));
            let pieces = text_pieces(row);
            // Where the page marks the email: a mailto: link, else the cell
            // under an "Email" header.
            let marked = match self.find_all_in(ControlId::RowEmail, &none(), row)?.first() {
                Some(el) => Some(el.clone()),
                None => email_column.and_then(|c| cell_under(row, c)),
            };
            let facts = RowFacts {
                badge,
                // Without cells, fall back to texts starting where the header starts.
                roles_left: match cell {
                    Some(_) => None,
                    None => header.as_ref().map(|h| h.get_bounding_client_rect().left()),
                },
                email_hint: marked.as_ref().and_then(|m| piece_of(&pieces, m)),
            };
            if let Some(mut r) = parse_row(&pieces, facts, words, page) {
                if let Some(cell) = cell {
                    let texts: Vec<String> = text_pieces(&cell)
                        .into_iter()
                        .map(|p| p.text)
                        .filter(|t| !t.is_empty())
                        .collect();
                    r.roles = Some(texts.join(", "));
                }
                out.push(r);
            }
        }
        Ok(out)
    }

    /// A watch on the table for a wait that runs on every document change,
    /// and each row's text now.
    pub(super) fn watch_table(&self) -> Result<(TableWatch, Vec<String>), DriverError> {
        let now = self.rows_now()?;
        Ok((TableWatch::from_rows(&now.rows), now.texts))
    }

    /// How many rows the table shows now.
    pub(super) fn row_count(&self) -> Result<usize, DriverError> {
        Ok(self.find_all(ControlId::UsersRow, &none())?.len())
    }

    /// Whether the page says it is loading the table.
    pub(super) fn is_loading(&self) -> bool {
        self.is_present(ControlId::LoadingIndicator, &none())
            .unwrap_or(false)
    }

    /// What the page states about the table's size ("Showing 1–25 of 86",
    /// "Page 2 of 4", "86 users"), from the texts nearest the rows: the
    /// rows' ancestors are searched outwards, a few levels at most, and the
    /// first level that states anything wins.
    pub fn stated(&self) -> Result<Stated, DriverError> {
        let rows = self.find_all(ControlId::UsersRow, &none())?;
        let Some(first) = rows.first() else {
            return Ok(Stated::default());
        };
        let nouns = &self.profile().words.total_nouns;
        let mut level = first.parent_element();
        for _ in 0..STATED_LEVELS {
            let Some(anc) = level else { break };
            if anc.tag_name().eq_ignore_ascii_case("body") {
                break;
            }
            let s = parse_stated_all(short_texts(&anc, &rows), nouns);
            if !s.is_empty() {
                return Ok(s);
            }
            level = anc.parent_element();
        }
        Ok(Stated::default())
    }

    /// The scroll container of the list: the nearest ancestor of the rows
    /// that scrolls, else the document when it does.
    pub(super) fn scroll_box(&self) -> Result<Option<Element>, DriverError> {
        let Some(first) = self
            .find_all(ControlId::UsersRow, &none())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let window = web_sys::window();
        let mut cur = first.parent_element();
        while let Some(el) = cur {
            let overflow = window
                .as_ref()
                .and_then(|w| w.get_computed_style(&el).ok().flatten())
                .and_then(|s| s.get_property_value("overflow-y").ok())
                .unwrap_or_default();
            if matches!(overflow.as_str(), "auto" | "scroll" | "overlay") && scrolls(&el) {
                return Ok(Some(el));
            }
            cur = el.parent_element();
        }
        let doc = LiveDom::current()?.document().scrolling_element();
        Ok(doc.filter(scrolls))
    }

    /// Whether the rows shown cover much less than the list's scroll height:
    /// the list renders only what is visible (a virtualized list).
    pub(super) fn is_virtualized(&self, bx: &Element) -> Result<bool, DriverError> {
        if is_document(bx) {
            return Ok(false);
        }
        let rows = self.find_all(ControlId::UsersRow, &none())?;
        let shown: f64 = rows
            .iter()
            .map(|r| r.get_bounding_client_rect().height())
            .sum();
        let (_, client, height) = metrics(bx);
        Ok(shown + client * 0.5 < height)
    }
}

/// The height of the tallest of `rows` (so screens overlap by a row).
pub(super) fn row_height(rows: &[Element]) -> Option<f64> {
    rows.iter()
        .map(|r| r.get_bounding_client_rect().height())
        .max_by(f64::total_cmp)
}

/// The rows shown at one look, and each one's text (what tells screens
/// apart, and the key of [`crate::core::appended`]).
#[derive(Debug, Default)]
pub(super) struct Shown {
    pub rows: Vec<Element>,
    pub texts: Vec<String>,
}

impl Shown {
    fn of(rows: Vec<Element>) -> Self {
        let texts = signature(&rows);
        Shown { rows, texts }
    }
}

fn signature(rows: &[Element]) -> Vec<String> {
    rows.iter()
        .map(|r| r.text_content().unwrap_or_default())
        .collect()
}

/// What the rows' container shows at a glance: attached, how many
/// children, its first and last child's text.
type Mark = (bool, u32, String, String);

fn mark_of(container: &Element) -> Mark {
    let text = |e: Option<Element>| e.and_then(|e| e.text_content()).unwrap_or_default();
    (
        container.is_connected(),
        container.child_element_count(),
        text(container.first_element_child()),
        text(container.last_element_child()),
    )
}

/// "Has the table changed since the wait began?", asked on every document
/// change while a page, load or screen comes, a search applies or a page
/// size takes effect. Finding every row costs time in proportion to the
/// rows loaded (1,000 after 40 loads), and pages change the document many
/// times each (spinners, texts, the app's other parts), so each look first
/// compares the rows' container at a glance ([`Mark`]); only when that
/// moved are the rows found and their signature taken. Another page, load or screen always moves it: its
/// first or last row differs, or it has more rows. When the rows do not
/// share one parent, every look finds them all.
#[derive(Debug)]
pub(super) struct TableWatch {
    /// The rows' common parent at the last full look.
    container: Option<Element>,
    /// Its mark then.
    mark: Mark,
}

impl TableWatch {
    /// Each row's text now, when the rows' container moved since the last
    /// look; `None` when it did not (the table shows what it showed).
    pub fn look(&mut self, d: &Driver) -> Result<Option<Vec<String>>, DriverError> {
        Ok(self.look_rows(d)?.map(|s| s.texts))
    }

    /// As [`TableWatch::look`], with the rows found.
    pub(super) fn look_rows(&mut self, d: &Driver) -> Result<Option<Shown>, DriverError> {
        if let Some(c) = &self.container {
            let now = mark_of(c);
            if now == self.mark {
                return Ok(None);
            }
        }
        let now = d.rows_now()?;
        *self = TableWatch::from_rows(&now.rows);
        Ok(Some(now))
    }

    /// A watch starting from rows just found (no search of its own).
    pub(super) fn from_rows(rows: &[Element]) -> Self {
        let parent = rows.first().and_then(|r| r.parent_element());
        let container =
            parent.filter(|p| rows.iter().all(|r| r.parent_element().as_ref() == Some(p)));
        let mark = container.as_ref().map(mark_of).unwrap_or_default();
        TableWatch { container, mark }
    }
}

/// (scrollTop, clientHeight, scrollHeight) of a scroll container.
pub(super) fn metrics(bx: &Element) -> (f64, f64, f64) {
    (
        f64::from(bx.scroll_top()),
        f64::from(bx.client_height()),
        f64::from(bx.scroll_height()),
    )
}

/// Whether a scroll container is the document itself.
pub(super) fn is_document(el: &Element) -> bool {
    LiveDom::current()
        .ok()
        .and_then(|d| d.document().scrolling_element())
        .is_some_and(|d| d == *el)
}

fn scrolls(el: &Element) -> bool {
    el.scroll_height() > el.client_height() + 1
}

/// Texts inside `anc` but outside every row, short enough to be a status:
/// each element's own text and its parent's ("Page <b>1 of 4</b>"). Rows
/// are not entered (they never state the table's size, and are most of it).
fn short_texts(anc: &Element, rows: &[Element]) -> Vec<String> {
    // A JS Set: "is this a row" in one call, not one per row (1,000 rows
    // are 1,000 siblings to test).
    let row_set = js_sys::Set::new(&wasm_bindgen::JsValue::UNDEFINED);
    for r in rows {
        row_set.add(r);
    }
    fn walk(el: &Element, rows: &[Element], row_set: &js_sys::Set, out: &mut Vec<String>) {
        if row_set.has(el) || el.id() == super::super::tree::OWN_HOST_ID {
            return;
        }
        let kids = el.child_nodes();
        let direct = (0..kids.length()).filter_map(|i| kids.get(i)).any(|n| {
            n.node_type() == web_sys::Node::TEXT_NODE
                && n.text_content().is_some_and(|t| !t.trim().is_empty())
        });
        if direct && el.get_client_rects().length() > 0 {
            out.push(el.text_content().unwrap_or_default());
            if let Some(p) = el.parent_element() {
                if !rows.iter().any(|r| p.contains(Some(r))) {
                    out.push(p.text_content().unwrap_or_default());
                }
            }
        }
        let children = el.children();
        for i in 0..children.length() {
            if let Some(c) = children.item(i) {
                walk(&c, rows, row_set, out);
            }
        }
    }
    let mut raw = Vec::new();
    walk(anc, rows, &row_set, &mut raw);
    let mut seen = FxHashSet::default();
    raw.into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| {
            !t.is_empty() && t.chars().count() <= STATED_MAX_CHARS && seen.insert(t.clone())
        })
        .collect()
}
