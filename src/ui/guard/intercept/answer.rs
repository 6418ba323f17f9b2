//! After an activation is stopped: asking, and replaying only what the
//! person saw.
//!
//! Every overlay shows what the stopped activation would do; "go on"
//! replays it. The page may change while the overlay is up (its own
//! script, a late autofill, a re-render, the editor now showing someone
//! else), so going on first reads again what the overlay was built from and
//! compares (`core::safety::shown`); only the same thing is replayed, and
//! the read and the click are one synchronous step after the last wait.
//!
//! - **The invite form**: the feature module asks (`guard::invite`: re-read
//!   with its roles, compared, asked again with what changed until the form
//!   holds still or the person cancels) and calls back for the click
//!   ([`Guard::send_invite`]) with nothing waited for after its last read.
//! - **The member editor and the removal dialog**: the activation is read
//!   again from the page (who, and what becomes of them). The same → the
//!   control is clicked and "confirmed" is remembered for that person. Else
//!   nothing is done and what the page shows now is decided afresh, as a new
//!   activation (which may ask a different question); if nothing in it
//!   needs asking, the person is still shown what going on would do now.
//!
//! A replay is our own click: it passes the interceptor (`replaying`).

use std::rc::Rc;

use futures_util::future::LocalBoxFuture;

use super::{Guard, Intent, Verdict, CONFIRMED_FOR_MS};
use crate::core::email::comparison_key;
use crate::core::guard::{explain, CensusProblem, Decision, GuardAction};
use crate::driver::act;
use crate::driver::wait::now_ms;
use crate::driver::{ControlId, Params};
use crate::ui::confirm::{self, Confirm};
use crate::ui::guard::prompts::Concern;
use crate::ui::guard::{set_state, words};

impl Guard {
    /// Answers a stopped activation, inside the mount (see `asking_while`).
    pub(super) async fn respond(self: Rc<Self>, intent: Intent, verdict: Verdict) {
        match verdict {
            Verdict::Pass => self.show_changed(intent).await,
            Verdict::Afresh(action) => self.decide_afresh(intent, action, false).await,
            Verdict::Prompt(concern) => self.prompt(intent, concern).await,
            Verdict::Ask(action, decision) => self.ask(intent, action, decision).await,
        }
    }

    /// Asks about a grant or a self-demotion; going on lets it through.
    async fn prompt(self: Rc<Self>, intent: Intent, concern: Concern) {
        if confirm::ask(&self.ctx.root, concern.question()).await {
            let email = concern.person().to_string();
            self.replay(&intent, Some(&email)).await;
        }
    }

    /// The feature module asks about the invite its verdict stopped; going
    /// on, it calls [`Self::send_invite`].
    pub(super) async fn ask_invite(self: Rc<Self>) {
        let me = self.clone();
        let asked = self.features.ask_invite(Box::new(move || me.send_invite()));
        if let Err(e) = asked.await {
            gloo::console::warn!(format!("Access Kit: the invite prompts: {e}"));
        }
    }

    /// A submission that came before the feature module: load it, then
    /// judge the form as it is now (as the person's activation was judged)
    /// and ask, or let it go. Should the module fail, the invite goes
    /// without its prompts, and the console says so (the last-owner guard
    /// does not depend on it).
    pub(super) async fn hold_invite(self: Rc<Self>, trusted: bool) {
        if let Err(e) = self.features.ready_invite_prompts().await {
            gloo::console::warn!(format!("Access Kit: the invite prompts: {e}"));
        }
        match self.invite_verdict(trusted) {
            Some(true) => self.ask_invite().await,
            Some(false) => self.send_invite(),
            None => {
                gloo::console::warn!(words::INVITE_PROMPTS_MISSING);
                self.send_invite();
            }
        }
    }

    /// Clicks the invite form's submit, past the interceptor.
    fn send_invite(&self) {
        let Ok(el) = self.driver().find(ControlId::InviteSubmit, &Params::none()) else {
            gloo::console::warn!("Access Kit: the invite button is gone; nothing was sent");
            return;
        };
        self.replaying.set(true);
        let _ = act::click(&el);
        self.replaying.set(false);
    }

