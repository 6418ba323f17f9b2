//! The safety prompts' sentences, shared by the page's own forms (the
//! interceptor's overlay) and the bulk preview. Pure, tested natively.

use crate::core::guard::{BlockReason, Decision, GuardAction};
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::safety::Prompt;
use crate::core::text::quoted;
use crate::ui::run::words::count;

/// What a Workspace Owner can do, said whenever someone is made one.
pub const OWNER_POWER: &str = "A Workspace Owner can change every setting, source and role, invite and remove anyone, including other owners, and delete the workspace.";

/// What demoting yourself means, said before it happens.
pub const SELF_DEMOTION: &str = "You will lose Access Management at once: you cannot undo this yourself; another owner would have to make you owner again.";

/// "Prompt controlled by the setting “Mistyped domains” on the options page."
pub fn controlled_by(p: Prompt) -> String {
    format!(
        "This check is the setting {} on Access Kit's options page.",
        quoted(p.setting_name())
    )
}

/// "outside kicksco.io" / "outside kicksco.io and kicksco.de" / "outside your domains".
pub fn outside(own: &[String]) -> String {
    match own {
        [] => "outside your domains".to_string(),
        [one] => format!("outside {one}"),
        [rest @ .., last] => format!("outside {} and {last}", rest.join(", ")),
    }
}

/// "bo@kickscoio → did you mean bo@kicksco.io?"
pub fn did_you_mean(typed: &str, meant: &str) -> String {
    format!("{typed} → did you mean {meant}?")
}

/// The bulk preview's heading of the typo flags: "Mistyped domains? — 3 rows".
pub fn typo_heading(rows: usize) -> String {
    format!("Mistyped domains? — {}", count(rows, "row", "rows"))
}

/// The one fix-all action.
pub fn fix_all(rows: usize) -> String {
    format!(
        "Fix {} in the list",
        count(rows, "mistyped address", "mistyped addresses")
    )
}

/// The tick that sends rows as typed although their domain looks mistyped.
pub fn typo_tick(rows: usize) -> String {
    format!(
        "Send {} as typed although the domain looks mistyped",
        count(rows, "row", "rows")
    )
}

/// The bulk preview's heading of the outside flags: "outside kicksco.io — 3 rows".
pub fn outside_heading(own: &[String], rows: usize) -> String {
    format!("{} — {}", outside(own), count(rows, "row", "rows"))
}

/// The tick that sends rows outside the workspace's domains.
pub fn outside_tick(own: &[String], rows: usize) -> String {
    format!("Send the {} {}", count(rows, "row", "rows"), outside(own))
}

/// The bulk preview's heading of the owner rows.
pub fn owner_heading(rows: usize) -> String {
    format!("New Workspace Owners — {}", count(rows, "row", "rows"))
}

/// The tick naming who becomes owner.
pub fn owner_tick(who: &[String]) -> String {
    format!("Make {} Workspace Owner", names(who))
}

