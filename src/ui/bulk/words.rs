//! The bulk view's sentences and small names: status slugs, time left, and
//! the activity lines written for each submission. Pure, so they are tested
//! natively.

use crate::core::journal::{JournalRow, Progress, ReconcileReport, RefusalOutcome, Submission};
use crate::core::preview::StatusKind;

/// The `data-kind` slug of a preview status (used by the table filter).
pub fn kind_slug(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Ready => "ready",
        StatusKind::InvalidEmail => "invalid-email",
        StatusKind::Duplicate => "duplicate",
        StatusKind::AlreadyMember => "member",
        StatusKind::AlreadyInvited => "invited",
        StatusKind::UnknownTemplate => "unknown-template",
        StatusKind::UnknownRole => "unknown-role",
        StatusKind::Conflict => "conflict",
        StatusKind::Inexpressible => "inexpressible",
        StatusKind::NoRoles => "no-roles",
    }
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

/// Plural helper: "1 email", "3 emails".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The counts line under the progress bar.
pub fn progress_line(p: &Progress) -> String {
    let left = p.queued + p.in_flight;
    let mut parts = vec![
        format!("{} of {} done", p.done, p.total),
        format!("{} invited", p.invited),
        format!("{} failed", p.failed),
    ];
    if p.skipped > 0 {
        parts.push(format!("{} skipped", p.skipped));
    }
    if p.cancelled > 0 {
        parts.push(format!("{} cancelled", p.cancelled));
    }
    parts.push(format!("{left} to send"));
    parts.join(" · ")
}

/// The head of an activity line: `#3 · 25 emails`.
pub fn submission_head(s: &Submission) -> String {
    format!("#{} · {}", s.id, count(s.emails.len(), "email", "emails"))
}

fn emails_of(rows: &[usize], all: &[JournalRow]) -> String {
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

/// What a refusal (or an unsent submission) led to, after the page's words.
pub fn refusal_line(
    head: &str,
    page_said: &str,
    outcome: &RefusalOutcome,
    now_ms: u64,
    rows: &[JournalRow],
) -> String {
    let then = match outcome {
        RefusalOutcome::Retrying { at_ms, retry } => format!(
            "will retry (retry {retry}) in {} s",
            at_ms.saturating_sub(now_ms).div_ceil(1000)
        ),
        RefusalOutcome::Split { parts } => {
            format!("split into {parts} smaller submissions to find the refused address")
        }
        RefusalOutcome::Shrunk { chunk_size } => format!(
            "the page takes fewer emails at once: sending {} per submission from now on",
            chunk_size
        ),
        RefusalOutcome::Failed { rows: failed } => {
            format!("not invited: {}", emails_of(failed, rows))
        }
        RefusalOutcome::Confirmed { rows: ok } => format!(
            "counted as invited (an earlier attempt went through): {}",
            emails_of(ok, rows)
        ),
    };
    format!("{head} → the page said “{page_said}”; {then}")
}

/// After an unclear outcome or a reload: what re-reading the table showed.
pub fn reconcile_line(why: &str, r: &ReconcileReport) -> String {
    let mut parts = Vec::new();
    if !r.confirmed.is_empty() {
        parts.push(format!(
            "{} found on the page (invited)",
            count(r.confirmed.len(), "email", "emails")
        ));
    }
    if !r.requeued.is_empty() {
        parts.push(format!(
            "{} not on the page (will be sent again)",
            count(r.requeued.len(), "email", "emails")
        ));
    }
    if !r.found_on_page.is_empty() {
        parts.push(format!(
            "{} already on the page (not sent)",
            count(r.found_on_page.len(), "queued email", "queued emails")
        ));
    }
    if parts.is_empty() {
        parts.push("nothing to correct".into());
    }
    format!("{why}: checked the users table: {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::RowState;

    fn row(email: &str) -> JournalRow {
        JournalRow {
            line: 2,
            email: email.into(),
            group: Some(0),
            state: RowState::Queued,
            attempts: 1,
            uncertain: false,
            note: None,
        }
    }

    #[test]
    fn every_status_has_its_own_slug() {
        let mut slugs: Vec<&str> = StatusKind::ALL.iter().map(|k| kind_slug(*k)).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), StatusKind::ALL.len());
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
            invited: 5,
            failed: 1,
            skipped: 0,
            cancelled: 0,
            queued: 3,
            in_flight: 1,
            eta_ms: None,
        };
        assert_eq!(
            progress_line(&p),
            "6 of 10 done · 5 invited · 1 failed · 4 to send"
        );
        let p = Progress {
            skipped: 2,
            cancelled: 3,
            ..p
        };
        assert!(progress_line(&p).contains("2 skipped · 3 cancelled"));
    }

    #[test]
    fn refusal_lines_quote_the_page_and_say_what_happens_next() {
        let rows: Vec<JournalRow> = (0..8).map(|i| row(&format!("u{i}@x.com"))).collect();
        let retry = RefusalOutcome::Retrying {
            at_ms: 3_000,
            retry: 2,
        };
        assert_eq!(
            refusal_line(
                "#4 · 25 emails",
                "Something went wrong.",
                &retry,
                1_000,
                &rows
            ),
            "#4 · 25 emails → the page said “Something went wrong.”; will retry (retry 2) in 2 s"
        );
        let failed = RefusalOutcome::Failed {
            rows: (0..7).collect(),
        };
        let line = refusal_line("#5 · 1 email", "bad", &failed, 0, &rows);
        assert!(
            line.ends_with(
                "not invited: u0@x.com, u1@x.com, u2@x.com, u3@x.com, u4@x.com, and 2 more"
            ),
            "{line}"
        );
        let shrunk = RefusalOutcome::Shrunk { chunk_size: 1 };
        assert!(
            refusal_line("#1", "at most 1", &shrunk, 0, &rows).contains("sending 1 per submission")
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
            reconcile_line("After the reload", &r),
            "After the reload: checked the users table: 2 emails found on the page (invited); 1 email not on the page (will be sent again)"
        );
        assert!(reconcile_line("x", &ReconcileReport::default()).ends_with("nothing to correct"));
    }
}
