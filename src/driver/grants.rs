//! Reading what one person is granted, exactly, from their editor:
//! [`Driver::read_grants`]. Read-only: nothing is saved, nothing is vetted.
//!
//! ## Protocol
//! 1. Find the person's row (page by page, as removals do) and open their
//!    editor through [`Surface::MemberEditor`] ("open, act, close if we
//!    opened it"). No row: [`DriverError::NotFound`] — the caller decides
//!    what absence means (a complete read, the page's search).
//! 2. A pending invite is an editor that offers "Edit Invite" or "Revoke
//!    Invite"; anything else is a member.
//! 3. A pending invite's "Edit Invite" is pressed when shown; the page then
//!    shows the invite's role editor (as a member's), or keeps showing its
//!    summary.
//! 4. Where the editor's "Workspace Owner" / "Workspace Member" radios are
//!    shown, the role editor is read with
//!    [`Driver::read_role_set`]`(`[`RoleForm::Editor`]`)`: the radio, the
//!    checked roles, and per scoped role its "Edit Sources" dialog (opened,
//!    read, cancelled). Otherwise the editor's role summary is parsed
//!    ([`parse_panel`]), and taken only when it is exact; a truncated or
//!    counted summary is [`DriverError::GrantsNotExact`].
//! 5. Close what was opened: the invite's editor is left with its "Cancel"
//!    (so its draft is dropped), then the editor is closed if this call
//!    opened it. A failure to close does not change what was read; the next
//!    open finds the editor and goes on from there.

use super::act;
use super::control::ControlId;
use super::dom::text_pieces;
use super::error::DriverError;
use super::invite::RoleForm;
use super::page::Driver;
use super::profile::Params;
use super::surface::Surface;
use super::wait::{wait_for, Check};
use crate::core::roles::RoleSet;
use crate::core::roster::summary::parse_panel;
use crate::core::roster::{Grants, Status};

fn none() -> Params {
    Params::none()
}

impl Driver {
    /// The exact grants of `email` (member or pending invite), read from
    /// their editor without changing anything (see the module docs).
    pub async fn read_grants(&self, email: &str) -> Result<Grants, DriverError> {
        self.find_member_row(email).await?;
        let surface = Surface::MemberEditor {
            email: email.to_string(),
        };
        let within = self
            .within(&surface, || self.read_open_grants(email))
            .await?;
        if within.closed == Err(DriverError::Ended) {
            return Err(DriverError::Ended);
        }
        within.value
    }

    /// [`Driver::read_grants`] in the editor of `email`, open now.
    async fn read_open_grants(&self, email: &str) -> Result<Grants, DriverError> {
        let invite = self.is_present(ControlId::EditInvite, &none())?
            || self.is_present(ControlId::RevokeInvite, &none())?;
        if !invite {
            return Ok(Grants {
                status: Status::Member,
                access: self.read_editor_access(email).await?,
            });
        }
        let mut edited = false;
        if let Some(edit) = self.first(ControlId::EditInvite)? {
            act::click(&edit)?;
            edited = true;
            // The invite's role editor, if the page has one, shows at once
            // or after a load; a page that keeps its summary is read as is.
            let _ = self.radios_within(self.timeouts.glance_ms).await;
        }
        let access = self.read_editor_access(email).await;
        if edited {
            if let Some(cancel) = self.first(ControlId::InviteEditCancel)? {
                act::click(&cancel)?;
            }
        }
        Ok(Grants {
            status: Status::Invited,
            access: access?,
        })
    }

    /// The role set the open editor shows: its role editor when it has
    /// the owner/member radios, else its summary when that is exact.
    async fn read_editor_access(&self, email: &str) -> Result<RoleSet, DriverError> {
        if self.radios_within(0).await? {
            let read = self.read_role_set(RoleForm::Editor).await;
            if read.is_err() {
                // Leave no sources dialog behind.
                self.cancel_sources_dialog().await.ok();
            }
            return read;
        }
        let editor = self.find(ControlId::MemberEditor, &none())?;
        let lines: Vec<String> = text_pieces(&editor).into_iter().map(|p| p.text).collect();
        parse_panel(&lines).map_err(|e| DriverError::GrantsNotExact {
            email: email.to_string(),
            reason: e.to_string(),
        })
    }

    /// Whether the editor shows its owner/member radios, waiting up to
    /// `ms` for them.
    async fn radios_within(&self, ms: u32) -> Result<bool, DriverError> {
        let shown = || -> Result<bool, DriverError> {
            Ok(self.is_present(ControlId::EditorOwnerRadio, &none())?
                || self.is_present(ControlId::EditorMemberRadio, &none())?)
        };
        if ms == 0 {
            return shown();
        }
        wait_for(
            ms,
            || match shown() {
                Ok(true) => Check::Done(true),
                Ok(false) => Check::NotYet,
                Err(e) => Check::Fail(e),
            },
            |waited_ms| DriverError::Timeout {
                control: ControlId::EditorMemberRadio.to_string(),
                condition: super::error::Condition::Appear,
                looked_in: "the invite's editor".into(),
                waited_ms,
            },
        )
        .await
    }
}
