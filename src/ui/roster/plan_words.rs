//! The Roster tab's plan and apply sentences.

use crate::core::completeness::{Completeness, PartialReason};
use crate::core::roster::plan::{Refusal, RosterPlan, StepKind};
use crate::ui::run::RunWords;

pub const RUN: RunWords = RunWords {
    name: "Roster apply",
    done: "applied",
    verb: "apply",
    unit: ("person", "people"),
    groups: "changes",
    sending: "Applying the plan through the page's own forms: role changes first, then invites, then removals. Keep this tab open; Pause and Cancel act between people.",
    progress_label: "Apply progress",
    file_prefix: "access-kit-roster-apply-results",
};

pub const TEXT_LABEL: &str = "Desired roster";
pub const TEXT_HELP: &str = "Paste the roster as a CSV in the bulk invite format (email, role, roles, sources, spaces, labels; name and status columns are ignored) — an export, edited.";
pub const FILE_LABEL: &str = "Or choose a file";
pub const REMOVE_LABEL: &str = "Also remove people not in the list";
pub const CONFIRM_LABEL: &str = "Confirm changes";
pub const PLAN_TABLE: &str = "Roster plan";

/// The label of a kind of row, for the table and the summary.
pub fn kind_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Invite => "Invite",
        StepKind::ChangeRoles => "Change roles",
        StepKind::Reinvite => "Re-invite with new roles",
        StepKind::Remove => "Remove",
        StepKind::Revoke => "Revoke invite",
        StepKind::Refused => "Refused",
        StepKind::Unchanged => "Unchanged",
        StepKind::Kept => "Not in the list (kept)",
        StepKind::Duplicate => "Repeated in the list",
        StepKind::NotCompared => "Not compared",
    }
}

/// The `data-kind` slug of a row.
pub fn kind_slug(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Invite => "invite",
        StepKind::ChangeRoles => "change",
        StepKind::Reinvite => "reinvite",
        StepKind::Remove => "remove",
        StepKind::Revoke => "revoke",
        StepKind::Refused => "refused",
        StepKind::Unchanged => "unchanged",
        StepKind::Kept => "kept",
        StepKind::Duplicate => "duplicate",
        StepKind::NotCompared => "not-compared",
    }
}

/// Why the plan does not do what the file asks.
pub fn refusal(why: Refusal) -> &'static str {
    match why {
        Refusal::You => "you are signed in as this person: the tool never removes or demotes you",
        Refusal::LastOwner => "the workspace would be left without a Workspace Owner",
        Refusal::MaybeYou => "the page does not show who is signed in, so this owner could be you",
        Refusal::PartialRead => "the page's table was not read completely, so nobody is removed (people not seen may still be there)",
    }
}

/// "Plan: 3 change roles, 5 invite, 2 remove; 49 unchanged."
pub fn summary(plan: &RosterPlan) -> String {
    let parts: Vec<String> = StepKind::ALL
        .iter()
        .map(|&k| (k, plan.count(k)))
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| format!("{}: {n}", kind_label(k)))
        .collect();
    let changes = plan.changes().len();
    format!(
        "{changes} change{} planned. {}.",
        if changes == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// The typed confirmation's sentence.
pub fn confirm_sentence(n: usize) -> String {
    format!(
        "{n} of these changes remove people or take roles away. Type {n} to confirm, then Apply."
    )
}

/// Why a partial read plans less, by why it was partial.
pub fn partial(c: &Completeness) -> String {
    match c {
        Completeness::Partial {
            why: PartialReason::GrantsNotRead { people },
            ..
        } => format!(
            "The roles of {} could not be read: {} not compared (see the rows \"Not compared\"), and this plan removes nobody.",
            crate::ui::run::words::count(*people as usize, "person", "people"),
            if *people == 1 { "that person is" } else { "they are" },
        ),
        _ => "The page's table could not be read completely: this plan removes nobody, and people the read did not show may be planned as invites (the page will say \"already a member\").".to_string(),
    }
}

pub const READING: &str = "Reading every member and pending invite, and where the table's role summary is not exact, their editor…";
pub const CANCELLED: &str = "Plan cancelled: the page was not read, nothing was planned.";

/// A row whose grants were not read.
pub fn not_compared(why: &str) -> String {
    format!("not compared (grants could not be read: {why})")
}
