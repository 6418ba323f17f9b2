//! Acting on an element so that React sees it, the way a person's browser
//! would report it — from any of the three JavaScript worlds the driver runs
//! in, with one code path:
//!
//! - Chromium's isolated world (the content script): page objects are the
//!   page's own, but page-defined JS properties on them are invisible.
//! - Firefox's content-script sandbox: page objects are *Xray wrappers*
//!   (the DOM as the browser defines it, no page-defined properties), and
//!   they belong to another compartment — `x instanceof Object` is false for
//!   them, so wasm-bindgen's checked casts (`dyn_into::<Object>()`) fail.
//!   Values from the page are therefore cast unchecked where only
//!   `Reflect` works on them, and functions are recognised by `typeof`.
//! - The page's main world (wasm-bindgen-test pages): everything is plain,
//!   React's value tracker included.
//!
//! Writes go through the DOM's own accessors and event constructors, which
//! behave the same in all three.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, EventInit, EventTarget, HtmlElement, HtmlInputElement, HtmlOptionElement,
    HtmlSelectElement, HtmlTextAreaElement, InputEvent, InputEventInit, KeyboardEvent,
    KeyboardEventInit, MouseEvent, MouseEventInit, PointerEvent, PointerEventInit,
};

use super::error::DriverError;

/// Set the text of an `<input>` or `<textarea>` so React's `onChange` fires.
///
/// React keeps a value tracker on the element; a plain `.value = x` (which
/// is all `HtmlInputElement::set_value` does) updates the tracker too, so
/// React sees no change and swallows the event in the page's main world.
/// Calling the *prototype's* native setter bypasses the tracker; a bubbling
/// `input` event then reaches React's root listener. (In the content-script
/// worlds the tracker is invisible anyway; the native setter is right there
/// too.)
pub fn set_text(el: &Element, value: &str) -> Result<(), DriverError> {
    let proto_name = if el.is_instance_of::<HtmlTextAreaElement>() {
        "HTMLTextAreaElement"
    } else if el.is_instance_of::<HtmlInputElement>() {
        "HTMLInputElement"
    } else {
        return Err(DriverError::NoEffect {
            control: describe(el),
            what: "is not a text field (input or textarea)".into(),
        });
    };
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
    set_native_value(el, proto_name, value)?;
    let init = InputEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(false);
    init.set_composed(true);
    init.set_input_type("insertText");
    init.set_data(Some(value));
    let input = InputEvent::new_with_event_init_dict("input", &init).map_err(DriverError::js)?;
    el.dispatch_event(&input).map_err(DriverError::js)?;
    dispatch(el, "change")?;
    Ok(())
}

/// Choose the option whose `value` is `value` in a native `<select>`, as a
/// person's choice is reported (`input`, then `change`, both bubbling).
pub fn select_option(el: &Element, value: &str) -> Result<(), DriverError> {
    let Some(select) = el.dyn_ref::<HtmlSelectElement>() else {
        return Err(DriverError::NoEffect {
            control: describe(el),
            what: "is not a drop-down list (select)".into(),
        });
    };
    let options = select
        .query_selector_all("option")
        .map_err(DriverError::js)?;
    let offered = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.dyn_into::<HtmlOptionElement>().ok())
        .any(|o| o.value() == value);
    if !offered {
        return Err(DriverError::NoEffect {
            control: describe(el),
            what: format!("has no option with value {value:?}"),
        });
    }
    set_native_value(el, "HTMLSelectElement", value)?;
    dispatch(el, "input")?;
    dispatch(el, "change")
}

/// `el.value = value` through `<proto_name>.prototype`'s own setter.
fn set_native_value(el: &Element, proto_name: &str, value: &str) -> Result<(), DriverError> {
    native_value_setter(proto_name)?
        .call1(el, &JsValue::from_str(value))
        .map_err(DriverError::js)
        .map(drop)
}

/// The `set` function of `<proto_name>.prototype.value`.
///
/// No checked cast of the prototype: in Firefox it is an Xray wrapper from
/// the page's compartment, which fails `instanceof Object` here (the issue-12
/// bug, "browser error: JsValue(HTMLInputElement)"). `Reflect` accepts any
/// object, and `Function` is checked by `typeof`, which Xrays pass.
fn native_value_setter(proto_name: &str) -> Result<js_sys::Function, DriverError> {
    let global = js_sys::global();
    let ctor =
        js_sys::Reflect::get(&global, &JsValue::from_str(proto_name)).map_err(DriverError::js)?;
    let proto =
        js_sys::Reflect::get(&ctor, &JsValue::from_str("prototype")).map_err(DriverError::js)?;
    let desc = js_sys::Reflect::get_own_property_descriptor(
        proto.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str("value"),
    )
    .map_err(DriverError::js)?;
    js_sys::Reflect::get(&desc, &JsValue::from_str("set"))
        .map_err(DriverError::js)?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| DriverError::Js {
            message: format!("{proto_name}.prototype.value has no setter"),
        })
}

