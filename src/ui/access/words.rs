//! What the host-access notice says.

/// The extension may run on app.segment.com.
pub const GRANTED: &str = "Access Kit is allowed on app.segment.com.";
/// It may not: why nothing shows on the page.
pub const MISSING: &str = "Access Kit is not allowed on app.segment.com, so it cannot show anything on the Access Management page.";
/// How to grant it without our button.
pub const HOW: &str = "Allow it with the button, or in your browser's extensions menu (the puzzle-piece button in the toolbar): Access Kit › Always allow on app.segment.com.";
/// The button.
pub const ALLOW: &str = "Allow on app.segment.com";
/// After a grant: the open Segment tab needs a reload to start the content script.
pub const JUST_GRANTED: &str = "Allowed. Reload your Segment tab to see the Access Kit button.";
/// The person said no in the browser's prompt.
pub const DECLINED: &str = "Not allowed: the browser's prompt was declined.";
/// While asking the browser.
pub const CHECKING: &str = "Checking access to app.segment.com…";
