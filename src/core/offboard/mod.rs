//! Offboarding: which pasted rows lose access to the workspace, and why
//! the others do not. Pure; the panel's "Remove" tab shows the plan and
//! runs it ([`crate::core::run::RemoveOp`]).
//!
//! Every row gets exactly one [`Fate`], checked in this order:
//! 1. the email is valid, else `InvalidEmail`;
//! 2. it is not a repeat of an earlier row (case-insensitive; the first
//!    wins), else `Duplicate`;
//! 3. it is not the signed-in person, else `You` (the tool never removes
//!    you);
//! 4. what the users table showed: a member → `Remove`, a pending invite
//!    → `Revoke`; not seen → `NotInWorkspace` when the read was complete or
//!    the page's search answered without them, `NotChecked` otherwise (a
//!    person not seen by a partial read may still be there);
//! 5. owners: a member who is (or may be) a Workspace Owner is removed only
//!    when the workspace keeps an owner. When the page does not show who is
//!    signed in, no owner is removed (`OwnerKept(MaybeYou)`: only owners
//!    can open Access Management, so any owner could be you). When every
//!    owner the table showed is in the list, one of them stays
//!    (`OwnerKept(LastOwner)`): the first by email address, so the choice
//!    does not depend on the order of the rows. Every other listed owner
//!    goes; a member whose role the table did not show counts as an owner
//!    for going and not for staying.
//!
//! A partial read can only hide people: an owner it did not show can only
//! help, so step 5 is safe on it; step 4 is why it never concludes
//! "not in this workspace" from it. The run checks owners again right
//! before removing one ([`owner_may_go`]).

mod words;

use rustc_hash::{FxHashMap, FxHashSet};

use super::email::{comparison_key, Email, EmailError};
use super::input::InputRow;
use super::run::remove::Target;
use super::run::NewRow;
pub use words::FateKind;

/// What the users table showed of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A member shown as Workspace Owner.
    Owner,
    /// A member shown as Workspace Member.
    Member,
    /// A member whose permission the table did not show.
    UnknownRole,
    /// A pending invite.
    Invite,
}

impl Access {
    /// Whether removing this person may remove a Workspace Owner.
    pub fn may_be_owner(self) -> bool {
        matches!(self, Access::Owner | Access::UnknownRole)
    }
}

/// What a read of the users table (and any look-ups through the page's
/// search) found: everyone's access, whether the read was complete, and
/// who is signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// Comparison key → access (a person read twice keeps the riskier).
    people: FxHashMap<String, Access>,
    complete: bool,
    signed_in: Option<String>,
    /// Keys the page's search answered without.
    searched_absent: FxHashSet<String>,
}

impl Roster {
    /// `people` as read; `complete`: the read saw the whole table;
    /// `signed_in`: the "(you)" row's email, if the table showed one.
    pub fn new<S: AsRef<str>>(
        people: impl IntoIterator<Item = (S, Access)>,
        complete: bool,
        signed_in: Option<&str>,
    ) -> Roster {
        let mut roster = Roster {
            complete,
            signed_in: signed_in.map(comparison_key),
            ..Roster::default()
        };
        roster.add(people);
        roster
    }

    fn add<S: AsRef<str>>(&mut self, people: impl IntoIterator<Item = (S, Access)>) {
        for (email, access) in people {
            let key = comparison_key(email.as_ref());
            self.searched_absent.remove(&key);
            let slot = self.people.entry(key).or_insert(access);
            // Read twice with different words: a member's row wins over an
            // invite's, and owner against member is unknown (it goes as an
            // owner and does not count as one that stays).
            match (*slot, access) {
                (a, b) if a == b => {}
                (Access::Invite, b) => *slot = b,
                (_, Access::Invite) => {}
                _ => *slot = Access::UnknownRole,
            }
        }
    }