/// The current value of a text field ("" for other elements).
pub fn text_value(el: &Element) -> String {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else {
        String::new()
    }
}

/// Dispatch a plain bubbling, cancelable event (`change` after a choice).
pub fn dispatch(target: &EventTarget, kind: &str) -> Result<(), DriverError> {
    let init = EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = Event::new_with_event_init_dict(kind, &init).map_err(DriverError::js)?;
    target.dispatch_event(&ev).map_err(DriverError::js)?;
    Ok(())
}

/// Click like a person: the pointer and mouse events some components listen
/// to (Radix-style triggers open on `pointerdown`, react-select on
/// `mousedown`), then a real `click()` so native default actions (toggling a
/// checkbox, following a label) happen.
pub fn click(el: &Element) -> Result<(), DriverError> {
    let (x, y) = center(el);
    pointer(el, "pointerover", x, y, 0)?;
    pointer(el, "pointerdown", x, y, 1)?;
    mouse(el, "mousedown", x, y, 1)?;
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
    pointer(el, "pointerup", x, y, 0)?;
    mouse(el, "mouseup", x, y, 0)?;
    match el.dyn_ref::<HtmlElement>() {
        Some(h) => h.click(),
        // SVG icons (the side sheet's ×) have no click(); a bubbling click
        // event reaches the handler on their container.
        None => mouse(el, "click", x, y, 0)?,
    }
    Ok(())
}

fn center(el: &Element) -> (i32, i32) {
    let r = el.get_bounding_client_rect();
    (
        (r.left() + r.width() / 2.0) as i32,
        (r.top() + r.height() / 2.0) as i32,
    )
}

fn pointer(el: &Element, kind: &str, x: i32, y: i32, buttons: u16) -> Result<(), DriverError> {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    init.set_button(0);
    init.set_buttons(buttons);
    init.set_client_x(x);
    init.set_client_y(y);
    init.set_pointer_id(1);
    init.set_pointer_type("mouse");
    init.set_is_primary(true);
    let ev = PointerEvent::new_with_event_init_dict(kind, &init).map_err(DriverError::js)?;
    el.dispatch_event(&ev).map_err(DriverError::js)?;
    Ok(())
}

fn mouse(el: &Element, kind: &str, x: i32, y: i32, buttons: u16) -> Result<(), DriverError> {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_composed(true);
    init.set_button(0);
    init.set_buttons(buttons);
    init.set_client_x(x);
    init.set_client_y(y);
    let ev = MouseEvent::new_with_mouse_event_init_dict(kind, &init).map_err(DriverError::js)?;
    el.dispatch_event(&ev).map_err(DriverError::js)?;
    Ok(())
}

/// Keys the flows press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Enter (select the highlighted option, submit).
    Enter,
    /// Escape (close a popover, dialog or side sheet).
    Escape,
    /// Arrow down (move the highlight).
    ArrowDown,
    /// Arrow up.
    ArrowUp,
}

impl Key {
    fn parts(self) -> (&'static str, &'static str, u32) {
        match self {
            Key::Enter => ("Enter", "Enter", 13),
            Key::Escape => ("Escape", "Escape", 27),
            Key::ArrowDown => ("ArrowDown", "ArrowDown", 40),
            Key::ArrowUp => ("ArrowUp", "ArrowUp", 38),
        }
    }
}

/// Press and release a key on `target` (events bubble to `document` and
/// `window`, where Evergreen's overlays and menus listen).
pub fn press(target: &EventTarget, key: Key) -> Result<(), DriverError> {
    let (k, code, key_code) = key.parts();
    for kind in ["keydown", "keyup"] {
        let init = KeyboardEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_composed(true);
        init.set_key(k);
        init.set_code(code);
        init.set_key_code(key_code);
        init.set_which(key_code);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict(kind, &init)
            .map_err(DriverError::js)?;
        target.dispatch_event(&ev).map_err(DriverError::js)?;
    }
    Ok(())
}

/// Checked state as a person sees it: the input's live `checked`, or
/// `aria-checked` on a custom checkbox/radio.
pub fn is_checked(el: &Element) -> Option<bool> {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        if matches!(i.type_().as_str(), "checkbox" | "radio") {
            return Some(i.checked());
        }
    }
    match el.get_attribute("aria-checked").as_deref() {
        Some("true") | Some("mixed") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

/// A short description of an element for messages (`input[type=radio]`).
pub fn describe(el: &Element) -> String {
    let tag = el.tag_name().to_ascii_lowercase();
    match el.get_attribute("type") {
        Some(t) => format!("{tag}[type={t}]"),
        None => tag,
    }
}
