//! Roster runs ([`RosterOp`]): one journal holding role changes,
//! re-invites (re-sending's two steps), invites and removals, carried out
//! by the engine on the shared simulator ([`Exec`] over a [`Workspace`]):
//! a role change reads the person's grants first and answers
//! [`SAME_ROLES_WORDS`] when they already are the wanted ones; a re-invite
//! step is the same simulated flow as re-sending's. Transient failures,
//! lost answers, and the tab dying before or after the page acts at every
//! submission: each change is made once, and the page ends as the plan
//! wanted. A run stored before re-invites were re-send steps still resumes.

use std::collections::{BTreeMap, HashSet};

use super::sim::{lcg, refused, Exec, Is, SimPage, Workspace, TRANSIENT};
use crate::core::plan::ChunkSize;
use crate::core::roles::{RoleGrant, RoleSet, Scope};
use crate::core::run::remove::{ACCEPTED_WORDS, GONE_WORDS};
use crate::core::run::roster::SAME_ROLES_WORDS;
use crate::core::run::*;

/// The shared [`Workspace`] with a roster run's flows, and the one fault
/// only a one-row re-invite (stored by the earlier version) can meet.
#[derive(Default)]
struct Page {
    ws: Workspace,
    /// A one-row re-invite's second step (the invite) fails after the
    /// revocation, in these submissions.
    second_fails: HashSet<usize>,
}

impl Page {
    /// The flow of a role change: the editor's grants first.
    fn set_roles(ws: &mut Workspace, email: &str, to: &RoleSet) -> Result<(), Attempt> {
        match ws.people.get(email).cloned() {
            None => Err(refused(format!("{email} {GONE_WORDS}"))),
            Some((_, have)) if &have == to => Err(refused(format!("{email} {SAME_ROLES_WORDS}"))),
            Some((is, _)) => {
                ws.people.insert(email.to_string(), (is, to.clone()));
                ws.log.push(("set", email.to_string(), Some(to.clone())));
                Ok(())
            }
        }
    }

    /// The removal flow (a member or a pending invite).
    fn remove(ws: &mut Workspace, email: &str) -> Result<(), Attempt> {
        if ws.people.remove(email).is_none() {
            return Err(refused(format!("{email} {GONE_WORDS}")));
        }
        ws.log.push(("remove", email.to_string(), None));
        Ok(())
    }

    /// The one-row re-invite of a stored run (the driver's
    /// `attempt_reinvite`): where the person stands, then both steps.
    fn reinvite(
        ws: &mut Workspace,
        email: &str,
        to: &RoleSet,
        second_fails: bool,
    ) -> Result<(), Attempt> {
        let one = [email.to_string()];
        match ws.people.get(email) {
            Some((Is::Member, _)) => return Err(refused(format!("{email} {ACCEPTED_WORDS}"))),
            Some((Is::Invited, have)) if have == to => {
                return Err(refused(format!("{email} {SAME_ROLES_WORDS}")))
            }
            Some(_) => ws.revoke(email)?,
            None => {}
        }
        if second_fails {
            return Err(refused(TRANSIENT));
        }
        ws.invite(&one, to)
    }
}

impl SimPage<RosterOp> for Page {
    fn send(&mut self, s: &Submission<Change>) -> Option<Attempt> {
        let second_fails = &mut self.second_fails;
        self.ws.submit(|ws, n| {
            let email = s.emails[0].as_str();
            match &s.group {
                Change::Invite { to } => ws.invite(&s.emails, to),
                Change::SetRoles { to, .. } => Page::set_roles(ws, email, to),
                Change::Resend { step, .. } => ws.resend(step, &s.emails),
                Change::Reinvite { to, .. } => {
                    Page::reinvite(ws, email, to, second_fails.remove(&n))
                }
                Change::Remove { .. } => Page::remove(ws, email),
            }
        })
    }

    fn seen(&self) -> PageSeen {
        self.ws.seen()
    }
}

fn admin(scope: Scope) -> RoleSet {
    RoleSet::member([RoleGrant::new("Source Admin", scope)])
}

type People = BTreeMap<String, (Is, RoleSet)>;

