//! Surfaces: the page's forms and editors that a flow opens, acts in and
//! closes again. "Open, act, close if we opened it" lives here once, for
//! the invite form and the member editor (and, through them, invite,
//! removal, revocation and role changes).

use std::future::Future;

use super::error::DriverError;
use super::page::Driver;
use super::{ControlId, Params};

/// A form or editor of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Surface {
    /// The invite form ("Invite Team Member").
    InviteForm,
    /// The editor of one member or pending invite.
    MemberEditor { email: String },
}

/// What acting within a surface gave, and whether it closed again.
#[derive(Debug)]
#[must_use = "the close result says whether the page was left as found"]
pub struct Within<T> {
    pub value: T,
    /// Closing (when we opened it): a failure means the surface may still
    /// be open; the next open finds it and goes on from there.
    pub closed: Result<(), DriverError>,
}

impl Driver {
    /// Whether `surface` is open now.
    pub fn is_open(&self, surface: &Surface) -> Result<bool, DriverError> {
        match surface {
            Surface::InviteForm => self.is_present(ControlId::InviteForm, &Params::none()),
            Surface::MemberEditor { email } => Ok(self
                .open_editor_email()?
                .is_some_and(|e| e.eq_ignore_ascii_case(email))),
        }
    }

    /// Opens `surface` and waits until it can be used.
    pub async fn open(&self, surface: &Surface) -> Result<(), DriverError> {
        match surface {
            Surface::InviteForm => self.open_invite_form().await,
            Surface::MemberEditor { email } => self.open_member_editor(email).await,
        }
    }

    /// Closes `surface` without saving, if it is open.
    pub async fn close(&self, surface: &Surface) -> Result<(), DriverError> {
        match surface {
            Surface::InviteForm => self.close_invite_form().await,
            Surface::MemberEditor { .. } => self.close_member_editor().await,
        }
    }

    /// Opens `surface` (unless it is open), runs `act`, then closes it
    /// again if this call opened it. `Err`: it could not be opened (and
    /// whatever half-opened is closed again).
    pub async fn within<T, F, Fut>(
        &self,
        surface: &Surface,
        act: F,
    ) -> Result<Within<T>, DriverError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let opened_here = !self.is_open(surface)?;
        if opened_here {
            if let Err(e) = self.open(surface).await {
                // A half-open form goes too (not on a page that is gone).
                // The open's failure is what the caller needs; a failed
                // clean-up shows again at the next open.
                if e != DriverError::Ended {
                    self.close(surface).await.ok();
                }
                return Err(e);
            }
        }
        let value = act().await;
        let closed = if opened_here {
            self.close(surface).await
        } else {
            Ok(())
        };
        Ok(Within { value, closed })
    }
}
