//! Catching removals, demotions, owner grants and invites before the page
//! acts: the one interceptor of the last-owner guard and the safety prompts
//! (`super::prompts`), with one overlay (`ui::confirm`).
//!
//! Listeners sit on `window` in the capture phase, so they run before any of
//! the page's handlers (React listens at its root) and survive re-renders.
//! They belong to the mount and are removed when it ends.
//! Every path ends in one of three controls — the editor's remove button, the
//! removal dialog's confirm button, the editor's save button — reached by
//! mouse, keyboard (Enter/Space, which browsers and Evergreen turn into
//! clicks, but we also stop the keydown itself) or a form submit. The
//! invite form's submit button (and a submit of the form holding it) is the
//! fourth, for the prompts only.
//!
//! Which control an activation reaches is decided from its target upward
//! (the target and its ancestors, through shadow roots): the page is
//! searched for a control only when one of them could be that control's
//! element on its own (`driver::reach`). The clicks of a whole-table read
//! (five events per page turned) thus cost no search of the table.
//!
//! Order: the last-owner decision first (when that guard is on); what it
//! lets through is then put to the prompts. One overlay at a time.
//! What happens once an activation is stopped — asking, and replaying only
//! what the person saw — is [`answer`]'s.

mod answer;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use super::census::LiveCensus;
use super::prompts::{Concern, Prompts};
use super::{set_state, state_word};
use crate::core::email::comparison_key;
use crate::core::guard::{decide, Decision, GuardAction};
use crate::core::roles::WorkspaceRole;
use crate::core::safety::shown::ShownEdit;
use crate::driver::dom::{composed_ancestors, event_origin};
use crate::driver::lease;
use crate::driver::text::find_email;
use crate::driver::wait::now_ms;
use crate::driver::Driver;
use crate::driver::{ControlId, Params};
use crate::ui::lazy::Features;
use crate::ui::Ctx;

/// After the person confirms, the page's own follow-up steps for the same
/// person (e.g. its "Are you sure?" dialog) pass without asking again.
const CONFIRMED_FOR_MS: f64 = 60_000.0;

/// The controls an activation is checked against: the invite form's
/// submit (for the prompts), then those through which an owner can be lost.
const REACHED: [ControlId; 4] = [
    ControlId::InviteSubmit,
    ControlId::EditorRemove,
    ControlId::ConfirmButton,
    ControlId::EditorSave,
];

/// Elements a person activates; anything else cannot be one of ours.
const ACTIVATABLE: &str = "button, a, input, label, [role=button], [role=menuitem], [tabindex]";

/// What a guarded control would do, for the person named.
#[derive(Debug, Clone)]
struct Intent {
    control: ControlId,
    /// The removal or demotion, if this activation is one.
    action: Option<GuardAction>,
    /// The role the person will have once the page acts (for the census).
    after: Option<Option<WorkspaceRole>>,
    /// The person the editor or dialog is about, as read.
    who: Option<String>,
    /// What the activation does, as a replay compares it.
    shown: ShownEdit,
}

impl Intent {
    fn new(
        control: ControlId,
        action: Option<GuardAction>,
        after: Option<Option<WorkspaceRole>>,
        who: Option<String>,
    ) -> Intent {
        let removal = matches!(action, Some(GuardAction::Remove { .. }));
        let shown = ShownEdit::new(who.as_deref().unwrap_or_default(), after, removal);
        Intent {
            control,
            action,
            after,
            who,
            shown,
        }
    }

    /// The person this activation concerns: the action's, else the one read.
    fn email(&self) -> Option<String> {
        self.action
            .as_ref()
            .map(|a| a.email().to_string())
            .or_else(|| self.who.clone())
    }
}

/// What the guard does about an activation, as the page shows it now.
enum Verdict {
    /// Nothing to ask: the page may act.
    Pass,
    /// The owner count is older than the page's last change: read afresh.
    Afresh(GuardAction),
    /// A safety prompt speaks.
    Prompt(Concern),
    /// The last-owner guard asks (or stops).
    Ask(GuardAction, Decision),
}

