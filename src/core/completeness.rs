//! Whether a whole-table read saw everyone, as a value that carries its proof.
//!
//! Protocol: the driver walks the users table by whatever pager it finds and
//! records how the walk ended ([`Ending`]) and what the page states about its
//! size near the table ([`Stated`], parsed from texts such as "Showing 1–25
//! of 86", "Page 4 of 4", "86 users"). [`judge`] turns those facts into a
//! [`Completeness`]:
//! - `Complete` only when the walk reached the pager's end (or there was no
//!   pager) and, where the page states a total, the rows read agree with it
//!   (all rows, or the accepted members alone, since a page may count only those);
//! - `Partial` otherwise, with the rows read, the total if stated, and why:
//!   no way to the next page was found, the total disagrees, a page did not
//!   load in time, or the safety limit on pages was reached.
//!
//! Every decision that rests on the table (already a member, owner count)
//! carries this value and says so when it is partial.

use serde::{Deserialize, Serialize};

/// The shape of pager the reader followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagerShape {
    /// Nothing to follow: every row on one page.
    None,
    /// Numbered pages in a navigation landmark (Evergreen's `Pagination`).
    Numbered,
    /// Previous / Next buttons or links with visible text.
    TextButtons,
    /// Icon-only previous / next buttons named by `aria-label` or `title`.
    IconButtons,
    /// A "Load more" / "Show more" button that appends rows.
    LoadMore,
    /// Rows appended when the list's scroll container reaches its end.
    InfiniteScroll,
    /// A virtualized list that recycles row elements as it scrolls.
    Virtualized,
}

impl PagerShape {
    /// Whether the shape shows one page of rows at a time.
    pub fn is_paged(self) -> bool {
        matches!(
            self,
            PagerShape::Numbered | PagerShape::TextButtons | PagerShape::IconButtons
        )
    }
}

/// How the walk through the table ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ending {
    /// The pager had nothing more: the end is `how`.
    Exhausted {
        /// What showed the end.
        how: PagerEnd,
    },
    /// The page says there is more, but no control leading there was found.
    NoWayToNextPage,
    /// After a next / load-more / scroll, page `page` did not show in time.
    TimedOut {
        /// 1-based page (or load) that did not arrive.
        page: u32,
    },
    /// The safety limit on pages was reached.
    TooManyPages {
        /// The limit.
        limit: u32,
    },
}

/// What showed that the pager had nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagerEnd {
    /// No pager at all.
    NoPager,
    /// The next control was disabled.
    NextDisabled,
    /// The next (or load-more) control was gone.
    ControlGone,
    /// The page stated it was the last one ("Page 4 of 4", "76–86 of 86").
    LastPageStated,
    /// Scrolled to the end of the list and it stopped growing.
    ListEnd,
}

/// What a page states about the table's size, merged from its texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// The total number of people, if stated.
    pub total: Option<u64>,
    /// The rows shown now ("26–50"), 1-based inclusive.
    pub range: Option<(u64, u64)>,
    /// The page shown and the page count ("Page 2 of 4").
    pub page: Option<(u64, u64)>,
    /// How sure the total is (a range's total beats a loose "86 users").
    #[serde(skip)]
    strength: u8,
}

impl Stated {
    /// Nothing stated.
    pub fn is_empty(&self) -> bool {
        self.total.is_none() && self.range.is_none() && self.page.is_none()
    }

    /// The page states that the rows shown are the last ones.
    pub fn is_last(&self) -> bool {
        if let Some((n, m)) = self.page {
            return n >= m;
        }
        matches!((self.range, self.total), (Some((_, b)), Some(t)) if b >= t)
    }

    /// The page states that there is more beyond what is shown now.
    pub fn has_more(&self) -> bool {
        if let Some((n, m)) = self.page {
            return n < m;
        }
        matches!((self.range, self.total), (Some((_, b)), Some(t)) if b < t)
    }

    /// The 1-based page shown, from "Page n of m" or from the range and a
    /// page size.
    pub fn current_page(&self, page_size: usize) -> Option<u64> {
        if let Some((n, _)) = self.page {
            return Some(n);
        }
        let (a, _) = self.range?;
        (page_size > 0 && a > 0).then(|| (a - 1) / page_size as u64 + 1)
    }

