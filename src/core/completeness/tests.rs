use super::*;
use proptest::prelude::*;

fn st(text: &str) -> Stated {
    parse_stated(text, &[])
}

#[test]
fn ranges_in_every_spelling() {
    for text in [
        "Showing 1–25 of 86",
        "1-25 of 86",
        "1 – 25 of 86",
        "1—25 of 86",
        "1 to 25 of 86",
        "Showing 1 to 25 of 86 entries",
        "1-25 of 86 items",
        "1–25 / 86",
        "Rows 1 - 25 out of 86",
        "Displaying 1–25 of 86 results",
    ] {
        let s = st(text);
        assert_eq!(s.range, Some((1, 25)), "{text}");
        assert_eq!(s.total, Some(86), "{text}");
        assert!(s.has_more() && !s.is_last(), "{text}");
    }
    let last = st("Showing 76–86 of 86");
    assert!(last.is_last() && !last.has_more());
    assert_eq!(st("0–0 of 0").total, Some(0));
}

#[test]
fn thousands_separators() {
    assert_eq!(st("1–25 of 1,234").total, Some(1234));
    assert_eq!(
        st("1–25 von 1.234").range,
        None,
        "unknown words are not 'of'"
    );
    assert_eq!(st("1.234 users").total, Some(1234));
    assert_eq!(st("1\u{a0}234 members").total, Some(1234));
    assert_eq!(st("1\u{202f}234 results").total, Some(1234));
    assert_eq!(st("12'345 users").total, Some(12345));
    assert_eq!(st("1,234,567 users").total, Some(1_234_567));
    // A plain space separates numbers.
    assert_eq!(st("Rows per page: 10 25 50 100").total, None);
    // Four digits after a comma are not a group.
    assert_eq!(st("1,2345 users").total, Some(2345));
}

#[test]
fn pages_of_pages() {
    let s = st("Page 1 of 4");
    assert_eq!((s.page, s.total), (Some((1, 4)), None));
    assert!(s.has_more());
    assert!(st("Page 4 of 4").is_last());
    assert_eq!(st("page 2 / 4").page, Some((2, 4)));
    // "Page 1 of 4" is never a total of 4 people.
    assert_eq!(st("Page 1 of 4 users").total, None);
    assert_eq!(st("Page 5 of 4").page, None);
}

#[test]
fn counts_with_nouns() {
    for (text, n) in [
        ("86 users", 86),
        ("86 results", 86),
        ("86 members", 86),
        ("86 team members", 86),
        ("86 Team Members", 86),
        ("1 member", 1),
        ("Users (86)", 86),
        ("Team Members (86)", 86),
        ("Total: 86", 86),
        ("86 total", 86),
        ("Showing 25 of 86", 86),
        ("25 of 86 users", 86),
        ("0 of 86 row(s) selected.", 86),
    ] {
        assert_eq!(st(text).total, Some(n), "{text}");
    }
    // Bare "x of y" could be a page or an item: no total.
    assert_eq!(st("1 of 4").total, None);
    assert_eq!(st("No results").total, None);
}

#[test]
fn vague_totals_are_not_totals() {
    let s = st("1–25 of more than 25");
    assert_eq!((s.range, s.total), (Some((1, 25)), None));
    assert_eq!(st("1-25 of about 100").total, None);
}

#[test]
fn custom_nouns_come_from_the_profile() {
    let nouns = vec!["Teammates".to_string()];
    assert_eq!(parse_stated("86 teammates", &nouns).total, Some(86));
    assert_eq!(parse_stated("86 users", &nouns).total, None);
}

#[test]
fn a_range_beats_a_loose_count() {
    let s = parse_stated_all(["Users (80)", "Showing 1–25 of 86"], &[]);
    assert_eq!(s.total, Some(86));
    let s = parse_stated_all(["Showing 1–25 of 86", "80 members"], &[]);
    assert_eq!(s.total, Some(86));
    let s = parse_stated_all(["Page 2 of 4", "86 users"], &[]);
    assert_eq!((s.page, s.total), (Some((2, 4)), Some(86)));
}

#[test]
fn current_page_from_range_or_page() {
    assert_eq!(st("26–50 of 86").current_page(25), Some(2));
    assert_eq!(st("Page 3 of 4").current_page(25), Some(3));
    assert_eq!(st("86 users").current_page(25), None);
}

#[test]
fn page_sizes_from_option_labels() {
    assert_eq!(page_size_of("50"), Some(50));
    assert_eq!(page_size_of("50 / page"), Some(50));
    assert_eq!(page_size_of("Show 100"), Some(100));
    assert_eq!(page_size_of("100 rows"), Some(100));
    assert_eq!(page_size_of("All"), Some(u64::MAX));
    assert_eq!(page_size_of("per page"), None);
}

fn exhausted(how: PagerEnd) -> Ending {
    Ending::Exhausted { how }
}

