//! Offboarding runs ([`RemoveOp`]) carried out by the engine against a
//! simulated Access Management page that removes and revokes one person at
//! a time: transient failures, lost answers, the tab dying at every point
//! of the run, and complete or partial reads when resuming. Nobody is
//! removed twice, nobody unlisted is touched, and "already gone" comes only
//! from a complete read or the flow finding the person gone.

use std::collections::{BTreeSet, HashSet};

use super::sim::{lcg, Exec, SimPage, TRANSIENT};
use crate::core::plan::ChunkSize;
use crate::core::run::remove::{ACCEPTED_WORDS, GONE_WORDS, LAST_OWNER_WORDS};
use crate::core::run::*;

/// The page: members and pending invites, what it did, and its faults.
#[derive(Default)]
struct Page {
    members: BTreeSet<String>,
    invites: BTreeSet<String>,
    /// ("remove" | "revoke", email), in order.
    log: Vec<(&'static str, String)>,
    /// Submission numbers (0-based) that fail transiently.
    transient: HashSet<usize>,
    /// Submission numbers whose answer is lost after the page acted.
    unknown: HashSet<usize>,
    /// Submission numbers after which the tab dies (the page acted).
    reload_at: HashSet<usize>,
    /// Reads show only the first half of the people (a partial read).
    partial_reads: bool,
    submissions: usize,
}

impl Page {
    fn acme(members: usize, invites: usize) -> Page {
        Page {
            members: (0..members).map(|i| format!("m{i}@x.com")).collect(),
            invites: (0..invites).map(|i| format!("i{i}@x.com")).collect(),
            ..Page::default()
        }
    }

    /// The flow for one submission: find the person, act, answer; and
    /// whether the tab died after the page acted.
    fn act(&mut self, s: &Submission<Target>) -> (Attempt, bool) {
        assert_eq!(s.emails.len(), 1, "one person per submission");
        let n = self.submissions;
        self.submissions += 1;
        let email = &s.emails[0];
        let (set, kind) = match s.group {
            Target::Member { .. } => (&mut self.members, "remove"),
            Target::Invite => (&mut self.invites, "revoke"),
        };
        if !set.contains(email) {
            // The flow's look-up answers without them.
            let words = format!("{email} {GONE_WORDS}");
            return (Attempt::Refused { page_words: words }, false);
        }
        if self.transient.contains(&n) {
            return (
                Attempt::Refused {
                    page_words: TRANSIENT.into(),
                },
                false,
            );
        }
        set.remove(email);
        self.log.push((kind, email.clone()));
        let died = self.reload_at.contains(&n);
        if self.unknown.contains(&n) {
            return (
                Attempt::Unknown {
                    error: "no answer within 30 s".into(),
                },
                died,
            );
        }
        (Attempt::Accepted, died)
    }
}

impl SimPage<RemoveOp> for Page {
    fn send(&mut self, s: &Submission<Target>) -> Option<Attempt> {
        let (attempt, died) = self.act(s);
        (!died).then_some(attempt)
    }

