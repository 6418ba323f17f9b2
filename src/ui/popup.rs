//! The toolbar button's popup: whether the current tab is an Access
//! Management page (or the way to one), whether the extension may run on
//! app.segment.com (with the button that grants it), the bulk-invite runs
//! the stored journals describe, and the way to the options page.
//!
//! The popup follows the journals while it is open. `popup.html?tab=<id>`
//! describes that tab instead of the one in front (for when the popup is
//! opened as a page rather than from the toolbar).
//!
//! Elements carry `data-place` (access-management | segment | elsewhere |
//! unknown) and, per run, `data-workspace` and `data-status`.

mod words;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement};

use super::access::AccessNotice;
use super::dom::{self, El};
use super::mount::Mount;
use super::styles::adopt_on_page;
use crate::browser::{journal_store, runtime, storage, tabs};
use crate::core::popup::TabPlace;

const POPUP_CSS: &str = r#"
body { margin: 0; width: 340px; background: #fff; }
.popup { padding: 12px 14px; }
.popup h1 { font-size: 15px; font-weight: 600; color: #101840; margin: 0 0 8px; }
.popup section { margin: 8px 0; }
.popup ul { list-style: none; padding: 0; margin: 4px 0; }
.popup li { padding: 3px 0; }
.popup .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; }
.popup [hidden] { display: none !important; }
"#;

struct Popup {
    place: Element,
    open: HtmlButtonElement,
    runs: Element,
    target: RefCell<Option<String>>,
    _access: Rc<AccessNotice>,
    /// Owns the popup's listeners and its storage watch.
    owner: Mount,
}

thread_local! {
    /// The popup lives as long as its document.
    static POPUP: RefCell<Option<Rc<Popup>>> = const { RefCell::new(None) };
}

/// Renders the popup into `app`.
pub fn mount(app: &Element) {
    adopt_on_page(POPUP_CSS);
    let owner = Mount::for_page("popup");
    let open: HtmlButtonElement = El::new("button")
        .attr("type", "button")
        .class("primary")
        .flag("hidden", true)
        .text(words::OPEN_ACCESS_MANAGEMENT)
        .build()
        .unchecked_into();
    let options = El::new("button")
        .attr("type", "button")
        .text(words::OPEN_OPTIONS)
        .on(&owner, "click", |_| {
            runtime::open_options_page();
            close_soon();
        })
        .build();
    let popup = Rc::new(Popup {
        place: El::new("p").attr("data-place", "").build(),
        open: open.clone(),
        runs: El::new("ul").attr("aria-label", words::RUNS_LABEL).build(),
        target: RefCell::new(None),
        _access: AccessNotice::new(),
        owner,
    });
    let weak = Rc::downgrade(&popup);
    El::from_element(open.into())
        .on(&popup.owner, "click", move |_| {
            let Some(url) = weak.upgrade().and_then(|p| p.target.borrow().clone()) else {
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                match tabs::open(&url).await {
                    Ok(()) => close_soon(),
                    Err(e) => gloo::console::error!(format!("Access Kit: {e}")),
                }
            });
        })
        .build();
    dom::replace_children(
        app,
        [El::new("div")
            .class("ak popup")
            .child(El::new("h1").text(words::TITLE))
            .child(El::new("section").child(popup.place.clone()))
            .child(El::new("section").child(popup._access.element().clone()))
            .child(
                El::new("section")
                    .child(El::new("h2").text(words::RUNS_LABEL))
                    .child(popup.runs.clone()),
            )
            .child(
                El::new("div")
                    .class("actions")
                    .child(popup.open.clone())
                    .child(options),
            )
            .build()],
    );
    POPUP.with(|p| *p.borrow_mut() = Some(popup.clone()));
    popup.show_tab();
    popup.show_runs();
    let weak = Rc::downgrade(&popup);
    let watching = storage::on_changed(move |area, keys| {
        let ours = keys.iter().any(|k| journal_store::is_run_key(k));
        if area == "local" && ours {
            if let Some(p) = weak.upgrade() {
                p.show_runs();
            }
        }
    });
    match watching {
        Ok(w) => popup.owner.hold(w),
        Err(e) => gloo::console::warn!(format!("Access Kit: runs will not update live: {e}")),
    }
}

impl Popup {
    fn show_tab(self: &Rc<Self>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let place = match tabs::current(tab_param()).await {
                Ok(tab) => TabPlace::of(tab.and_then(|t| t.url).as_deref()),
                Err(e) => {
                    gloo::console::warn!(format!("Access Kit: {e}"));
                    TabPlace::Unknown
                }
            };
            let (kind, text) = match &place {
                TabPlace::AccessManagement { workspace } => (
                    "access-management",
                    words::here_access_management(workspace),
                ),
                TabPlace::SegmentApp { .. } => ("segment", words::HERE_SEGMENT.to_string()),
                TabPlace::Elsewhere => ("elsewhere", words::HERE_ELSEWHERE.to_string()),
                TabPlace::Unknown => ("unknown", words::HERE_UNKNOWN.to_string()),
            };
            let _ = me.place.set_attribute("data-place", kind);
            dom::set_text(&me.place, &text);
            let target = place.access_management_to_open();
            me.open.set_hidden(target.is_none());
            *me.target.borrow_mut() = target;
        });
    }

    fn show_runs(self: &Rc<Self>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let items: Vec<Element> = match journal_store::summaries().await {
                Ok((runs, unreadable)) => {
                    let mut items: Vec<Element> = runs
                        .iter()
                        .map(|r| {
                            El::new("li")
                                .attr("data-workspace", &r.workspace)
                                .attr("data-status", &r.status.to_string())
                                .text(&words::run_line(r))
                                .build()
                        })
                        .collect();
                    if items.is_empty() {
                        items.push(El::new("li").class("muted").text(words::NO_RUNS).build());
                    }
                    if !unreadable.is_empty() {
                        items.push(
                            El::new("li")
                                .class("muted")
                                .text(&words::unreadable(&unreadable))
                                .build(),
                        );
                    }
                    items
                }
                Err(e) => vec![El::new("li").class("muted").text(&e.to_string()).build()],
            };
            dom::replace_children(&me.runs, items);
        });
    }
}

/// `?tab=<id>` of the popup's own address.
fn tab_param() -> Option<u32> {
    let search = gloo::utils::window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("tab="))?
        .parse()
        .ok()
}

/// A toolbar popup closes itself once it has sent the person elsewhere.
fn close_soon() {
    let _ = gloo::utils::window().close();
}
