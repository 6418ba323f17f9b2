//! What the toolbar popup says.

use crate::core::popup::RunSummary;
use crate::core::run::RunStatus;

pub const TITLE: &str = "Segment Access Kit";
pub const OPEN_ACCESS_MANAGEMENT: &str = "Open Access Management";
pub const OPEN_OPTIONS: &str = "Templates and settings";
pub const RUNS_LABEL: &str = "Runs";
pub const NO_RUNS: &str = "No run in progress.";

/// Where the tab is.
pub fn here_access_management(workspace: &str) -> String {
    format!("This tab is the Access Management page of {workspace}: the Access Kit button is at its bottom right.")
}
pub const HERE_SEGMENT: &str = "This tab is in Segment but not on Access Management.";
pub const HERE_ELSEWHERE: &str = "This tab is not a Segment Access Management page.";
/// The browser shows a tab's address only where the extension has access.
pub const HERE_UNKNOWN: &str =
    "This tab is not on app.segment.com, or Access Kit is not allowed there.";

/// One stored run.
pub fn run_line(r: &RunSummary) -> String {
    let how = match r.status {
        RunStatus::Running => "in progress",
        RunStatus::Paused => "paused: open its Access Management page to resume",
        RunStatus::Cancelled => "cancelled",
        RunStatus::Done => "finished",
    };
    let what = match r.kind.as_str() {
        "invite" => "bulk invite",
        "remove" => "removal",
        "revoke" => "revoking invites",
        "resend" => "re-sending invites",
        other => other,
    };
    format!(
        "{} ({what}): {} of {} rows done, {how}.",
        r.workspace, r.done, r.total
    )
}

/// `keys`: the storage keys of the runs that could not be read.
pub fn unreadable(keys: &[String]) -> String {
    format!("The stored runs {} could not be read.", keys.join(", "))
}