    /// Combine what two texts state; the stronger total wins.
    pub fn merge(self, other: Stated) -> Stated {
        let (total, strength) = if other.total.is_some() && other.strength > self.strength {
            (other.total, other.strength)
        } else if self.total.is_some() {
            (self.total, self.strength)
        } else {
            (other.total, other.strength)
        };
        Stated {
            total,
            range: self.range.or(other.range),
            page: self.page.or(other.page),
            strength,
        }
    }
}

/// How complete a read was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Completeness {
    /// Everyone was read.
    Complete {
        /// What showed the end.
        end: PagerEnd,
        /// The total the page states, which the rows read agree with.
        total: Option<u64>,
    },
    /// Not everyone was (or may not have been) read.
    Partial {
        /// People read.
        rows_read: usize,
        /// The total the page states, if it does.
        total: Option<u64>,
        /// Why the read is partial.
        why: PartialReason,
    },
}

impl Completeness {
    /// Everyone was read.
    pub fn is_complete(&self) -> bool {
        matches!(self, Completeness::Complete { .. })
    }
    /// The total the page states, if any.
    pub fn stated_total(&self) -> Option<u64> {
        match self {
            Completeness::Complete { total, .. } | Completeness::Partial { total, .. } => *total,
        }
    }
}

/// Why a read is partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartialReason {
    /// The page says there is more, but no control leading there was found.
    NoWayToNextPage,
    /// The pager ended, but the rows read disagree with the stated total.
    TotalDisagrees,
    /// A page did not load in time.
    PageTimedOut {
        /// 1-based page (or load) that did not arrive.
        page: u32,
    },
    /// The safety limit on pages was reached.
    TooManyPages {
        /// The limit.
        limit: u32,
    },
    /// The table was read whole, but the exact roles of `people` could not
    /// be read from their editors (a roster leaves them out).
    GrantsNotRead {
        /// How many.
        people: u32,
    },
}

impl std::fmt::Display for PartialReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartialReason::NoWayToNextPage => f.write_str("no way to the next page was found"),
            PartialReason::TotalDisagrees => {
                f.write_str("the number read disagrees with the total the page states")
            }
            PartialReason::PageTimedOut { page } => write!(f, "page {page} did not load in time"),
            PartialReason::TooManyPages { limit } => {
                write!(f, "the reader stopped after {limit} pages")
            }
            PartialReason::GrantsNotRead { people: 1 } => {
                f.write_str("the exact roles of 1 person could not be read from their editor")
            }
            PartialReason::GrantsNotRead { people } => write!(
                f,
                "the exact roles of {people} people could not be read from their editors"
            ),
        }
    }
}

/// Judge a read: `rows` people read, `pending` of them pending invites,
/// `ending` how the walk ended, `stated` what the page states at the end.
pub fn judge(rows: usize, pending: usize, ending: Ending, stated: &Stated) -> Completeness {
    let total = stated.total;
    let partial = |why| Completeness::Partial {
        rows_read: rows,
        total,
        why,
    };
    let end = match ending {
        Ending::Exhausted { how } => how,
        Ending::NoWayToNextPage => return partial(PartialReason::NoWayToNextPage),
        Ending::TimedOut { page } => return partial(PartialReason::PageTimedOut { page }),
        Ending::TooManyPages { limit } => return partial(PartialReason::TooManyPages { limit }),
    };
    let agrees = |t: u64| t == rows as u64 || t == rows.saturating_sub(pending) as u64;
    match total {
        Some(t) if agrees(t) => Completeness::Complete {
            end,
            total: Some(t),
        },
        // Fewer read than stated and the page itself says there is more: the
        // reader found no way there (a pager the profile does not know).
        Some(t) if (t as usize) > rows && (stated.has_more() || end == PagerEnd::NoPager) => {
            partial(PartialReason::NoWayToNextPage)
        }
        Some(_) => partial(PartialReason::TotalDisagrees),
        None if stated.has_more() => partial(PartialReason::NoWayToNextPage),
        None => Completeness::Complete { end, total: None },
    }
}

// ------------------------------------------------------------------ parsing

