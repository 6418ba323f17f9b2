//! [`Driver`]: the profile plus the live page. Every method finds its
//! control afresh (React replaces nodes between steps), waits for it with a
//! typed timeout, and acts the way a person would.
//!
//! A driver belongs to one page's [`Lifetime`] ([`Driver::for_page`]):
//! every look at the page checks it first, so once that page has gone away
//! nothing is found, every wait fails with [`DriverError::Ended`] at its
//! next probe, and no flow can act on the page showing now.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use web_sys::Element;

use super::act::{self, Key};
use super::control::ControlId;
use super::dom::LiveDom;
use super::engine::{unique, FindError, Finder, Found};
use super::error::{Condition, DriverError};
use super::lifetime::Lifetime;
use super::profile::{Params, Profile, ProfileError};
use super::tree::{is_disabled, is_settled, OWN_HOST_ID};
use super::wait::{wait_for, Check};
use crate::core::pace::Pace;

/// How long the driver waits, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeouts {
    /// For a control to appear, settle or become enabled after an action.
    pub step_ms: u32,
    /// For the page to answer a submission (server round trip).
    pub submit_ms: u32,
    /// For a page of the users table to load.
    pub page_ms: u32,
    /// For an optional control, when only checking whether it shows up.
    pub glance_ms: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            step_ms: 8_000,
            submit_ms: 30_000,
            page_ms: 10_000,
            glance_ms: 1_500,
        }
    }
}

thread_local! {
    static REACH_SEARCHES: Cell<u32> = const { Cell::new(0) };
}

/// How many page searches [`Driver::control_at`] has run so far (for tests:
/// a whole-table read's own clicks must not cause any).
pub fn reach_searches() -> u32 {
    REACH_SEARCHES.with(Cell::get)
}

/// How many times its fast-page limit a wait may grow to on a slow page.
pub const PACE_CAP: u32 = 4;

/// The page driver.
#[derive(Debug, Clone)]
pub struct Driver {
    profile: Profile,
    /// Waiting limits.
    pub timeouts: Timeouts,
    /// The page this driver acts on.
    lifetime: Lifetime,
    /// A whole-table read is paging the table (shared by clones).
    read_busy: Rc<Cell<bool>>,
    /// How fast the page has been answering (shared by clones).
    pace: Rc<RefCell<Pace>>,
}

impl Driver {
    /// A driver with this profile and default timeouts.
    pub fn new(profile: Profile) -> Driver {
        Driver {
            profile,
            timeouts: Timeouts::default(),
            lifetime: Lifetime::forever(),
            read_busy: Rc::default(),
            pace: Rc::default(),
        }
    }

    /// This driver, for the page of `lifetime` only.
    pub fn for_page(&self, lifetime: Lifetime) -> Driver {
        Driver {
            lifetime,
            ..self.clone()
        }
    }

    /// The lifetime of the page this driver acts on.
    pub fn lifetime(&self) -> &Lifetime {
        &self.lifetime
    }

    /// `Ok` while this driver's page is showing.
    pub fn live(&self) -> Result<(), DriverError> {
        self.lifetime.check()
    }

    /// A driver with the built-in profile.
    pub fn builtin() -> Result<Driver, DriverError> {
        Ok(Driver::new(Profile::builtin()?))
    }

    /// A driver with the built-in profile and the user's override (from the
    /// options page) merged over it.
    pub fn with_override(override_json: &str) -> Result<Driver, ProfileError> {
        Ok(Driver::new(
            Profile::builtin()?.with_override(override_json)?,
        ))
    }

    /// The waiting limits, grown to the page's observed answer times (see
    /// `core::pace`): at most `PACE_CAP` times the fast-page limits. Glances
    /// stay short: they only check whether something optional shows.
    pub fn limits(&self) -> Timeouts {
        let pace = self.pace.borrow();
        let t = self.timeouts;
        let scale = |base: u32| pace.scale(base, base.saturating_mul(PACE_CAP));
        Timeouts {
            step_ms: scale(t.step_ms),
            submit_ms: scale(t.submit_ms),
            page_ms: scale(t.page_ms),
            glance_ms: t.glance_ms,
        }
    }

