//! Rewriting text with domain corrections, where the person sees it: the
//! bulk view's paste box (then they preview again) or the page's own email
//! field (then they submit again). Nothing is corrected silently.
//!
//! Each correction names the 1-based line where its row starts; the typed
//! address is replaced at its first whole occurrence from that line on that
//! no earlier correction took (so "a@x.co, a@x.co" on one line fixes both,
//! one each). A whole occurrence is not part of a longer address: the
//! characters around it cannot continue one ("ana@kicksco.co" is not found
//! inside "ana@kicksco.com" or "diana@kicksco.co"). Only the address
//! changes: names, quotes, other cells and line endings stay as they were.

use super::typo::Correction;

/// One address changed in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub line: usize,
    pub typed: String,
    pub meant: String,
}

/// The rewritten text, what changed, and what could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixResult {
    pub text: String,
    pub fixed: Vec<Fixed>,
    /// Corrections whose address was not found from their line on.
    pub missed: Vec<Fixed>,
}

fn continues_address(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'@' | b'\'')
}

/// Byte offset where 1-based `line` starts (the end, past the last line).
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Applies `corrections` (each with its row's line) to `text`.
pub fn fix_text(text: &str, corrections: &[(usize, &Correction)]) -> FixResult {
    let bytes = text.as_bytes();
    let mut taken: Vec<(usize, usize, &str)> = Vec::new();
    let mut fixed = Vec::new();
    let mut missed = Vec::new();
    for (line, c) in corrections {
        let record = Fixed {
            line: *line,
            typed: c.typed.clone(),
            meant: c.meant.clone(),
        };
        let from = line_start(text, *line);
        let found = text[from..]
            .match_indices(c.typed.as_str())
            .map(|(i, _)| from + i)
            .find(|&at| {
                let end = at + c.typed.len();
                let whole = (at == 0 || !continues_address(bytes[at - 1]))
                    && (end == bytes.len() || !continues_address(bytes[end]));
                end > at && whole && !taken.iter().any(|(s, e, _)| at < *e && *s < end)
            });
        match found {
            Some(at) => {
                taken.push((at, at + c.typed.len(), c.meant.as_str()));
                fixed.push(record);
            }
            None => missed.push(record),
        }
    }
    taken.sort_by_key(|(s, _, _)| *s);
    let mut out = String::with_capacity(text.len() + 16 * taken.len());
    let mut at = 0;
    for (s, e, meant) in taken {
        out.push_str(&text[at..s]);
        out.push_str(meant);
        at = e;
    }
    out.push_str(&text[at..]);
    FixResult {
        text: out,
        fixed,
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(typed: &str, meant: &str) -> Correction {
        Correction {
            typed: typed.into(),
            meant: meant.into(),
        }
    }

    #[test]
    fn addresses_change_in_place_and_nothing_else() {
        let text = "email,role\r\n\"Bo <bo@kickscoio>\",member\r\ncy@kicksco.co,owner\r\n";
        let (a, b) = (
            c("bo@kickscoio", "bo@kicksco.io"),
            c("cy@kicksco.co", "cy@kicksco.io"),
        );
        let r = fix_text(text, &[(2, &a), (3, &b)]);
        assert_eq!(
            r.text,
            "email,role\r\n\"Bo <bo@kicksco.io>\",member\r\ncy@kicksco.io,owner\r\n"
        );
        assert_eq!(r.fixed.len(), 2);
        assert!(r.missed.is_empty());
    }

    #[test]
    fn only_whole_addresses_from_the_rows_line_on() {
        let text = "diana@kicksco.co\nana@kicksco.com ana@kicksco.co, ana@kicksco.co";
        let a = c("ana@kicksco.co", "ana@kicksco.io");
        let r = fix_text(text, &[(2, &a), (2, &a)]);
        assert_eq!(
            r.text,
            "diana@kicksco.co\nana@kicksco.com ana@kicksco.io, ana@kicksco.io"
        );
        let r = fix_text(text, &[(2, &a), (2, &a), (2, &a)]);
        assert_eq!(r.missed.len(), 1, "a third occurrence does not exist");
        // A line number past the end finds nothing.
        assert_eq!(fix_text(text, &[(9, &a)]).missed.len(), 1);
    }
}
