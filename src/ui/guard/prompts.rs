//! The safety prompts in the page's own forms, beside the last-owner guard
//! and through the same interception ([`super::intercept`]) and overlay
//! (`ui::confirm`):
//! - the invite form's submit: mistyped domains (with the corrected
//!   address to use instead), addresses outside the workspace's domains,
//!   inviting as Workspace Owner;
//! - the member editor's save: making someone Workspace Owner; demoting
//!   yourself while other owners remain; its remove path: removing
//!   yourself while other owners remain.
//!
//! The rules are `core::safety`'s; this module reads what they need from
//! the page and words the overlay. Each overlay names the address(es) and
//! the roles they would get (the invite form's role set is read when the
//! overlay opens, [`Concern::read_roles`]), and the setting that controls it.
//! Going on re-reads the form ([`Prompts::reread_invite`]) and sends only
//! what the overlay showed (`core::safety::shown`; `intercept::replay`).
//!
//! The extension's own runs are not prompted again, per submission: a run
//! sends only what its preview showed, where these same rules flagged the
//! rows and the person ticked them (`ui::bulk::flags`), and it vets exactly
//! that submission through the page lease while it clicks
//! (`PageLease::vet_invite`: these addresses, this workspace role). An
//! activation that is not a person's own input and submits exactly a vetted
//! invite passes; anything else the form would send is judged, and a
//! person's own clicks always are. (A submit event counts as not a person's
//! own: the browser marks it trusted whoever asked for it.)

use std::cell::{Cell, RefCell};

use crate::core::guard::OwnerCensus;
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::fix::fix_text;
use crate::core::safety::invite::{judge_invite, split_addresses, InviteConcerns};
use crate::core::safety::owners::{demotes_yourself, makes_owner};
use crate::core::safety::shown::{InviteChange, ShownInvite};
use crate::core::safety::{Prompt, Switches};
use crate::driver::{act, lease, ControlId, Driver, Params, RoleForm};
use crate::ui::confirm::Confirm;

use super::words;

/// Reads of the invite form while it keeps changing under them, before
/// its roles count as unread.
const REREADS: usize = 3;

/// What an activation would do that a prompt speaks about.
#[derive(Debug, Clone)]
pub enum Concern {
    /// The invite form's submission; `field`: its email field as typed;
    /// `roles`: the form's role set, once read (`None`: not read).
    /// (`found` may be empty in a re-read: then nothing is feared, but the
    /// person still has to see it.)
    Invite {
        found: InviteConcerns,
        role: WorkspaceRole,
        roles: Option<RoleSet>,
        field: String,
    },
    /// Saving Workspace Owner for someone who is not one.
    NewOwner { email: String },
    /// The signed-in owner demotes (or removes) themself; others remain.
    SelfDemotion { email: String, removal: bool },
}

/// The switches and the workspace's domains, for one mount.
#[derive(Debug, Default)]
pub struct Prompts {
    switches: Cell<Switches>,
    domains: RefCell<WorkspaceDomains>,
}

impl Prompts {
    pub fn new(switches: Switches) -> Prompts {
        Prompts {
            switches: Cell::new(switches),
            domains: RefCell::default(),
        }
    }

    pub fn any(&self) -> bool {
        self.switches.get().any()
    }

    fn on(&self, p: Prompt) -> bool {
        self.switches.get().is_on(p)
    }

    /// The workspace's own domains (for the overlay's words).
    pub fn own_domains(&self) -> Vec<String> {
        self.domains.borrow().own().to_vec()
    }

    /// The domains to decide with (after the members were read).
    pub fn set_domains(&self, domains: WorkspaceDomains) {
        *self.domains.borrow_mut() = domains;
    }

    /// What the invite form would send now, if a prompt speaks about it.
    pub fn invite(&self, driver: &Driver) -> Option<Concern> {
        self.read_invite(driver).filter(Concern::speaks)
    }