/// The guard's state on this page.
pub struct Guard {
    ctx: Rc<Ctx>,
    census: LiveCensus,
    /// Comparison key of the person confirmed for, and until when.
    confirmed: RefCell<Option<(String, f64)>>,
    /// Set while we replay a confirmed click, so it passes through us.
    replaying: Cell<bool>,
    /// An overlay is up: further activations wait for its answer.
    asking: Cell<bool>,
    /// The last-owner guard is on (else only the prompts speak).
    last_owner: bool,
    prompts: Prompts,
    /// The feature module, whose invite prompts judge the invite form.
    features: Rc<dyn Features>,
}

impl Guard {
    pub fn new(
        ctx: Rc<Ctx>,
        census: LiveCensus,
        last_owner: bool,
        prompts: Prompts,
        features: Rc<dyn Features>,
    ) -> Guard {
        Guard {
            ctx,
            census,
            confirmed: RefCell::new(None),
            replaying: Cell::new(false),
            asking: Cell::new(false),
            last_owner,
            prompts,
            features,
        }
    }

    pub fn prompts(&self) -> &Prompts {
        &self.prompts
    }

    pub fn workspace(&self) -> &str {
        &self.ctx.workspace
    }

    pub fn census(&self) -> &LiveCensus {
        &self.census
    }

    pub fn driver(&self) -> &Driver {
        &self.ctx.driver
    }

    /// Shows the census state on the host element.
    pub fn publish(&self) {
        if !self.last_owner {
            return;
        }
        set_state(
            state_word(self.census.status()),
            Some(self.census.owner_count()),
        );
    }

    /// Folds the rows on screen into the census (see `census` module docs).
    pub fn merge_visible_rows(&self) {
        if self.asking.get() {
            return;
        }
        if let Ok(rows) = self.driver().read_visible_rows() {
            self.census.merge_rows(&rows);
            self.publish();
        }
    }

    /// The control an activation at `target` reaches: the invite form's
    /// submit or a guarded one, if any. Decided from the target upward (see
    /// `driver::reach`), so the many clicks of a whole-table read cost no
    /// search of the table.
    fn control_at(&self, target: &Element) -> Option<(ControlId, Element)> {
        let chain = composed_ancestors(target);
        let activatable = chain
            .iter()
            .any(|e| e.matches(ACTIVATABLE).unwrap_or(false));
        if !activatable {
            return None;
        }
        self.driver().control_at(&chain, &REACHED)
    }

    /// The person the open editor or removal dialog is about.
    fn subject(&self, control: ControlId) -> Option<String> {
        if control == ControlId::ConfirmButton {
            let from_dialog = self
                .driver()
                .find_all(ControlId::ConfirmDialog, &Params::none())
                .ok()
                .and_then(|d| d.into_iter().next())
                .and_then(|d| d.text_content())
                .and_then(|t| find_email(&t));
            if from_dialog.is_some() {
                return from_dialog;
            }
        }
        self.driver().open_editor_email().ok().flatten()
    }

    fn intent(&self, control: ControlId) -> Intent {
        let email = self.subject(control);
        let none = Params::none();
        match (control, email) {
            (ControlId::EditorSave, Some(email)) => {
                let checked = |id| self.driver().is_checked(id, &none).unwrap_or(false);
                let to_member = checked(ControlId::EditorMemberRadio);
                let to_owner = checked(ControlId::EditorOwnerRadio);
                let now = self.census.role(&email);
                let action = (to_member && now != Some(WorkspaceRole::Member)).then(|| {
                    GuardAction::Demote {
                        email: email.clone(),
                    }
                });
                let after = if to_owner {
                    Some(Some(WorkspaceRole::Owner))
                } else if to_member {
                    Some(Some(WorkspaceRole::Member))
                } else {
                    None
                };
                Intent::new(control, action, after, Some(email))
            }
            (ControlId::EditorSave, None) => Intent::new(control, None, None, None),
            // Without a name we cannot tell who goes: treat it as the
            // removal of an unknown person, which is only safe with two or
            // more owners.
            (_, email) => Intent::new(
                control,
                Some(GuardAction::Remove {
                    email: email.clone().unwrap_or_default(),
                }),
                (control == ControlId::ConfirmButton).then_some(None),
                email,
            ),
        }
    }

    /// The person confirmed going ahead for this target a moment ago.
    fn is_confirmed(&self, action: &GuardAction) -> bool {
        self.is_confirmed_for(action.email())
    }

    fn decision(&self, action: &GuardAction) -> Decision {
        if !self.last_owner || self.is_confirmed(action) {
            return Decision::Allow;
        }
        decide(
            &self.census.snapshot(),
            action,
            self.census.signed_in().as_deref(),
        )
    }