    /// Records how long one server round trip took.
    pub fn observe_answer(&self, ms: f64) {
        self.pace
            .borrow_mut()
            .observe(ms.clamp(0.0, f64::from(u32::MAX)) as u32);
    }

    /// The page's median answer time when it is slow.
    pub fn slow_ms(&self) -> Option<u32> {
        self.pace.borrow().slow_ms()
    }

    /// The flag of whole-table reads (see `read::ReadTurn`).
    pub(crate) fn read_busy(&self) -> Rc<Cell<bool>> {
        self.read_busy.clone()
    }

    /// The profile in use.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The live document.
    pub fn dom(&self) -> Result<LiveDom, DriverError> {
        LiveDom::current()
    }

    // ------------------------------------------------------------ finding now

    /// Raw search result of a control (first matching alternative).
    pub fn probe(
        &self,
        id: ControlId,
        params: &Params,
        scope: Option<&Element>,
    ) -> Result<Found<Element>, FindError> {
        let dom = LiveDom::current().map_err(|e| FindError::NotFound {
            control: id.to_string(),
            looked_in: e.to_string(),
        })?;
        Finder::new(&dom, &self.profile).find(id, params, scope)
    }

    /// The one element of a control, now.
    pub fn find(&self, id: ControlId, params: &Params) -> Result<Element, DriverError> {
        self.live()?;
        let f = self.probe(id, params, None)?;
        Ok(unique(id.as_str(), f.nodes)?)
    }

    /// The one element of a control inside `scope`, now.
    pub fn find_in(
        &self,
        id: ControlId,
        params: &Params,
        scope: &Element,
    ) -> Result<Element, DriverError> {
        self.live()?;
        let f = self.probe(id, params, Some(scope))?;
        Ok(unique(id.as_str(), f.nodes)?)
    }

    /// Every element of a control, now (empty when absent).
    pub fn find_all(&self, id: ControlId, params: &Params) -> Result<Vec<Element>, DriverError> {
        self.find_all_scoped(id, params, None)
    }

    /// Every element of a control inside `scope`, now (empty when absent).
    pub fn find_all_in(
        &self,
        id: ControlId,
        params: &Params,
        scope: &Element,
    ) -> Result<Vec<Element>, DriverError> {
        self.find_all_scoped(id, params, Some(scope))
    }

