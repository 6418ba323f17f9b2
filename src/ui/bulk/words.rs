//! The bulk view's sentences and small names: status slugs, time left, and
//! the activity lines written for each submission. Pure, so they are tested
//! natively.

use crate::core::completeness::{Completeness, PagerShape};
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

/// What a whole-table read found, for the preview's notice:
/// "Read all 86 people on 4 pages (80 members, 6 pending invites)."
pub fn read_summary(
    c: &Completeness,
    shape: PagerShape,
    pages: u32,
    members: usize,
    pending: usize,
) -> String {
    let n = members + pending;
    let who = format!(
        "({}, {})",
        count(members, "member", "members"),
        count(pending, "pending invite", "pending invites")
    );
    if !c.is_complete() {
        return format!(
            "Read {} {who}, not the whole table.",
            count(n, "person", "people")
        );
    }
    let all = if n == 1 {
        "Read the 1 person".to_string()
    } else {
        format!("Read all {n} people")
    };
    match shape {
        PagerShape::Numbered | PagerShape::TextButtons | PagerShape::IconButtons => {
            format!("{all} on {} {who}.", count(pages as usize, "page", "pages"))
        }
        PagerShape::LoadMore => format!(
            "{all} after pressing “Load more” {} {who}.",
            count(pages.saturating_sub(1) as usize, "time", "times")
        ),
        PagerShape::InfiniteScroll | PagerShape::Virtualized => {
            format!("{all} by scrolling the list to its end {who}.")
        }
        PagerShape::None => format!("{all}: the table has one page {who}."),
    }
}

/// The warning when a read was partial (shown prominently, as an alert).
pub fn partial_warning(c: &Completeness) -> Option<String> {
    let Completeness::Partial {
        rows_read,
        total,
        why,
    } = c
    else {
        return None;
    };
    let consequence = "People not read cannot be checked for 'already a member' — the page itself will refuse them, and they will be reported as already there.";
    Some(match total {
        Some(t) => format!(
            "Read {}; the page says there are {t}. {consequence} (Why the read stopped: {why}.)",
            count(*rows_read, "person", "people")
        ),
        None => format!(
            "Read {}, but not the whole table: {why}. {consequence}",
            count(*rows_read, "person", "people")
        ),
    })
}

/// The look-up button's label.
pub fn lookup_label(rows: usize, limit: usize) -> String {
    if rows > limit {
        format!("Look up the first {limit} of {rows} ready rows with the page's search")
    } else {
        format!(
            "Look up {} with the page's search",
            count(rows, "ready row", "ready rows")
        )
    }
}

/// Progress of the look-ups.
pub fn lookup_progress(done: usize, total: usize) -> String {
    format!("Looking up {done} of {total} through the page's search…")
}

/// What the look-ups found.
pub fn lookup_result(found: usize, absent: usize, unchecked: usize) -> String {
    let mut s = format!(
        "Looked up through the page's search: {} already on the page (now marked, not sent), {} not there.",
        count(found, "person", "people"),
        absent
    );
    if unchecked > 0 {
        s.push_str(&format!(
            " {} could not be looked up; the page will refuse those already there.",
            count(unchecked, "row", "rows")
        ));
    }
    s
}

/// What a whole-table read followed and found, for "Check this page":
/// which pager, through which control, pages and rows read, the total the
/// page states and whether they agree.
pub fn pager_line(
    shape: PagerShape,
    control: Option<&str>,
    pages: u32,
    rows: usize,
    c: &Completeness,
) -> String {
    let through = control
        .map(|c| format!(", through {c}"))
        .unwrap_or_default();
    let agreement = match (c.stated_total(), c) {
        (Some(t), Completeness::Complete { .. }) => format!("the page states {t}: they agree"),
        (Some(t), Completeness::Partial { why, .. }) => {
            format!("the page states {t}: they do not agree ({why})")
        }
        (None, Completeness::Complete { .. }) => "the page states no total".to_string(),
        (None, Completeness::Partial { why, .. }) => {
            format!("the page states no total; the read is partial ({why})")
        }
    };
    format!(
        "Pager: {}{through}. Read {} on {}; {agreement}.",
        shape_name(shape),
        count(rows, "person", "people"),
        count(pages as usize, "page", "pages"),
    )
}

/// The shape of a pager, for people.
pub fn shape_name(shape: PagerShape) -> &'static str {
    match shape {
        PagerShape::None => "no pager (one page)",
        PagerShape::Numbered => "numbered pages in a navigation landmark",
        PagerShape::TextButtons => "Previous / Next buttons with text",
        PagerShape::IconButtons => "icon-only Previous / Next buttons",
        PagerShape::LoadMore => "a “Load more” button",
        PagerShape::InfiniteScroll => "infinite scroll",
        PagerShape::Virtualized => "a virtualized list",
    }
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

    #[test]
    fn read_sentences_say_complete_or_partial() {
        use crate::core::completeness::{PagerEnd, PartialReason};
        let done = Completeness::Complete {
            end: PagerEnd::NextDisabled,
            total: Some(86),
        };
        assert_eq!(
            read_summary(&done, PagerShape::Numbered, 4, 80, 6),
            "Read all 86 people on 4 pages (80 members, 6 pending invites)."
        );
        assert!(read_summary(&done, PagerShape::LoadMore, 4, 80, 6).contains("“Load more” 3 times"));
        assert_eq!(partial_warning(&done), None);
        let part = Completeness::Partial {
            rows_read: 25,
            total: Some(86),
            why: PartialReason::NoWayToNextPage,
        };
        let w = partial_warning(&part).unwrap();
        assert!(w.starts_with("Read 25 people; the page says there are 86. People not read cannot be checked for 'already a member' — the page itself will refuse them, and they will be reported as already there."), "{w}");
        let part = Completeness::Partial {
            rows_read: 50,
            total: None,
            why: PartialReason::PageTimedOut { page: 3 },
        };
        assert!(partial_warning(&part)
            .unwrap()
            .starts_with("Read 50 people, but not the whole table: page 3 did not load in time."));
        assert_eq!(
            lookup_label(80, 50),
            "Look up the first 50 of 80 ready rows with the page's search"
        );
    }
}
