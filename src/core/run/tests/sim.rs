//! Fixtures shared by the run tests: previews, journals, a simulated invite
//! form with the behaviours of the real one, and the journal's protocol
//! driven against it.

use std::collections::{BTreeMap, HashSet, VecDeque};

use crate::core::input::parse_text;
use crate::core::plan::ChunkSize;
use crate::core::preview::{build_preview, KnownPeople, Preview, PreviewContext};
use crate::core::roles::{RoleGrant, RoleSet, Scope};
use crate::core::run::remove::GONE_WORDS;
use crate::core::run::*;
use crate::core::template::TemplateLibrary;

pub const TRANSIENT: &str = "Something went wrong. Please try again.";

pub fn set(role: &str) -> RoleSet {
    RoleSet::member([RoleGrant::new(role, Scope::all())])
}

pub fn sets() -> [RoleSet; 4] {
    [
        set("Source Admin"),
        set("Source Read-only"),
        set("Function Admin"),
        RoleSet::owner(),
    ]
}

/// A preview of `n` ready rows cycling through the four role sets, via the
/// `roles`/`role` columns, plus any extra raw lines appended.
pub fn preview_text(n: usize, extra: &str) -> Preview {
    let mut text = String::from("email,role,roles\n");
    for i in 0..n {
        let cells = [
            "member,Source Admin",
            "member,Source Read-only",
            "member,Function Admin",
            "owner,",
        ][i % 4];
        text.push_str(&format!("user{i}@x.com,{cells}\n"));
    }
    text.push_str(extra);
    preview_of(&text, None)
}

/// The preview of pasted `text`, with nobody on the page, no templates and
/// `default` for rows that name no roles.
pub fn preview_of(text: &str, default: Option<&RoleSet>) -> Preview {
    let input = parse_text(text).unwrap();
    let known = KnownPeople::default();
    let templates = TemplateLibrary::new();
    let ctx = PreviewContext {
        known: &known,
        templates: &templates,
        default_role_set: default,
    };
    build_preview(&input.rows, &ctx)
}

/// A run over pasted `text` (see [`preview_of`]), `chunk` emails a submission.
pub fn journal_of(text: &str, default: Option<&RoleSet>, chunk: usize) -> Journal<InviteOp> {
    Journal::new(
        &preview_of(text, default),
        ChunkSize::new(chunk).unwrap(),
        0,
    )
}

pub fn journal(n: usize, chunk: usize) -> Journal<InviteOp> {
    Journal::new(&preview_text(n, ""), ChunkSize::new(chunk).unwrap(), 0)
}

/// `n` ready rows, all with the same role set (a bare list and a default).
pub fn single_set(n: usize, chunk: usize) -> Journal<InviteOp> {
    let text: String = (0..n).map(|i| format!("user{i}@x.com\n")).collect();
    journal_of(&text, Some(&set("Source Admin")), chunk)
}

pub fn submit_next(j: &mut Journal<InviteOp>, now: u64) -> Submission<RoleSet> {
    match j.next_submission(now) {
        NextStep::Submit(s) => {
            j.mark_in_flight(&s, now).unwrap();
            s
        }
        other => panic!("expected a submission, got {other:?}"),
    }
}

pub fn states(j: &Journal<InviteOp>) -> Vec<&RowState> {
    j.rows().iter().map(|r| &r.state).collect()
}

/// A simulated invite form with the behaviours the issue lists.
#[derive(Default)]
pub struct Page {
    pub pending: HashSet<String>,
    pub members: HashSet<String>,
    /// Every email the form created an invite for, in order.
    pub log: Vec<String>,
    /// Role set per invited email.
    pub roles: BTreeMap<String, RoleSet>,
    /// Emails the page refuses as invalid (message does not name them).
    pub bad: HashSet<String>,
    pub max_per_submission: Option<usize>,
    /// Submission numbers (0-based) that fail transiently.
    pub transient: HashSet<usize>,
    pub submissions: usize,
}

