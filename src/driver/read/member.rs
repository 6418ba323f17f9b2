//! The member editor: whose it is, opening it from the users table and
//! closing it again.

use super::super::act;
use super::super::control::ControlId;
use super::super::dom::text_pieces;
use super::super::error::{Condition, DriverError};
use super::super::page::Driver;
use super::super::profile::Params;
use super::super::rows::email_piece;
use super::super::wait::{wait_for, Check};

fn none() -> Params {
    Params::none()
}

impl Driver {
    /// The email of the member (or invite) whose editor is open, if any.
    pub fn open_editor_email(&self) -> Result<Option<String>, DriverError> {
        let Some(editor) = self
            .find_all(ControlId::MemberEditor, &none())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        // The header shows the name, then the email underneath: the same
        // attribution as a row's, so a name that looks like an email loses.
        Ok(email_piece(&text_pieces(&editor), None, &self.profile().words.you).map(|(_, e)| e))
    }

    /// Open the editor of `email` (its "Edit" link, or the row itself) and
    /// wait until it has finished opening.
    pub async fn open_member_editor(&self, email: &str) -> Result<(), DriverError> {
        if self
            .open_editor_email()?
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
        {
            return Ok(());
        }
        let row = self.find_member_row(email).await?;
        let p = Params::one("email", email);
        match self.find_all(ControlId::RowOpen, &p)?.into_iter().next() {
            Some(link) => act::click(&link)?,
            None => act::click(&row)?,
        }
        self.settled(ControlId::MemberEditor, &none()).await?;
        let want = email.to_string();
        wait_for(
            self.limits().step_ms,
            || match self.open_editor_email() {
                Ok(Some(e)) if e.eq_ignore_ascii_case(&want) => Check::Done(()),
                Ok(_) => Check::NotYet,
                Err(e) => Check::Fail(e),
            },
            |waited_ms| DriverError::Timeout {
                control: ControlId::MemberEditor.to_string(),
                condition: Condition::Appear,
                looked_in: format!("the member editor (for {want})"),
                waited_ms,
            },
        )
        .await
    }

    /// Close the member editor without saving (its close control, else
    /// Escape) and wait until it is gone.
    pub async fn close_member_editor(&self) -> Result<(), DriverError> {
        if !self.is_present(ControlId::MemberEditor, &none())? {
            return Ok(());
        }
        match self
            .find_all(ControlId::EditorClose, &none())?
            .into_iter()
            .next()
        {
            Some(close) => act::click(&close)?,
            None => self.press(act::Key::Escape)?,
        }
        self.gone(ControlId::MemberEditor, &none()).await
    }
}
