//! Re-sending runs ([`ResendOp`]) carried out by the engine against a
//! simulated page that revokes one invite at a time and invites through
//! its form: the tab dying before or after the page acts at every
//! submission, lost answers, transient failures, complete or partial
//! reads. Nobody is revoked or invited twice, nobody is invited before
//! their revoke, everyone invited again has exactly the roles asked, and a
//! person revoked but not invited again is reported with roles that paste
//! back into bulk invite.

use std::collections::HashSet;

use super::sim::{lcg, preview_of, refused, Exec, Is, SimPage, Workspace, TRANSIENT};
use crate::core::plan::ChunkSize;
use crate::core::roles::{Label, RoleGrant, RoleSet, Scope};
use crate::core::run::remove::GONE_WORDS;
use crate::core::run::*;

/// The page: the shared [`Workspace`] (pending invites with their roles,
/// what it did, its faults) and refusals of its own.
#[derive(Default)]
struct Page {
    ws: Workspace,
    /// Every invite submission is refused (a plan limit, say).
    refuse_invites: bool,
    /// Every revoke is refused with words nobody knows.
    refuse_revokes: bool,
}

impl std::ops::Deref for Page {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.ws
    }
}

impl std::ops::DerefMut for Page {
    fn deref_mut(&mut self) -> &mut Workspace {
        &mut self.ws
    }
}

fn sets() -> [RoleSet; 3] {
    [
        RoleSet::member([
            RoleGrant::new("Source Admin", Scope::specific(["Dev iOS", "Prod Web"])),
            RoleGrant::new("Tracking Plan Read-only", Scope::Unscoped),
        ]),
        RoleSet::member([RoleGrant::new(
            "Source Read-only",
            Scope::labelled([Label::new("environment", "prod")]),
        )]),
        RoleSet::owner(),
    ]
}

/// `n` invites i0..: role sets cycling through [`sets`] (so i0 and i3 share).
fn invites(n: usize) -> Vec<(String, RoleSet)> {
    (0..n)
        .map(|i| (format!("i{i}@x.com"), sets()[i % 3].clone()))
        .collect()
}

impl Page {
    fn with(invites: &[(String, RoleSet)], others: usize) -> Page {
        let mut page = Page::default();
        let others = (0..others).map(|i| (format!("other{i}@x.com"), RoleSet::owner()));
        for (email, roles) in invites.iter().cloned().chain(others) {
            page.people.insert(email, (Is::Invited, roles));
        }
        page
    }
}

impl SimPage<ResendOp> for Page {
    /// The flows for one submission; `None` when the tab died.
    fn send(&mut self, s: &Submission<ResendStep>) -> Option<Attempt> {
        let (refuse_invites, refuse_revokes) = (self.refuse_invites, self.refuse_revokes);
        self.ws.submit(|ws, _| match &s.group {
            ResendStep::Revoke { .. } if refuse_revokes && ws.invite_of(&s.emails[0]).is_some() => {
                Err(refused("Computer says no"))
            }
            ResendStep::Invite { .. }
                if refuse_invites && s.emails.iter().all(|e| ws.invite_of(e).is_none()) =>
            {
                Err(refused("Your plan does not allow more invites"))
            }
            step => ws.resend(step, &s.emails),
        })
    }

    fn seen(&self) -> PageSeen {
        self.ws.seen()
    }
}

fn exec(page: Page) -> Exec<Page> {
    Exec::new(page)
}

fn journal(invites: &[(String, RoleSet)]) -> Journal<ResendOp> {
    Journal::from_rows(
        ResendOp::rows(invites.iter().cloned()),
        ChunkSize::new(10).unwrap(),
        0,
    )
}

/// Everyone revoked at most once and invited at most once, never invited
/// before their revoke, invited exactly with their roles, others untouched;
/// when `all_done`, everyone was revoked and invited again.
fn assert_exactly_once(page: &Page, wanted: &[(String, RoleSet)], all_done: bool) {
    let mut revoked = HashSet::new();
    let mut invited = HashSet::new();
    for (kind, e, roles) in &page.log {
        assert!(e.starts_with('i'), "{e} was not listed: {:?}", page.log);
        match *kind {
            "revoke" => assert!(revoked.insert(e.clone()), "{e} revoked twice"),
            _ => {
                assert!(revoked.contains(e), "{e} invited before its revoke");
                assert!(invited.insert(e.clone()), "{e} invited twice");
                let want = &wanted.iter().find(|(w, _)| w == e).unwrap().1;
                assert_eq!(roles.as_ref(), Some(want), "{e}'s roles");
            }
        }
    }
    if all_done {
        for (e, roles) in wanted {
            assert!(invited.contains(e), "{e} not invited again: {:?}", page.log);
            assert_eq!(page.invite_of(e), Some(roles));
        }
    }
}

