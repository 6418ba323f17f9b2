//! The floating "Access Kit" button that opens the panel.

use std::rc::Rc;

use super::dom::El;
use super::panel::Panel;
use super::Ctx;

/// Adds the launcher to the shadow root; clicking it toggles the panel.
pub fn mount(ctx: &Rc<Ctx>, panel: Rc<Panel>) {
    let engine = ctx.engine.as_str();
    let button = El::new("button")
        .class("ak launcher")
        .attr("type", "button")
        .attr("aria-haspopup", "dialog")
        .attr("aria-expanded", "false")
        .attr("data-engine", engine)
        .attr("title", &format!("Segment Access Kit ({engine} build)"))
        .child(El::new("span").class("dot").attr("aria-hidden", "true"))
        .text("Access Kit")
        .build();
    panel.attach_launcher(button.clone());
    let button = El::from_element(button)
        .on("click", move |_| {
            panel.toggle();
        })
        .build();
    let _ = ctx.root.append_child(&button);
}
