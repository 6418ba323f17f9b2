//! The panel's "Templates" tab: every template with a summary of its roles,
//! where they are stored, and "Manage templates" (the options page).

use std::rc::Rc;

use web_sys::Element;

use super::words::summary;
use crate::browser::runtime::open_options_page;
use crate::browser::template_store::{self, Home, Loaded};
use crate::ui::dom::{self, El};
use crate::ui::panel::View;
use crate::ui::Ctx;

struct Tab {
    ctx: Rc<Ctx>,
}

/// The tab.
pub fn new(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(Tab { ctx: ctx.clone() })
}

impl View for Tab {
    fn title(&self) -> &'static str {
        "Templates"
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let mount = self.ctx.mount.clone();
        let manage = El::new("button")
            .attr("type", "button")
            .text("Manage templates")
            .on(&*mount, "click", |_| open_options_page())
            .build();
        let home = El::new("p")
            .class("muted tpl-home")
            .attr("data-area", "")
            .build();
        let list = El::new("div")
            .class("tpl-list")
            .attr("aria-live", "polite")
            .text("Loading templates…")
            .build();
        dom::replace_children(
            into,
            [
                El::new("div")
                    .class("row")
                    .child(El::new("h3").class("grow").text("Role templates"))
                    .child(manage)
                    .build(),
                El::new("p")
                    .class("muted")
                    .text("Apply a template from the \"Apply template\" control inside the invite form, or name it in a CSV \"template\" column.")
                    .build(),
                home.clone(),
                list.clone(),
            ],
        );
        let weak = Rc::downgrade(&mount);
        let refresh = move || {
            let (home, list) = (home.clone(), list.clone());
            let Some(mount) = weak.upgrade() else { return };
            mount.spawn(async move {
                match template_store::load().await {
                    Ok(loaded) => render(&home, &list, &loaded),
                    Err(e) => dom::replace_children(
                        &list,
                        [El::new("p")
                            .class("notice bad")
                            .attr("role", "alert")
                            .text(&e.to_string())
                            .build()],
                    ),
                }
            });
        };
        refresh();
        match template_store::on_change(refresh) {
            Ok(watch) => mount.hold(watch),
            Err(e) => gloo::console::warn!(format!("Access Kit: {e}")),
        }
    }
}

fn render(home_el: &Element, list: &Element, loaded: &Loaded) {
    let _ = home_el.set_attribute("data-area", loaded.home.area_name());
    dom::set_text(home_el, &loaded.home.describe());
    if let Home::Local { .. } = loaded.home {
        let _ = home_el.set_attribute("class", "notice tpl-home");
    } else {
        let _ = home_el.set_attribute("class", "muted tpl-home");
    }
    let mut children: Vec<Element> = Vec::new();
    if loaded.library.is_empty() {
        children.push(
            El::new("p")
                .text("No templates yet. Create some with \"Manage templates\".")
                .build(),
        );
    } else {
        let rows = loaded.library.templates().iter().map(|t| {
            El::new("tr")
                .child(El::new("td").child(El::new("strong").text(&t.name)))
                .child(El::new("td").text(&summary(&t.role_set)))
        });
        children.push(
            El::new("table")
                .attr("aria-label", "Role templates")
                .child(
                    El::new("thead").child(
                        El::new("tr")
                            .child(El::new("th").attr("scope", "col").text("Template"))
                            .child(El::new("th").attr("scope", "col").text("Roles")),
                    ),
                )
                .child(El::new("tbody").children(rows))
                .build(),
        );
    }
    if !loaded.skipped.is_empty() {
        children.push(
            El::new("div")
                .class("notice bad")
                .attr("role", "alert")
                .child(
                    El::new("p").text("Some stored templates could not be read and are left out:"),
                )
                .child(El::new("ul").children(loaded.skipped.iter().map(|s| El::new("li").text(s))))
                .build(),
        );
    }
    dom::replace_children(list, children);
}