/// Nouns that follow a count of people ("86 users"), longest first where
/// one contains another.
pub const DEFAULT_NOUNS: &[&str] = &[
    "team members",
    "members",
    "member",
    "users",
    "user",
    "people",
    "persons",
    "results",
    "result",
    "items",
    "entries",
    "records",
    "rows",
    "row",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(u64),
    Word(String),
    Dash,
    Slash,
    Open,
    Close,
    Colon,
}

/// Dashes people and kits write in ranges: hyphen, en, em, figure, minus.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '−' | '‐' | '‑')
}

/// Spaces used as thousands separators (never a plain space: "10 25" is two numbers).
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

fn tokenize(text: &str) -> Vec<Tok> {
    let lower = text.to_lowercase().replace("(s)", "s");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let run = |i: &mut usize, value: &mut u64| {
                let start = *i;
                while *i < chars.len() && chars[*i].is_ascii_digit() {
                    *value = value
                        .saturating_mul(10)
                        .saturating_add(u64::from(chars[*i] as u8 - b'0'));
                    *i += 1;
                }
                *i - start
            };
            let mut value = 0;
            let first = run(&mut i, &mut value);
            // "1,234", "1.234", "1 234" (no-break space), "1'234": a separator
            // and exactly three digits continue the number.
            if first <= 3 {
                loop {
                    let sep = chars.get(i).copied();
                    let three = (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
                        && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
                    match sep {
                        Some(s) if (s == ',' || s == '.' || is_group_space(s)) && three => {
                            i += 1;
                            run(&mut i, &mut value);
                        }
                        _ => break,
                    }
                }
            }
            out.push(Tok::Num(value));
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '\'') {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
            continue;
        }
        match c {
            _ if is_dash(c) => out.push(Tok::Dash),
            '/' => out.push(Tok::Slash),
            '(' | '[' => out.push(Tok::Open),
            ')' | ']' => out.push(Tok::Close),
            ':' => out.push(Tok::Colon),
            _ => {}
        }
        i += 1;
    }
    out
}

fn word(t: Option<&Tok>, w: &str) -> bool {
    matches!(t, Some(Tok::Word(x)) if x == w)
}

fn num(t: Option<&Tok>) -> Option<u64> {
    match t {
        Some(Tok::Num(n)) => Some(*n),
        _ => None,
    }
}

/// Length in tokens of a noun from `nouns` starting at `i`, if one does.
fn noun_at(toks: &[Tok], i: usize, nouns: &[Vec<String>]) -> Option<usize> {
    nouns
        .iter()
        .filter(|n| n.iter().enumerate().all(|(k, w)| word(toks.get(i + k), w)))
        .map(Vec::len)
        .max()
}

/// "of", "/" or "out of" at `i`: the tokens it takes.
fn of_at(toks: &[Tok], i: usize) -> Option<usize> {
    if word(toks.get(i), "of") || toks.get(i) == Some(&Tok::Slash) {
        Some(1)
    } else if word(toks.get(i), "out") && word(toks.get(i + 1), "of") {
        Some(2)
    } else {
        None
    }
}

/// "more than 25", "over 25", "about 25": a total the page does not know.
fn vague_at(toks: &[Tok], i: usize) -> bool {
    ["more", "over", "about", "approximately", "many", "at"]
        .iter()
        .any(|w| word(toks.get(i), w))
}

const STRENGTH_NOUN: u8 = 1;
const STRENGTH_SHOWN: u8 = 2;
const STRENGTH_RANGE: u8 = 3;