/// m0..m5 members with Source Admin (all), i0..i2 invites, and the plan's
/// rows: m0 promoted, m1 and m2 narrowed, i0 and i1 re-invited, n0..n4
/// invited, m4 and i2 removed. `one_row`: the re-invites as a run stored
/// before they were re-send steps holds them.
fn case_of(one_row: bool) -> (Page, Journal<RosterOp>, People) {
    let all = admin(Scope::all());
    let web = admin(Scope::specific(["Web"]));
    let mut page = Page::default();
    for i in 0..6 {
        page.ws
            .people
            .insert(format!("m{i}@x.io"), (Is::Member, all.clone()));
    }
    for i in 0..3 {
        page.ws
            .people
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
    let mut want = page.ws.people.clone();
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
            Change::Resend { .. } => unreachable!("the case names whole re-invites"),
        }
    }
    let mut new_rows = Vec::new();
    for (i, (email, group)) in rows.into_iter().enumerate() {
        match group {
            // Re-sending's two rows, as the plan lays them out.
            Change::Reinvite { from, to } if !one_row => {
                let first = new_rows.len();
                new_rows.extend(ResendOp::rows([(email, to)]).into_iter().map(|r| {
                    r.placed(i + 1, first, |step| Change::Resend {
                        from: from.clone(),
                        step,
                    })
                }))
            }
            group => new_rows.push(NewRow::Ready {
                line: i + 1,
                email,
                group,
            }),
        }
    }
    let journal = Journal::from_rows(new_rows, ChunkSize::new(10).unwrap(), 0);
    (page, journal, want)
}

fn case() -> (Page, Journal<RosterOp>, People) {
    case_of(false)
}

/// The page ends as wanted, every row done, and each change made once.
fn assert_applied_once(j: &Journal<RosterOp>, page: &Page, want: &People) {
    let mut seen = HashSet::new();
    for entry in &page.ws.log {
        assert!(
            seen.insert(entry.clone()),
            "{entry:?} twice: {:?}",
            page.ws.log
        );
    }
    for row in j.rows() {
        assert_eq!(
            row.state,
            RowState::Done,
            "{}: {:?}",
            row.email,
            page.ws.log
        );
    }
    assert_eq!(&page.ws.people, want);
}

/// Submissions of [`case`] without faults: 3 role changes, 2 re-invites
/// of 2 steps, 1 invite submission, 2 removals.
const SUBMISSIONS: usize = 3 + 2 * 2 + 1 + 2;

#[test]
fn one_run_applies_every_kind_in_plan_order() {
    let (page, journal, want) = case();
    let mut x = Exec::new(page);
    let j = x.run_to_end(journal);
    assert_applied_once(&j, &x.page, &want);
    let order: Vec<String> = x
        .page
        .ws
        .log
        .iter()
        .map(|(what, e, _)| format!("{what} {e}"))
        .collect();
    assert_eq!(
        &order[..7],
        &[
            "set m0@x.io",
            "set m1@x.io",
            "set m2@x.io",
            "revoke i0@x.io",
            "invite i0@x.io",
            "revoke i1@x.io",
            "invite i1@x.io"
        ]
    );
    assert_eq!(order.last().map(String::as_str), Some("remove m4@x.io"));
    // The five invites went in one submission.
    assert_eq!(x.page.ws.submissions, SUBMISSIONS);
    // One result line per person: a re-invite's revoke is its step.
    let lines: Vec<_> = results::result_lines(&j)
        .filter(|l| l.email.starts_with('i'))
        .map(|l| (l.email.to_string(), l.outcome.into_owned()))
        .collect();
    assert_eq!(lines[0], ("i0@x.io".to_string(), "re-invited".to_string()));
    assert_eq!(lines.len(), 3, "{lines:?}");
}

#[test]
fn resumes_after_dying_at_every_submission_with_lost_answers() {
    for n in 0..SUBMISSIONS {
        for (before, lost) in [(false, false), (false, true), (true, false)] {
            let (mut page, journal, want) = case();
            if before {
                page.ws.die_before.insert(n);
            } else {
                page.ws.die_after.insert(n);
            }
            if lost {
                page.ws.unknown.insert(n);
            }
            let mut x = Exec::new(page);
            let j = x.run_to_end(journal);
            assert_applied_once(&j, &x.page, &want);
        }
    }
}

