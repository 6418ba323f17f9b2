//! The "Remove" tab's sentences.

use crate::core::offboard::RemovalPlan;
use crate::ui::run::RunWords;

/// The run's nouns.
pub const RUN: RunWords = RunWords {
    name: "Removal",
    done: "removed",
    verb: "remove",
    unit: ("person", "people"),
    groups: "kinds of access",
    sending: "Removing through the page's own editors, one person at a time. Keep this tab open; Pause and Cancel act between people.",
    progress_label: "Removal progress",
    file_prefix: "access-kit-removal-results",
};

pub const TEXT_LABEL: &str = "Emails to remove";
pub const TEXT_HELP: &str = "Paste one email per line, or a CSV with an email column (the bulk invite format works; only the email column matters).";
pub const FILE_LABEL: &str = "Or choose a file";
pub const CONFIRM_LABEL: &str = "Confirm removal";
pub const PREVIEW_TABLE: &str = "Removal preview";

/// What the person must type, and who loses access.
pub fn confirm_help(plan: &RemovalPlan) -> String {
    let who: Vec<&str> = plan
        .losing_access()
        .filter_map(|r| r.email.as_ref().map(|e| e.as_str()))
        .collect();
    confirm_sentence(&who)
}

/// "Type 3 to confirm that these people lose access to this workspace: …"
pub fn confirm_sentence(who: &[&str]) -> String {
    let n = who.len();
    if n == 0 {
        return "Nobody in this list would lose access.".into();
    }
    format!(
        "Type {n} to confirm that {} lose{} access to this workspace: {}.",
        if n == 1 {
            "this person"
        } else {
            "these people"
        },
        if n == 1 { "s" } else { "" },
        who.join(", ")
    )
}

/// The "Invites" tab's run.
pub const REVOKE_RUN: RunWords = RunWords {
    name: "Revoking invites",
    done: "revoked",
    verb: "revoke",
    unit: ("invite", "invites"),
    groups: "kinds of access",
    sending: "Revoking through each invite's own editor, one at a time. Keep this tab open; Pause and Cancel act between invites.",
    progress_label: "Revoking progress",
    file_prefix: "access-kit-revoke-results",
};

pub const INVITES_TABLE: &str = "Pending invites";

/// After reading the invites.
pub fn invites_read(n: usize, complete: bool) -> String {
    let base = format!("{n} pending invites.");
    if complete {
        base
    } else {
        format!("{base} The users table was not read completely: invites it did not show are not listed.")
    }
}

/// The preview's one-line summary: counts per class.
pub fn summary(plan: &RemovalPlan) -> String {
    let parts: Vec<String> = plan
        .counts()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{}: {n}", k.label()))
        .collect();
    format!("{} rows. {}.", plan.rows.len(), parts.join(", "))
}

pub fn partial_read(unchecked: usize) -> String {
    format!(
        "The users table was not read completely; {unchecked} emails not seen were looked up with the page's search. Rows it could not answer for show as \"Could not be checked\" and are not removed."
    )
}