    /// What look-ups through the page's search found: people shown, and
    /// emails the search answered without.
    pub fn looked_up<S: AsRef<str>, A: AsRef<str>>(
        &mut self,
        found: impl IntoIterator<Item = (S, Access)>,
        absent: impl IntoIterator<Item = A>,
    ) {
        self.add(found);
        for email in absent {
            let key = comparison_key(email.as_ref());
            if !self.people.contains_key(&key) {
                self.searched_absent.insert(key);
            }
        }
    }

    /// What the page showed of `email`, if it showed them.
    pub fn access(&self, email: &str) -> Option<Access> {
        self.people.get(&comparison_key(email)).copied()
    }

    /// Whether the read saw the whole table.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The signed-in person's comparison key, if the table showed it.
    pub fn signed_in(&self) -> Option<&str> {
        self.signed_in.as_deref()
    }

    /// Whether `email` is known not to be in the workspace: the read was
    /// complete, or the page's search answered without them.
    pub fn known_absent(&self, email: &str) -> bool {
        let key = comparison_key(email);
        !self.people.contains_key(&key) && (self.complete || self.searched_absent.contains(&key))
    }

    /// Comparison keys of the members shown as Workspace Owner.
    fn owners(&self) -> impl Iterator<Item = &str> {
        self.people
            .iter()
            .filter(|(_, a)| **a == Access::Owner)
            .map(|(k, _)| k.as_str())
    }
}

/// Why an owner in the list is not removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerKept {
    /// Every owner the table showed is in the list: this one stays.
    LastOwner,
    /// The page does not show who is signed in: this owner could be you.
    MaybeYou,
}

/// What happens to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// A member: removed from the workspace. `owner`: may be a Workspace
    /// Owner (checked again right before).
    Remove {
        owner: bool,
    },
    /// A pending invite: revoked.
    Revoke,
    /// Neither a member nor a pending invite.
    NotInWorkspace,
    /// Not seen by a partial read: may still be there.
    NotChecked,
    InvalidEmail(EmailError),
    /// Same email as the row on line `of_row`, which is the one kept.
    Duplicate {
        of_row: usize,
    },
    /// The signed-in person: the tool does not remove you.
    You,
    /// A Workspace Owner the workspace keeps.
    OwnerKept(OwnerKept),
}

impl Fate {
    /// Whether the row's person loses access in the run.
    pub fn loses_access(&self) -> bool {
        matches!(self, Fate::Remove { .. } | Fate::Revoke)
    }
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Line in the pasted text.
    pub line: usize,
    /// The email cell as written.
    pub raw_email: String,
    /// The cleaned address, when valid.
    pub email: Option<Email>,
    pub fate: Fate,
}

/// Every pasted row with its fate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemovalPlan {
    pub rows: Vec<PlanRow>,
}

impl RemovalPlan {
    /// How many rows have fate `kind`.
    pub fn count(&self, kind: FateKind) -> usize {
        self.rows.iter().filter(|r| r.kind() == kind).count()
    }

    /// Every kind with its count (zeros included), in summary order.
    pub fn counts(&self) -> Vec<(FateKind, usize)> {
        FateKind::ALL.iter().map(|&k| (k, self.count(k))).collect()
    }

    /// The rows whose person loses access, in pasted order.
    pub fn losing_access(&self) -> impl Iterator<Item = &PlanRow> {
        self.rows.iter().filter(|r| r.fate.loses_access())
    }

    /// How many people lose access: what the person types to confirm.
    pub fn people(&self) -> usize {
        self.losing_access().count()
    }

    /// Valid emails a partial read did not show (to look up).
    pub fn unchecked(&self) -> impl Iterator<Item = &Email> {
        self.rows
            .iter()
            .filter(|r| r.fate == Fate::NotChecked)
            .filter_map(|r| r.email.as_ref())
    }