    /// What the invite form would send now (its roles unread), whether or
    /// not a prompt speaks about it; `None` when the form is gone.
    fn read_invite(&self, driver: &Driver) -> Option<Concern> {
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
        let found = judge_invite(
            &split_addresses(&field),
            role,
            &self.domains.borrow(),
            self.switches.get(),
        );
        Some(Concern::Invite {
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
    pub async fn reread_invite(&self, driver: &Driver) -> Option<Concern> {
        for _ in 0..REREADS {
            let set = driver.read_role_set(RoleForm::Invite).await;
            let mut now = self.read_invite(driver)?;
            match set {
                Ok(set) if still_checked(driver, &set) => {
                    if let Concern::Invite { roles, .. } = &mut now {
                        *roles = Some(set);
                    }
                    return Some(now);
                }
                Ok(_) => {}
                Err(e) => {
                    gloo::console::warn!(format!("Access Kit: the invite form's roles: {e}"));
                    return Some(now);
                }
            }
        }
        self.read_invite(driver)
    }

    /// Saving `after` for `email`, whose role is `now`.
    pub fn grant(
        &self,
        email: &str,
        now: Option<WorkspaceRole>,
        after: Option<WorkspaceRole>,
    ) -> Option<Concern> {
        let grants = after.is_some_and(|a| makes_owner(now, a));
        (grants && self.on(Prompt::NewOwners)).then(|| Concern::NewOwner {
            email: email.to_string(),
        })
    }

    /// Removing or demoting `email`.
    pub fn self_demotion(
        &self,
        census: &OwnerCensus,
        email: &str,
        signed_in: Option<&str>,
        removal: bool,
    ) -> Option<Concern> {
        (self.on(Prompt::SelfDemotion) && demotes_yourself(census, email, signed_in)).then(|| {
            Concern::SelfDemotion {
                email: email.to_string(),
                removal,
            }
        })
    }
}

impl Concern {
    /// Reads the invite form's role set for the overlay's words (scoped
    /// roles open their sources dialog and cancel it). A read that fails
    /// leaves the roles unread, and the overlay says so.
    pub async fn read_roles(mut self, driver: &Driver) -> Concern {
        if let Concern::Invite { roles, .. } = &mut self {
            match driver.read_role_set(RoleForm::Invite).await {
                Ok(set) => *roles = Some(set),
                Err(e) => gloo::console::warn!(format!("Access Kit: the invite form's roles: {e}")),
            }
        }
        self
    }

    /// An invite some prompt speaks about (always, for the other kinds).
    fn speaks(&self) -> bool {
        match self {
            Concern::Invite { found, .. } => !found.is_empty(),
            Concern::NewOwner { .. } | Concern::SelfDemotion { .. } => true,
        }
    }

    /// What an invite overlay shows, to compare a re-read with.
    pub fn shown(&self) -> Option<ShownInvite> {
        match self {
            Concern::Invite {
                field, role, roles, ..
            } => Some(ShownInvite::new(
                &split_addresses(field),
                *role,
                roles.as_ref(),
            )),
            Concern::NewOwner { .. } | Concern::SelfDemotion { .. } => None,
        }
    }

    /// The overlay: the question, and the alternative action's label.
    /// `changed`: the invite form changed since the person was last asked
    /// (this is its new content; see `intercept::replay`).
    pub fn question(
        &self,
        own: &[String],
        changed: Option<&InviteChange>,
    ) -> (Confirm, Option<String>) {
        match self {
            Concern::Invite {
                found,
                role,
                roles,
                field,
            } => {
                let prompts = found.prompts();
                let given = words::role_set(*role, roles.as_ref());
                let addresses = addresses_named(found);
                let mut body = Vec::new();
                if let Some(c) = changed {
                    body.push(words::form_changed(&c.added, &c.removed, c.roles));
                    let all: Vec<String> = split_addresses(field)
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
                    None => words::invite_title(&prompts, addresses),
                };
                (
                    Confirm {
                        title,
                        body,
                        phrase: None,
                        confirm_label: label.into(),
                    },
                    alt,
                )
            }
            Concern::NewOwner { email } => (
                Confirm {
                    title: words::promote_title(email),
                    body: vec![
                        words::owner_paragraph(std::slice::from_ref(email)),
                        words::controlled_by(Prompt::NewOwners),
                        words::NOTHING_SENT.to_string(),
                    ],
                    phrase: None,
                    confirm_label: words::PROMOTE_LABEL.into(),
                },
                None,
            ),
            Concern::SelfDemotion { email, removal } => (
                Confirm {
                    title: words::self_title(*removal),
                    body: vec![
                        words::SELF_DEMOTION.to_string(),
                        words::controlled_by(Prompt::SelfDemotion),
                        words::NOTHING_SENT.to_string(),
                    ],
                    // Giving up one's own access is destructive: typed.
                    phrase: Some(email.clone()),
                    confirm_label: words::self_label(*removal).into(),
                },
                None,
            ),
        }
    }

    /// An invite submission a run vetted: exactly these addresses with this
    /// workspace role (`driver::lease`).
    pub fn is_vetted(&self) -> bool {
        match self {
            Concern::Invite { field, role, .. } => {
                lease::is_vetted_invite(&split_addresses(field), *role == WorkspaceRole::Owner)
            }
            Concern::NewOwner { .. } | Concern::SelfDemotion { .. } => false,
        }
    }

    /// The person this is about, for the guard's "confirmed" memory.
    pub fn person(&self) -> Option<&str> {
        match self {
            Concern::Invite { .. } => None,
            Concern::NewOwner { email } | Concern::SelfDemotion { email, .. } => Some(email),
        }
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
pub fn apply_corrections(driver: &Driver, found: &InviteConcerns) -> bool {
    let refs: Vec<(usize, _)> = found.typos.iter().map(|c| (1, c)).collect();
    driver
        .find(ControlId::InviteEmail, &Params::none())
        .and_then(|el| {
            let fixed = fix_text(&act::text_value(&el), &refs);
            act::set_text(&el, &fixed.text)
        })
        .is_ok()
}
