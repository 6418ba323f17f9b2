//! The options page (an extension page, not in the Segment tab): role
//! templates (list, create, edit, duplicate, rename, delete, import, export),
//! the last-owner guard switch, the safety prompts (switches and workspace
//! domains), the locator-profile override, and clearing everything Access Kit
//! stores.

mod editor;
mod safety_panel;
mod settings_panel;
mod stored_data;
mod template_list;
mod transfer;

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use super::access::AccessNotice;
use super::dom::{self, El, Listeners, ObjectUrl};
use super::mount::Mount;
use super::styles::adopt_on_page;
use crate::browser::template_store::{self, Home, Loaded};
use crate::core::template::TemplateLibrary;

/// Page-only rules, on top of the in-page stylesheet.
const OPTIONS_CSS: &str = r#"
body { margin: 0; background: #fafbff; }
.options { max-width: 980px; margin: 0 auto; padding: 24px 24px 64px; }
.options h1 { font-size: 22px; font-weight: 600; color: #101840; margin: 0 0 4px; }
.options section { background: #fff; border: 1px solid #e6e8f0; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
.options section > h2 { margin-bottom: 8px; }
.options fieldset { border: 1px solid #e6e8f0; border-radius: 6px; margin: 10px 0; padding: 8px 12px; }
.options fieldset[disabled] { opacity: .55; }
.options legend { font-weight: 600; color: #101840; padding: 0 4px; }
.options label.field { display: block; font-weight: 600; color: #101840; margin: 10px 0 4px; }
.options input[type=text], .options textarea.short { width: 100%; }
.options textarea.short { min-height: 48px; font-family: inherit; font-size: 13px; }
.options th { position: static; }
.options td { word-break: normal; overflow-wrap: anywhere; }
.options td:first-child { min-width: 120px; }
.options .role-line { display: grid; grid-template-columns: minmax(220px, 1fr) 270px minmax(200px, 1.3fr); gap: 8px; align-items: start;
                      padding: 4px 0; border-bottom: 1px solid #f4f5f9; }
.options .role-line label { display: flex; gap: 6px; align-items: center; }
.options td.actions { white-space: nowrap; }
.options td.actions button { height: 28px; margin: 0 2px 2px 0; }
.options pre { max-height: 360px; overflow: auto; background: #f4f5f9; padding: 8px; border-radius: 4px; font-size: 11px; }
.options .problems li { font-family: "SF Mono", Menlo, Consolas, monospace; font-size: 12px; }
.options [hidden] { display: none !important; }
.options .switch-line { display: flex; gap: 8px; align-items: center; font-weight: 600; color: #101840; }
"#;

/// Renders the options page into `app`.
pub fn mount(app: &Element) {
    adopt_on_page(OPTIONS_CSS);
    let page = Page::new();
    dom::replace_children(
        app,
        [El::new("div")
            .class("ak options")
            .child(El::new("h1").text("Segment Access Kit"))
            .child(El::new("p").class("muted").text(
                "Bulk invites, role templates and the last-owner guard for Segment's Access Management page.",
            ))
            .child(access_section())
            .child(page.templates_section())
            .child(settings_panel::guard_section(&page.owner))
            .child(safety_panel::safety_section(&page))
            .child(settings_panel::profile_section(&page.owner))
            .child(stored_data::section(&page.owner))
            .build()],
    );
    // The page object lives as long as the document; views hold weak refs.
    PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
    page.reload();
    let weak = Rc::downgrade(&page);
    match template_store::on_change(move || {
        if let Some(p) = weak.upgrade() {
            p.follow_change();
        }
    }) {
        Ok(watch) => page.owner.hold(watch),
        Err(e) => page.say_bad(
            "Changes made in other tabs will not show here",
            &[e.to_string()],
        ),
    }
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Page>>> = const { RefCell::new(None) };
    /// The host-access notice (and its permission watch) live as long as the page.
    static ACCESS: RefCell<Option<Rc<AccessNotice>>> = const { RefCell::new(None) };
}

/// Whether Access Kit may run on app.segment.com, and the button to allow it.
fn access_section() -> Element {
    let notice = AccessNotice::new();
    let section = El::new("section")
        .attr("aria-labelledby", "access-heading")
        .child(
            El::new("h2")
                .attr("id", "access-heading")
                .text("Access to app.segment.com"),
        )
        .child(notice.element().clone())
        .build();
    ACCESS.with(|a| *a.borrow_mut() = Some(notice));
    section
}

/// The templates part of the page and what it shows.
pub(crate) struct Page {
    /// Owns what lives as long as the page (listeners of the static parts).
    pub(crate) owner: Mount,
    /// Listeners of the template list, replaced at each redraw.
    pub(crate) list_owner: Listeners,
    /// Listeners of the create/edit form, replaced when it opens again.
    pub(crate) editor_owner: Listeners,
    /// The last export's file URL, revoked at the next one.
    pub(crate) export_url: RefCell<Option<ObjectUrl>>,
    loaded: RefCell<Loaded>,
    /// Where templates are stored (sync, or local and why).
    home: Element,
    /// The list of templates.
    list: Element,
    /// Results of the last action (role=status; problems as alerts).
    status: Element,
    /// The create/edit form's slot.
    editor_slot: Element,
}

impl Page {
    fn new() -> Rc<Page> {
        Rc::new(Page {
            owner: Mount::for_page("options"),
            list_owner: Listeners::default(),
            editor_owner: Listeners::default(),
            export_url: RefCell::new(None),
            loaded: RefCell::new(Loaded {
                library: TemplateLibrary::new(),
                home: Home::Sync,
                skipped: Vec::new(),
            }),
            home: El::new("p").class("muted").attr("data-area", "").build(),
            list: El::new("div").text("Loading templates…").build(),
            status: El::new("div")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .attr("aria-label", "Templates status")
                .build(),
            editor_slot: El::new("div").build(),
        })
    }

    fn templates_section(self: &Rc<Self>) -> Element {
        let new_button = El::new("button")
            .class("primary")
            .attr("type", "button")
            .text("New template")
            .build();
        let weak = Rc::downgrade(self);
        let new_button = El::from_element(new_button)
            .on(&self.owner, "click", move |_| {
                if let Some(p) = weak.upgrade() {
                    editor::open(&p, None);
                }
            })
            .build();
        El::new("section")
            .attr("aria-labelledby", "tpl-heading")
            .child(El::new("h2").attr("id", "tpl-heading").text("Role templates"))
            .child(El::new("p").class("muted").text(
                "Named sets of roles. Apply one in Segment's invite form with \"Apply template\", or name it in a CSV \"template\" column.",
            ))
            .child(self.home.clone())
            .child(transfer::controls(new_button, self))
            .child(self.status.clone())
            .child(self.editor_slot.clone())
            .child(self.list.clone())
            .build()
    }

    /// Reads storage again and redraws the list.
    pub(crate) fn reload(self: &Rc<Self>) {
        self.load_and_redraw(true);
    }

    /// Redraws after a change in storage, never seeding the examples.
    fn follow_change(self: &Rc<Self>) {
        self.load_and_redraw(false);
    }

    fn load_and_redraw(self: &Rc<Self>, seed_if_new: bool) {
        let this = self.clone();
        self.owner.spawn(async move {
            let loaded = if seed_if_new {
                template_store::load().await
            } else {
                template_store::load_as_stored().await
            };
            match loaded {
                Ok(loaded) => {
                    *this.loaded.borrow_mut() = loaded;
                    this.redraw();
                }
                Err(e) => this.say_bad("Templates could not be read", &[e.to_string()]),
            }
        });
    }

    fn redraw(self: &Rc<Self>) {
        let loaded = self.loaded.borrow();
        let _ = self
            .home
            .set_attribute("data-area", loaded.home.area_name());
        dom::set_text(&self.home, &loaded.home.describe());
        let class = match loaded.home {
            Home::Sync => "muted",
            Home::Local { .. } => "notice bad",
        };
        let _ = self.home.set_attribute("class", class);
        self.list_owner.clear();
        let list = template_list::render(self, &loaded);
        drop(loaded);
        dom::replace_children(&self.list, [list]);
    }

    /// The current library (as last loaded or saved).
    pub(crate) fn library(&self) -> TemplateLibrary {
        self.loaded.borrow().library.clone()
    }

    /// Where the templates live now.
    pub(crate) fn home(&self) -> Home {
        self.loaded.borrow().home.clone()
    }

    /// Shows a success message, mentioning local storage when that is where
    /// the templates went.
    pub(crate) fn say_done(self: &Rc<Self>, text: &str, home: &Home) {
        let mut children = vec![El::new("p").text(text).build()];
        if let Home::Local { .. } = home {
            children.push(
                El::new("p")
                    .class("notice bad")
                    .attr("role", "alert")
                    .text(&home.describe())
                    .build(),
            );
        }
        dom::replace_children(&self.status, children);
        self.reload();
    }

    /// Shows a problem with one line per detail.
    pub(crate) fn say_bad(&self, title: &str, lines: &[String]) {
        dom::replace_children(
            &self.status,
            [El::new("div")
                .class("notice bad")
                .attr("role", "alert")
                .child(El::new("strong").text(title))
                .child(
                    El::new("ul")
                        .class("problems")
                        .children(lines.iter().map(|l| El::new("li").text(l))),
                )
                .build()],
        );
    }

    pub(crate) fn clear_status(&self) {
        dom::clear(&self.status);
    }

    pub(crate) fn editor_slot(&self) -> &Element {
        &self.editor_slot
    }
}
