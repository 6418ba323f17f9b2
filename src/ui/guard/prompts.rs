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
//! The rules are `core::safety`'s; this module holds the switches and the
//! workspace's domains and words the member editor's overlays. The invite
//! form's prompts are the feature module's ([`super::invite`]): the
//! interceptor stops the submission and asks it, with these switches and
//! domains. Each overlay names the address(es) and the roles they would
//! get, and the setting that controls it; going on sends only what the
//! overlay showed (`core::safety::shown`; `intercept::replay`).
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
use crate::core::roles::WorkspaceRole;
use crate::core::safety::domains::WorkspaceDomains;
use crate::core::safety::owners::{demotes_yourself, makes_owner};
use crate::core::safety::{Prompt, Switches};
use crate::ui::confirm::Confirm;

use super::words;

/// What a member-editor activation would do that a prompt speaks about.
#[derive(Debug, Clone)]
pub enum Concern {
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

    /// Whether a prompt about the invite form is on.
    pub fn any_invite(&self) -> bool {
        [Prompt::Typos, Prompt::OutsideDomains, Prompt::NewOwners]
            .into_iter()
            .any(|p| self.on(p))
    }

    fn on(&self, p: Prompt) -> bool {
        self.switches.get().is_on(p)
    }

    pub fn switches(&self) -> Switches {
        self.switches.get()
    }

    /// The domains to decide with (empty until the members were read).
    pub fn domains(&self) -> WorkspaceDomains {
        self.domains.borrow().clone()
    }

    /// The domains to decide with (after the members were read).
    pub fn set_domains(&self, domains: WorkspaceDomains) {
        *self.domains.borrow_mut() = domains;
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
    /// The overlay's question.
    pub fn question(&self) -> Confirm {
        match self {
            Concern::NewOwner { email } => Confirm {
                title: words::promote_title(email),
                body: vec![
                    words::owner_paragraph(std::slice::from_ref(email)),
                    words::controlled_by(Prompt::NewOwners),
                    words::NOTHING_SENT.to_string(),
                ],
                phrase: None,
                confirm_label: words::PROMOTE_LABEL.into(),
            },
            Concern::SelfDemotion { email, removal } => Confirm {
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
        }
    }

    /// The person this is about, for the guard's "confirmed" memory.
    pub fn person(&self) -> &str {
        match self {
            Concern::NewOwner { email } | Concern::SelfDemotion { email, .. } => email,
        }
    }
}
