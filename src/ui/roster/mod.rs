//! The "Roster" tab: the exact roster as a file (issue 14).
//!
//! The tab is a column of sections sharing one [`RosterTab`]: [`export`]
//! ("Export roster" → progress with Cancel → summary → Download CSV / JSON)
//! keeps the last read in [`RosterTab::last`]; [`plan`] ("Desired roster"
//! → "Plan" → "Apply") follows it. Both read the page through one reader
//! with progress and Cancel ([`reading`]).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use super::panel::View;
use super::Ctx;
use crate::driver::roster::RosterRead;

pub mod export;
pub mod plan;
mod plan_words;
mod reading;
pub mod words;

/// The tab's shared state.
pub struct RosterTab {
    pub ctx: Rc<Ctx>,
    /// The last finished export (complete or partial), if any.
    pub last: RefCell<Option<Rc<RosterRead>>>,
    plan: Rc<dyn View>,
}

/// The tab for the panel.
pub fn view(ctx: &Rc<Ctx>) -> Rc<dyn View> {
    Rc::new(RosterTab {
        ctx: ctx.clone(),
        last: RefCell::new(None),
        plan: plan::view(ctx),
    })
}

impl View for RosterTab {
    fn title(&self) -> &'static str {
        words::TAB
    }

    fn mount(self: Rc<Self>, into: &Element) {
        let _ = into.append_child(&export::build(&self));
        self.plan.clone().mount(into);
    }
}
