//! Roster runs ([`RosterOp`]): one journal holding role changes,
//! re-invites, invites and removals, carried out by the engine against a
//! simulated page whose flows behave as the driver's do (a role change or
//! a re-invite reads the person's grants first and answers
//! [`SAME_ROLES_WORDS`] when they already are the wanted ones). Transient
//! failures, lost answers, and the tab dying after every submission: each
//! change is made once, and the page ends as the plan wanted.

use std::collections::{BTreeMap, HashSet, VecDeque};

use super::sim::{lcg, TRANSIENT};
use crate::core::plan::ChunkSize;
use crate::core::roles::{RoleGrant, RoleSet, Scope};
use crate::core::run::remove::GONE_WORDS;
use crate::core::run::roster::{ACCEPTED_WORDS, SAME_ROLES_WORDS};
use crate::core::run::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Is {
    Member,
    Invited,
}

#[derive(Default)]
struct Page {
    people: BTreeMap<String, (Is, RoleSet)>,
    /// (what, email) for every change the page made.
    log: Vec<(&'static str, String)>,
    transient: HashSet<usize>,
    /// A re-invite's second step (the invite) fails after the revocation.
    second_fails: HashSet<usize>,
    unknown: HashSet<usize>,
    reload_at: HashSet<usize>,
    submissions: usize,
}

fn refused(words: impl Into<String>) -> Attempt {
    Attempt::Refused {
        page_words: words.into(),
    }
}

impl Page {
    fn send(&mut self, s: &Submission<Change>) -> (Attempt, bool) {
        let n = self.submissions;
        self.submissions += 1;
        let email = s.emails[0].clone();
        let now = self.people.get(&email).cloned();
        let fail = self.transient.contains(&n);
        match &s.group {
            Change::Invite { to } => {
                for e in &s.emails {
                    match self.people.get(e) {
                        Some((Is::Member, _)) => {
                            return (
                                refused(format!("{e} is already a member of this workspace")),
                                false,
                            )
                        }
                        Some((Is::Invited, _)) => {
                            return (refused(format!("{e} has already been invited")), false)
                        }
                        None => {}
                    }
                }
                if fail {
                    return (refused(TRANSIENT), false);
                }
                for e in &s.emails {
                    self.people.insert(e.clone(), (Is::Invited, to.clone()));
                    self.log.push(("invite", e.clone()));
                }
            }
            Change::SetRoles { to, .. } => match now {
                None => return (refused(format!("{email} {GONE_WORDS}")), false),
                Some((_, have)) if &have == to => {
                    return (refused(format!("{email} {SAME_ROLES_WORDS}")), false)
                }
                Some(_) if fail => return (refused(TRANSIENT), false),
                Some((is, _)) => {
                    self.people.insert(email.clone(), (is, to.clone()));
                    self.log.push(("set", email.clone()));
                }
            },
            Change::Reinvite { to, .. } => {
                match now {
                    Some((Is::Member, _)) => {
                        return (refused(format!("{email} {ACCEPTED_WORDS}")), false)
                    }
                    Some((Is::Invited, have)) if &have == to => {
                        return (refused(format!("{email} {SAME_ROLES_WORDS}")), false)
                    }
                    Some(_) if fail => return (refused(TRANSIENT), false),
                    Some(_) => {
                        self.people.remove(&email);
                        self.log.push(("revoke", email.clone()));
                    }
                    None => {}
                }
                if self.second_fails.remove(&n) {
                    return (refused(TRANSIENT), false);
                }
                self.people.insert(email.clone(), (Is::Invited, to.clone()));
                self.log.push(("invite", email.clone()));
            }
            Change::Remove { .. } => {
                if now.is_none() {
                    return (refused(format!("{email} {GONE_WORDS}")), false);
                }
                if fail {
                    return (refused(TRANSIENT), false);
                }
                self.people.remove(&email);
                self.log.push(("remove", email.clone()));
            }
        }
        let died = self.reload_at.contains(&n);
        if self.unknown.contains(&n) {
            let error = "no answer within 30 s".to_string();
            return (Attempt::Unknown { error }, died);
        }
        (Attempt::Accepted, died)
    }

