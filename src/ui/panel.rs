//! The panel the launcher opens: a header, one tab per feature view, a footer
//! that says which build runs.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use web_sys::Element;

use super::dom::El;
use super::Ctx;

/// A feature's content in the panel.
pub trait View {
    /// The tab's label.
    fn title(&self) -> &'static str;
    /// Builds the view into its (empty) tab panel. Called once, when the tab is
    /// first shown in an open panel (not before: the launcher shows without
    /// waiting for any view), so views keep their state across tab switches.
    fn mount(self: Rc<Self>, into: &Element);
}

struct Tab {
    view: Rc<dyn View>,
    button: Element,
    body: Element,
    mounted: Cell<bool>,
}

/// The panel; hidden until the launcher opens it.
pub struct Panel {
    el: Element,
    tabs: Vec<Tab>,
    open: Cell<bool>,
    selected: Cell<usize>,
    launcher: RefCell<Option<Element>>,
}

impl Panel {
    /// Builds the panel (hidden) with `views` as tabs, the first one selected.
    pub fn new(ctx: &Rc<Ctx>, views: Vec<Rc<dyn View>>) -> Rc<Self> {
        let tablist = El::new("div").class("tabs").attr("role", "tablist").build();
        let mut tabs = Vec::new();
        for (i, view) in views.into_iter().enumerate() {
            let id = format!("ak-tab-{i}");
            let button = El::new("button")
                .attr("type", "button")
                .attr("role", "tab")
                .attr("id", &id)
                .attr("aria-controls", &format!("{id}-panel"))
                .attr("aria-selected", "false")
                .text(view.title())
                .build();
            let body = El::new("div")
                .class("body")
                .attr("role", "tabpanel")
                .attr("id", &format!("{id}-panel"))
                .attr("aria-labelledby", &id)
                .flag("hidden", true)
                .build();
            let _ = tablist.append_child(&button);
            tabs.push(Tab {
                view,
                button,
                body,
                mounted: Cell::new(false),
            });
        }
        let close = El::new("button")
            .class("link")
            .attr("type", "button")
            .attr("aria-label", "Close Access Kit")
            .text("✕")
            .build();
        let el = El::new("section")
            .class("ak panel")
            .attr("role", "dialog")
            .attr("aria-label", "Access Kit")
            .flag("hidden", true)
            .child(
                El::new("header")
                    .child(El::new("h2").text("Access Kit"))
                    .child(El::new("span").class("muted").text(&ctx.workspace))
                    .child(close.clone()),
            )
            .child(tablist)
            .children(tabs.iter().map(|t| t.body.clone()))
            .child(
                El::new("footer")
                    .class("muted")
                    .child(
                        El::new("span")
                            .attr("data-engine", ctx.engine.as_str())
                            .text(&format!("Engine: {}", ctx.engine.as_str())),
                    )
                    .child(El::new("span").text(concat!("v", env!("CARGO_PKG_VERSION")))),
            )
            .build();
        let _ = ctx.root.append_child(&el);
        let panel = Rc::new(Panel {
            el,
            tabs,
            open: Cell::new(false),
            selected: Cell::new(0),
            launcher: RefCell::new(None),
        });
        for (i, tab) in panel.tabs.iter().enumerate() {
            let p = Rc::downgrade(&panel);
            ctx.mount.listen(&tab.button, "click", move |_| {
                if let Some(p) = p.upgrade() {
                    p.select(i);
                }
            });
        }
        let p = Rc::downgrade(&panel);
        ctx.mount.listen(&close, "click", move |_| {
            if let Some(p) = p.upgrade() {
                p.set_open(false);
            }
        });
        panel.select(0);
        panel
    }

    /// Shows tab `index`, mounting its view on first show in the open panel.
    pub fn select(&self, index: usize) {
        self.selected.set(index);
        for (i, tab) in self.tabs.iter().enumerate() {
            let on = i == index;
            let _ = tab
                .button
                .set_attribute("aria-selected", if on { "true" } else { "false" });
            if on {
                let _ = tab.body.remove_attribute("hidden");
            } else {
                let _ = tab.body.set_attribute("hidden", "");
            }
        }
        self.mount_selected();
    }

    /// Builds the selected tab's view the first time it shows in the open panel.
    fn mount_selected(&self) {
        if !self.open.get() {
            return;
        }
        if let Some(tab) = self.tabs.get(self.selected.get()) {
            if !tab.mounted.replace(true) {
                tab.view.clone().mount(&tab.body);
            }
        }
    }

    /// Remembers the launcher so its `aria-expanded` follows the panel.
    pub fn attach_launcher(&self, launcher: Element) {
        *self.launcher.borrow_mut() = Some(launcher);
    }

    /// Opens or closes the panel.
    pub fn set_open(&self, open: bool) {
        self.open.set(open);
        if let Some(l) = self.launcher.borrow().as_ref() {
            let _ = l.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
        if open {
            let _ = self.el.remove_attribute("hidden");
            self.mount_selected();
        } else {
            let _ = self.el.set_attribute("hidden", "");
        }
    }

    /// Opens from the bottom-left corner instead of the bottom-right.
    pub fn set_side(&self, left: bool) {
        let _ = self.el.class_list().toggle_with_force("left", left);
    }

    /// Flips open/closed; returns whether it is now open.
    pub fn toggle(&self) -> bool {
        let open = !self.open.get();
        self.set_open(open);
        open
    }
}