    /// Records what the page is about to do to the census.
    fn note(&self, intent: &Intent, email: Option<&str>) {
        if let (Some(after), Some(email)) = (intent.after, email) {
            self.census.set_role(email, after);
            if after.is_none() {
                self.confirmed.borrow_mut().take();
            }
            self.publish();
        }
    }

    /// The one decision point for every trigger. Returns true when the event
    /// must be stopped. `trusted`: a person's own input (not a script's).
    fn check(self: &Rc<Self>, target: &Element, ask: bool, trusted: bool) -> bool {
        if self.replaying.get() {
            return false;
        }
        let reached = self.control_at(target);
        if let Some((ControlId::InviteSubmit, _)) = reached {
            return self.check_invite(ask, trusted);
        }
        let Some((control, _)) = reached else {
            return false;
        };
        let intent = self.intent(control);
        if !trusted {
            // The extension's own action under a vetted plan: exactly
            // this person and action, vetted by the page's holder.
            if intent.action.as_ref().is_some_and(lease::is_vetted) {
                if ask {
                    let email = intent.action.as_ref().map(|a| a.email().to_string());
                    self.note(&intent, email.as_deref());
                }
                return false;
            }
            // A promotion a run's plan showed and flagged.
            if intent.after.flatten() == Some(WorkspaceRole::Owner) {
                let email = self.subject(control);
                if email.as_deref().is_some_and(lease::is_vetted_promote) {
                    if ask {
                        self.note(&intent, email.as_deref());
                    }
                    return false;
                }
            }
        }
        if self.asking.get() {
            // The overlay is up; nothing reaches the page's guarded controls.
            return true;
        }
        match self.verdict(&intent) {
            Verdict::Pass => {
                if ask {
                    let email = intent.email();
                    self.note(&intent, email.as_deref());
                    if control == ControlId::EditorRemove {
                        self.settle_removal_without_dialog(email);
                    }
                }
                false
            }
            verdict => {
                if ask {
                    self.asking_while(|me| me.respond(intent, verdict));
                }
                true
            }
        }
    }

    /// What to do about `intent`, as the page and the census stand now.
    fn verdict(&self, intent: &Intent) -> Verdict {
        // The count is older than the page's last change: read the table
        // again before deciding about an owner.
        let stale = intent.action.clone().filter(|a| {
            self.last_owner && !self.is_confirmed(a) && self.census.needs_fresh_read(a)
        });
        if let Some(action) = stale {
            return Verdict::Afresh(action);
        }
        let decision = match &intent.action {
            Some(action) => self.decision(action),
            None => Decision::Allow,
        };
        match (decision, intent.action.clone()) {
            (Decision::Allow, _) | (_, None) => {
                match self.concern(intent, intent.email().as_deref()) {
                    Some(concern) => Verdict::Prompt(concern),
                    None => Verdict::Pass,
                }
            }
            (decision, Some(action)) => Verdict::Ask(action, decision),
        }
    }

    /// Runs `ask` (an overlay, a fresh read) in the mount; meanwhile
    /// further activations of the controls wait for its answer.
    fn asking_while<F>(self: &Rc<Self>, ask: impl FnOnce(Rc<Self>) -> F)
    where
        F: std::future::Future<Output = ()> + 'static,
    {
        self.asking.set(true);
        let me = self.clone();
        let task = ask(self.clone());
        self.ctx.mount.spawn(async move {
            task.await;
            me.asking.set(false);
        });
    }

    /// An activation of the invite form's submit: stopped when an invite
    /// prompt speaks (the feature module judges, `guard::invite`), unless it
    /// is a run's own submission of exactly what its preview showed (vetted
    /// through the lease). Before the module is there, the submission is
    /// held until it is, then judged.
    fn check_invite(self: &Rc<Self>, ask: bool, trusted: bool) -> bool {
        if self.asking.get() {
            return true;
        }
        if !self.prompts.any_invite() {
            return false;
        }
        match self.invite_verdict(trusted) {
            Some(false) => false,
            Some(true) => {
                if ask {
                    self.asking_while(|me| me.ask_invite());
                }
                true
            }
            None => {
                if ask {
                    self.asking_while(move |me| me.hold_invite(trusted));
                }
                true
            }
        }
    }

