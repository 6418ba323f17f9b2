//! The "Remove" tab's sentences.

use crate::core::offboard::RemovalPlan;
use crate::core::roles::RoleSet;
use crate::driver::DriverError;
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

/// Re-sending's nouns.
pub const RESEND_RUN: RunWords = RunWords {
    name: "Re-sending invites",
    done: "invited again",
    verb: "re-send",
    unit: ("invite", "invites"),
    groups: "role sets",
    sending: "Revoking each invite through its editor, then inviting the same emails again through the page's invite form, one role set at a time. Keep this tab open; Pause and Cancel act between steps.",
    progress_label: "Re-sending progress",
    file_prefix: "access-kit-resend-results",
};

pub const RESEND_TABLE: &str = "Invites to re-send";

/// A revoke step, as the activity names it.
pub fn revoke_step(roles: &RoleSet) -> String {
    format!("revoke, then invite again with {roles}")
}

/// While reading the picked invites' roles.
pub fn roles_reading(done: usize, total: usize) -> String {
    format!(
        "Reading the exact roles of invite {} of {total} from its editor…",
        done + 1
    )
}

/// An invite that has become a member meanwhile.
pub const NOW_A_MEMBER: &str =
    "not re-sent: this person has accepted the invite and is a member now";

/// An invite whose exact roles could not be read.
pub fn roles_unread(e: &DriverError) -> String {
    format!("not re-sent: its exact roles could not be read ({e})")
}

/// After reading the picked invites' roles.
pub fn roles_read(ready: usize, unread: usize) -> String {
    let base = format!(
        "{ready} of {} invites can be re-sent with exactly the roles shown.",
        ready + unread
    );
    if unread == 0 {
        base
    } else {
        format!("{base} The others are left as they are (see the table).")
    }
}

/// "Type 3 to confirm that these invites are revoked and sent again: …"
pub fn resend_sentence(who: &[&str]) -> String {
    match who.len() {
        0 => "No invite can be re-sent.".into(),
        n => format!(
            "Type {n} to confirm that {} revoked and sent again with the roles shown: {}.",
            if n == 1 {
                "this invite is"
            } else {
                "these invites are"
            },
            who.join(", ")
        ),
    }
}

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
