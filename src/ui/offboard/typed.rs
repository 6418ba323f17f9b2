//! "Confirm removal": the box where the person types how many people lose
//! access, and the "Start" it gates. Only the browser's own (trusted)
//! input counts: what the person last typed or pasted must still be the
//! box's value, so a value set by script since does not confirm (as in
//! `ui::confirm`); and only a trusted click on Start starts anything.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::words;
use crate::ui::dom::{set_text, El};
use crate::ui::mount::Mount;

/// The confirmation box, its sentence and its Start button.
pub struct TypedCount {
    /// Everything, hidden until [`TypedCount::ask`].
    pub el: Element,
    input: HtmlInputElement,
    help: Element,
    start: HtmlButtonElement,
    /// What the person last typed; `None` once script changed it.
    typed: RefCell<Option<String>>,
    /// The number asked for (0: nothing to confirm).
    wanted: Cell<usize>,
}

impl TypedCount {
    /// `id`: unique within the panel (the box's and its sentence's ids).
    pub fn build(id: &str) -> Rc<TypedCount> {
        Self::build_as(id, words::CONFIRM_LABEL, "Start")
    }

    /// [`TypedCount::build`] with the box's label and the button's name.
    pub fn build_as(id: &str, label: &str, button: &str) -> Rc<TypedCount> {
        let help_id = format!("{id}-help");
        let input: HtmlInputElement = El::new("input")
            .attr("id", id)
            .attr("type", "text")
            .attr("autocomplete", "off")
            .attr("inputmode", "numeric")
            .attr("aria-describedby", &help_id)
            .build()
            .unchecked_into();
        let help = El::new("p").attr("id", &help_id).build();
        let start: HtmlButtonElement = El::new("button")
            .class("danger")
            .attr("type", "button")
            .text(button)
            .flag("disabled", true)
            .build()
            .unchecked_into();
        let el = El::new("div")
            .class("confirm-removal")
            .flag("hidden", true)
            .child(help.clone())
            .child(
                El::new("div")
                    .class("field")
                    .child(El::new("label").attr("for", id).text(label))
                    .child(&input),
            )
            .child(&start)
            .build();
        Rc::new(TypedCount {
            el,
            input,
            help,
            start,
            typed: RefCell::new(None),
            wanted: Cell::new(0),
        })
    }

    /// Listens (for as long as `mount` lasts): typing calls `changed`, a
    /// trusted click on Start calls `start`.
    pub fn wire(
        self: &Rc<Self>,
        mount: &Mount,
        changed: impl Fn() + 'static,
        start: impl Fn() + 'static,
    ) {
        let weak = Rc::downgrade(self);
        mount.listen(&self.input, "input", move |e| {
            if let Some(me) = weak.upgrade() {
                *me.typed.borrow_mut() = e.is_trusted().then(|| me.input.value());
                changed();
            }
        });
        mount.listen(&self.start, "click", move |e| {
            if e.is_trusted() {
                start();
            }
        });
    }

    /// Shows the box asking for `n`, with `sentence` naming who loses access.
    pub fn ask(&self, n: usize, sentence: &str) {
        self.reset();
        self.wanted.set(n);
        set_text(&self.help, sentence);
        let _ = self.el.remove_attribute("hidden");
    }

    /// Hides and empties the box.
    pub fn reset(&self) {
        self.wanted.set(0);
        *self.typed.borrow_mut() = None;
        self.input.set_value("");
        let _ = self.el.set_attribute("hidden", "");
        self.start.set_disabled(true);
    }

    /// Whether the person typed exactly the number asked for.
    pub fn confirmed(&self) -> bool {
        let now = self.input.value();
        let wanted = self.wanted.get();
        wanted > 0
            && self.typed.borrow().as_deref() == Some(now.as_str())
            && now.trim().parse::<usize>().ok() == Some(wanted)
    }

    /// Enables Start when confirmed and `ready`.
    pub fn show(&self, ready: bool) {
        self.start.set_disabled(!(ready && self.confirmed()));
    }
}