#[test]
fn each_role_set_is_revoked_then_invited_again_in_one_submission() {
    let wanted = invites(5);
    let mut x = exec(Page::with(&wanted, 2));
    let j = x.run_to_end(journal(&wanted));
    assert_eq!(j.status(), RunStatus::Done);
    assert_exactly_once(&x.page, &wanted, true);
    // Set 0 (i0, i3): two revokes, one invite; then set 1 (i1, i4); then i2.
    let steps: Vec<String> = x
        .page
        .log
        .iter()
        .map(|(k, e, _)| format!("{k} {e}"))
        .collect();
    assert_eq!(
        steps,
        [
            "revoke i0@x.com",
            "revoke i3@x.com",
            "invite i0@x.com",
            "invite i3@x.com",
            "revoke i1@x.com",
            "revoke i4@x.com",
            "invite i1@x.com",
            "invite i4@x.com",
            "revoke i2@x.com",
            "invite i2@x.com"
        ]
    );
    assert_eq!(x.page.submissions, 8, "5 revokes, 3 invite submissions");
    // One result line per person, in the order they were picked.
    let lines: Vec<(usize, String, String)> = results::result_lines(&j)
        .map(|l| (l.line, l.email.to_string(), l.outcome.into_owned()))
        .collect();
    let mut want: Vec<(usize, String, String)> = (0..5)
        .map(|i| (i + 1, format!("i{i}@x.com"), "invited again".to_string()))
        .collect();
    want.sort_by_key(|(_, e, _)| [0, 2, 4, 1, 3][e[1..2].parse::<usize>().unwrap()]);
    assert_eq!(lines, want);
    let p = j.progress();
    assert_eq!((p.total, p.succeeded), (5, 5), "one person, one count");
}

#[test]
fn the_tab_dying_at_any_point_resumes_without_revoking_or_inviting_twice() {
    let wanted = invites(5);
    for partial_reads in [false, true] {
        for k in 0..8 {
            for before in [false, true] {
                let mut page = Page::with(&wanted, 2);
                page.partial_reads = partial_reads;
                if before {
                    page.die_before.insert(k);
                } else {
                    page.die_after.insert(k);
                }
                let mut x = exec(page);
                let j = x.run_to_end(journal(&wanted));
                let case = format!("k={k} before={before} partial={partial_reads}");
                assert_eq!(j.status(), RunStatus::Done, "{case}");
                assert_exactly_once(&x.page, &wanted, true);
                assert_eq!(j.progress().succeeded, 5, "{case}");
            }
        }
    }
}

#[test]
fn lost_answers_are_settled_by_the_page_never_by_sending_twice() {
    let wanted = invites(4);
    for partial_reads in [false, true] {
        for k in 0..7 {
            let mut page = Page::with(&wanted, 1);
            page.partial_reads = partial_reads;
            page.unknown.insert(k);
            let mut x = exec(page);
            let j = x.run_to_end(journal(&wanted));
            assert_eq!(j.status(), RunStatus::Done, "k={k} partial={partial_reads}");
            assert_exactly_once(&x.page, &wanted, true);
        }
    }
}

#[test]
fn failures_lost_answers_and_deaths_everywhere_never_act_twice() {
    let mut seed = 11;
    let wanted = invites(9);
    for _ in 0..40 {
        let mut page = Page::with(&wanted, 3);
        for n in 0..120 {
            match lcg(&mut seed) % 12 {
                0 | 1 => {
                    page.transient.insert(n);
                }
                2 => {
                    page.die_after.insert(n);
                }
                3 => {
                    page.die_before.insert(n);
                }
                4 => {
                    page.unknown.insert(n);
                }
                _ => {}
            }
        }
        page.partial_reads = lcg(&mut seed) % 2 == 0;
        let mut x = exec(page);
        let j = x.run_to_end(journal(&wanted));
        assert_eq!(j.status(), RunStatus::Done);
        // Transient failures may run out of retries: then not everyone is
        // invited again, and those are reported.
        assert_exactly_once(&x.page, &wanted, false);
        for l in results::result_lines(&j) {
            let invited = x
                .page
                .log
                .iter()
                .any(|(k, e, _)| *k == "invite" && e == l.email);
            assert_eq!(
                invited,
                l.outcome == "invited again",
                "{}: {}",
                l.email,
                l.message
            );
        }
    }
}

