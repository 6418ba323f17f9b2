//! The plan: a desired list of [`Person`]s against a [`Roster`] read from
//! the page, person by person, and the rows of the run that applies it
//! ([`RosterOp`]).
//!
//! Every person in the file or in the workspace gets one [`Step`]:
//! - in the file, not in the workspace → invite with the file's roles;
//! - in both, the grants differ (compared as sets with scopes,
//!   `super::diff`) → a member's roles changed in their editor, or a
//!   pending invite revoked and sent again with the new roles;
//! - in both, the same grants → unchanged (the file's status and name are
//!   not compared: the tool cannot make anyone accept an invite);
//! - in the workspace, not in the file → removed (a member) or revoked (an
//!   invite) only when `remove_absent` ("Also remove people not in the
//!   list") is ticked, else kept;
//! - an email the file repeats → the first counts;
//! - in the workspace, but the read could not read their grants
//!   (`read::Unread`, left out of the roster, which is then partial) →
//!   not compared, with the reason, whether or not the file lists them:
//!   never invited (they are there) nor taken as unchanged or removed.
//!
//! ## Safety
//! Whatever takes access away — a removal, a revocation, a change that
//! takes a grant or Workspace Owner away — goes through the removal rules
//! of `core::offboard` (one copy of them): never the signed-in person,
//! never the last owner (members this plan makes owners count as owners,
//! as promotions run first), no owner when the page does not show who is
//! signed in. What they refuse is `Refused` with the reason, and nothing of
//! that person changes. From a PARTIAL read nobody is removed: who is "not
//! in the list" cannot be known. Grants of Workspace Owner are flagged
//! ([`Action::grants_owner`], the new-owner prompt's rule).

use rustc_hash::{FxHashMap, FxHashSet};

use super::diff::{grant_changes, same_access, takes_away, GrantChange};
use super::read::Unread;
use super::{Person, Roster, Status};
use crate::core::input::InputRow;
use crate::core::offboard::{self, Access, Fate, OwnerKept};
use crate::core::roles::{RoleSet, WorkspaceRole};
use crate::core::run::{Change, NewRow, ResendOp, Target};
use crate::core::safety::owners::makes_owner;

/// A change the file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Not in the workspace: invite.
    Invite { to: RoleSet },
    /// A member whose grants differ.
    ChangeRoles { from: RoleSet, to: RoleSet },
    /// A pending invite whose grants differ: revoke and invite again.
    Reinvite { from: RoleSet, to: RoleSet },
    /// In the workspace, not in the file (removals asked for).
    Remove { from: RoleSet, status: Status },
}

impl Action {
    /// Whether it makes someone Workspace Owner (the new-owner prompt's
    /// rule, `core::safety::owners`).
    pub fn grants_owner(&self) -> bool {
        match self {
            Action::Invite { to } | Action::Reinvite { to, .. } => {
                to.workspace == WorkspaceRole::Owner
            }
            Action::ChangeRoles { from, to } => makes_owner(Some(from.workspace), to.workspace),
            Action::Remove { .. } => false,
        }
    }

    /// Whether it takes access away (the typed confirmation asks for it).
    pub fn takes_away(&self) -> bool {
        match self {
            Action::Invite { .. } => false,
            Action::ChangeRoles { from, to } | Action::Reinvite { from, to } => {
                takes_away(from, to)
            }
            Action::Remove { .. } => true,
        }
    }

    /// Old → new, grant by grant (a removal: every grant → nothing).
    pub fn grant_changes(&self) -> Vec<GrantChange> {
        match self {
            Action::Invite { to } => grant_changes(&RoleSet::member([]), to),
            Action::ChangeRoles { from, to } | Action::Reinvite { from, to } => {
                grant_changes(from, to)
            }
            Action::Remove { .. } => Vec::new(),
        }
    }

    /// The run's rows for this action, the first at index `first`: one
    /// row; a re-invite is re-sending's two ([`ResendOp::rows`]: revoke,
    /// then invite again following it), each step carrying the new roles.
    fn new_rows(&self, line: usize, email: &str, first: usize) -> Vec<NewRow<Change>> {
        let one = |group| {
            vec![NewRow::Ready {
                line,
                email: email.to_string(),
                group,
            }]
        };
        match self {
            Action::Invite { to } => one(Change::Invite { to: to.clone() }),
            Action::ChangeRoles { from, to } => one(Change::SetRoles {
                from: from.clone(),
                to: to.clone(),
            }),
            Action::Reinvite { from, to } => ResendOp::rows([(email.to_string(), to.clone())])
                .into_iter()
                .map(|row| {
                    row.placed(line, first, |step| Change::Resend {
                        from: from.clone(),
                        step,
                    })
                })
                .collect(),
            Action::Remove { from, status } => one(Change::Remove {
                target: match status {
                    Status::Invited => Target::Invite,
                    Status::Member => Target::Member {
                        owner: from.workspace == WorkspaceRole::Owner,
                    },
                },
            }),
        }
    }

