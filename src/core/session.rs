//! Signs that Segment ended the person's session mid-run: the app shows a
//! sign-in page instead of the one a run belongs to, or the page refuses a
//! submission in words that say the session is over.
//!
//! A run that meets either pauses (`run::PauseReason::SignedOut`) with its
//! rows given back: a submission refused for an ended session changed
//! nothing, and resuming reads the users table first in any case.

/// First path segments of Segment's sign-in pages (`/login?redirect=…`).
const SIGN_IN_SEGMENTS: &[&str] = &["login", "signin", "sign-in", "sso", "auth", "logout"];

/// Words (lower case) a refusal uses when the session ended.
const SIGNED_OUT_WORDS: &[&str] = &[
    "session expired",
    "session has expired",
    "session timed out",
    "session has ended",
    "sign in again",
    "log in again",
    "login again",
    "please sign in",
    "please log in",
    "not signed in",
    "not logged in",
    "you have been signed out",
    "you have been logged out",
];

/// Whether an app path (`/login`, `/login?redirect=…` without the query)
/// is a sign-in page.
pub fn is_sign_in_path(path: &str) -> bool {
    path.split('/')
        .find(|s| !s.is_empty())
        .is_some_and(|first| SIGN_IN_SEGMENTS.contains(&first.to_ascii_lowercase().as_str()))
}

/// Whether the page's refusal says the session is over.
pub fn says_signed_out(page_words: &str) -> bool {
    let m = page_words.to_lowercase();
    SIGNED_OUT_WORDS.iter().any(|w| m.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_pages_are_recognised_and_workspace_pages_are_not() {
        for p in [
            "/login",
            "/login/",
            "/LOGIN",
            "/sso/acme",
            "/signin",
            "/auth/callback",
        ] {
            assert!(is_sign_in_path(p), "{p}");
        }
        for p in [
            "/",
            "",
            "/acme/overview",
            "/acme/settings/access-management",
            "/login-team/overview",
            "/acme/login",
        ] {
            assert!(!is_sign_in_path(p), "{p}");
        }
    }

    #[test]
    fn refusals_that_end_the_session_are_told_apart_from_others() {
        for w in [
            "Your session has expired. Please log in again.",
            "Session expired",
            "You have been signed out",
            "Please sign in to continue",
        ] {
            assert!(says_signed_out(w), "{w}");
        }
        for w in [
            "Something went wrong. Please try again.",
            "a@x.com is already a member of this workspace",
            "You are not allowed to invite owners",
        ] {
            assert!(!says_signed_out(w), "{w}");
        }
    }
}