    /// The last-owner guard's overlay: going on (after typing the name)
    /// lets the removal or demotion through.
    async fn ask(self: Rc<Self>, intent: Intent, action: GuardAction, decision: Decision) {
        let email = action.email().to_string();
        let mut body: Vec<String> = explain(&decision, &action).into_iter().collect();
        body.push(words::NOTHING_CHANGED.into());
        let phrase = if email.is_empty() {
            self.ctx.workspace.clone()
        } else {
            email.clone()
        };
        let title = words::last_owner_title(&decision, &email);
        let confirm_label = words::last_owner_label(&action);
        let go = confirm::ask(
            &self.ctx.root,
            Confirm {
                title,
                body,
                phrase: Some(phrase),
                confirm_label: confirm_label.into(),
            },
        )
        .await;
        if !go {
            return;
        }
        self.replay(&intent, Some(&email)).await;
    }

    /// Lets a stopped activation through if the page still shows what the
    /// person saw: find the control afresh (React may have re-rendered
    /// meanwhile), remember `confirmed` (the person who confirmed it, if
    /// anyone did), record the change, click it. Else nothing is done and
    /// what the page shows now is decided afresh. True when it clicked.
    async fn replay(self: &Rc<Self>, intent: &Intent, confirmed: Option<&str>) -> bool {
        let now = self.intent(intent.control);
        if now.shown != intent.shown {
            self.clone().reconsider(now).await;
            return false;
        }
        let Ok(el) = self.driver().find(intent.control, &Params::none()) else {
            gloo::console::warn!("Access Kit guard: the control is gone; nothing was done");
            return false;
        };
        if let Some(email) = confirmed {
            *self.confirmed.borrow_mut() =
                Some((comparison_key(email), now_ms() + CONFIRMED_FOR_MS));
        }
        self.note(intent, intent.email().as_deref());
        self.replaying.set(true);
        let _ = act::click(&el);
        self.replaying.set(false);
        true
    }

    /// The page changed while the person was asked: decide what it shows
    /// now as a new activation (boxed: it may lead to another replay). What
    /// needs no asking is still shown first: the person confirmed something
    /// else.
    fn reconsider(self: Rc<Self>, intent: Intent) -> LocalBoxFuture<'static, ()> {
        Box::pin(async move {
            match self.verdict(&intent) {
                Verdict::Afresh(action) => self.decide_afresh(intent, action, true).await,
                verdict => self.respond(intent, verdict).await,
            }
        })
    }

    /// Nothing in what the page shows now needs asking, but the person
    /// confirmed something else: show what going on would do now.
    async fn show_changed(self: Rc<Self>, intent: Intent) {
        let who = intent.email().unwrap_or_default();
        let removal = matches!(intent.action, Some(GuardAction::Remove { .. }));
        let (said, label) = words::editor_now(&who, intent.after, removal);
        let q = Confirm {
            title: words::EDITOR_CHANGED.to_string(),
            body: vec![said],
            phrase: None,
            confirm_label: label.to_string(),
        };
        if confirm::ask(&self.ctx.root, q).await
            && self.replay(&intent, None).await
            && intent.control == ControlId::EditorRemove
        {
            self.settle_removal_without_dialog(Some(who));
        }
    }

    /// Re-read the whole table, then decide: go ahead, or ask. A read that
    /// fails leaves the owner count unknown. `changed`: the page changed
    /// while the person was asked, so going ahead is shown first
    /// ([`Self::show_changed`]), never done unseen.
    async fn decide_afresh(self: Rc<Self>, intent: Intent, action: GuardAction, changed: bool) {
        set_state("reading", Some(self.census.owner_count()));
        let fresh = self.census.refresh(self.driver()).await;
        self.publish();
        let decision = match fresh {
            Ok(()) => self.decision(&action),
            Err(_) => Decision::Uncertain {
                owner: comparison_key(action.email()),
                why: CensusProblem::NotAllPagesRead,
            },
        };
        let concern = (decision == Decision::Allow)
            .then(|| self.concern(&intent, Some(action.email())))
            .flatten();
        if let Some(concern) = concern {
            self.prompt(intent, concern).await;
        } else if decision == Decision::Allow && changed {
            self.show_changed(intent).await;
        } else if decision == Decision::Allow {
            if self.replay(&intent, None).await && intent.control == ControlId::EditorRemove {
                self.settle_removal_without_dialog(Some(action.email().to_string()));
            }
        } else {
            self.ask(intent, action, decision).await;
        }
    }
}