    /// Apply order (lower first): promotions, other changes, re-invites,
    /// invites, owners' demotions, revocations, removals, owners' removals.
    fn order(&self) -> u8 {
        match self {
            a if a.grants_owner() && matches!(a, Action::ChangeRoles { .. }) => 0,
            Action::ChangeRoles { from, .. } if from.workspace == WorkspaceRole::Owner => 4,
            Action::ChangeRoles { .. } => 1,
            Action::Reinvite { .. } => 2,
            Action::Invite { .. } => 3,
            Action::Remove {
                status: Status::Invited,
                ..
            } => 5,
            Action::Remove { from, .. } if from.workspace == WorkspaceRole::Owner => 7,
            Action::Remove { .. } => 6,
        }
    }
}

/// Why the plan does not do what the file asks for someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The signed-in person: never removed or demoted by the tool.
    You,
    /// The workspace would be left without an owner.
    LastOwner,
    /// The page does not show who is signed in: any owner could be you.
    MaybeYou,
    /// The read of the page was partial: nobody is removed.
    PartialRead,
}

/// What happens to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The change is made.
    Do(Action),
    /// The file asks for `wanted`; the plan refuses it.
    Refused { wanted: Action, why: Refusal },
    /// The same grants in the file and on the page.
    Unchanged,
    /// In the workspace, not in the file, and removals were not asked for.
    Kept,
    /// The file lists this email again: its first row counts.
    Duplicate,
    /// In the workspace, but their grants could not be read (`why`): the
    /// plan leaves them as they are.
    NotCompared { why: String },
}

/// One person of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Lower-cased email.
    pub email: String,
    /// The page's name, else the file's.
    pub name: Option<String>,
    /// 1-based position in the file; `None` for people only on the page.
    pub line: Option<usize>,
    pub step: Step,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterPlan {
    /// People of the file in file order, then people only on the page (by
    /// email).
    pub rows: Vec<PlanRow>,
    /// Whether the read of the page saw everyone.
    pub complete: bool,
}

/// The plan of `desired` against `roster` (see the module docs).
/// `unread`: people in the workspace whose grants the read could not read;
/// `signed_in`: the "(you)" row's email, if the page shows one;
/// `remove_absent`: "Also remove people not in the list".
pub fn plan(
    desired: &[Person],
    roster: &Roster,
    unread: &[Unread],
    signed_in: Option<&str>,
    remove_absent: bool,
) -> RosterPlan {
    let not_read: FxHashMap<String, &str> = unread
        .iter()
        .map(|u| (u.email.trim().to_lowercase(), u.why.as_str()))
        .collect();
    let not_compared = |email: &str| {
        not_read.get(email).map(|why| Step::NotCompared {
            why: (*why).to_string(),
        })
    };
    let mut listed: FxHashSet<String> = FxHashSet::default();
    let mut rows: Vec<PlanRow> = Vec::new();
    for (i, want) in desired.iter().enumerate() {
        let email = want.email.trim().to_lowercase();
        let step = if !listed.insert(email.clone()) {
            Step::Duplicate
        } else if let Some(step) = not_compared(&email) {
            step
        } else {
            match roster.get(&email) {
                None => Step::Do(Action::Invite {
                    to: want.access.clone(),
                }),
                Some(have) if same_access(&have.access, &want.access) => Step::Unchanged,
                Some(have) => Step::Do(match have.status {
                    Status::Member => Action::ChangeRoles {
                        from: have.access.clone(),
                        to: want.access.clone(),
                    },
                    Status::Invited => Action::Reinvite {
                        from: have.access.clone(),
                        to: want.access.clone(),
                    },
                }),
            }
        };
        let name = roster
            .get(&email)
            .and_then(|p| p.name.clone())
            .or_else(|| want.name.clone());
        rows.push(PlanRow {
            email,
            name,
            line: Some(i + 1),
            step,
        });
    }
    let complete = roster.completeness.is_complete();
    for have in roster.people.iter().filter(|p| !listed.contains(&p.email)) {
        let wanted = Action::Remove {
            from: have.access.clone(),
            status: have.status,
        };
        let step = match (remove_absent, complete) {
            (false, _) => Step::Kept,
            (true, false) => Step::Refused {
                wanted,
                why: Refusal::PartialRead,
            },
            (true, true) => Step::Do(wanted),
        };
        rows.push(PlanRow {
            email: have.email.clone(),
            name: have.name.clone(),
            line: None,
            step,
        });
    }
    for u in unread {
        let email = u.email.trim().to_lowercase();
        if listed.insert(email.clone()) {
            let step = not_compared(&email).expect("an unread person");
            rows.push(PlanRow {
                email,
                name: None,
                line: None,
                step,
            });
        }
    }
    keep_safe(&mut rows, roster, signed_in);
    RosterPlan { rows, complete }
}

