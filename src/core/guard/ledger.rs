//! The owners the guard counts, kept current between whole-table reads.
//!
//! Rules (issue 17, "the owner count can go stale in the unsafe direction"):
//! - only what the page has confirmed counts: a promotion counts when a row
//!   shows the person as an owner, never at the click on Save; a removal or
//!   demotion the guard let through counts at once (fewer owners is the safe
//!   side), and rows still showing the old state are ignored until the page
//!   shows the change;
//! - people who are gone are dropped: a person missing from a screen whose
//!   neighbours closed up around them was removed (a page turn or a scroll
//!   changes whole screens, never one row);
//! - any difference between a screen and the count (a person gone, a role
//!   changed, someone new) marks the count older than the page's last
//!   change: the guard then re-reads the table before deciding about an
//!   owner ([`Ledger::needs_fresh_read`]);
//! - a whole-table read replaces the count; a partial one is "owner count
//!   unknown" under the existing rule (`OwnerCensus` with not every page read).

use rustc_hash::{FxHashMap, FxHashSet};

use super::{GuardAction, OwnerCensus};
use crate::core::email::comparison_key;
use crate::core::roles::WorkspaceRole;

/// One accepted member as a screen or a read shows them (`None`: the
/// permission could not be read).
pub type Seen<'a> = (&'a str, Option<WorkspaceRole>);

/// The guard's count of owners and members.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Confirmed roles, by comparison key.
    people: FxHashMap<String, WorkspaceRole>,
    /// People whose permission could not be read (each might be an owner).
    unreadable: FxHashSet<String>,
    signed_in: Option<String>,
    /// The last whole-table read was complete.
    complete: bool,
    /// When the last whole-table read ended (ms), if one did.
    read_at: Option<f64>,
    /// When a screen last showed something the count did not expect (ms).
    changed_at: f64,
    /// Removals let through, until a read no longer shows the person.
    removed: FxHashSet<String>,
    /// Demotions let through, until a row shows the person as a member.
    demoted: FxHashSet<String>,
    /// The previous screen's accepted members, in order (after a read: all of them).
    screen: Vec<String>,
}

