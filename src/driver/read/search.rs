//! Confirming specific people through the page's own search box, for when
//! a whole-table read was partial: type the email, read what the table
//! shows, and put the person's search back afterwards.
//!
//! The page may filter on the client (at once) or ask its server (after a
//! latency, perhaps showing a loading state). An answer is taken when every
//! row shown contains the email typed (none at all included) and the page
//! is not loading. Two empty answers in a row look alike, so an empty
//! answer after an empty screen must also stay quiet for twice the slowest
//! answer seen so far.

use super::super::control::ControlId;
use super::super::error::DriverError;
use super::super::page::Driver;
use super::super::profile::Params;
use super::super::rows::UserRow;
use super::super::wait::{now_ms, until_quiet, wait_for, Check};
use crate::core::email::comparison_key;

/// At most this many emails are looked up per preview.
pub const LOOKUP_LIMIT: usize = 50;

/// Quiet time asked of an empty answer after an empty screen, at least.
const MIN_QUIET_MS: u32 = 300;

/// What the look-ups found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// People the search showed (member or pending invite).
    pub found: Vec<UserRow>,
    /// Emails the search answered without them.
    pub absent: Vec<String>,
    /// Emails not looked up: past [`LOOKUP_LIMIT`], or the search did not answer.
    pub unchecked: Vec<String>,
}

impl Driver {
    /// Look `emails` up one by one through the search box (at most
    /// [`LOOKUP_LIMIT`]); `progress(done, total)` after each.
    pub async fn look_up(
        &self,
        emails: &[String],
        progress: &dyn Fn(usize, usize),
    ) -> Result<Lookup, DriverError> {
        if self.first(ControlId::SearchBox)?.is_none() {
            return Err(DriverError::NotFound {
                control: ControlId::SearchBox.to_string(),
                looked_in: "the page (needed to look people up)".into(),
                waited_ms: 0,
            });
        }
        let _turn = self.read_turn().await?;
        let saved = self.save_view()?;
        let total = emails.len().min(LOOKUP_LIMIT);
        let mut out = Lookup {
            unchecked: emails.iter().skip(LOOKUP_LIMIT).cloned().collect(),
            ..Lookup::default()
        };
        let mut slowest_ms: f64 = 0.0;
        let mut result = Ok(());
        for (i, email) in emails.iter().take(LOOKUP_LIMIT).enumerate() {
            progress(i, total);
            match self.look_up_one(email, &mut slowest_ms).await {
                Ok(Some(row)) => out.found.push(row),
                Ok(None) => out.absent.push(email.clone()),
                Err(DriverError::Timeout { .. }) => out.unchecked.push(email.clone()),
                Err(e) => {
                    out.unchecked
                        .extend(emails.iter().skip(i).take(total - i).cloned());
                    result = Err(e);
                    break;
                }
            }
        }
        progress(total, total);
        let restore = self.restore_view(&saved, None, saved.rows_shown).await;
        result?;
        restore?;
        Ok(out)
    }

    async fn look_up_one(
        &self,
        email: &str,
        slowest_ms: &mut f64,
    ) -> Result<Option<UserRow>, DriverError> {
        let key = comparison_key(email);
        let was_empty = self.row_count()? == 0;
        let started = now_ms();
        self.type_text(ControlId::SearchBox, &Params::none(), email)
            .await?;
        let answered = || -> Result<Option<bool>, DriverError> {
            if self.is_loading() {
                return Ok(None);
            }
            let rows = self.find_all(ControlId::UsersRow, &Params::none())?;
            let all_match = rows.iter().all(|r| {
                r.text_content()
                    .is_some_and(|t| t.to_lowercase().contains(&key))
            });
            Ok(all_match.then_some(rows.is_empty()))
        };
        let probe = || match answered() {
            Ok(Some(empty)) => Check::Done(empty),
            Ok(None) => Check::NotYet,
            Err(e) => Check::Fail(e),
        };
        let empty = wait_for(self.limits().page_ms, probe, |waited_ms| {
            DriverError::Timeout {
                control: ControlId::SearchBox.to_string(),
                condition: super::super::error::Condition::Appear,
                looked_in: format!("the users table (the search for {email} did not answer)"),
                waited_ms,
            }
        })
        .await?;
        if empty && was_empty {
            // Nothing may have changed yet: give the page time to answer.
            let quiet = ((*slowest_ms * 2.0) as u32).max(MIN_QUIET_MS);
            until_quiet(quiet, self.limits().page_ms).await?;
        } else {
            *slowest_ms = slowest_ms.max(now_ms() - started);
        }
        Ok(self
            .read_rows(1)?
            .into_iter()
            .find(|r| comparison_key(&r.email) == key))
    }
}
