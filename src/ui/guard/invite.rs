//! The invite form's safety prompts (mistyped domains, addresses outside
//! the workspace's domains, inviting as Workspace Owner), in the feature
//! module: the in-page core's interceptor stops the submission and asks
//! this module ([`InvitePrompts`], through `ext::tabs`), which it loads when
//! the page's invite form first opens.
//!
//! ## Protocol
//! - `verdict` reads the form as it is now and judges it (synchronously,
//!   inside the core's event listener): pass, or stop and ask. A run's own
//!   submission of exactly what its preview showed (vetted through the
//!   lease, `PageLease::vet_invite`) passes when it is not a person's own
//!   input. A stop keeps what it judged for `ask`.
//! - `ask` reads the form's roles, shows the overlay and, on "go on", reads
//!   the form again and compares (`core::safety::shown`): only the same
//!   invite is sent, by `send`, the core's click on the submit button,
//!   called with nothing waited for between the last read and the click.
//!   Otherwise the overlay asks again with the new content and what
//!   changed. "Use the corrected addresses" types them into the form (the
//!   person submits, or not).
//! - The core's mount owns the overlay (it is drawn in the core's shadow
//!   root); the module's session of that mount owns the task.

use std::cell::RefCell;

use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::fix::fix_text;
use crate::core::safety::invite::{judge_invite, split_addresses, InviteConcerns};
use crate::core::safety::shown::{invite_change, InviteChange, ShownInvite};
use crate::core::safety::{Prompt, Switches};
use crate::driver::{act, lease, ControlId, Driver, Params, RoleForm};
use crate::ui::confirm::{self, Answer, Confirm};

use super::words;

/// Reads of the invite form while it keeps changing under them, before
/// its roles count as unread.
const REREADS: usize = 3;

/// The invite form's submission as read: `field`, its email field as
/// typed; `roles`, its role set, once read (`None`: not read). (`found` may
/// be empty in a re-read: then nothing is feared, but the person still has
/// to see it.)
#[derive(Debug, Clone)]
pub struct InviteConcern {
    found: InviteConcerns,
    role: WorkspaceRole,
    roles: Option<RoleSet>,
    field: String,
}

/// The invite prompts of one mount: the switches, the workspace's domains
/// as the core last read them, and the submission a verdict stopped.
pub struct InvitePrompts {
    switches: Switches,
    domains: WorkspaceDomains,
    stopped: RefCell<Option<InviteConcern>>,
}

impl InvitePrompts {
    pub fn new(switches: Switches, domains: WorkspaceDomains) -> InvitePrompts {
        InvitePrompts {
            switches,
            domains,
            stopped: RefCell::new(None),
        }
    }

    /// Whether the submission the form would send now must stop for a
    /// prompt; `trusted`: a person's own input. See the module docs.
    pub fn verdict(&self, driver: &Driver, trusted: bool) -> bool {
        let concern = self.read(driver).filter(|c| !c.found.is_empty());
        let stop = concern.as_ref().is_some_and(|c| trusted || !c.is_vetted());
        *self.stopped.borrow_mut() = if stop { concern } else { None };
        stop
    }

    /// What the invite form would send now (its roles unread), judged;
    /// `None` when the form is gone.
    fn read(&self, driver: &Driver) -> Option<InviteConcern> {
        let none = Params::none();
        let field = driver
            .find(ControlId::InviteEmail, &none)
            .ok()
            .map(|el| act::text_value(&el))?;
        let role = if driver
            .is_checked(ControlId::InviteOwnerRadio, &none)
            .unwrap_or(false)
        {
            WorkspaceRole::Owner
        } else {
            WorkspaceRole::Member
        };
        let found = judge_invite(&split_addresses(&field), role, &self.domains, self.switches);
        Some(InviteConcern {
            found,
            role,
            roles: None,
            field,
        })
    }

    /// The invite form as it is now, roles included: the read a replay is
    /// compared by. The roles' read waits (scoped roles open their dialog);
    /// the fields are read right after it, and the checked roles checked
    /// again then, so everything is of one instant. A form that keeps
    /// changing under the read leaves its roles unread (a change to what
    /// was shown, unless that too was unread). `None`: the form is gone.
    async fn reread(&self, driver: &Driver) -> Option<InviteConcern> {
        for _ in 0..REREADS {
            let set = driver.read_role_set(RoleForm::Invite).await;
            let mut now = self.read(driver)?;
            match set {
                Ok(set) if still_checked(driver, &set) => {
                    now.roles = Some(set);
                    return Some(now);
                }
                Ok(_) => {}
                Err(e) => {
                    gloo::console::warn!(format!("Access Kit: the invite form's roles: {e}"));
                    return Some(now);
                }
            }
        }
        self.read(driver)
    }