impl Ledger {
    /// Replace the count with a whole-table read (`complete` when every
    /// page was read and any stated total agrees).
    pub fn replace<'a>(
        &mut self,
        members: impl IntoIterator<Item = Seen<'a>>,
        signed_in: Option<&str>,
        complete: bool,
        now: f64,
    ) {
        let mut people = FxHashMap::default();
        let mut unreadable = FxHashSet::default();
        let mut shown = FxHashSet::default();
        let mut order = Vec::new();
        for (email, role) in members {
            let key = comparison_key(email);
            shown.insert(key.clone());
            order.push(key.clone());
            if self.removed.contains(&key) {
                continue;
            }
            match self.expected(&key, role) {
                Some(r) => {
                    people.insert(key, r);
                }
                None => {
                    unreadable.insert(key);
                }
            }
        }
        if complete {
            // A complete read that no longer shows someone confirms their removal.
            self.removed.retain(|k| shown.contains(k));
        }
        self.people = people;
        self.unreadable = unreadable;
        self.signed_in = signed_in.map(comparison_key);
        self.complete = complete;
        self.read_at = Some(now);
        // The next screen is compared with the whole table, in its order.
        self.screen = order;
    }

    /// The role to count for a row showing `role`: a demotion let through
    /// stays a member until a row confirms it.
    fn expected(&mut self, key: &str, role: Option<WorkspaceRole>) -> Option<WorkspaceRole> {
        if self.demoted.contains(key) {
            if role == Some(WorkspaceRole::Member) {
                self.demoted.remove(key);
            }
            return Some(WorkspaceRole::Member);
        }
        role
    }

    /// Fold in the accepted members one screen shows now, in order. True
    /// when the screen showed something the count did not expect.
    pub fn merge_screen<'a>(&mut self, rows: impl IntoIterator<Item = Seen<'a>>, now: f64) -> bool {
        let rows: Vec<(String, Option<WorkspaceRole>)> = rows
            .into_iter()
            .map(|(e, r)| (comparison_key(e), r))
            .collect();
        let keys: Vec<String> = rows.iter().map(|(k, _)| k.clone()).collect();
        let mut changed = false;
        for (key, role) in rows {
            if self.removed.contains(&key) {
                continue;
            }
            let Some(role) = self.expected(&key, role) else {
                continue;
            };
            self.unreadable.remove(&key);
            if self.people.insert(key, role) != Some(role) {
                changed = true;
            }
        }
        for gone in closed_up(&self.screen, &keys) {
            if self.people.remove(&gone).is_some() || self.unreadable.remove(&gone) {
                changed = true;
            }
        }
        self.screen = keys;
        if changed {
            self.changed_at = self.changed_at.max(now);
        }
        changed
    }

    /// Record what the page is about to do, seen through the guard:
    /// `Some(None)` removal, `Some(Some(role))` the role saved. A promotion
    /// is not counted until a row shows it.
    pub fn note_action(&mut self, email: &str, after: Option<WorkspaceRole>) {
        let key = comparison_key(email);
        match after {
            None => {
                self.people.remove(&key);
                self.unreadable.remove(&key);
                self.demoted.remove(&key);
                self.removed.insert(key);
            }
            Some(WorkspaceRole::Member) => {
                if self.people.get(&key) == Some(&WorkspaceRole::Owner)
                    || self.unreadable.contains(&key)
                {
                    self.demoted.insert(key.clone());
                }
                self.unreadable.remove(&key);
                self.people.insert(key, WorkspaceRole::Member);
            }
            Some(WorkspaceRole::Owner) => {}
        }
    }

    /// The count older than the page's last change (or never read).
    pub fn is_stale(&self) -> bool {
        self.read_at.is_none_or(|r| self.changed_at > r)
    }

    /// Whether the table must be read afresh before deciding `action`: the
    /// count is stale and the target is not known to be a plain member.
    pub fn needs_fresh_read(&self, action: &GuardAction) -> bool {
        let target = comparison_key(action.email());
        self.is_stale() && self.people.get(&target) != Some(&WorkspaceRole::Member)
    }

    /// The role counted for `email`.
    pub fn role(&self, email: &str) -> Option<WorkspaceRole> {
        self.people.get(&comparison_key(email)).copied()
    }

    /// The signed-in person.
    pub fn signed_in(&self) -> Option<&str> {
        self.signed_in.as_deref()
    }

    /// Owners counted now.
    pub fn owner_count(&self) -> usize {
        self.people
            .values()
            .filter(|r| **r == WorkspaceRole::Owner)
            .count()
    }

    /// The core's census for a decision. Someone whose permission could not
    /// be read might be an owner: the count is then not trustworthy, which
    /// the census reports as a conflict.
    pub fn census(&self) -> OwnerCensus {
        let mut rows: Vec<(&str, WorkspaceRole)> = self
            .people
            .iter()
            .map(|(k, r)| (k.as_str(), *r))
            .chain(self.unreadable.iter().flat_map(|k| {
                [
                    (k.as_str(), WorkspaceRole::Owner),
                    (k.as_str(), WorkspaceRole::Member),
                ]
            }))
            .collect();
        // In address order, whatever the maps' order: the census names people.
        rows.sort_by(|a, b| a.0.cmp(b.0));
        OwnerCensus::from_rows(rows, self.complete && self.read_at.is_some(), None)
    }
}

/// People of `before` missing from `now` whose neighbours in `before` are
/// next to each other in `now`: removed, not scrolled or paged away.
fn closed_up(before: &[String], now: &[String]) -> Vec<String> {
    // A sorted list searched by halves: the in-page core has no map of
    // these types to share the code of.
    let mut sorted: Vec<(&str, usize)> = now
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    sorted.sort_unstable();
    // A name shown twice counts where it was last, as a map would keep it.
    sorted.dedup_by(|next, kept| {
        next.0 == kept.0 && {
            kept.1 = next.1;
            true
        }
    });
    let pos = |k: &str| {
        sorted
            .binary_search_by(|(s, _)| (*s).cmp(k))
            .ok()
            .map(|i| sorted[i].1)
    };
    (1..before.len().saturating_sub(1))
        .filter(|&i| pos(&before[i]).is_none())
        .filter(|&i| {
            matches!(
                (pos(&before[i - 1]), pos(&before[i + 1])),
                (Some(a), Some(b)) if a + 1 == b
            )
        })
        .map(|i| before[i].clone())
        .collect()
}

#[cfg(test)]
mod tests;