/// "a@x.io", "a@x.io and b@x.io", "a@x.io, b@x.io and 3 more".
pub fn names(who: &[String]) -> String {
    const SHOWN: usize = 3;
    match who {
        [] => "nobody".to_string(),
        [one] => one.clone(),
        _ if who.len() <= SHOWN => {
            let (last, rest) = who.split_last().expect("two or more");
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and {} more", who[..SHOWN].join(", "), who.len() - SHOWN),
    }
}

/// The overlay's title for an invite the prompts speak about (gravest first).
pub fn invite_title(prompts: &[Prompt], addresses: usize) -> String {
    let who = count(addresses, "address", "addresses");
    match prompts.first() {
        Some(Prompt::Typos) => "Check the address: the domain looks mistyped".to_string(),
        Some(Prompt::NewOwners) => format!("Careful: inviting {who} as Workspace Owner"),
        _ => format!("Careful: inviting {who} outside your domains"),
    }
}

/// The roles an invite would give, as the form shows them: "Workspace
/// Member with Source Admin (all); Tracking Plan Read-only". `set`: the
/// form's role set, `None` when it could not be read (`role` is known).
pub fn role_set(role: WorkspaceRole, set: Option<&RoleSet>) -> String {
    match set {
        Some(set) if set.workspace == WorkspaceRole::Member && set.roles.is_empty() => {
            "Workspace Member, with no other role".to_string()
        }
        Some(set) if set.workspace == WorkspaceRole::Member => {
            let each: Vec<String> = set.roles.iter().map(ToString::to_string).collect();
            format!("Workspace Member with {}", each.join("; "))
        }
        Some(set) => set.workspace.to_string(),
        None if role == WorkspaceRole::Member => {
            "Workspace Member (the form's other roles could not be read)".to_string()
        }
        None => role.to_string(),
    }
}

/// "Mistyped domain: ana@kicksco.co → did you mean ana@kicksco.io? As typed,
/// ana@kicksco.co would be invited as Workspace Member, with no other role."
pub fn typo_paragraph(list: &[(String, String)], roles: &str) -> String {
    let each: Vec<String> = list.iter().map(|(t, m)| did_you_mean(t, m)).collect();
    let typed: Vec<String> = list.iter().map(|(t, _)| t.clone()).collect();
    format!(
        "Mistyped domain: {} As typed, {} would be invited as {roles}.",
        each.join("; "),
        names(&typed)
    )
}

/// "Outside kicksco.io: ben@gmail.com would be invited as Workspace Member
/// with Tracking Plan Read-only." (`roles`: from [`role_set`]).
pub fn outside_paragraph(own: &[String], who: &[String], roles: &str) -> String {
    let mut s = outside(own);
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("{s}: {} would be invited as {roles}.", names(who))
}

/// "ana@kicksco.io would become Workspace Owner."
pub fn owner_paragraph(who: &[String]) -> String {
    format!("{} would become Workspace Owner. {OWNER_POWER}", names(who))
}

/// The alternative action of a typo prompt.
pub fn use_corrected(n: usize) -> String {
    if n == 1 {
        "Use the corrected address".to_string()
    } else {
        "Use the corrected addresses".to_string()
    }
}

/// The overlay for saving Workspace Owner in the member editor.
pub fn promote_title(email: &str) -> String {
    format!("Careful: {email} will become Workspace Owner")
}

/// The overlay for demoting or removing yourself.
pub fn self_title(removal: bool) -> String {
    if removal {
        "Careful: you are removing yourself from this workspace".to_string()
    } else {
        "Careful: you are giving up Workspace Owner".to_string()
    }
}

/// The title of an invite overlay asked again: the form changed meanwhile.
pub const FORM_CHANGED: &str = "The invite form changed while you were asked";

/// What changed in the invite form since the person was asked (addresses
/// as comparison keys): "Since you were asked, cy@gmail.com was added and
/// the roles changed. Nothing was sent: this is what the form would send now."
pub fn form_changed(added: &[String], removed: &[String], roles: bool) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("{} {} added", names(added), was(added.len())));
    }
    if !removed.is_empty() {
        parts.push(format!("{} {} removed", names(removed), was(removed.len())));
    }
    if roles {
        parts.push("the roles changed".to_string());
    }
    let said = match parts.as_slice() {
        [] => "the form changed".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    format!("Since you were asked, {said}. Nothing was sent: this is what the form would send now.")
}

fn was(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// "ana@kicksco.io and cy@gmail.com would be invited as Workspace Member,
/// with no other role." (`roles`: from [`role_set`]).
pub fn would_send(all: &[String], roles: &str) -> String {
    format!("{} would be invited as {roles}.", names(all))
}

/// The title of a member-editor overlay when the editor changed meanwhile.
pub const EDITOR_CHANGED: &str = "The member editor changed while you were asked";

/// What going on would do now that the editor shows something else, and
/// the go-ahead button's label. `who`: the person shown ("" if none).
pub fn editor_now(
    who: &str,
    after: Option<Option<WorkspaceRole>>,
    removal: bool,
) -> (String, &'static str) {
    let who = if who.is_empty() { "this person" } else { who };
    match (after, removal) {
        (Some(None), _) | (_, true) => (
            format!("Nothing was changed. Going on now would remove {who} from this workspace."),
            "Remove",
        ),
        (Some(Some(role)), _) => (
            format!("Nothing was changed. Saving now would make {who} {role}."),
            "Save",
        ),
        (None, false) => (
            format!("Nothing was changed. Saving now would save the roles shown for {who}."),
            "Save",
        ),
    }
}

/// The going-on button of an invite overlay: with mistyped addresses it
/// sends them as typed; a form that changed into one without concerns just
/// sends.
pub fn invite_label(typos: bool, concerns: bool) -> &'static str {
    match (typos, concerns) {
        (true, _) => "Send as typed",
        (false, false) => "Send",
        (false, true) => "Send anyway",
    }
}

/// The going-on button of the overlay for saving Workspace Owner.
pub const PROMOTE_LABEL: &str = "Make Workspace Owner";

/// The going-on button of the overlay for demoting or removing yourself.
pub fn self_label(removal: bool) -> &'static str {
    if removal {
        "Remove myself"
    } else {
        "Make myself Member"
    }
}

/// The last-owner overlay's title; `email` is empty when the person could
/// not be read.
pub fn last_owner_title(decision: &Decision, email: &str) -> String {
    if email.is_empty() {
        return "Careful: this may remove the last Workspace Owner".to_string();
    }
    match decision {
        Decision::Block {
            why: BlockReason::SelfLastOwner,
            ..
        } => "Stop: you are the last Workspace Owner".to_string(),
        Decision::Uncertain { .. } => format!("Careful: {email} may be the last Workspace Owner"),
        _ => format!("Stop: {email} is the last Workspace Owner"),
    }
}

/// The last-owner overlay's going-on button.
pub fn last_owner_label(action: &GuardAction) -> &'static str {
    match action {
        GuardAction::Remove { .. } => "Remove anyway",
        GuardAction::Demote { .. } => "Make Member anyway",
    }
}