/// What one text near the table states about its size. `nouns` are the
/// words that may follow a count of people ([`DEFAULT_NOUNS`] when empty).
pub fn parse_stated(text: &str, nouns: &[String]) -> Stated {
    let nouns: Vec<Vec<String>> = if nouns.is_empty() {
        DEFAULT_NOUNS
            .iter()
            .map(|n| n.split(' ').map(str::to_string).collect())
            .collect()
    } else {
        nouns
            .iter()
            .map(|n| {
                n.to_lowercase()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .filter(|n: &Vec<String>| !n.is_empty())
            .collect()
    };
    let toks = tokenize(text);
    let mut s = Stated::default();
    let set_total = |s: &mut Stated, t: u64, strength: u8| {
        if s.total.is_none() || strength > s.strength {
            s.total = Some(t);
            s.strength = strength;
        }
    };
    let mut i = 0;
    while i < toks.len() {
        // "Page 2 of 4", "page 2 / 4"
        if word(toks.get(i), "page") {
            if let (Some(n), Some(k)) = (num(toks.get(i + 1)), of_at(&toks, i + 2)) {
                if let Some(m) = num(toks.get(i + 2 + k)) {
                    if (1..=m).contains(&n) {
                        s.page.get_or_insert((n, m));
                        i += 3 + k;
                        continue;
                    }
                }
            }
        }
        if let Some(a) = num(toks.get(i)) {
            // "1–25 of 86", "1 to 25 of 86 entries", "1-25 of more than 25"
            let sep = match toks.get(i + 1) {
                Some(Tok::Dash) => true,
                Some(Tok::Word(w)) => w == "to",
                _ => false,
            };
            if sep {
                if let (Some(b), Some(k)) = (num(toks.get(i + 2)), of_at(&toks, i + 3)) {
                    if a <= b || b == 0 {
                        let after = i + 3 + k;
                        if vague_at(&toks, after) {
                            s.range.get_or_insert((a, b));
                            i = after + 1;
                            continue;
                        }
                        if let Some(c) = num(toks.get(after)) {
                            if b <= c {
                                s.range.get_or_insert((a, b));
                                set_total(&mut s, c, STRENGTH_RANGE);
                                i = after + 1;
                                continue;
                            }
                        }
                    }
                }
            }
            // "Showing 25 of 86", "25 of 86 users"
            if let Some(k) = of_at(&toks, i + 1) {
                if let Some(c) = num(toks.get(i + 1 + k)) {
                    let shown_word = i > 0
                        && ["showing", "displaying", "viewing", "loaded", "shown"]
                            .iter()
                            .any(|w| word(toks.get(i - 1), w));
                    let noun_after = noun_at(&toks, i + 2 + k, &nouns).is_some();
                    let page_before = i > 0 && word(toks.get(i - 1), "page");
                    if (shown_word || noun_after) && !page_before && a <= c {
                        set_total(&mut s, c, STRENGTH_SHOWN);
                        i += 2 + k;
                        continue;
                    }
                }
            }
            // "86 users", "86 team members"
            if noun_at(&toks, i + 1, &nouns).is_some() {
                set_total(&mut s, a, STRENGTH_NOUN);
            }
            // "86 total"
            if word(toks.get(i + 1), "total") {
                set_total(&mut s, a, STRENGTH_NOUN);
            }
        }
        // "Total: 86", "Total 86"
        if word(toks.get(i), "total") {
            let j = if toks.get(i + 1) == Some(&Tok::Colon) {
                i + 2
            } else {
                i + 1
            };
            if let Some(n) = num(toks.get(j)) {
                set_total(&mut s, n, STRENGTH_NOUN);
            }
        }
        // "Users (86)", "Team Members (86)"
        if let Some(len) = noun_at(&toks, i, &nouns) {
            if toks.get(i + len) == Some(&Tok::Open) && toks.get(i + len + 2) == Some(&Tok::Close) {
                if let Some(n) = num(toks.get(i + len + 1)) {
                    set_total(&mut s, n, STRENGTH_NOUN);
                }
            }
        }
        i += 1;
    }
    s
}

/// Merge what several texts near the table state.
pub fn parse_stated_all<S: AsRef<str>>(
    texts: impl IntoIterator<Item = S>,
    nouns: &[String],
) -> Stated {
    texts
        .into_iter()
        .map(|t| parse_stated(t.as_ref(), nouns))
        .fold(Stated::default(), Stated::merge)
}

/// The number at the start of an option's label ("50", "50 / page",
/// "Show 100", "100 rows"); "All" counts as the largest.
pub fn page_size_of(label: &str) -> Option<u64> {
    let t = label.trim().to_lowercase();
    if t == "all" || t.starts_with("all ") || t.starts_with("show all") {
        return Some(u64::MAX);
    }
    tokenize(&t).into_iter().find_map(|tok| match tok {
        Tok::Num(n) if n > 0 => Some(n),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
