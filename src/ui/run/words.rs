//! The run view's sentences: the activity log rendered from typed events,
//! the counts line, time left, and what the view says when a run stops.
//! Pure, so they are tested natively. A feature supplies its nouns in a
//! [`RunWords`]; everything else is shared.

use crate::core::run::results::already_outcome;
use crate::core::run::{
    Already, AnswerEvent, CheckWhy, Event, Interruption, NotResumed, PauseReason, Progress,
    ReconcileReport, RefusalOutcome, Row, RowState, RunStatus, Stop, SubmissionRef,
};

/// A feature's nouns and verbs.
#[derive(Debug, Clone, Copy)]
pub struct RunWords {
    /// The feature, as the lease and messages name it: "Bulk invite".
    pub name: &'static str,
    /// What one row's success is: "invited".
    pub done: &'static str,
    /// What the run does: "invite".
    pub verb: &'static str,
    /// One row / many rows of a submission: "email" / "emails".
    pub unit: (&'static str, &'static str),
    /// What the groups are: "role sets".
    pub groups: &'static str,
    /// Said while sending.
    pub sending: &'static str,
    /// The progress bar's accessible name.
    pub progress_label: &'static str,
    /// The results file's name starts with this.
    pub file_prefix: &'static str,
}

/// "1 email", "3 emails".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The run view's line for a slow page (`ms`: its median answer time).
pub fn slow_page(ms: u32) -> String {
    format!(
        "The page is answering slowly (about {} s per request); Access Kit waits longer.",
        ms.saturating_add(500) / 1000
    )
}

/// "about 45 s left", "about 3 min 10 s left", "about 1 h 5 min left".
pub fn time_left(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    if s < 60 {
        format!("about {s} s left")
    } else if s < 3600 {
        let (m, s) = (s / 60, s % 60);
        if s == 0 {
            format!("about {m} min left")
        } else {
            format!("about {m} min {s} s left")
        }
    } else {
        format!("about {} h {} min left", s / 3600, (s % 3600) / 60)
    }
}