    /// The feature module's verdict on the invite form as it is now (see
    /// [`Features::invite_verdict`]).
    fn invite_verdict(&self, trusted: bool) -> Option<bool> {
        let domains = self.prompts.domains();
        self.features
            .invite_verdict(trusted, self.prompts.switches(), &domains)
    }

    /// What the member editor's prompts say about an activation the
    /// last-owner guard lets through, if anything.
    fn concern(&self, intent: &Intent, email: Option<&str>) -> Option<Concern> {
        let email = email.filter(|e| !e.is_empty())?;
        if self.is_confirmed_for(email) {
            return None;
        }
        if intent.control == ControlId::EditorSave {
            if let Some(c) =
                self.prompts
                    .grant(email, self.census.role(email), intent.after.flatten())
            {
                return Some(c);
            }
        }
        let removal = matches!(intent.action, Some(GuardAction::Remove { .. }));
        intent.action.as_ref()?;
        self.prompts.self_demotion(
            &self.census.snapshot(),
            email,
            self.census.signed_in().as_deref(),
            removal,
        )
    }

    /// The person confirmed going ahead for `email` a moment ago.
    fn is_confirmed_for(&self, email: &str) -> bool {
        let key = comparison_key(email);
        self.confirmed
            .borrow()
            .as_ref()
            .is_some_and(|(who, until)| *who == key && now_ms() < *until)
    }

    /// Some pages remove at once, with no "Are you sure?" dialog: then the
    /// remove button itself was the final step.
    fn settle_removal_without_dialog(self: &Rc<Self>, email: Option<String>) {
        let Some(email) = email.filter(|e| !e.is_empty()) else {
            return;
        };
        let me = self.clone();
        self.ctx.mount.spawn(async move {
            let none = Params::none();
            if me
                .driver()
                .appear(ControlId::ConfirmDialog, &none)
                .await
                .is_err()
            {
                me.census.set_role(&email, None);
                me.publish();
            }
        });
    }
}

fn stop(e: &Event) {
    e.prevent_default();
    e.stop_immediate_propagation();
}

/// Installs the capture-phase listeners for the mount's lifetime.
pub fn listen(guard: &Rc<Guard>) {
    let window = gloo::utils::window();
    let opts = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    };
    let mount = guard.ctx.mount.clone();
    let on = |event: &'static str, f: Box<dyn Fn(&Event)>| {
        mount.listen_with(&window, event, opts, move |e| f(e));
    };

    let g = guard.clone();
    on(
        "click",
        Box::new(move |e| {
            if let Some(t) = event_origin::<Element>(e) {
                if g.check(&t, true, e.is_trusted()) {
                    stop(e);
                }
            }
        }),
    );
    // The presses before a click: components that act on them (rather than
    // on click) must not see them either. The click that follows asks.
    for ev in ["pointerdown", "mousedown", "pointerup", "mouseup"] {
        let g = guard.clone();
        on(
            ev,
            Box::new(move |e| {
                if let Some(t) = event_origin::<Element>(e) {
                    if g.check(&t, false, e.is_trusted()) {
                        stop(e);
                    }
                }
            }),
        );
    }
    let g = guard.clone();
    on(
        "keydown",
        Box::new(move |e| {
            let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if !matches!(k.key().as_str(), "Enter" | " " | "Spacebar") {
                return;
            }
            if let Some(t) = event_origin::<Element>(e) {
                if g.check(&t, true, e.is_trusted()) {
                    stop(e);
                }
            }
        }),
    );
    let g = guard.clone();
    on(
        "submit",
        Box::new(move |e| {
            // A form submit inside the editor stands for its save button.
            let Some(form) = event_origin::<Element>(e) else {
                return;
            };
            // A form holding the invite button stands for that button.
            let save = [ControlId::EditorSave, ControlId::InviteSubmit]
                .into_iter()
                .find_map(|id| {
                    g.driver()
                        .find_all(id, &Params::none())
                        .ok()
                        .and_then(|s| s.into_iter().find(|b| form.contains(Some(b))))
                });
            if let Some(save) = save {
                // A submit event is always trusted, whoever asked for it (a
                // person's Enter, a script's requestSubmit(), our own run's
                // click): only vetting tells a run's own, by what it sends.
                if g.check(&save, true, false) {
                    stop(e);
                }
            }
        }),
    );
}