impl Page {
    pub fn submit(&mut self, s: &Submission<RoleSet>) -> Result<(), String> {
        let n = self.submissions;
        self.submissions += 1;
        if self.transient.contains(&n) {
            return Err(TRANSIENT.into());
        }
        if let Some(max) = self.max_per_submission {
            if s.emails.len() > max {
                return Err(format!("You can invite at most {max} people at once"));
            }
        }
        if s.emails.iter().any(|e| self.bad.contains(e)) {
            return Err("One of the addresses is not a valid email".into());
        }
        if s.emails
            .iter()
            .any(|e| self.pending.contains(e) || self.members.contains(e))
        {
            return Err("This person has already been invited".into());
        }
        for e in &s.emails {
            self.pending.insert(e.clone());
            self.log.push(e.clone());
            self.roles.insert(e.clone(), s.group.clone());
        }
        Ok(())
    }
}

/// Runs to completion (or pause/cancel), persisting before and after each
/// submission as the UI must. `reload_at`: submission numbers after which
/// the tab "dies" between the page accepting and the journal hearing of it.
pub fn drive(
    j: &mut Journal<InviteOp>,
    page: &mut Page,
    clock: &mut u64,
    reload_at: &HashSet<usize>,
) -> NextStep<RoleSet> {
    let mut made = 0;
    loop {
        match j.next_submission(*clock) {
            NextStep::Submit(s) => {
                j.mark_in_flight(&s, *clock).unwrap();
                let saved = to_json(j);
                let result = page.submit(&s);
                *clock += 300;
                made += 1;
                if reload_at.contains(&(made - 1)) {
                    *j = from_json(&saved).unwrap();
                    j.reconcile_after_reload(page.pending.iter(), page.members.iter());
                    continue;
                }
                match result {
                    Ok(()) => j.record_accepted(s.id, *clock).unwrap(),
                    Err(m) => {
                        j.record_refused(s.id, &m, *clock).unwrap();
                    }
                }
                *j = from_json(&to_json(j)).unwrap();
            }
            NextStep::Wait { until_ms } => {
                assert!(until_ms > *clock);
                *clock = until_ms;
            }
            other => return other,
        }
    }
}

pub fn assert_invited_exactly_once(j: &Journal<InviteOp>, page: &Page) {
    let mut seen = HashSet::new();
    for e in &page.log {
        assert!(seen.insert(e.clone()), "{e} invited twice");
    }
    for (i, row) in j.rows().iter().enumerate() {
        let invited = page.log.contains(&row.email);
        match &row.state {
            RowState::Done => {
                assert!(invited, "{} marked invited but not on the page", row.email);
                assert_eq!(page.roles.get(&row.email), j.row_group(i), "{}", row.email);
            }
            RowState::Failed { .. }
            | RowState::Already { .. }
            | RowState::Cancelled
            | RowState::Queued => {
                assert!(!invited, "{} on the page but {:?}", row.email, row.state)
            }
            RowState::Skipped { .. } => assert!(!invited || row.group.is_some()),
            RowState::InFlight { .. } => panic!("row left in flight"),
        }
    }
}

/// The journal as stored (version 2, no activity), as JSON text.
pub fn to_json(j: &Journal<InviteOp>) -> String {
    serde_json::to_string(&StoredRun::new(j.clone(), &[])).expect("a journal serialises")
}

/// A stored journal read back and checked, as the journal store does.
pub fn from_json(text: &str) -> Result<Journal<InviteOp>, JournalError> {
    let stored: StoredRun<InviteOp> =
        serde_json::from_str(text).map_err(|e| JournalError::Corrupt {
            detail: e.to_string(),
        })?;
    Ok(stored.checked()?.journal)
}

/// The first release's reconcile call, over the page's pending invites and
/// members.
pub trait ReconcileExt {
    fn reconcile_after_reload<P, M>(&mut self, pending: P, members: M) -> ReconcileReport
    where
        P: IntoIterator,
        P::Item: AsRef<str>,
        M: IntoIterator,
        M::Item: AsRef<str>;
}

impl ReconcileExt for Journal<InviteOp> {
    fn reconcile_after_reload<P, M>(&mut self, pending: P, members: M) -> ReconcileReport
    where
        P: IntoIterator,
        P::Item: AsRef<str>,
        M: IntoIterator,
        M::Item: AsRef<str>,
    {
        self.reconcile(&PageSeen::new(members, pending))
    }
}

