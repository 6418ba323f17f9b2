//! The floating "Access Kit" button that opens the panel.
//!
//! It must never sit on one of the page's own controls (a side sheet's
//! "Invite" button lives in the same corner), so it moves to the other
//! bottom corner whenever something the person could click is underneath.
//! It looks again only when the page changes (a mutation, a resize), a
//! moment after the change settles: nothing runs while nothing happens.
//!
//! Usable before the core is (issue 16): the loader (extension/content.js)
//! draws this button in our shadow host as soon as its route check passes,
//! with the same role, name, classes and rules (`launcher.css`), and no
//! feature logic: a click then only marks it pending (`aria-busy`,
//! `data-pending-open`). The core takes that button over (title,
//! `data-engine`, which tells the loader's handler to stand aside, its own
//! click handler, placement) and opens the panel if a click is pending.
//! From then on it belongs to the mount and goes with the host at its end.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserverInit};

use super::dom::{document, El};
use super::panel::Panel;
use super::shadow::HOST_ID;
use super::Ctx;

/// What a person clicks or types into on the page.
const INTERACTIVE: &str =
    "button, a[href], input, select, textarea, label, [role=button], [role=link], [role=tab], [role=checkbox], [role=radio]";

/// The launcher's visible name (the loader draws it too: see `styles`).
pub const NAME: &str = "Access Kit";

/// Takes the launcher the loader drew (extension/content.js) or adds one to
/// the shadow root; clicking it toggles the panel. A click the loader held
/// while the core was on its way opens the panel now.
pub fn mount(ctx: &Rc<Ctx>, panel: Rc<Panel>) {
    let engine = ctx.engine.as_str();
    let drawn = ctx.root.query_selector("button.launcher").ok().flatten();
    let adopted = drawn.is_some();
    let button = drawn.unwrap_or_else(|| {
        El::new("button")
            .class("ak launcher")
            .attr("type", "button")
            .attr("aria-haspopup", "dialog")
            .attr("aria-expanded", "false")
            .child(El::new("span").class("dot").attr("aria-hidden", "true"))
            .text(NAME)
            .build()
    });
    panel.attach_launcher(button.clone());
    let p = panel.clone();
    ctx.mount.listen(&button, "click", move |_| {
        p.toggle();
    });
    let _ = button.set_attribute("title", &format!("Segment Access Kit ({engine} build)"));
    // Set last: from here the loader's own click handler stands aside.
    let _ = button.set_attribute("data-engine", engine);
    if !adopted {
        let _ = ctx.root.append_child(&button);
    } else if button.has_attribute(PENDING) {
        let _ = button.remove_attribute(PENDING);
        let _ = button.remove_attribute("aria-busy");
        panel.set_open(true);
    }

    let on_left = Rc::new(Cell::new(false));
    let place = move || {
        // Move only when the current corner covers a page control and the
        // other corner does not (no flapping when both are busy).
        if covers_page_control(&button) {
            let left = !on_left.get();
            set_side(&button, &panel, left);
            if covers_page_control(&button) {
                set_side(&button, &panel, !left);
            } else {
                on_left.set(left);
            }
        }
    };
    let place: Rc<dyn Fn()> = Rc::new(place);
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
    let soon = move || {
        let place = place.clone();
        // A burst of changes (an overlay sliding in) is looked at once, after it.
        *pending.borrow_mut() = Some(Timeout::new(SETTLE_MS, move || place()));
    };
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    let filter = js_sys::Array::of3(&"data-state".into(), &"style".into(), &"hidden".into());
    init.set_attribute_filter(&filter);
    if let Some(body) = document().body() {
        let s = soon.clone();
        if let Err(e) = ctx.mount.observe(&body, &init, move |_, _| s()) {
            gloo::console::warn!(format!(
                "Access Kit: the launcher cannot watch the page: {e:?}"
            ));
        }
    }
    let s = soon.clone();
    ctx.mount
        .listen(&gloo::utils::window(), "resize", move |_| s());
    soon();
}

/// The loader's mark on its launcher for a click made before the core came.
const PENDING: &str = "data-pending-open";

/// How long the page must stay unchanged before the launcher looks again.
const SETTLE_MS: u32 = 150;

fn set_side(button: &Element, panel: &Panel, left: bool) {
    let _ = button.class_list().toggle_with_force("left", left);
    panel.set_side(left);
}

/// Whether any of the page's interactive elements lies under the button.
fn covers_page_control(button: &Element) -> bool {
    let r = button.get_bounding_client_rect();
    if r.width() == 0.0 {
        return false;
    }
    let doc = document();
    let host = doc.get_element_by_id(HOST_ID);
    let (l, t, rt, b) = (
        r.left() + 3.0,
        r.top() + 3.0,
        r.right() - 3.0,
        r.bottom() - 3.0,
    );
    let points = [
        (l, t),
        (rt, t),
        (l, b),
        (rt, b),
        ((l + rt) / 2.0, (t + b) / 2.0),
    ];
    points.iter().any(|(x, y)| {
        doc.elements_from_point(*x as f32, *y as f32)
            .iter()
            .filter_map(|v| v.dyn_into::<Element>().ok())
            .filter(|e| Some(e) != host.as_ref())
            .any(|e| matches!(e.closest(INTERACTIVE), Ok(Some(_))))
    })
}