    /// The rows of a run: those losing access ready (members removed,
    /// invites revoked), the others not ready with their reason.
    pub fn new_rows(&self) -> impl Iterator<Item = NewRow<Target>> + '_ {
        self.rows.iter().map(|r| {
            let target = match r.fate {
                Fate::Remove { owner } => Some(Target::Member { owner }),
                Fate::Revoke => Some(Target::Invite),
                _ => None,
            };
            match (target, &r.email) {
                (Some(group), Some(email)) => NewRow::Ready {
                    line: r.line,
                    email: email.as_str().to_string(),
                    group,
                },
                _ => NewRow::NotReady {
                    line: r.line,
                    raw: r.raw_email.clone(),
                    message: r.message().unwrap_or_default(),
                },
            }
        })
    }
}

/// Classifies every row against `roster` (see the module docs). Pure: the
/// same inputs always give the same plan, and the same people lose access
/// whatever the order of the rows.
pub fn plan_removal(rows: &[InputRow<'_>], roster: &Roster) -> RemovalPlan {
    let mut first_line: FxHashMap<String, usize> = FxHashMap::default();
    let mut plan: Vec<PlanRow> = rows
        .iter()
        .map(|row| {
            let email = Email::parse(&row.email);
            let fate = match &email {
                Err(e) => Fate::InvalidEmail(e.clone()),
                Ok(email) => match first_line.get(email.key()) {
                    Some(&of_row) => Fate::Duplicate { of_row },
                    None => {
                        first_line.insert(email.key().to_string(), row.line);
                        fate_of(email, roster)
                    }
                },
            };
            PlanRow {
                line: row.line,
                raw_email: row.email.to_string(),
                email: email.ok(),
                fate,
            }
        })
        .collect();
    keep_an_owner(&mut plan, roster);
    RemovalPlan { rows: plan }
}

/// Steps 3 and 4 of the module docs, and the owner rule's "could be you".
fn fate_of(email: &Email, roster: &Roster) -> Fate {
    if roster.signed_in() == Some(email.key()) {
        return Fate::You;
    }
    match roster.access(email.as_str()) {
        Some(Access::Invite) => Fate::Revoke,
        Some(a) if a.may_be_owner() && roster.signed_in().is_none() => {
            Fate::OwnerKept(OwnerKept::MaybeYou)
        }
        Some(a) => Fate::Remove {
            owner: a.may_be_owner(),
        },
        None if roster.known_absent(email.as_str()) => Fate::NotInWorkspace,
        None => Fate::NotChecked,
    }
}

/// When no owner the table showed would stay, the first listed owner by
/// email stays (a member shown as owner before one whose role is unknown,
/// so the one kept surely is an owner when the table showed any).
fn keep_an_owner(plan: &mut [PlanRow], roster: &Roster) {
    let going: FxHashSet<&str> = plan
        .iter()
        .filter(|r| r.fate == Fate::Remove { owner: true })
        .filter_map(|r| r.email.as_ref().map(Email::key))
        .collect();
    if going.is_empty() || roster.owners().any(|o| !going.contains(o)) {
        return;
    }
    let shown_owner = |k: &&&str| roster.people.get(**k) == Some(&Access::Owner);
    let Some(kept) = going
        .iter()
        .filter(shown_owner)
        .min()
        .or_else(|| going.iter().min())
        .map(|k| k.to_string())
    else {
        return;
    };
    for row in plan.iter_mut() {
        if row.email.as_ref().is_some_and(|e| e.key() == kept) {
            row.fate = Fate::OwnerKept(OwnerKept::LastOwner);
        }
    }
}

/// Right before removing `email`, who may be a Workspace Owner: whether a
/// fresh read (`roster`) shows another owner who stays. Removals go one at
/// a time, so checking each owner's removal against the page as it is
/// then keeps an owner whatever else happened since the preview.
pub fn owner_may_go(email: &str, roster: &Roster) -> Result<(), OwnerKept> {
    let key = comparison_key(email);
    match roster.signed_in() {
        None => Err(OwnerKept::MaybeYou),
        Some(me) if me == key => Err(OwnerKept::MaybeYou),
        Some(_) if roster.owners().any(|o| o != key) => Ok(()),
        Some(_) => Err(OwnerKept::LastOwner),
    }
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
