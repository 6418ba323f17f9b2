//! The driver's typed errors. They serialise (tagged by `kind`) so the panel
//! can show them and the journal can store them.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use wasm_bindgen::JsValue;

use super::engine::FindError;
use super::profile::ProfileError;

/// What a wait was waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The control is on the page (unique unless asked for all).
    Appear,
    /// The control has left the page.
    Disappear,
    /// The control is on the page and enabled.
    Enabled,
    /// The control is on the page and its overlay has finished entering
    /// (`data-state="entered"`).
    Settled,
    /// The page answers a submission (toast, validation message, or the
    /// form closing).
    Respond,
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Condition::Appear => "appear",
            Condition::Disappear => "disappear",
            Condition::Enabled => "become enabled",
            Condition::Settled => "settle (finish opening)",
            Condition::Respond => "get an answer from the page",
        })
    }
}

/// Everything that can go wrong while driving the page.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DriverError {
    /// The control is not on the page.
    #[error("{control} not found in {looked_in} (waited {waited_ms} ms)")]
    NotFound {
        /// Control id or locator description.
        control: String,
        /// Where it looked.
        looked_in: String,
        /// How long it waited.
        waited_ms: u64,
    },
    /// Several elements match where one was expected.
    #[error("{control} is ambiguous: {count} elements match")]
    Ambiguous {
        /// Control id.
        control: String,
        /// How many matched.
        count: usize,
    },
    /// A wait ran out.
    #[error("{control} did not {condition} within {waited_ms} ms (looked in {looked_in})")]
    Timeout {
        /// Control id.
        control: String,
        /// What it waited for.
        condition: Condition,
        /// Where it looked.
        looked_in: String,
        /// How long it waited.
        waited_ms: u64,
    },
    /// The element left the page while being used (React re-rendered).
    #[error("{control} left the page while being used")]
    Detached {
        /// Control id.
        control: String,
    },
    /// The control is disabled, so a person could not use it either.
    #[error("{control} is disabled")]
    Disabled {
        /// Control id.
        control: String,
    },
    /// An action had no effect (a checkbox that did not change).
    #[error("{control}: {what}")]
    NoEffect {
        /// Control id.
        control: String,
        /// What did not happen.
        what: String,
    },
    /// The page refused: a validation message or an error toast.
    #[error("the page said: {message}")]
    PageSaid {
        /// The page's words.
        message: String,
    },
    /// A profile selector the browser does not accept.
    #[error("{control}: selector `{css}` is not valid: {reason}")]
    BadSelector {
        /// Control id.
        control: String,
        /// The selector.
        css: String,
        /// The browser's message.
        reason: String,
    },
    /// The profile is not usable.
    #[error("profile: {error}")]
    Profile {
        /// Why.
        error: ProfileError,
    },
    /// No window or document (not running in a page).
    #[error("no page to drive: {reason}")]
    NoPage {
        /// Why.
        reason: String,
    },
    /// The page shows someone's grants only in a form that does not give
    /// them exactly (a truncated or counted summary): never guessed.
    #[error("the exact grants of {email} cannot be read: {reason}")]
    GrantsNotExact {
        /// Whose grants.
        email: String,
        /// What the page shows instead.
        reason: String,
    },
    /// The page this work was for has gone away: another page or
    /// workspace is showing (see [`super::lifetime`]).
    #[error("the page this was for has gone away (another page or workspace is showing now)")]
    Ended,
    /// An unexpected exception from the browser.
    #[error("browser error: {message}")]
    Js {
        /// The exception's text.
        message: String,
    },
}

impl DriverError {
    /// A browser exception as an error.
    pub fn js(v: JsValue) -> DriverError {
        let message = v
            .dyn_ref_error_message()
            .or_else(|| v.as_string())
            .unwrap_or_else(|| format!("{v:?}"));
        DriverError::Js { message }
    }

    /// The control this error is about, if any.
    pub fn control(&self) -> Option<&str> {
        match self {
            DriverError::NotFound { control, .. }
            | DriverError::Ambiguous { control, .. }
            | DriverError::Timeout { control, .. }
            | DriverError::Detached { control }
            | DriverError::Disabled { control }
            | DriverError::NoEffect { control, .. }
            | DriverError::BadSelector { control, .. } => Some(control),
            _ => None,
        }
    }
}

trait ErrorMessage {
    fn dyn_ref_error_message(&self) -> Option<String>;
}

impl ErrorMessage for JsValue {
    /// The `name: message` of an exception. Read through `Reflect`, not a
    /// checked cast: an exception from a page object in Firefox's content
    /// script (an Xray) is not `instanceof Error` here.
    fn dyn_ref_error_message(&self) -> Option<String> {
        if !self.is_object() {
            return None;
        }
        let field = |k: &str| {
            js_sys::Reflect::get(self, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|v| !v.is_empty())
        };
        let message = field("message")?;
        Some(match field("name") {
            Some(name) if name != "Error" => format!("{name}: {message}"),
            _ => message,
        })
    }
}

impl From<FindError> for DriverError {
    fn from(e: FindError) -> Self {
        match e {
            FindError::NotFound { control, looked_in } => DriverError::NotFound {
                control,
                looked_in,
                waited_ms: 0,
            },
            FindError::Ambiguous { control, count } => DriverError::Ambiguous { control, count },
            FindError::BadSelector {
                control,
                css,
                reason,
            } => DriverError::BadSelector {
                control,
                css,
                reason,
            },
            FindError::Profile(error) => DriverError::Profile { error },
        }
    }
}

impl From<ProfileError> for DriverError {
    fn from(error: ProfileError) -> Self {
        DriverError::Profile { error }
    }
}

impl From<DriverError> for JsValue {
    fn from(e: DriverError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}