/// Rows the page said were already done, per kind, in a fixed order.
pub fn already_counts(rows: &[Row]) -> Vec<(Already, usize)> {
    [Already::Member, Already::Invited, Already::Absent]
        .into_iter()
        .map(|kind| {
            let n = rows
                .iter()
                .filter(|r| matches!(r.state, RowState::Already { already, .. } if already == kind))
                .count();
            (kind, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The counts line under the progress bar.
pub fn progress_line(w: &RunWords, p: &Progress, rows: &[Row]) -> String {
    let left = p.queued + p.in_flight;
    let mut parts = vec![
        format!("{} of {} done", p.done, p.total),
        format!("{} {}", p.succeeded, w.done),
    ];
    for (kind, n) in already_counts(rows) {
        parts.push(format!("{n} {}", already_outcome(kind)));
    }
    parts.push(format!("{} failed", p.failed));
    if p.skipped > 0 {
        parts.push(format!("{} skipped", p.skipped));
    }
    if p.cancelled > 0 {
        parts.push(format!("{} cancelled", p.cancelled));
    }
    parts.push(format!("{left} to send"));
    parts.join(" · ")
}

/// One sentence for the end of a run (the activity and the results).
pub fn summary(
    w: &RunWords,
    status: RunStatus,
    p: &Progress,
    rows: &[Row],
    not_ready: usize,
) -> String {
    let how = match status {
        RunStatus::Cancelled => "Run cancelled",
        _ => "Run finished",
    };
    let mut s = format!("{how}: {} {}, {} failed", p.succeeded, w.done, p.failed);
    for (kind, n) in already_counts(rows) {
        s.push_str(&format!(", {n} {}", already_outcome(kind)));
    }
    if p.skipped > 0 {
        s.push_str(&format!(", {} found on the page before sending", p.skipped));
    }
    if p.cancelled > 0 {
        s.push_str(&format!(", {} cancelled", p.cancelled));
    }
    if p.in_flight > 0 {
        s.push_str(&format!(", {} unknown", p.in_flight));
    }
    s.push_str(&format!(
        "; {not_ready} rows were not sendable (see the preview reasons)."
    ));
    s
}

fn emails_of(rows: &[usize], all: &[Row]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<&str> = rows
        .iter()
        .filter_map(|&r| all.get(r))
        .map(|r| r.email.as_str())
        .take(SHOWN)
        .collect();
    let more = rows.len().saturating_sub(SHOWN);
    let more_text = format!("and {more} more");
    if more > 0 {
        names.push(&more_text);
    }
    names.join(", ")
}

/// What the journal did about a refusal or an unsent submission.
fn then_text(w: &RunWords, outcome: &RefusalOutcome, at_ms: u64, rows: &[Row]) -> String {
    match outcome {
        RefusalOutcome::Retrying { at_ms: when, retry } => format!(
            "will retry (retry {retry}) in {} s",
            when.saturating_sub(at_ms).div_ceil(1000)
        ),
        RefusalOutcome::Split { parts } => {
            format!("split into {parts} smaller submissions to find the refused address")
        }
        RefusalOutcome::Shrunk { chunk_size } => format!(
            "the page takes fewer {} at once: sending {chunk_size} per submission from now on",
            w.unit.1
        ),
        RefusalOutcome::Settled {
            failed,
            already,
            confirmed,
        } => {
            let mut parts = Vec::new();
            if !failed.is_empty() {
                parts.push(format!("not {}: {}", w.done, emails_of(failed, rows)));
            }
            if !already.is_empty() {
                let kind = already
                    .first()
                    .and_then(|&r| rows.get(r))
                    .and_then(|r| match r.state {
                        RowState::Already { already, .. } => Some(already),
                        _ => None,
                    });
                let what = kind.map_or(
                    "already done — the page said so".to_string(),
                    already_outcome,
                );
                parts.push(format!("{what}: {}", emails_of(already, rows)));
            }
            if !confirmed.is_empty() {
                parts.push(format!(
                    "counted as {} (an earlier attempt went through): {}",
                    w.done,
                    emails_of(confirmed, rows)
                ));
            }
            parts.join("; ")
        }
        RefusalOutcome::Interrupted => "put back to be sent first when the run resumes".into(),
    }
}

/// The head of an activity line: `#3 · 25 emails · Workspace Owner`.
pub fn submission_head(w: &RunWords, s: &SubmissionRef, group: &str) -> String {
    let head = format!("#{} · {}", s.id, count(s.rows, w.unit.0, w.unit.1));
    if group.is_empty() {
        head
    } else {
        format!("{head} · {group}")
    }
}

/// After an unclear outcome or a reload: what re-reading the table showed.
pub fn reconcile_line(w: &RunWords, why: &str, r: &ReconcileReport) -> String {
    let (one, many) = w.unit;
    let mut parts = Vec::new();
    if !r.confirmed.is_empty() {
        parts.push(format!(
            "{} found on the page ({})",
            count(r.confirmed.len(), one, many),
            w.done
        ));
    }
    if !r.requeued.is_empty() {
        parts.push(format!(
            "{} not on the page (will be sent again)",
            count(r.requeued.len(), one, many)
        ));
    }
    if !r.found_on_page.is_empty() {
        parts.push(format!(
            "{} already on the page (not sent)",
            count(
                r.found_on_page.len(),
                &format!("queued {one}"),
                &format!("queued {many}")
            )
        ));
    }
    if parts.is_empty() {
        parts.push("nothing to correct".into());
    }
    format!("{why}: checked the users table: {}", parts.join("; "))
}

fn check_why(why: CheckWhy) -> String {
    match why {
        CheckWhy::BeforeResuming => "Before resuming".into(),
        CheckWhy::BeforeCancelling => "Before cancelling".into(),
        CheckWhy::AfterUnclear { id } => format!("#{id}"),
    }
}

/// Said once the results of a finished run are downloaded.
pub const DELETED_AFTER_DOWNLOAD: &str =
    "Results downloaded. The run's saved copy (its emails, roles and activity) \
     was deleted from this browser; the results stay shown until you leave the page.";

/// Why a run paused by itself.
pub fn pause_reason(w: &RunWords, why: &PauseReason) -> String {
    match why {
        PauseReason::JournalRefused { error } => {
            format!("the run journal refused the next submission ({error})")
        }
        PauseReason::NotSavedBeforeSending { error } => format!(
            "progress could not be saved ({error}), and nothing is sent unless it is saved first"
        ),
        PauseReason::NotSaved { error } => format!("progress could not be saved ({error})"),
        PauseReason::FormTrouble { times, last } => format!(
            "the page's form did not behave as expected {times} times in a row (last: {last}). \
             Check the page (or the locator profile in the options), then Resume."
        ),
        PauseReason::Unclear { times, last } => {
            format!("the page gave no clear answer {times} times in a row (last: {last})")
        }
        PauseReason::UnclearUnchecked { error, read_error } => format!(
            "the page gave no clear answer ({error}) and the users table could not be read to check ({read_error}). \
             Resume checks the table again before sending anything"
        ),
        PauseReason::NoAnswer { submission } => format!(
            "submission #{submission} has no recorded answer; Resume checks the users table first"
        ),
        PauseReason::PageLeft => format!(
            "the app left this workspace's Access Management page, so the {} stopped before its next submission. \
             Come back to it and press Resume",
            w.name.to_lowercase()
        ),
        PauseReason::SignedOut => format!(
            "Segment ended your session, so the {} stopped before its next submission. \
             Sign in again, then resume: Resume checks the users table first, so nothing is sent twice",
            w.name.to_lowercase()
        ),
        PauseReason::ExtensionGone => format!(
            "Access Kit was updated or reloaded, so this copy of it stopped the {} at once \
             (it can no longer save progress). Reload this page, then resume",
            w.name.to_lowercase()
        ),
        PauseReason::LockLost => format!(
            "this tab no longer holds the {} (another tab may be running it), so it stopped here",
            w.name.to_lowercase()
        ),
    }
}

/// One activity line. `rows` and `group_text` come from the run's journal.
pub fn event_line(
    w: &RunWords,
    at_ms: u64,
    event: &Event,
    rows: &[Row],
    group_text: &dyn Fn(usize) -> String,
) -> String {
    match event {
        Event::Started {
            rows: n,
            groups,
            per_submission,
        } => format!(
            "Started: {n} rows to {} in {groups} {}, up to {per_submission} {} per submission.",
            w.verb, w.groups, w.unit.1
        ),
        Event::Answered { submission, answer } => {
            let head = submission_head(w, submission, &group_text(submission.group));
            match answer {
                AnswerEvent::Accepted => format!("{head} → {}", w.done),
                AnswerEvent::Refused { page_words, then } => match then {
                    Ok(o) => format!(
                        "{head} → the page said “{page_words}”; {}",
                        then_text(w, o, at_ms, rows)
                    ),
                    Err(e) => format!("{head} → the page said “{page_words}”; {e}"),
                },
                AnswerEvent::NotSent { why, then } => match then {
                    Ok(o) => format!("{head} → not sent: “{why}”; {}", then_text(w, o, at_ms, rows)),
                    Err(e) => format!("{head} → not sent: “{why}”; {e}"),
                },
                AnswerEvent::Unclear { error } => {
                    format!("{head} → no clear answer from the page ({error})")
                }
            }
        }
        Event::Checked { why, report } => reconcile_line(w, &check_why(*why), report),
        Event::CheckFailed { why, error } => format!(
            "{}: the users table could not be read ({error}); the last submission's rows are reported as unknown.",
            check_why(*why)
        ),
        Event::Paused { why: None } => "Paused.".into(),
        Event::Paused { why: Some(why) } => format!("Paused: {}", pause_reason(w, why)),
        Event::Resumed => "Resumed.".into(),
        Event::Finished {
            status,
            progress,
            not_ready,
        } => summary(w, *status, progress, rows, *not_ready),
        Event::Text { text } => text.clone(),
    }
}

/// What the view says when an executor stops: (notice, alert).
pub fn stop_messages(w: &RunWords, stop: &Stop) -> (String, String) {
    match stop {
        Stop::NotStarted { error } => (
            String::new(),
            format!(
                "The run could not be saved ({error}), so it was not started: without a saved journal a reload could {} people twice.",
                w.verb
            ),
        ),
        Stop::Paused { why: None, unsaved } => (
            "Paused. Resume re-reads the users table, then goes on.".into(),
            unsaved
                .as_ref()
                .map(|e| format!("The paused run could not be saved: {e}"))
                .unwrap_or_default(),
        ),
        Stop::Paused {
            why: Some(why),
            unsaved,
        } => {
            let mut text = format!("The run is paused: {}", pause_reason(w, why));
            if let Some(e) = unsaved {
                text.push_str(&format!(" (The run could not be saved either: {e}.)"));
            }
            (String::new(), text)
        }
        Stop::NotResumed {
            why: NotResumed::Unreadable { error },
        } => (
            String::new(),
            format!("The users table could not be read, so the run stays paused: {error}"),
        ),
        Stop::NotResumed {
            why: NotResumed::Ended { why },
        } => match why {
            Interruption::PageLeft => (String::new(), String::new()),
            other => (
                String::new(),
                format!(
                    "The run stays paused: {}",
                    pause_reason(w, &other.reason())
                ),
            ),
        },
        Stop::Finished { unsaved, .. } => (
            String::new(),
            unsaved
                .as_ref()
                .map(|e| format!("The results could not be saved in the browser: {e}. Download them now."))
                .unwrap_or_default(),
        ),
    }
}

/// What the view says about a stored run it found.
/// `paused`: why it paused by itself, when its activity says so.
pub fn restored_notice(w: &RunWords, unfinished: bool, paused: Option<&PauseReason>) -> String {
    if unfinished {
        let why = match paused {
            Some(why) => format!(": {}.", pause_reason(w, why)),
            None => " (the page was reloaded, closed or left).".into(),
        };
        format!(
            "A {} run on this workspace did not finish{why} \
             Resume reads the users table first, so nobody is {} twice and nobody is missed; \
             Cancel ends the run and shows the results.",
            w.name.to_lowercase(),
            w.done
        )
    } else {
        format!(
            "The last {} run on this workspace finished; its results are below.",
            w.name.to_lowercase()
        )
    }
}

/// Said when another tab or window runs this workspace's run; `progress`:
/// the stored run's, when it could be read.
pub fn elsewhere(what: &str, progress: Option<&Progress>) -> String {
    let far = progress
        .map(|p| format!(" ({} of {} rows done)", p.done, p.total))
        .unwrap_or_default();
    format!(
        "A run on this workspace is in progress in another tab or window{far}, so {what} did not start here. \
         You can take it over here once that tab is closed or its run stops."
    )
}

/// Said when the page lease is held by someone else.
pub fn busy(holder: &str, what: &str) -> String {
    format!("{holder} is using the page, so {what} did not start. Try again when it has finished (or pause it).")
}

/// Said while waiting for the page lease.
pub fn waiting(holder: &str, what: &str) -> String {
    format!("Waiting for {holder} to finish with the page before {what} starts…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::run::Note;

    const W: RunWords = RunWords {
        name: "Bulk invite",
        done: "invited",
        verb: "invite",
        unit: ("email", "emails"),
        groups: "role sets",
        sending: "",
        progress_label: "Bulk invite progress",
        file_prefix: "access-kit-results",
    };

    fn row(email: &str, state: RowState) -> Row {
        Row {
            line: 2,
            email: email.into(),
            group: Some(0),
            state,
            attempts: 1,
            uncertain: false,
            note: None::<Note>,
            after: None,
        }
    }

    #[test]
    fn slow_page_rounds_to_whole_seconds() {
        assert_eq!(
            slow_page(8_140),
            "The page is answering slowly (about 8 s per request); Access Kit waits longer."
        );
    }

    #[test]
    fn time_left_reads_naturally() {
        assert_eq!(time_left(0), "about 0 s left");
        assert_eq!(time_left(1), "about 1 s left");
        assert_eq!(time_left(59_000), "about 59 s left");
        assert_eq!(time_left(60_000), "about 1 min left");
        assert_eq!(time_left(190_000), "about 3 min 10 s left");
        assert_eq!(time_left(3_900_000), "about 1 h 5 min left");
    }

    #[test]
    fn progress_line_states_every_count_that_matters() {
        let p = Progress {
            total: 10,
            done: 6,
            succeeded: 5,
            already: 0,
            failed: 1,
            skipped: 0,
            cancelled: 0,
            queued: 3,
            in_flight: 1,
            eta_ms: None,
        };
        assert_eq!(
            progress_line(&W, &p, &[]),
            "6 of 10 done · 5 invited · 1 failed · 4 to send"
        );
        let p = Progress {
            skipped: 2,
            cancelled: 3,
            ..p
        };
        assert!(progress_line(&W, &p, &[]).contains("2 skipped · 3 cancelled"));
    }

    #[test]
    fn already_there_is_counted_by_the_page_s_words() {
        let rows = vec![
            row(
                "a@x.com",
                RowState::Already {
                    already: Already::Invited,
                    page_words: "a@x.com has already been invited".into(),
                },
            ),
            row(
                "b@x.com",
                RowState::Already {
                    already: Already::Member,
                    page_words: "b@x.com is already a member".into(),
                },
            ),
            row(
                "c@x.com",
                RowState::Already {
                    already: Already::Invited,
                    page_words: "c@x.com has already been invited".into(),
                },
            ),
        ];
        let p = Progress {
            total: 3,
            done: 3,
            already: 3,
            ..Progress::default()
        };
        let line = progress_line(&W, &p, &rows);
        assert!(
            line.contains(
                "1 already a member — the page said so · 2 already invited — the page said so"
            ),
            "{line}"
        );
        let s = summary(&W, RunStatus::Done, &p, &rows, 0);
        assert!(
            s.contains(
                ", 1 already a member — the page said so, 2 already invited — the page said so"
            ),
            "{s}"
        );
    }

    #[test]
    fn refusal_lines_quote_the_page_and_say_what_happens_next() {
        let rows: Vec<Row> = (0..8)
            .map(|i| row(&format!("u{i}@x.com"), RowState::Queued))
            .collect();
        let sub = SubmissionRef {
            id: 4,
            rows: 25,
            group: 0,
        };
        let g = |_| String::new();
        let retry = Event::Answered {
            submission: sub,
            answer: AnswerEvent::Refused {
                page_words: "Something went wrong.".into(),
                then: Ok(RefusalOutcome::Retrying {
                    at_ms: 3_000,
                    retry: 2,
                }),
            },
        };
        assert_eq!(
            event_line(&W, 1_000, &retry, &rows, &g),
            "#4 · 25 emails → the page said “Something went wrong.”; will retry (retry 2) in 2 s"
        );
        let failed = Event::Answered {
            submission: SubmissionRef { rows: 1, ..sub },
            answer: AnswerEvent::Refused {
                page_words: "bad".into(),
                then: Ok(RefusalOutcome::failed((0..7).collect())),
            },
        };
        let line = event_line(&W, 0, &failed, &rows, &g);
        assert!(
            line.ends_with(
                "not invited: u0@x.com, u1@x.com, u2@x.com, u3@x.com, u4@x.com, and 2 more"
            ),
            "{line}"
        );
        let shrunk = Event::Answered {
            submission: sub,
            answer: AnswerEvent::Refused {
                page_words: "at most 10".into(),
                then: Ok(RefusalOutcome::Shrunk { chunk_size: 10 }),
            },
        };
        assert!(event_line(&W, 0, &shrunk, &rows, &g).contains("sending 10 per submission"));
        let unsent = Event::Answered {
            submission: sub,
            answer: AnswerEvent::NotSent {
                why: "the invite form did not open".into(),
                then: Ok(RefusalOutcome::Interrupted),
            },
        };
        assert_eq!(
            event_line(&W, 0, &unsent, &rows, &|_| "Workspace Owner".into()),
            "#4 · 25 emails · Workspace Owner → not sent: “the invite form did not open”; put back to be sent first when the run resumes"
        );
    }

    #[test]
    fn reconcile_lines_count_each_kind() {
        let r = ReconcileReport {
            confirmed: vec![1, 2],
            requeued: vec![3],
            found_on_page: vec![],
        };
        assert_eq!(
            reconcile_line(&W, "After the reload", &r),
            "After the reload: checked the users table: 2 emails found on the page (invited); 1 email not on the page (will be sent again)"
        );
        assert!(
            reconcile_line(&W, "x", &ReconcileReport::default()).ends_with("nothing to correct")
        );
        let checked = Event::Checked {
            why: CheckWhy::BeforeResuming,
            report: r,
        };
        assert!(event_line(&W, 0, &checked, &[], &|_| String::new())
            .starts_with("Before resuming: checked the users table"));
    }

    #[test]
    fn the_start_and_the_pauses_read_as_before() {
        let started = Event::Started {
            rows: 180,
            groups: 4,
            per_submission: 25,
        };
        assert_eq!(
            event_line(&W, 0, &started, &[], &|_| String::new()),
            "Started: 180 rows to invite in 4 role sets, up to 25 emails per submission."
        );
        assert_eq!(
            event_line(&W, 0, &Event::Paused { why: None }, &[], &|_| String::new()),
            "Paused."
        );
        let left = event_line(
            &W,
            0,
            &Event::Paused {
                why: Some(PauseReason::PageLeft),
            },
            &[],
            &|_| String::new(),
        );
        assert!(left.starts_with("Paused: the app left this workspace's Access Management page, so the bulk invite stopped"), "{left}");
        let (notice, alert) = stop_messages(
            &W,
            &Stop::Paused {
                why: Some(PauseReason::NotSaved {
                    error: "quota".into(),
                }),
                unsaved: Some("quota".into()),
            },
        );
        assert_eq!(notice, "");
        assert_eq!(
            alert,
            "The run is paused: progress could not be saved (quota) (The run could not be saved either: quota.)"
        );
        assert!(restored_notice(&W, true, None).contains("did not finish"));
        let signed_out = restored_notice(&W, true, Some(&PauseReason::SignedOut));
        assert!(signed_out.contains("did not finish: Segment ended your session"));
        assert!(signed_out.contains("Sign in again, then resume"));
    }

    #[test]
    fn lease_messages_name_the_holder() {
        assert_eq!(
            busy("Bulk invite", "Check this page"),
            "Bulk invite is using the page, so Check this page did not start. Try again when it has finished (or pause it)."
        );
        assert!(waiting("Bulk invite", "Check this page").starts_with("Waiting for Bulk invite"));
    }
}
