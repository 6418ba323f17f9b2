//! What the panel says while a tab's code loads, and when it cannot.

/// Shown in a tab's body until the feature module has built its view.
pub const LOADING: &str = "Loading…";

/// Shown in a tab's body when the feature module did not load or start.
pub fn load_failed(tab: &str, why: &str) -> String {
    format!(
        "{tab} could not be loaded ({why}). Reload the page to try again; the last-owner guard is still on."
    )
}