#[test]
fn complete_when_the_pager_ended_and_the_total_agrees() {
    let s = st("Showing 76–86 of 86");
    assert_eq!(
        judge(86, 6, exhausted(PagerEnd::NextDisabled), &s),
        Completeness::Complete {
            end: PagerEnd::NextDisabled,
            total: Some(86)
        }
    );
    // A total that counts accepted members only agrees too.
    assert!(judge(86, 6, exhausted(PagerEnd::NextDisabled), &st("80 members")).is_complete());
    // No total stated: the pager's end is the evidence.
    assert_eq!(
        judge(12, 0, exhausted(PagerEnd::NoPager), &Stated::default()),
        Completeness::Complete {
            end: PagerEnd::NoPager,
            total: None
        }
    );
}

#[test]
fn partial_reasons() {
    let first = st("Showing 1–25 of 86");
    let p = |c: Completeness| match c {
        Completeness::Partial {
            why,
            rows_read,
            total,
        } => (why, rows_read, total),
        c => panic!("complete: {c:?}"),
    };
    assert_eq!(
        p(judge(25, 0, exhausted(PagerEnd::NoPager), &first)),
        (PartialReason::NoWayToNextPage, 25, Some(86))
    );
    assert_eq!(
        p(judge(25, 0, Ending::NoWayToNextPage, &first)).0,
        PartialReason::NoWayToNextPage
    );
    assert_eq!(
        p(judge(50, 0, Ending::TimedOut { page: 3 }, &first)).0,
        PartialReason::PageTimedOut { page: 3 }
    );
    assert_eq!(
        p(judge(
            84,
            0,
            exhausted(PagerEnd::NextDisabled),
            &st("76–84 of 86")
        ))
        .0,
        PartialReason::NoWayToNextPage
    );
    assert_eq!(
        p(judge(
            90,
            0,
            exhausted(PagerEnd::NextDisabled),
            &st("86 users")
        ))
        .0,
        PartialReason::TotalDisagrees
    );
    assert_eq!(
        p(judge(
            10,
            0,
            exhausted(PagerEnd::ControlGone),
            &st("Page 1 of 4")
        ))
        .0,
        PartialReason::NoWayToNextPage
    );
    assert_eq!(
        p(judge(
            500,
            0,
            Ending::TooManyPages { limit: 20 },
            &Stated::default()
        ))
        .0,
        PartialReason::TooManyPages { limit: 20 }
    );
    assert_eq!(
        PartialReason::PageTimedOut { page: 3 }.to_string(),
        "page 3 did not load in time"
    );
}

fn spaced(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn any_range_form_parses(
        a in 1u64..100_000, len in 0u64..500, extra in 0u64..100_000,
        dash in prop::sample::select(vec!["-", "–", "—", " - ", " – ", " to "]),
        sep in prop::sample::select(vec!["", ",", ".", "\u{a0}"]),
        lead in prop::sample::select(vec!["", "Showing ", "Displaying "]),
        noun in prop::sample::select(vec!["", " results", " users", " entries"]),
    ) {
        let b = a + len;
        let c = b + extra;
        let text = format!("{lead}{}{dash}{}{}{}{noun}", spaced(a, sep), spaced(b, sep), " of ", spaced(c, sep));
        let s = st(&text);
        prop_assert_eq!(s.range, Some((a, b)), "{}", text);
        prop_assert_eq!(s.total, Some(c), "{}", text);
        prop_assert_eq!(s.is_last(), b >= c);
    }

    #[test]
    fn any_noun_count_parses(n in 0u64..10_000_000, sep in prop::sample::select(vec!["", ","]),
        noun in prop::sample::select(DEFAULT_NOUNS.to_vec())) {
        let text = format!("{} {noun}", spaced(n, sep));
        prop_assert_eq!(st(&text).total, Some(n), "{}", text);
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,80}") {
        let _ = st(&text);
        let _ = page_size_of(&text);
    }

    #[test]
    fn judge_is_complete_only_with_agreement(
        rows in 0usize..2000, pending in 0usize..50, total in prop::option::of(0u64..2000),
        how in prop::sample::select(vec![PagerEnd::NoPager, PagerEnd::NextDisabled, PagerEnd::ControlGone, PagerEnd::ListEnd]),
    ) {
        let pending = pending.min(rows);
        let stated = Stated { total, ..Stated::default() };
        let c = judge(rows, pending, Ending::Exhausted { how }, &stated);
        match total {
            Some(t) => prop_assert_eq!(
                c.is_complete(),
                t == rows as u64 || t == (rows - pending) as u64
            ),
            None => prop_assert!(c.is_complete()),
        }
        prop_assert_eq!(c.stated_total(), total);
        // A walk that did not end is never complete.
        for ending in [Ending::NoWayToNextPage, Ending::TimedOut { page: 2 }, Ending::TooManyPages { limit: 9 }] {
            prop_assert!(!judge(rows, pending, ending, &stated).is_complete());
        }
    }
}
