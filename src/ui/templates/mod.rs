//! Role templates in the Segment tab: the panel's "Templates" tab (what is
//! saved, where, and a way to the options page that manages them) and the
//! "Apply template" control inside the page's own invite form.

mod form_control;
mod tab;
pub mod words;

use std::rc::Rc;

use super::panel::View;
use super::Ctx;

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    tab::new(ctx)
}

/// Starts the in-form control, which must work whether or not the panel was
/// ever opened (the core loads it when the invite form first opens:
/// `ui::lazy::watch_invite_form`).
pub fn install_form_control(ctx: &Rc<Ctx>) {
    form_control::install(ctx);
}