    fn seen(&self) -> PageSeen {
        let of = |is: Is| {
            self.people
                .iter()
                .filter(move |(_, (i, _))| *i == is)
                .map(|(e, _)| e.clone())
        };
        PageSeen::new(of(Is::Member), of(Is::Invited))
    }
}

struct Exec {
    page: Page,
    clock: u64,
    stored: Option<String>,
}

impl Exec {
    fn run(&mut self, engine: &mut Engine<RosterOp>, effects: Vec<Effect<Change>>) -> Option<Stop> {
        let mut queue: VecDeque<_> = effects.into();
        loop {
            let input = match queue.pop_front().expect("the effects end with a Stop") {
                Effect::Log(_) => continue,
                Effect::Stop(stop) => return Some(stop),
                Effect::Persist => {
                    let run = StoredRun::new(engine.journal().clone(), &[]);
                    self.stored = Some(serde_json::to_string(&run).unwrap());
                    Input::Persisted(Ok(()))
                }
                Effect::Send(sub) => {
                    let (attempt, died) = self.page.send(&sub);
                    self.clock += 300;
                    if died {
                        return None;
                    }
                    Input::Answered(attempt)
                }
                Effect::ReadPage => Input::PageRead(Ok(self.page.seen())),
                Effect::Wait { until_ms } => {
                    self.clock = until_ms;
                    Input::TimerFired
                }
            };
            queue.extend(engine.handle(input, self.clock));
        }
    }

    /// Starts `journal` and resumes from the stored copy after every death
    /// until the run is over.
    fn run_to_end(&mut self, journal: Journal<RosterOp>) -> Journal<RosterOp> {
        let (mut engine, effects) = Engine::start(journal, self.clock);
        let mut stop = self.run(&mut engine, effects);
        for _ in 0..200 {
            match stop {
                Some(Stop::Finished { .. }) => return engine.journal().clone(),
                None => {
                    let run: StoredRun<RosterOp> =
                        serde_json::from_str(self.stored.as_deref().unwrap()).unwrap();
                    engine = Engine::restored(run.checked().unwrap().journal);
                }
                Some(_) => {}
            }
            let effects = engine.handle(Input::Resume, self.clock);
            stop = self.run(&mut engine, effects);
        }
        panic!("the run did not end");
    }
}

fn admin(scope: Scope) -> RoleSet {
    RoleSet::member([RoleGrant::new("Source Admin", scope)])
}

/// m0..m5 members with Source Admin (all), i0..i2 invites, and the plan's
/// rows: m0 promoted, m1 and m2 narrowed, i0 and i1 re-invited, n0..n4
/// invited, m4 and i2 removed.
fn case() -> (Page, Journal<RosterOp>, BTreeMap<String, (Is, RoleSet)>) {
    let all = admin(Scope::all());
    let web = admin(Scope::specific(["Web"]));
    let mut page = Page::default();
    for i in 0..6 {
        page.people
            .insert(format!("m{i}@x.io"), (Is::Member, all.clone()));
    }
    for i in 0..3 {
        page.people
            .insert(format!("i{i}@x.io"), (Is::Invited, all.clone()));
    }
    let mut rows: Vec<(String, Change)> = vec![
        (
            "m0@x.io".into(),
            Change::SetRoles {
                from: all.clone(),
                to: RoleSet::owner(),
            },
        ),
        (
            "m1@x.io".into(),
            Change::SetRoles {
                from: all.clone(),
                to: web.clone(),
            },
        ),
        (
            "m2@x.io".into(),
            Change::SetRoles {
                from: all.clone(),
                to: web.clone(),
            },
        ),
        (
            "i0@x.io".into(),
            Change::Reinvite {
                from: all.clone(),
                to: web.clone(),
            },
        ),
        (
            "i1@x.io".into(),
            Change::Reinvite {
                from: all.clone(),
                to: RoleSet::owner(),
            },
        ),
    ];
    for i in 0..5 {
        rows.push((format!("n{i}@x.io"), Change::Invite { to: web.clone() }));
    }
    rows.push((
        "i2@x.io".into(),
        Change::Remove {
            target: Target::Invite,
        },
    ));
    rows.push((
        "m4@x.io".into(),
        Change::Remove {
            target: Target::Member { owner: false },
        },
    ));
    let mut want = page.people.clone();
    for (e, c) in &rows {
        match c {
            Change::SetRoles { to, .. } => {
                want.insert(e.clone(), (Is::Member, to.clone()));
            }
            Change::Reinvite { to, .. } | Change::Invite { to } => {
                want.insert(e.clone(), (Is::Invited, to.clone()));
            }
            Change::Remove { .. } => {
                want.remove(e);
            }
        }
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (email, group))| NewRow::Ready {
            line: i + 1,
            email,
            group,
        });
    let journal = Journal::from_rows(rows, ChunkSize::new(10).unwrap(), 0);
    (page, journal, want)
}

