//! The Roster tab's sentences.

use crate::core::completeness::Completeness;
use crate::core::roles::WorkspaceRole;
use crate::core::roster::{Roster, Status};
use crate::driver::roster::RosterProgress;
use crate::ui::run::words::count;

pub const TAB: &str = "Roster";
pub const EXPORT: &str = "Export roster";
pub const CANCEL: &str = "Cancel";
pub const DOWNLOAD_CSV: &str = "Download CSV";
pub const DOWNLOAD_JSON: &str = "Download JSON";
/// The page's holder name while an export reads it.
pub const LEASE: &str = "Export roster";

pub const INTRO: &str = "Reads every member and pending invite with their workspace permission and every role with its exact scope. Where the table's role summary is truncated or only counts sources or labels, the person's editor is opened, read and closed. Nothing is changed. The CSV is in bulk invite's format.";

pub const READING_TABLE: &str = "Reading every page of the users table…";
pub const CANCELLED: &str = "Export cancelled. Nothing to download.";

/// Progress while editors are read.
pub fn progress(p: &RosterProgress) -> String {
    format!(
        "Read {} of {}; {} of {} through their editor…",
        p.read,
        count(p.total, "person", "people"),
        p.editors_read,
        p.editors
    )
}

/// The summary of a finished export.
pub fn summary(roster: &Roster, editor_reads: usize) -> String {
    let members = roster.people.iter().filter(|p| p.status == Status::Member);
    let owners = members
        .clone()
        .filter(|p| p.access.workspace == WorkspaceRole::Owner)
        .count();
    let members = members.count();
    let invites = roster.people.len() - members;
    format!(
        "{}: {} ({owners} {}) and {}. {} read through their editor.",
        count(roster.people.len(), "person", "people"),
        count(members, "member", "members"),
        if owners == 1 { "owner" } else { "owners" },
        count(invites, "pending invite", "pending invites"),
        count(editor_reads, "person", "people"),
    )
}

/// Whether the export holds everyone, and if not why, plainly.
pub fn completeness(c: &Completeness) -> String {
    match c {
        Completeness::Complete { total: Some(t), .. } => {
            format!("Complete: every page of the users table was read (the page states {t}, and they agree).")
        }
        Completeness::Complete { .. } => {
            "Complete: every page of the users table was read.".to_string()
        }
        Completeness::Partial {
            rows_read,
            total,
            why,
        } => format!(
            "Partial: {why}. The files hold only the {} read{}; do not use them as the whole roster.",
            count(*rows_read, "person", "people"),
            total
                .map(|t| format!(" of the {t} the page states"))
                .unwrap_or_default()
        ),
    }
}

/// A person left out of the export.
pub fn unread(email: &str, why: &str) -> String {
    format!("{email}: not in the files ({why})")
}

/// People whose roles the CSV cannot say exactly (each named below).
pub fn unwritable(n: usize) -> String {
    format!(
        "The CSV cannot carry the roles of {} exactly: a resource name holds one of ; | ( ). Their rows say \"{}\", which bulk invite and Plan refuse; the JSON file carries them exactly.",
        count(n, "person", "people"),
        crate::core::roster::format::UNWRITABLE
    )
}

/// The export failed.
pub fn failed(e: &impl std::fmt::Display) -> String {
    format!("The roster could not be read: {e}")
}
