//! The bulk view's small names: the preview's status slugs. (The run's
//! sentences are the run view's, in `ui::run::words`.) Pure, so they are
//! tested natively.

use crate::core::completeness::{Completeness, PagerShape};
use crate::core::preview::StatusKind;
use crate::core::safety::fix::Fixed;
use crate::ui::run::words::count;

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

/// After the fix-all action: what changed (old → new), what was not found,
/// and what to do next.
pub fn fixed_notice(fixed: &[Fixed], missed: &[Fixed]) -> String {
    let list = |f: &[Fixed]| {
        f.iter()
            .map(|x| format!("row {}: {} → {}", x.line, x.typed, x.meant))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut s = format!(
        "Fixed {} in the list above ({}).",
        count(fixed.len(), "address", "addresses"),
        list(fixed)
    );
    if !missed.is_empty() {
        s.push_str(&format!(" Not found, left as typed: {}.", list(missed)));
    }
    s.push_str(" Press Preview again.");
    s
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

    #[test]
    fn every_status_has_its_own_slug() {
        let mut slugs: Vec<&str> = StatusKind::ALL.iter().map(|k| kind_slug(*k)).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), StatusKind::ALL.len());
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