/// The page ends as wanted, every row done, and each change made once.
fn assert_applied_once(j: &Journal<RosterOp>, page: &Page, want: &BTreeMap<String, (Is, RoleSet)>) {
    let mut seen = HashSet::new();
    for entry in &page.log {
        assert!(
            seen.insert(entry.clone()),
            "{entry:?} twice: {:?}",
            page.log
        );
    }
    for row in j.rows() {
        assert_eq!(row.state, RowState::Done, "{}: {:?}", row.email, page.log);
    }
    assert_eq!(&page.people, want);
}

#[test]
fn one_run_applies_every_kind_in_plan_order() {
    let (page, journal, want) = case();
    let mut x = Exec {
        page,
        clock: 0,
        stored: None,
    };
    let j = x.run_to_end(journal);
    assert_applied_once(&j, &x.page, &want);
    let order: Vec<&str> = x.page.log.iter().map(|(_, e)| e.as_str()).collect();
    assert_eq!(&order[..3], &["m0@x.io", "m1@x.io", "m2@x.io"]);
    assert_eq!(order.last(), Some(&"m4@x.io"));
    // The five invites went in one submission.
    assert_eq!(x.page.submissions, 5 + 1 + 2);
}

#[test]
fn resumes_after_dying_at_every_submission_with_lost_answers() {
    for n in 0..12 {
        for lost in [false, true] {
            let (mut page, journal, want) = case();
            page.reload_at.insert(n);
            if lost {
                page.unknown.insert(n);
            }
            let mut x = Exec {
                page,
                clock: 0,
                stored: None,
            };
            let j = x.run_to_end(journal);
            assert_applied_once(&j, &x.page, &want);
        }
    }
}

#[test]
fn failures_lost_answers_and_deaths_everywhere_change_each_person_once() {
    let mut seed = 11;
    for _ in 0..40 {
        let (mut page, journal, want) = case();
        for n in 0..60 {
            match lcg(&mut seed) % 10 {
                0 => {
                    page.transient.insert(n);
                }
                1 => {
                    page.second_fails.insert(n);
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
        let mut x = Exec {
            page,
            clock: 0,
            stored: None,
        };
        let j = x.run_to_end(journal);
        let failed = j
            .rows()
            .iter()
            .any(|r| matches!(r.state, RowState::Failed { .. }));
        if !failed {
            assert_applied_once(&j, &x.page, &want);
        }
        let mut seen = HashSet::new();
        assert!(
            x.page.log.iter().all(|e| seen.insert(e.clone())),
            "{:?}",
            x.page.log
        );
    }
}

#[test]
fn the_same_words_mean_what_the_row_does() {
    let set = Change::SetRoles {
        from: RoleSet::owner(),
        to: admin(Scope::all()),
    };
    let invite = Change::Invite {
        to: admin(Scope::all()),
    };
    let words = format!("a@x.io {SAME_ROLES_WORDS}");
    assert_eq!(
        RosterOp::classify_for(&set, &words),
        Verdict::Already(Already::Member)
    );
    assert!(RosterOp::confirms_for(&set, Already::Member));
    // "Already a member" does not prove an invite went through.
    let member = "a@x.io is already a member of this workspace";
    assert_eq!(
        RosterOp::classify_for(&invite, member),
        Verdict::Already(Already::Member)
    );
    assert!(!RosterOp::confirms_for(&invite, Already::Member));
    assert!(set.demotes_owner());
    assert_eq!(RosterOp::classify_for(&set, TRANSIENT), Verdict::Transient);
}