#[test]
fn a_refused_invite_after_the_revoke_is_reported_with_roles_that_paste_back() {
    let wanted = invites(3);
    let mut page = Page::with(&wanted, 0);
    page.refuse_invites = true;
    let mut x = exec(page);
    let j = x.run_to_end(journal(&wanted));
    assert_eq!(j.status(), RunStatus::Done);
    assert!(x.page.people.is_empty(), "all revoked, none invited again");
    for l in results::result_lines(&j) {
        let roles = &wanted.iter().find(|(e, _)| e == l.email).unwrap().1;
        assert_eq!(l.outcome, "refused", "{}", l.email);
        assert!(
            l.message
                .contains(&format!("invite again by hand with {roles}")),
            "{}",
            l.message
        );
    }
    // The results file, pasted into bulk invite, previews every person as
    // ready with exactly the roles they had.
    let csv = results::results_csv(&j);
    let preview = preview_of(&csv, None);
    assert_eq!(preview.rows.len(), 3, "{csv}");
    for row in &preview.rows {
        let email = row.email.as_ref().unwrap().as_str();
        let roles = &wanted.iter().find(|(e, _)| e == email).unwrap().1;
        assert_eq!(row.role_set(), Some(roles), "{email}: {:?}", row.message());
    }
}

#[test]
fn a_refused_revoke_leaves_the_old_invite_and_sends_nothing_more() {
    let wanted = invites(2);
    let mut page = Page::with(&wanted, 0);
    page.refuse_revokes = true;
    let mut x = exec(page);
    let j = x.run_to_end(journal(&wanted));
    assert_eq!(j.status(), RunStatus::Done);
    assert!(x.page.log.is_empty());
    for l in results::result_lines(&j) {
        assert_eq!(l.outcome, "skipped");
        assert!(l.message.contains("Computer says no"), "{}", l.message);
        assert!(l.message.contains("it stands as it was"), "{}", l.message);
    }
}

#[test]
fn an_invite_already_gone_is_invited_again() {
    // Revoked elsewhere before the run: the revoke finds it gone, which is
    // its effect; the invite goes ahead.
    let wanted = invites(2);
    let mut page = Page::with(&wanted, 0);
    page.people.remove("i1@x.com");
    let mut x = exec(page);
    let j = x.run_to_end(journal(&wanted));
    assert_eq!(x.page.invite_of("i1@x.com"), Some(&wanted[1].1));
    assert!(results::result_lines(&j).all(|l| l.outcome == "invited again"));
}

#[test]
fn new_roles_are_a_constructor_away_and_steps_are_checked_when_stored() {
    // A roster plan: i0's invite becomes an owner's.
    let rows = ResendOp::rows([("i0@x.com".to_string(), RoleSet::owner())]);
    assert!(
        matches!(&rows[1], NewRow::After { after: 0, group: ResendStep::Invite { roles }, .. } if *roles == RoleSet::owner())
    );
    let mut page = Page::with(&invites(1), 0);
    let mut x = exec(std::mem::take(&mut page));
    let j = x.run_to_end(Journal::from_rows(rows, ChunkSize::new(5).unwrap(), 0));
    assert_eq!(x.page.invite_of("i0@x.com"), Some(&RoleSet::owner()));
    // A stored run whose step follows a later row is refused.
    let mut run = serde_json::to_value(StoredRun::new(j, &[])).unwrap();
    let rows = run["journal"]["rows"].as_array_mut().unwrap();
    rows[0]["after"] = serde_json::json!(1);
    let text = run.to_string();
    let stored: StoredRun<ResendOp> = serde_json::from_str(&text).unwrap();
    assert!(stored.checked().is_err());
}

#[test]
fn the_two_steps_words_are_classified() {
    assert_eq!(
        ResendOp::classify(&format!("a@x.com {GONE_WORDS}")),
        Verdict::Already(Already::Absent)
    );
    assert_eq!(
        ResendOp::classify("a@x.com has already been invited"),
        Verdict::Already(Already::Invited)
    );
    assert_eq!(ResendOp::classify(TRANSIENT), Verdict::Transient);
    assert!(ResendOp::confirms(Already::Absent) && ResendOp::confirms(Already::Invited));
    assert!(!ResendOp::confirms(Already::Member));
    let roles = RoleSet::owner();
    assert_eq!(
        ResendOp::batch_limit(
            &ResendStep::Revoke {
                roles: roles.clone()
            },
            10
        ),
        1
    );
    assert_eq!(ResendOp::batch_limit(&ResendStep::Invite { roles }, 10), 10);
}