#[test]
fn failures_lost_answers_and_deaths_everywhere_change_each_person_once() {
    let mut seed = 11;
    for run in 0..40 {
        // Every fourth run holds one-row re-invites, as stored runs do.
        let (mut page, journal, want) = case_of(run % 4 == 3);
        for n in 0..60 {
            match lcg(&mut seed) % 12 {
                0 => {
                    page.ws.transient.insert(n);
                }
                1 => {
                    page.second_fails.insert(n);
                }
                2 => {
                    page.ws.die_after.insert(n);
                }
                3 => {
                    page.ws.unknown.insert(n);
                }
                4 => {
                    page.ws.die_before.insert(n);
                }
                _ => {}
            }
        }
        page.ws.partial_reads = lcg(&mut seed) % 3 == 0;
        let mut x = Exec::new(page);
        let j = x.run_to_end(journal);
        let failed = j
            .rows()
            .iter()
            .any(|r| matches!(r.state, RowState::Failed { .. } | RowState::Skipped { .. }));
        if !failed {
            assert_applied_once(&j, &x.page, &want);
        }
        let mut seen = HashSet::new();
        assert!(
            x.page.ws.log.iter().all(|e| seen.insert(e.clone())),
            "{:?}",
            x.page.ws.log
        );
    }
}

/// A roster run as the version before re-invites became re-send steps
/// stored it: i0's one-row re-invite in flight when the tab died (the page
/// had revoked the old invite and not yet invited again), n0's invite
/// queued.
const STORED_ONE_ROW_REINVITE: &str = r#"{"version":2,"kind":"roster","headline":{"status":"running","done":0,"total":2},"journal":{"created_ms":0,"status":"running","chunk_size":10,"retry":{"max_retries":3,"base_delay_ms":1000,"max_delay_ms":30000},"groups":[{"kind":"reinvite","from":{"workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"all"}}]},"to":{"workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"specific","resources":["Web"]}}]}},{"kind":"invite","to":{"workspace":"member","roles":[{"role":"Source Admin","scope":{"kind":"specific","resources":["Web"]}}]}}],"rows":[{"line":1,"email":"i0@x.io","group":0,"state":{"state":"in_flight","submission":1,"attempt":0},"attempts":1},{"line":2,"email":"n0@x.io","group":1,"state":{"state":"queued"},"attempts":0}],"batches":[],"in_flight":{"id":1,"rows":[0],"retries":0,"started_ms":0},"next_id":2,"timed_submissions":0,"total_submission_ms":0},"activity":[]}"#;

#[test]
fn a_run_stored_with_one_row_re_invites_still_resumes_once() {
    let web = admin(Scope::specific(["Web"]));
    let mut page = Page::default();
    page.ws
        .people
        .insert("m0@x.io".into(), (Is::Member, RoleSet::owner()));
    let mut x = Exec::new(page);
    let j: Journal<RosterOp> = x.resume_stored(STORED_ONE_ROW_REINVITE);
    assert_eq!(j.status(), RunStatus::Done);
    assert_eq!(
        x.page.ws.log,
        vec![
            ("invite", "i0@x.io".to_string(), Some(web.clone())),
            ("invite", "n0@x.io".to_string(), Some(web.clone())),
        ]
    );
    assert!(
        j.rows().iter().all(|r| r.state.has_effect()),
        "{:?}",
        j.rows()
    );
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
    // A re-invite's steps: re-sending's words and rules.
    let revoke = Change::Resend {
        from: admin(Scope::all()),
        step: ResendStep::Revoke {
            roles: RoleSet::owner(),
        },
    };
    let gone = format!("a@x.io {GONE_WORDS}");
    assert_eq!(
        RosterOp::classify_for(&revoke, &gone),
        Verdict::Already(Already::Absent)
    );
    assert!(RosterOp::confirms_for(&revoke, Already::Absent));
    assert_eq!(RosterOp::batch_limit(&revoke, 10), 1);
    assert!(!revoke.demotes_owner());
}
