//! Property tests of the input reader: whatever is pasted, it never panics,
//! and every row is accounted for, at the right line.
//!
//! - `records_read_as_the_csv_crate_does`: our record splitter against the
//!   `csv` crate (the reader it replaces) on text dense in quotes, separators
//!   and line ends, cell by cell and line by line;
//! - `tables_round_trip` / `lists_round_trip`: rows written out as CSV, TSV,
//!   semicolon tables or bare lists (quotes, BOM, CRLF, blank lines, ragged
//!   and huge cells) come back exactly, each at the line it was written on;
//! - `any_text`: arbitrary text is read or refused, never panics, and every
//!   row points at a line with text on it.

use std::borrow::Cow;

use proptest::prelude::*;

use super::records::{Records, Unclosed};
use super::*;

type Record = (usize, Vec<String>);

/// Records as the `csv` crate reads them; lines as the text's `\n` count them.
fn csv_crate_records(text: &str, delimiter: u8) -> Vec<Record> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut out = Vec::new();
    while reader.read_record(&mut record).expect("text is UTF-8") {
        // The crate's offset can point at blank lines it skipped first.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let rest = &text[start..];
        let first = start + rest.len() - rest.trim_start_matches(['\r', '\n']).len();
        let line = 1 + text.as_bytes()[..first]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        out.push((line, record.iter().map(String::from).collect()));
    }
    out
}

fn our_records(text: &str, delimiter: u8) -> Result<Vec<Record>, Unclosed> {
    let mut records = Records::new(text, delimiter);
    let mut cells = Vec::new();
    let mut out = Vec::new();
    while let Some(line) = records.next_into(&mut cells)? {
        out.push((line, cells.iter().map(|c| c.to_string()).collect()));
    }
    Ok(out)
}

/// Text made mostly of the characters that matter to a CSV reader.
fn dense_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => Just("a"), 1 => Just("bé"), 2 => Just(" "), 3 => Just(","), 3 => Just(";"),
        3 => Just("\t"), 4 => Just("\""), 2 => Just("\r"), 3 => Just("\n"), 1 => Just("\r\n"),
        1 => Just("x@y.io"),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

const DELIMITERS: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn records_read_as_the_csv_crate_does(text in dense_text()) {
        for delimiter in DELIMITERS {
            match our_records(&text, delimiter.byte()) {
                Ok(ours) => prop_assert_eq!(ours, csv_crate_records(&text, delimiter.byte())),
                // Refused only where a quote opens a cell (the crate would read
                // everything after it as that cell).
                Err(Unclosed { line }) => {
                    prop_assert!(text.split('\n').nth(line - 1).is_some_and(|l| l.contains('"')));
                }
            }
        }
    }

    #[test]
    fn any_text(text in prop_oneof![dense_text(), any::<String>(), "email,role\n.{0,200}"]) {
        let lines: Vec<&str> = text.split('\n').collect();
        if let Ok(parsed) = parse_text(&text) {
            let mut previous = 0;
            for row in &parsed.rows {
                prop_assert!(row.line >= previous, "rows in order");
                previous = row.line;
                let line = lines.get(row.line - 1).copied().unwrap_or_default();
                prop_assert!(!line.trim().is_empty(), "row at line {} has text there: {:?}", row.line, line);
            }
        }
    }

    /// A table's rows are exactly the records the csv crate finds under the
    /// header that have any text, at the same lines.
    #[test]
    fn table_rows_are_the_records_with_text(body in dense_text(), delimiter in prop::sample::select(&DELIMITERS[..])) {
        let d = char::from(delimiter.byte());
        let text = format!("email{d}role{d}notes\n{body}");
        let expected: Vec<usize> = csv_crate_records(&text, delimiter.byte())
            .into_iter()
            .skip(1)
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(line, _)| line)
            .collect();
        match parse_text(&text) {
            Ok(parsed) => {
                prop_assert_eq!(parsed.format, InputFormat::Table { delimiter });
                prop_assert_eq!(parsed.rows.iter().map(|r| r.line).collect::<Vec<_>>(), expected);
            }
            Err(InputError::Malformed { .. }) => prop_assert!(body.contains('"')),
            Err(InputError::HeaderOnly) => prop_assert!(expected.is_empty()),
            Err(e) => prop_assert!(false, "unexpected refusal: {e}"),
        }
    }

    #[test]
    fn tables_round_trip(table in table()) {
        table.check()?;
    }

    #[test]
    fn lists_round_trip(list in list()) {
        let parsed = parse_text(&list.text).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(parsed.format, InputFormat::List);
        let got: Vec<(usize, &str)> = parsed.rows.iter().map(|r| (r.line, r.email.as_ref())).collect();
        let want: Vec<(usize, &str)> = list.rows.iter().map(|(l, e)| (*l, e.as_str())).collect();
        prop_assert_eq!(got, want);
    }
}