    /// Asks about the submission the last verdict stopped: send as typed
    /// (by `send`, see the module docs), use the corrected addresses, or
    /// cancel. Nothing happens when no verdict stopped one.
    pub async fn ask(&self, driver: &Driver, root: &web_sys::ShadowRoot, send: impl FnOnce()) {
        let Some(concern) = self.stopped.borrow_mut().take() else {
            return;
        };
        let mut shown = concern.read_roles(driver).await;
        let mut changed = None;
        loop {
            let (q, alt) = shown.question(self.domains.own(), changed.as_ref());
            match confirm::choose(root, q, alt.as_deref()).await {
                Answer::Cancel => return,
                Answer::Alternative => {
                    apply_corrections(driver, &shown.found);
                    return;
                }
                Answer::Go => {}
            }
            let Some(now) = self.reread(driver).await else {
                gloo::console::warn!("Access Kit: the invite form is gone; nothing was sent");
                return;
            };
            // From here to the click, nothing waits: what was compared is sent.
            match invite_change(&shown.shown(), &now.shown()) {
                None => break,
                Some(c) => changed = Some(c),
            }
            shown = now;
        }
        send();
    }
}

impl InviteConcern {
    /// Reads the invite form's role set for the overlay's words (scoped
    /// roles open their sources dialog and cancel it). A read that fails
    /// leaves the roles unread, and the overlay says so.
    async fn read_roles(mut self, driver: &Driver) -> InviteConcern {
        match driver.read_role_set(RoleForm::Invite).await {
            Ok(set) => self.roles = Some(set),
            Err(e) => gloo::console::warn!(format!("Access Kit: the invite form's roles: {e}")),
        }
        self
    }

    /// What the overlay shows, to compare a re-read with.
    fn shown(&self) -> ShownInvite {
        ShownInvite::new(
            &split_addresses(&self.field),
            self.role,
            self.roles.as_ref(),
        )
    }

    /// The overlay: the question, and the alternative action's label.
    /// `changed`: the form changed since the person was last asked (this is
    /// its new content).
    fn question(
        &self,
        own: &[String],
        changed: Option<&InviteChange>,
    ) -> (Confirm, Option<String>) {
        let found = &self.found;
        let prompts = found.prompts();
        let given = words::role_set(self.role, self.roles.as_ref());
        let mut body = Vec::new();
        if let Some(c) = changed {
            body.push(words::form_changed(&c.added, &c.removed, c.roles));
            let all: Vec<String> = split_addresses(&self.field)
                .into_iter()
                .map(String::from)
                .collect();
            body.push(words::would_send(&all, &given));
        }
        let typos: Vec<(String, String)> = found
            .typos
            .iter()
            .map(|c| (c.typed.clone(), c.meant.clone()))
            .collect();
        for p in &prompts {
            body.push(match p {
                Prompt::Typos => words::typo_paragraph(&typos, &given),
                Prompt::NewOwners => words::owner_paragraph(&found.new_owners),
                _ => words::outside_paragraph(own, &found.outside, &given),
            });
            body.push(words::controlled_by(*p));
        }
        body.push(words::NOTHING_SENT.to_string());
        let alt = (!typos.is_empty()).then(|| words::use_corrected(typos.len()));
        let label = words::invite_label(!typos.is_empty(), !prompts.is_empty());
        let title = match changed {
            Some(_) => words::FORM_CHANGED.to_string(),
            None => words::invite_title(&prompts, addresses_named(found)),
        };
        let q = Confirm {
            title,
            body,
            phrase: None,
            confirm_label: label.into(),
        };
        (q, alt)
    }

    /// A submission a run vetted: exactly these addresses with this
    /// workspace role (`driver::lease`).
    fn is_vetted(&self) -> bool {
        lease::is_vetted_invite(
            &split_addresses(&self.field),
            self.role == WorkspaceRole::Owner,
        )
    }
}

fn addresses_named(found: &InviteConcerns) -> usize {
    let mut all: Vec<&str> = found
        .typos
        .iter()
        .map(|c| c.typed.as_str())
        .chain(found.outside.iter().map(String::as_str))
        .chain(found.new_owners.iter().map(String::as_str))
        .collect();
    all.sort_unstable();
    all.dedup();
    all.len()
}

/// The form's checked roles (and its workspace role) are still `set`'s.
fn still_checked(driver: &Driver, set: &RoleSet) -> bool {
    let owner = driver
        .is_checked(ControlId::InviteOwnerRadio, &Params::none())
        .unwrap_or(false);
    if owner != (set.workspace == WorkspaceRole::Owner) {
        return false;
    }
    if owner {
        return true;
    }
    let Ok(boxes) = driver.named_checkboxes(ControlId::InviteForm) else {
        return false;
    };
    let mut names: Vec<String> = boxes
        .into_iter()
        .filter(|(_, el)| act::is_checked(el) == Some(true))
        .map(|(n, _)| n)
        .collect();
    names.sort();
    names.dedup();
    let mut read: Vec<&str> = set.roles.iter().map(|g| g.role.as_str()).collect();
    read.dedup();
    names.iter().map(String::as_str).eq(read)
}

/// Types the corrected addresses into the invite form's email field as it
/// is now (the person then submits, or not; anything typed meanwhile stays).
fn apply_corrections(driver: &Driver, found: &InviteConcerns) -> bool {
    let refs: Vec<(usize, _)> = found.typos.iter().map(|c| (1, c)).collect();
    driver
        .find(ControlId::InviteEmail, &Params::none())
        .and_then(|el| {
            let fixed = fix_text(&act::text_value(&el), &refs);
            act::set_text(&el, &fixed.text)
        })
        .is_ok()
}