impl Page {
    /// What a read of the users table shows.
    pub fn seen(&self) -> PageSeen {
        PageSeen::new(self.members.iter(), self.pending.iter())
    }
}

/// Deterministic pseudo-random numbers (no dependency needed).
pub fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

/// A simulated page for operation `O`, as the executor below uses it.
pub trait SimPage<O: Operation> {
    /// Carries one submission out; `None` when the tab died meanwhile
    /// (before or after the page acted).
    fn send(&mut self, s: &Submission<O::Group>) -> Option<Attempt>;
    /// What a read of the users table shows.
    fn seen(&self) -> PageSeen;
}

/// The executor of the engine's effects against a [`SimPage`]: saves, the
/// page, a clock. A death restores the last save, as a reload does.
pub struct Exec<P> {
    pub page: P,
    pub clock: u64,
    pub stored: Option<String>,
    /// Submissions handed to the page.
    pub sends: usize,
}

impl<P> Exec<P> {
    pub fn new(page: P) -> Exec<P> {
        Exec {
            page,
            clock: 0,
            stored: None,
            sends: 0,
        }
    }

    /// Carries `effects` out until the engine stops; `None` when the tab died.
    pub fn run<O: Operation + Clone>(
        &mut self,
        engine: &mut Engine<O>,
        effects: Vec<Effect<O::Group>>,
    ) -> Option<Stop>
    where
        P: SimPage<O>,
    {
        let mut queue: VecDeque<_> = effects.into();
        loop {
            let input = match queue.pop_front().expect("the effects ended without a Stop") {
                Effect::Log(_) => continue,
                Effect::Stop(stop) => return Some(stop),
                Effect::Persist => {
                    let run = StoredRun::new(engine.journal().clone(), &[]);
                    self.stored = Some(serde_json::to_string(&run).unwrap());
                    Input::Persisted(Ok(()))
                }
                Effect::Send(sub) => {
                    self.sends += 1;
                    let attempt = self.page.send(&sub);
                    self.clock += 300;
                    Input::Answered(attempt?)
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

    fn restore<O: Operation + Clone>(&self) -> Engine<O> {
        let run: StoredRun<O> = serde_json::from_str(self.stored.as_deref().unwrap()).unwrap();
        Engine::restored(run.checked().unwrap().journal)
    }

    /// Starts `journal` and resumes after every death or pause until the
    /// run is over.
    pub fn run_to_end<O: Operation + Clone>(&mut self, journal: Journal<O>) -> Journal<O>
    where
        P: SimPage<O>,
    {
        let (mut engine, effects) = Engine::start(journal, self.clock);
        let stop = self.run(&mut engine, effects);
        self.resume_to_end(engine, stop)
    }

    /// Resumes the run stored as `text` (as a reload finds it) until it
    /// is over.
    pub fn resume_stored<O: Operation + Clone>(&mut self, text: &str) -> Journal<O>
    where
        P: SimPage<O>,
    {
        self.stored = Some(text.to_string());
        // As after a death: restored from `text`, then resumed.
        self.resume_to_end(self.restore(), None)
    }

    fn resume_to_end<O: Operation + Clone>(
        &mut self,
        mut engine: Engine<O>,
        mut stop: Option<Stop>,
    ) -> Journal<O>
    where
        P: SimPage<O>,
    {
        for _ in 0..200 {
            match stop {
                Some(Stop::Finished { .. }) => return engine.journal().clone(),
                None => engine = self.restore(),
                Some(_) => {}
            }
            let effects = engine.handle(Input::Resume, self.clock);
            stop = self.run(&mut engine, effects);
        }
        panic!("the run did not end");
    }
}

/// Where a person of a [`Workspace`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    Member,
    Invited,
}

/// One change a [`Workspace`] made: what ("invite", "revoke", "set",
/// "remove"), to whom, and the roles it gave (invites and role changes).
pub type Made = (&'static str, String, Option<RoleSet>);

/// A simulated workspace for the operations that act on people (re-sending
/// invites, applying a roster): members and pending invites with their
/// exact grants, the page's flows for one submission each, everything the
/// page did, and its faults by submission number (0-based). Each feature's
/// [`SimPage`] wraps it and picks the flow for a row's group, so the
/// re-send steps behave the same in every run that takes them.
#[derive(Default)]
pub struct Workspace {
    pub people: BTreeMap<String, (Is, RoleSet)>,
    pub log: Vec<Made>,
    /// Refused transiently before the page acts.
    pub transient: HashSet<usize>,
    /// The answer is lost after the page acted.
    pub unknown: HashSet<usize>,
    /// The tab dies after the page acted.
    pub die_after: HashSet<usize>,
    /// The tab dies after the journal was saved, before the page acted.
    pub die_before: HashSet<usize>,
    /// Reads show half the people and say they are partial.
    pub partial_reads: bool,
    pub submissions: usize,
}

/// The flow's answer when the page refused with `words`.
pub fn refused(words: impl Into<String>) -> Attempt {
    Attempt::Refused {
        page_words: words.into(),
    }
}

impl Workspace {
    /// The roles of `email`'s pending invite.
    pub fn invite_of(&self, email: &str) -> Option<&RoleSet> {
        match self.people.get(email) {
            Some((Is::Invited, roles)) => Some(roles),
            _ => None,
        }
    }

    /// Carries one submission out with `act` (the flow, `Err` with the
    /// page's refusal), faults included; `None` when the tab died.
    pub fn submit(
        &mut self,
        act: impl FnOnce(&mut Workspace, usize) -> Result<(), Attempt>,
    ) -> Option<Attempt> {
        let n = self.submissions;
        self.submissions += 1;
        if self.die_before.contains(&n) {
            return None;
        }
        if self.transient.contains(&n) {
            return Some(refused(TRANSIENT));
        }
        if let Err(refusal) = act(self, n) {
            return Some(refusal);
        }
        if self.die_after.contains(&n) {
            return None;
        }
        Some(if self.unknown.contains(&n) {
            Attempt::Unknown {
                error: "no answer within 30 s".into(),
            }
        } else {
            Attempt::Accepted
        })
    }

    /// The revoke flow: `email`'s pending invite, or "already gone".
    pub fn revoke(&mut self, email: &str) -> Result<(), Attempt> {
        if self.invite_of(email).is_none() {
            return Err(refused(format!("{email} {GONE_WORDS}")));
        }
        self.people.remove(email);
        self.log.push(("revoke", email.to_string(), None));
        Ok(())
    }

    /// The invite form: every email, or the first one already there.
    pub fn invite(&mut self, emails: &[String], roles: &RoleSet) -> Result<(), Attempt> {
        for e in emails {
            match self.people.get(e) {
                Some((Is::Member, _)) => {
                    return Err(refused(format!(
                        "{e} is already a member of this workspace"
                    )))
                }
                Some((Is::Invited, _)) => {
                    return Err(refused(format!("{e} has already been invited")))
                }
                None => {}
            }
        }
        for e in emails {
            self.people.insert(e.clone(), (Is::Invited, roles.clone()));
            self.log.push(("invite", e.clone(), Some(roles.clone())));
        }
        Ok(())
    }

    /// One step of re-sending invites ([`ResendStep`]), as the driver's
    /// `attempt_resend` carries it out.
    pub fn resend(&mut self, step: &ResendStep, emails: &[String]) -> Result<(), Attempt> {
        match step {
            ResendStep::Revoke { .. } => {
                assert_eq!(emails.len(), 1, "one revoke per submission");
                self.revoke(&emails[0])
            }
            ResendStep::Invite { roles } => self.invite(emails, roles),
        }
    }

    /// What a read of the users table shows (half of it, partial, when
    /// [`Workspace::partial_reads`]).
    pub fn seen(&self) -> PageSeen {
        let of = |is: Is| -> Vec<&String> {
            let all = self.people.iter().filter(move |(_, (i, _))| *i == is);
            let n = if self.partial_reads {
                self.people.len() / 2
            } else {
                usize::MAX
            };
            all.take(n).map(|(e, _)| e).collect()
        };
        let seen = PageSeen::new(of(Is::Member), of(Is::Invited));
        if self.partial_reads {
            seen.partial()
        } else {
            seen
        }
    }
}