proptest! {
    // Huge cells are slow to generate: a few cases suffice.
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn huge_cells_round_trip(table in table_with_cell(prop_oneof![
        "[a-z ,\"\n]{5000,20000}",
        "[a-z@.]{30000,60000}",
    ].boxed(), 3)) {
        table.check()?;
    }
}

/// A table written out, and the rows reading it must give.
#[derive(Debug)]
struct WrittenTable {
    text: String,
    delimiter: Delimiter,
    rows: Vec<InputRow<'static>>,
}

impl WrittenTable {
    /// Reading the text gives exactly the rows (or says there are none).
    fn check(&self) -> Result<(), TestCaseError> {
        match parse_text(&self.text) {
            Ok(parsed) => {
                prop_assert_eq!(
                    parsed.format,
                    InputFormat::Table {
                        delimiter: self.delimiter
                    }
                );
                prop_assert_eq!(&parsed.rows, &self.rows);
            }
            Err(InputError::HeaderOnly) => prop_assert!(self.rows.is_empty()),
            Err(e) => prop_assert!(false, "{e}\n{:?}", self.text),
        }
        Ok(())
    }
}

const NAMES: [(&str, Option<Column>); 9] = [
    ("role", Some(Column::WorkspaceRole)),
    ("Roles", Some(Column::Roles)),
    ("template", Some(Column::Template)),
    ("sources", Some(Column::Sources)),
    ("Spaces", Some(Column::Spaces)),
    ("functions", Some(Column::Functions)),
    ("labels", Some(Column::Labels)),
    ("notes", None),
    ("Department", None),
];

fn cell() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z0-9.@]{0,12}",
        2 => "[ a-zA-Z]{0,6}",
        2 => "[a-z,;\t\"\r\n ]{0,10}",
        // Any printable text but U+FFFD, which marks a file that was not UTF-8.
        1 => "\\PC{0,6}".prop_filter("no U+FFFD", |c| !c.contains('\u{fffd}')),
    ]
    .boxed()
}

fn table() -> impl Strategy<Value = WrittenTable> {
    table_with_cell(cell(), 25)
}

fn table_with_cell(
    cell: BoxedStrategy<String>,
    max_rows: usize,
) -> impl Strategy<Value = WrittenTable> {
    let columns = prop::sample::subsequence(NAMES.to_vec(), 1..=4).prop_shuffle();
    let rows = prop::collection::vec((prop::collection::vec(cell, 0..7), 0usize..3), 1..max_rows);
    (
        columns,
        0usize..3,
        rows,
        prop::sample::select(&DELIMITERS[..]),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
    )
        .prop_map(
            |(others, email_at, rows, delimiter, crlf, bom, blank_before)| {
                let mut header: Vec<(&str, Option<Column>)> = others;
                header.insert(email_at.min(header.len()), ("E-mail", Some(Column::Email)));
                write_table(&header, &rows, delimiter, crlf, bom, blank_before)
            },
        )
}