/// Sends everything that takes access away through `core::offboard`'s
/// removal rules and refuses what they keep.
fn keep_safe(rows: &mut [PlanRow], roster: &Roster, signed_in: Option<&str>) {
    let promoted: FxHashSet<&str> = rows
        .iter()
        .filter(|r| matches!(&r.step, Step::Do(a @ Action::ChangeRoles { .. }) if a.grants_owner()))
        .map(|r| r.email.as_str())
        .collect();
    // Members made owners by this plan count as owners who stay.
    let people = roster.people.iter().map(|p| {
        let access = match (p.status, p.access.workspace) {
            (Status::Invited, _) => Access::Invite,
            (Status::Member, WorkspaceRole::Owner) => Access::Owner,
            (Status::Member, _) if promoted.contains(p.email.as_str()) => Access::Owner,
            (Status::Member, _) => Access::Member,
        };
        (p.email.as_str(), access)
    });
    let rules = offboard::Roster::new(people, roster.completeness.is_complete(), signed_in);
    let going: Vec<InputRow<'_>> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(&r.step, Step::Do(a) if a.takes_away()))
        .map(|(i, r)| InputRow {
            line: i,
            email: r.email.as_str().into(),
            ..InputRow::default()
        })
        .collect();
    let fates: FxHashMap<usize, Fate> = offboard::plan_removal(&going, &rules)
        .rows
        .into_iter()
        .map(|r| (r.line, r.fate))
        .collect();
    for (i, row) in rows.iter_mut().enumerate() {
        let why = match fates.get(&i) {
            Some(Fate::You) => Refusal::You,
            Some(Fate::OwnerKept(OwnerKept::LastOwner)) => Refusal::LastOwner,
            Some(Fate::OwnerKept(OwnerKept::MaybeYou)) => Refusal::MaybeYou,
            _ => continue,
        };
        if let Step::Do(wanted) = std::mem::replace(&mut row.step, Step::Unchanged) {
            row.step = Step::Refused { wanted, why };
        }
    }
}

/// A plan's rows, counted by what happens to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepKind {
    Invite,
    ChangeRoles,
    Reinvite,
    Remove,
    Revoke,
    Refused,
    Unchanged,
    Kept,
    Duplicate,
    NotCompared,
}

impl StepKind {
    /// Every kind, in the order the summary shows them.
    pub const ALL: [StepKind; 10] = [
        StepKind::Invite,
        StepKind::ChangeRoles,
        StepKind::Reinvite,
        StepKind::Remove,
        StepKind::Revoke,
        StepKind::Refused,
        StepKind::Unchanged,
        StepKind::Kept,
        StepKind::Duplicate,
        StepKind::NotCompared,
    ];
}

impl Action {
    fn kind(&self) -> StepKind {
        match self {
            Action::Invite { .. } => StepKind::Invite,
            Action::ChangeRoles { .. } => StepKind::ChangeRoles,
            Action::Reinvite { .. } => StepKind::Reinvite,
            Action::Remove {
                status: Status::Member,
                ..
            } => StepKind::Remove,
            Action::Remove {
                status: Status::Invited,
                ..
            } => StepKind::Revoke,
        }
    }
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Step::Do(a) => a.kind(),
            Step::Refused { .. } => StepKind::Refused,
            Step::Unchanged => StepKind::Unchanged,
            Step::Kept => StepKind::Kept,
            Step::Duplicate => StepKind::Duplicate,
            Step::NotCompared { .. } => StepKind::NotCompared,
        }
    }
}

impl RosterPlan {
    /// The changes that will be made, in apply order.
    pub fn changes(&self) -> Vec<(&PlanRow, &Action)> {
        let mut out: Vec<(&PlanRow, &Action)> = self
            .rows
            .iter()
            .filter_map(|r| match &r.step {
                Step::Do(a) => Some((r, a)),
                _ => None,
            })
            .collect();
        // Stable: file order within one kind.
        out.sort_by_key(|(_, a)| a.order());
        out
    }

    /// How many rows have `kind`.
    pub fn count(&self, kind: StepKind) -> usize {
        self.rows.iter().filter(|r| r.step.kind() == kind).count()
    }

    /// How many people lose access or grants: what the person types to
    /// confirm (0: no typed confirmation).
    pub fn taking_away(&self) -> usize {
        self.changes()
            .iter()
            .filter(|(_, a)| a.takes_away())
            .count()
    }

    /// The rows of the run, in apply order (see [`Action::new_rows`]).
    pub fn new_rows(&self) -> Vec<NewRow<Change>> {
        let mut rows = Vec::new();
        for (r, a) in self.changes() {
            let more = a.new_rows(r.line.unwrap_or(0), &r.email, rows.len());
            rows.extend(more);
        }
        rows
    }
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