    fn seen(&self) -> PageSeen {
        let seen = PageSeen::new(self.members.iter(), self.invites.iter());
        if !self.partial_reads {
            return seen;
        }
        let half = |s: &BTreeSet<String>| s.iter().take(s.len() / 2).cloned().collect::<Vec<_>>();
        PageSeen::new(half(&self.members), half(&self.invites)).partial()
    }
}

fn exec(page: Page) -> Exec<Page> {
    Exec::new(page)
}

/// A run removing members m0..m{members} and revoking i0..i{invites}.
fn journal(members: usize, invites: usize) -> Journal<RemoveOp> {
    let rows = (0..members)
        .map(|i| (format!("m{i}@x.com"), Target::Member { owner: false }))
        .chain((0..invites).map(|i| (format!("i{i}@x.com"), Target::Invite)))
        .enumerate()
        .map(|(line, (email, group))| NewRow::Ready {
            line: line + 1,
            email,
            group,
        });
    Journal::from_rows(rows, ChunkSize::new(10).unwrap(), 0)
}

/// Each listed person's access taken exactly once, nobody else touched,
/// and the journal says so row by row.
fn assert_exactly_once(j: &Journal<RemoveOp>, page: &Page, untouched: &[&str]) {
    let mut seen = HashSet::new();
    for (kind, e) in &page.log {
        assert!(seen.insert(e.clone()), "{kind} {e} twice: {:?}", page.log);
    }
    for row in j.rows() {
        let acted = seen.contains(&row.email);
        match &row.state {
            RowState::Done => assert!(acted, "{} done but untouched", row.email),
            RowState::Failed { .. } | RowState::Cancelled | RowState::Queued => {
                assert!(!acted, "{} acted on but {:?}", row.email, row.state)
            }
            other => panic!("{}: {other:?}", row.email),
        }
    }
    for e in untouched {
        assert!(!seen.contains(*e), "{e} was touched");
        assert!(page.members.contains(*e) || page.invites.contains(*e));
    }
}

#[test]
fn members_are_removed_and_invites_revoked_one_at_a_time() {
    let mut x = exec(Page::acme(6, 3));
    let j = x.run_to_end(journal(4, 2));
    assert_eq!(j.status(), RunStatus::Done);
    assert_eq!(x.sends, 6);
    assert_exactly_once(&j, &x.page, &["m4@x.com", "m5@x.com", "i2@x.com"]);
    let words: Vec<_> = results::result_lines(&j)
        .map(|l| l.outcome.into_owned())
        .collect();
    assert_eq!(
        words,
        ["removed", "removed", "removed", "removed", "revoked", "revoked"]
    );
}

#[test]
fn the_tab_dying_after_any_removal_resumes_without_removing_anyone_twice() {
    for partial_reads in [false, true] {
        for k in 0..6 {
            let mut page = Page::acme(6, 3);
            page.reload_at = HashSet::from([k]);
            page.partial_reads = partial_reads;
            let mut x = exec(page);
            let j = x.run_to_end(journal(4, 2));
            assert_eq!(j.status(), RunStatus::Done, "k={k} partial={partial_reads}");
            assert_exactly_once(&j, &x.page, &["m4@x.com", "m5@x.com", "i2@x.com"]);
            assert_eq!(j.progress().succeeded, 6, "k={k} partial={partial_reads}");
        }
    }
}

#[test]
fn a_partial_read_never_settles_a_removal_as_done() {
    // The answer of the first removal is lost; the re-read is partial and
    // does not show m0 — that proves nothing, so the row is sent again,
    // and the flow finding m0 gone is what settles it.
    let mut page = Page::acme(4, 0);
    page.unknown = HashSet::from([0]);
    page.partial_reads = true;
    let mut x = exec(page);
    let j = x.run_to_end(journal(2, 0));
    assert_eq!(j.status(), RunStatus::Done);
    assert_exactly_once(&j, &x.page, &["m2@x.com", "m3@x.com"]);
    assert_eq!(x.page.submissions, 3, "m0 sent again, m1 once");
    assert_eq!(
        j.rows()[0].note,
        Some(Note::EarlierAttemptWentThrough {
            page_words: format!("m0@x.com {GONE_WORDS}")
        })
    );
    // A complete re-read settles it without sending again.
    let mut page = Page::acme(4, 0);
    page.unknown = HashSet::from([0]);
    let mut x = exec(page);
    let j = x.run_to_end(journal(2, 0));
    assert_eq!(x.page.submissions, 2);
    assert_eq!(j.rows()[0].note, Some(Note::ConfirmedAfterInterruption));
}

#[test]
fn someone_gone_before_the_run_is_reported_not_counted_as_removed() {
    let mut page = Page::acme(3, 1);
    page.members.remove("m1@x.com");
    let mut x = exec(page);
    let j = x.run_to_end(journal(2, 1));
    assert!(matches!(
        j.rows()[1].state,
        RowState::Already {
            already: Already::Absent,
            ..
        }
    ));
    assert!(x.page.log.iter().all(|(_, e)| e != "m1@x.com"));
}

#[test]
fn twenty_percent_failures_and_deaths_everywhere_never_touch_anyone_twice() {
    let mut seed = 7;
    for _ in 0..30 {
        let mut page = Page::acme(20, 10);
        for n in 0..200 {
            match lcg(&mut seed) % 10 {
                0 | 1 => {
                    page.transient.insert(n);
                }
                2 => {
                    page.reload_at.insert(n);
                }
                3 => {
                    page.unknown.insert(n);
                }
                _ => {}
            }
        }
        page.partial_reads = lcg(&mut seed) % 2 == 0;
        let mut x = exec(page);
        let j = x.run_to_end(journal(15, 8));
        assert_exactly_once(
            &j,
            &x.page,
            &["m15@x.com", "m19@x.com", "i8@x.com", "i9@x.com"],
        );
    }
}

#[test]
fn removal_words_are_classified() {
    assert_eq!(
        RemoveOp::classify(&format!("a@x.com {GONE_WORDS}")),
        Verdict::Already(Already::Absent)
    );
    assert_eq!(
        RemoveOp::classify("No pending invite for a@x.com"),
        Verdict::Already(Already::Absent)
    );
    // An invite accepted meanwhile: a member now, nothing revoked — and
    // never taken for "gone".
    assert_eq!(
        RemoveOp::classify(&format!("a@x.com {ACCEPTED_WORDS}")),
        Verdict::Already(Already::Member)
    );
    assert!(!RemoveOp::confirms(Already::Member));
    assert_eq!(RemoveOp::classify(TRANSIENT), Verdict::Transient);
    assert_eq!(RemoveOp::classify(LAST_OWNER_WORDS), Verdict::Permanent);
    assert_eq!(RemoveOp::classify("Computer says no"), Verdict::Unknown);
    // Absence is never concluded from a partial read.
    let partial = PageSeen::new(Vec::<&str>::new(), Vec::<&str>::new()).partial();
    assert_eq!(
        RemoveOp::seen("a@x.com", &Target::Invite, &partial),
        Seen::NotDone
    );
    let complete = PageSeen::new(["a@x.com"], Vec::<&str>::new());
    assert_eq!(
        RemoveOp::seen("a@x.com", &Target::Member { owner: false }, &complete),
        Seen::NotDone
    );
    assert_eq!(
        RemoveOp::seen("b@x.com", &Target::Invite, &complete),
        Seen::Done {
            how: Already::Absent
        }
    );
}

#[test]
fn revoking_picked_invites_follows_the_same_rules_under_its_own_kind() {
    assert_ne!(RevokeOp::KIND, RemoveOp::KIND);
    assert_eq!(RevokeOp::batch_limit(&Target::Invite, 10), 1);
    assert_eq!(
        RevokeOp::classify("No pending invite for a@x.com"),
        Verdict::Already(Already::Absent)
    );
    let partial = PageSeen::new(Vec::<&str>::new(), Vec::<&str>::new()).partial();
    assert_eq!(
        RevokeOp::seen("a@x.com", &Target::Invite, &partial),
        Seen::NotDone
    );
}