fn write_table(
    header: &[(&str, Option<Column>)],
    rows: &[(Vec<String>, usize)],
    delimiter: Delimiter,
    crlf: bool,
    bom: bool,
    blank_before: usize,
) -> WrittenTable {
    let d = char::from(delimiter.byte());
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    let mut line = 1;
    for _ in 0..blank_before {
        text.push_str(eol);
        line += 1;
    }
    let names: Vec<&str> = header.iter().map(|(n, _)| *n).collect();
    text.push_str(&names.join(&d.to_string()));
    text.push_str(eol);
    line += 1;
    let mut expected = Vec::new();
    for (cells, blank_after) in rows {
        let written: Vec<String> = cells.iter().map(|c| quote(c, d)).collect();
        let record = written.join(&d.to_string());
        let blank = cells.iter().all(|c| c.trim().is_empty());
        // A record of nothing at all is no record; write a separator so the
        // line still holds one (empty) row's worth of cells.
        let record = if record.is_empty() {
            d.to_string()
        } else {
            record
        };
        if !blank {
            let mut row = InputRow {
                line,
                ..InputRow::default()
            };
            for (value, (_, column)) in cells.iter().zip(header) {
                let value = value.trim().to_string();
                match column {
                    Some(Column::Email) => row.email = Cow::Owned(value),
                    Some(c) => {
                        if let Some(slot) = row.cell_mut(*c) {
                            *slot = (!value.is_empty()).then_some(Cow::Owned(value));
                        }
                    }
                    None => {}
                }
            }
            expected.push(row);
        }
        line += record.matches('\n').count() + 1;
        text.push_str(&record);
        text.push_str(eol);
        for _ in 0..*blank_after {
            text.push_str(eol);
            line += 1;
        }
    }
    WrittenTable {
        text,
        delimiter,
        rows: expected,
    }
}

/// A cell as a spreadsheet writes it: quoted when it holds the delimiter, a
/// quote or a line end.
fn quote(cell: &str, delimiter: char) -> String {
    if cell.contains([delimiter, '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[derive(Debug)]
struct WrittenList {
    text: String,
    rows: Vec<(usize, String)>,
}

fn list() -> impl Strategy<Value = WrittenList> {
    let address = (
        1u32..100_000,
        "[a-z]{1,8}",
        prop::sample::select(vec!["com", "io", "co.uk"]),
    )
        .prop_map(|(n, domain, tld)| format!("u{n}@{domain}.{tld}"));
    let separator = prop::sample::select(vec![", ", ",", ";", " ; ", " ", "\t", "  "]);
    let line = prop::collection::vec((address, separator), 0..5);
    let eol = prop::sample::select(vec!["\n", "\r\n"]);
    (prop::collection::vec((line, eol), 1..20), any::<bool>()).prop_map(|(lines, bom)| {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        let mut rows = Vec::new();
        for (i, (words, eol)) in lines.iter().enumerate() {
            for (address, separator) in words {
                rows.push((i + 1, address.clone()));
                text.push_str(address);
                text.push_str(separator);
            }
            text.push_str(eol);
        }
        if rows.is_empty() {
            text.push_str("first@example.com");
            rows.push((lines.len() + 1, "first@example.com".into()));
        }
        WrittenList { text, rows }
    })
}

/// What `check_characters` refuses, one character at a time: the first
/// control character other than tab, line ends, vertical tab and form feed,
/// DEL, or U+FFFD, with its line.
fn first_refused_character(text: &str) -> Result<(), InputError> {
    for (i, c) in text.char_indices() {
        if (c < ' ' && !('\t'..='\r').contains(&c)) || c == '\u{7f}' || c == '\u{fffd}' {
            let line = 1 + text[..i].matches('\n').count();
            return Err(InputError::Binary {
                line,
                code: c.into(),
            });
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The word-at-a-time scan refuses what a character-by-character one
    /// does, at the same place, wherever it falls in a word.
    #[test]
    fn character_check_is_the_plain_scan(text in prop::collection::vec(prop_oneof![
        8 => "[a-z ,]{1,5}", 2 => Just("\r\n".to_string()), 1 => Just("\n".to_string()),
        1 => "[\\x00-\\x1f\\x7f]", 1 => Just("\u{fffd}".to_string()), 1 => Just("\u{ef}".to_string()),
        1 => Just("\u{feff}".to_string()), 1 => Just("é".to_string()),
    ], 0..40).prop_map(|p| p.concat())) {
        prop_assert_eq!(check_characters(&text), first_refused_character(&text));
    }
}