/// The console's word when the invite prompts could not judge a held
/// submission (their module did not load) and it went without them.
pub const INVITE_PROMPTS_MISSING: &str =
    "Access Kit: the invite prompts could not load; the invite was sent without them";

/// Nothing has been changed by the last-owner guard yet.
pub const NOTHING_CHANGED: &str = "Nothing has been changed. Cancel keeps everything as it is.";

/// Nothing has happened yet.
pub const NOTHING_SENT: &str =
    "Nothing has been sent or changed. Cancel keeps everything as it is.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_domains_rows_and_people() {
        let own = vec!["kicksco.io".to_string()];
        assert_eq!(outside_heading(&own, 3), "outside kicksco.io — 3 rows");
        assert_eq!(
            outside(&["a.io".into(), "b.io".into(), "c.io".into()]),
            "outside a.io, b.io and c.io"
        );
        assert_eq!(outside(&[]), "outside your domains");
        assert_eq!(fix_all(1), "Fix 1 mistyped address in the list");
        assert_eq!(
            did_you_mean("bo@kickscoio", "bo@kicksco.io"),
            "bo@kickscoio → did you mean bo@kicksco.io?"
        );
        let who: Vec<String> = (1..=5).map(|i| format!("p{i}@x.io")).collect();
        assert_eq!(names(&who[..1]), "p1@x.io");
        assert_eq!(names(&who[..2]), "p1@x.io and p2@x.io");
        assert_eq!(names(&who), "p1@x.io, p2@x.io, p3@x.io and 2 more");
        assert_eq!(owner_tick(&who[..1]), "Make p1@x.io Workspace Owner");
        assert_eq!(
            outside_paragraph(&own, &who[..1], "Workspace Member"),
            "Outside kicksco.io: p1@x.io would be invited as Workspace Member."
        );
        assert_eq!(
            invite_title(&[Prompt::NewOwners, Prompt::OutsideDomains], 2),
            "Careful: inviting 2 addresses as Workspace Owner"
        );
        assert!(controlled_by(Prompt::Typos).contains("\"Mistyped domains\""));
    }

    #[test]
    fn the_last_owner_overlay_names_who_and_what() {
        let block = |why| Decision::Block {
            owner: "bo@x.io".into(),
            why,
        };
        assert_eq!(
            last_owner_title(&block(BlockReason::LastOwner), "bo@x.io"),
            "Stop: bo@x.io is the last Workspace Owner"
        );
        assert_eq!(
            last_owner_title(&block(BlockReason::SelfLastOwner), "bo@x.io"),
            "Stop: you are the last Workspace Owner"
        );
        assert!(last_owner_title(&block(BlockReason::LastOwner), "").contains("may remove"));
        let demote = GuardAction::Demote {
            email: "bo@x.io".into(),
        };
        assert_eq!(last_owner_label(&demote), "Make Member anyway");
        assert_eq!(invite_label(true, true), "Send as typed");
        assert_eq!(invite_label(false, false), "Send");
    }

    #[test]
    fn a_changed_form_says_what_changed() {
        let cy = vec!["cy@gmail.com".to_string()];
        assert_eq!(
            form_changed(&cy, &[], false),
            "Since you were asked, cy@gmail.com was added. Nothing was sent: this is what the form would send now."
        );
        let two = vec!["a@x.io".to_string(), "b@x.io".to_string()];
        assert!(form_changed(&cy, &two, true)
            .starts_with("Since you were asked, cy@gmail.com was added, a@x.io and b@x.io were removed and the roles changed."));
        assert_eq!(
            would_send(&two, "Workspace Member, with no other role"),
            "a@x.io and b@x.io would be invited as Workspace Member, with no other role."
        );
        assert_eq!(
            editor_now("bo@x.io", Some(Some(WorkspaceRole::Member)), false),
            (
                "Nothing was changed. Saving now would make bo@x.io Workspace Member.".to_string(),
                "Save"
            )
        );
        assert_eq!(editor_now("", Some(None), true).1, "Remove");
    }

    #[test]
    fn overlays_name_the_roles_an_invite_would_give() {
        use crate::core::roles::{RoleGrant, Scope};
        let member = WorkspaceRole::Member;
        let set = RoleSet::member([
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
            RoleGrant::new("Source Admin", Scope::all()),
        ]);
        assert_eq!(
            role_set(member, Some(&set)),
            "Workspace Member with Source Admin (all); Tracking Plan Read-only"
        );
        assert_eq!(
            role_set(member, Some(&RoleSet::member([]))),
            "Workspace Member, with no other role"
        );
        assert_eq!(
            role_set(WorkspaceRole::Owner, Some(&RoleSet::owner())),
            "Workspace Owner"
        );
        assert!(role_set(member, None).contains("could not be read"));
        assert_eq!(
            typo_paragraph(
                &[("ana@kicksco.co".into(), "ana@kicksco.io".into())],
                "Workspace Owner"
            ),
            "Mistyped domain: ana@kicksco.co → did you mean ana@kicksco.io? As typed, ana@kicksco.co would be invited as Workspace Owner."
        );
    }
}