    fn find_all_scoped(
        &self,
        id: ControlId,
        params: &Params,
        scope: Option<&Element>,
    ) -> Result<Vec<Element>, DriverError> {
        self.live()?;
        match self.probe(id, params, scope) {
            Ok(f) => Ok(f.nodes),
            Err(FindError::NotFound { .. }) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    }

    /// The first of `ids` whose element `chain` (an activated element and
    /// its ancestors, [`super::dom::composed_ancestors`]) holds, if any.
    /// The page is searched for a control only when an element of the
    /// chain could be one of its elements (see [`super::reach`]): what
    /// activates the pager, a row or our own panel costs no search.
    pub fn control_at(&self, chain: &[Element], ids: &[ControlId]) -> Option<(ControlId, Element)> {
        let dom = LiveDom::current().ok()?;
        // Our own UI is never the page's (no search finds anything in it).
        if let Some(own) = dom.document().get_element_by_id(OWN_HOST_ID) {
            if chain.contains(&own) {
                return None;
            }
        }
        let finder = Finder::new(&dom, &self.profile);
        let none = Params::none();
        ids.iter().find_map(|&id| {
            // A profile the rule cannot read is put to the search, which says why.
            if !finder.could_be(id, &none, chain).unwrap_or(true) {
                return None;
            }
            REACH_SEARCHES.with(|n| n.set(n.get() + 1));
            self.find_all(id, &none)
                .ok()?
                .into_iter()
                .find(|el| chain.contains(el))
                .map(|el| (id, el))
        })
    }

    /// Whether the control is on the page now (at least one match).
    pub fn is_present(&self, id: ControlId, params: &Params) -> Result<bool, DriverError> {
        Ok(!self.find_all(id, params)?.is_empty())
    }

    // ---------------------------------------------------------------- waiting

    /// Wait until the control meets `condition`; the element for every
    /// condition but `Disappear`. Several matches count as "not yet" (an
    /// overlay may be leaving while its replacement enters) and become an
    /// `Ambiguous` error only at the deadline.
    pub async fn wait(
        &self,
        id: ControlId,
        params: &Params,
        condition: Condition,
        timeout_ms: u32,
    ) -> Result<Option<Element>, DriverError> {
        let last: RefCell<Option<FindError>> = RefCell::new(None);
        let dom = LiveDom::current()?;
        let probe = || {
            if let Err(e) = self.live() {
                return Check::Fail(e);
            }
            // A fresh finder per look: it remembers anchors for one look only.
            let found = Finder::new(&dom, &self.profile)
                .find(id, params, None)
                .and_then(|f| unique(id.as_str(), f.nodes));
            match (condition, found) {
                (Condition::Disappear, Err(FindError::NotFound { .. })) => Check::Done(None),
                (Condition::Disappear, Ok(_)) => Check::NotYet,
                (Condition::Disappear, Err(FindError::Ambiguous { .. })) => Check::NotYet,
                (_, Ok(el)) => {
                    let ready = match condition {
                        Condition::Enabled => !is_disabled(&dom, &el),
                        Condition::Settled => is_settled(&dom, &el),
                        _ => true,
                    };
                    if ready {
                        Check::Done(Some(el))
                    } else {
                        Check::NotYet
                    }
                }
                (_, Err(e @ (FindError::NotFound { .. } | FindError::Ambiguous { .. }))) => {
                    *last.borrow_mut() = Some(e);
                    Check::NotYet
                }
                (_, Err(e)) => Check::Fail(e.into()),
            }
        };
        let on_timeout = |waited_ms: u64| match last.borrow_mut().take() {
            Some(FindError::Ambiguous { control, count }) => {
                DriverError::Ambiguous { control, count }
            }
            Some(FindError::NotFound { control, looked_in }) if condition == Condition::Appear => {
                DriverError::NotFound {
                    control,
                    looked_in,
                    waited_ms,
                }
            }
            Some(FindError::NotFound { looked_in, .. }) => DriverError::Timeout {
                control: id.to_string(),
                condition,
                looked_in,
                waited_ms,
            },
            _ => DriverError::Timeout {
                control: id.to_string(),
                condition,
                looked_in: self.looked_in(id, params),
                waited_ms,
            },
        };
        wait_for(timeout_ms, probe, on_timeout).await
    }

    /// Where a control is looked for, for messages.
    fn looked_in(&self, id: ControlId, params: &Params) -> String {
        match self.probe(id, params, None) {
            Err(FindError::NotFound { looked_in, .. }) => looked_in,
            _ => match self.profile.locators(id, params) {
                Ok(ls) => ls
                    .iter()
                    .map(|l| l.describe())
                    .collect::<Vec<_>>()
                    .join("; or "),
                Err(e) => e.to_string(),
            },
        }
    }

    /// Wait (step timeout) for the control to appear; its element.
    pub async fn appear(&self, id: ControlId, params: &Params) -> Result<Element, DriverError> {
        self.wait_element(id, params, Condition::Appear, self.limits().step_ms)
            .await
    }

    /// Wait (step timeout) for the control to appear and finish opening.
    pub async fn settled(&self, id: ControlId, params: &Params) -> Result<Element, DriverError> {
        self.wait_element(id, params, Condition::Settled, self.limits().step_ms)
            .await
    }

    /// Wait (step timeout) for the control to appear enabled.
    pub async fn enabled(&self, id: ControlId, params: &Params) -> Result<Element, DriverError> {
        self.wait_element(id, params, Condition::Enabled, self.limits().step_ms)
            .await
    }

    /// Wait (step timeout) for the control to leave the page.
    pub async fn gone(&self, id: ControlId, params: &Params) -> Result<(), DriverError> {
        self.wait(id, params, Condition::Disappear, self.limits().step_ms)
            .await
            .map(|_| ())
    }

    async fn wait_element(
        &self,
        id: ControlId,
        params: &Params,
        c: Condition,
        ms: u32,
    ) -> Result<Element, DriverError> {
        self.wait(id, params, c, ms)
            .await?
            .ok_or(DriverError::Detached {
                control: id.to_string(),
            })
    }

    /// Wait up to `timeout_ms` for at least one match of a control (for
    /// `many` controls such as rows and toasts).
    pub async fn appear_all(
        &self,
        id: ControlId,
        params: &Params,
        timeout_ms: u32,
    ) -> Result<Vec<Element>, DriverError> {
        let probe = || match self.find_all(id, params) {
            Ok(v) if !v.is_empty() => Check::Done(v),
            Ok(_) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        wait_for(timeout_ms, probe, |waited_ms| DriverError::NotFound {
            control: id.to_string(),
            looked_in: self.looked_in(id, params),
            waited_ms,
        })
        .await
    }

    // ----------------------------------------------------------------- acting

    /// Wait for the control to be enabled, then click it like a person.
    pub async fn click(&self, id: ControlId, params: &Params) -> Result<(), DriverError> {
        let el = self.enabled(id, params).await?;
        act::click(&el)
    }

    /// Type `text` into a text field so React registers it, then check that
    /// the field (found afresh) holds it.
    pub async fn type_text(
        &self,
        id: ControlId,
        params: &Params,
        text: &str,
    ) -> Result<(), DriverError> {
        let el = self.enabled(id, params).await?;
        act::set_text(&el, text)?;
        let probe = || match self.find(id, params) {
            Ok(el) if act::text_value(&el) == text => Check::Done(()),
            Ok(_) => Check::NotYet,
            Err(DriverError::NotFound { .. }) => Check::Fail(DriverError::Detached {
                control: id.to_string(),
            }),
            Err(e) => Check::Fail(e),
        };
        wait_for(self.timeouts.glance_ms, probe, |_| DriverError::NoEffect {
            control: id.to_string(),
            what: format!(
                "the field did not keep the text {text:?} (did the page ignore the input?)"
            ),
        })
        .await
    }

    /// Bring a checkbox or radio to `on`, clicking only if needed; `true`
    /// when it changed. The new state is read from the element found afresh.
    pub async fn set_checked(
        &self,
        id: ControlId,
        params: &Params,
        on: bool,
    ) -> Result<bool, DriverError> {
        let el = self.appear(id, params).await?;
        let dom = LiveDom::current()?;
        if act::is_checked(&el) == Some(on) {
            return Ok(false);
        }
        if is_disabled(&dom, &el) {
            return Err(DriverError::Disabled {
                control: id.to_string(),
            });
        }
        act::click(&el)?;
        let probe = || match self.find(id, params) {
            Ok(el) if act::is_checked(&el) == Some(on) => Check::Done(true),
            Ok(_) => Check::NotYet,
            Err(DriverError::NotFound { .. }) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        wait_for(self.limits().step_ms, probe, |waited_ms| {
            DriverError::NoEffect {
                control: id.to_string(),
                what: format!(
                    "still {} after a click ({waited_ms} ms)",
                    if on { "unchecked" } else { "checked" }
                ),
            }
        })
        .await
    }

    /// Whether a checkbox or radio is checked now.
    pub fn is_checked(&self, id: ControlId, params: &Params) -> Result<bool, DriverError> {
        let el = self.find(id, params)?;
        act::is_checked(&el).ok_or(DriverError::NoEffect {
            control: id.to_string(),
            what: "is not a checkbox or radio".into(),
        })
    }

    /// Press a key on the focused element (or the body).
    pub fn press(&self, key: Key) -> Result<(), DriverError> {
        self.live()?;
        let dom = LiveDom::current()?;
        let target: web_sys::EventTarget = match dom.document().active_element() {
            Some(el) => el.into(),
            None => match dom.document().body() {
                Some(b) => b.into(),
                None => {
                    return Err(DriverError::NoPage {
                        reason: "no body".into(),
                    })
                }
            },
        };
        act::press(&target, key)
    }
}
