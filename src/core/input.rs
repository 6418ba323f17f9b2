//! Turning pasted text or an uploaded file into rows, before any judgement
//! about their content (that is [`super::preview`]'s job).
//!
//! Accepted shapes:
//! - a table with a header row, delimited by tab (spreadsheet paste), comma
//!   or semicolon, parsed by the `csv` crate (quotes, embedded separators,
//!   embedded newlines, ragged rows);
//! - a bare list of addresses separated by newlines, commas, semicolons,
//!   tabs or spaces, including `Name <addr>` and `"Last, First" <addr>`;
//! - a one-column table whose header is an email column (read as a list).
//!
//! A table is recognised by its first record: it is a header when at least
//! one cell is a known column name. Values are kept as plain text; nothing
//! here (or anywhere in core) interprets markup.
//!
//! Every line is accounted for: a line with text on it is the header, part
//! of a row (a quoted cell may span lines; the row's `line` is where it
//! starts), or the reason the input is refused. Rows borrow their cells from
//! the text (see [`records`]), so reading 5,000 rows copies almost nothing.

use std::borrow::Cow;

use thiserror::Error;

mod records;

use super::text::trim;
use records::{Records, Unclosed};

/// Most data rows one run accepts; more is refused, never truncated.
pub const MAX_DATA_ROWS: usize = 5_000;
/// Largest input accepted, to keep a stray multi-gigabyte file from freezing the tab.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A column this tool understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// email, e-mail, mail, email address
    Email,
    /// role, workspace role, permission: Owner or Member (a resource role name is also accepted)
    WorkspaceRole,
    /// roles, individual roles: role names separated by `;` or `|`
    Roles,
    /// template, template name, role template
    Template,
    /// sources, source: source names separated by `;` or `|`
    Sources,
    /// spaces, space: Unify/Engage space names separated by `;` or `|`
    Spaces,
    /// functions, function: function names separated by `;` or `|`
    Functions,
    /// labels, label: `key:value` separated by `;`, `|` or `,`
    Labels,
    /// name, display name: read (the roster export writes it) and not used
    /// by bulk invite
    Name,
    /// status (member / invited): as `Name`
    Status,
}

impl Column {
    /// Recognises a header cell, ignoring case, spaces and punctuation.
    pub fn from_header(cell: &str) -> Option<Column> {
        let key: String = cell
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "email" | "mail" | "emailaddress" | "mailaddress" | "emails" => Column::Email,
            "role" | "workspacerole" | "permission" | "workspacepermission" => {
                Column::WorkspaceRole
            }
            "roles" | "individualroles" | "resourceroles" => Column::Roles,
            "template" | "templatename" | "roletemplate" => Column::Template,
            "sources" | "source" => Column::Sources,
            "spaces" | "space" => Column::Spaces,
            "functions" | "function" => Column::Functions,
            "labels" | "label" => Column::Labels,
            "name" | "displayname" | "fullname" => Column::Name,
            "status" => Column::Status,
            _ => return None,
        })
    }

    /// Whether bulk invite acts on the column (name and status are read
    /// only so that a roster export pastes back without complaint).
    pub fn used_by_invite(self) -> bool {
        !matches!(self, Column::Name | Column::Status)
    }

    /// The canonical header name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Column::Email => "email",
            Column::WorkspaceRole => "role",
            Column::Roles => "roles",
            Column::Template => "template",
            Column::Sources => "sources",
            Column::Spaces => "spaces",
            Column::Functions => "functions",
            Column::Labels => "labels",
            Column::Name => "name",
            Column::Status => "status",
        }
    }
}

/// The field separator of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Comma,
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Tab => b'\t',
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        }
    }
}

/// How the input was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A table with a header row.
    Table { delimiter: Delimiter },
    /// A bare list of addresses (possibly under a one-cell email header).
    List,
}

/// A cell's text: borrowed from the pasted text unless unquoting changed it.
pub type Cell<'a> = Cow<'a, str>;

/// One data row, its cells trimmed; empty cells are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputRow<'a> {
    /// 1-based line in the pasted text where the row starts. Several
    /// addresses on one line of a bare list share the line.
    pub line: usize,
    /// The email cell as written (may be invalid; see [`super::email`]).
    pub email: Cell<'a>,
    pub workspace_role: Option<Cell<'a>>,
    pub roles: Option<Cell<'a>>,
    pub template: Option<Cell<'a>>,
    pub sources: Option<Cell<'a>>,
    pub spaces: Option<Cell<'a>>,
    pub functions: Option<Cell<'a>>,
    pub labels: Option<Cell<'a>>,
    /// Not used by bulk invite (see [`Column::Name`]).
    pub name: Option<Cell<'a>>,
    pub status: Option<Cell<'a>>,
}

impl<'a> InputRow<'a> {
    fn cell_mut(&mut self, column: Column) -> Option<&mut Option<Cell<'a>>> {
        Some(match column {
            Column::Email => return None,
            Column::WorkspaceRole => &mut self.workspace_role,
            Column::Roles => &mut self.roles,
            Column::Template => &mut self.template,
            Column::Sources => &mut self.sources,
            Column::Spaces => &mut self.spaces,
            Column::Functions => &mut self.functions,
            Column::Labels => &mut self.labels,
            Column::Name => &mut self.name,
            Column::Status => &mut self.status,
        })
    }

    /// Whether any role-related column has a value.
    pub fn has_role_columns(&self) -> bool {
        self.workspace_role.is_some() || self.roles.is_some()
    }

    /// Whether any scope column (sources, spaces, functions, labels) has a value.
    pub fn has_scope_columns(&self) -> bool {
        self.sources.is_some()
            || self.spaces.is_some()
            || self.functions.is_some()
            || self.labels.is_some()
    }

    /// The row with every cell copied out of the text.
    pub fn into_owned(self) -> InputRow<'static> {
        let own = |c: Option<Cell<'a>>| c.map(|c| Cow::Owned(c.into_owned()));
        InputRow {
            line: self.line,
            email: Cow::Owned(self.email.into_owned()),
            workspace_role: own(self.workspace_role),
            roles: own(self.roles),
            template: own(self.template),
            sources: own(self.sources),
            spaces: own(self.spaces),
            functions: own(self.functions),
            labels: own(self.labels),
            name: own(self.name),
            status: own(self.status),
        }
    }
}

/// The rows, and what was learned about the input's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedInput<'a> {
    pub format: InputFormat,
    pub rows: Vec<InputRow<'a>>,
    /// Recognised columns in header order (just `[Email]` for a bare list).
    pub columns: Vec<Column>,
    /// Header cells that were not recognised and so were ignored.
    pub ignored_columns: Vec<String>,
}

/// Why the input as a whole was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    #[error("nothing to read: the text is empty")]
    Empty,
    #[error("the table has a header but no rows under it")]
    HeaderOnly,
    #[error("the input is {bytes} bytes; at most {limit} bytes are accepted")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the input has {rows} rows; at most {limit} can be invited in one run. Split it into smaller lists")]
    TooManyRows { rows: usize, limit: usize },
    #[error(
        "line {line} contains binary data (character code {code}); is this a text or CSV file?"
    )]
    Binary { line: usize, code: u32 },
    #[error("the file is not valid UTF-8 text (first bad byte at offset {offset}, line {line}); save it as UTF-8 and try again")]
    InvalidUtf8 { line: usize, offset: usize },
    #[error("the file looks like UTF-16 text but is damaged at byte {offset}; save it as UTF-8 and try again")]
    InvalidUtf16 { offset: usize },
    #[error("the header has no email column (found: {}); name one column \"email\"", found.join(", "))]
    NoEmailColumn { found: Vec<String> },
    #[error("the header has two {column} columns (\"{first}\" and \"{second}\"); keep one")]
    DuplicateColumn {
        column: &'static str,
        first: String,
        second: String,
    },
    #[error("the table could not be read near line {line}: {detail}")]
    Malformed { line: usize, detail: String },
}

impl ParsedInput<'_> {
    /// The input with every cell copied out of the text.
    pub fn into_owned(self) -> ParsedInput<'static> {
        ParsedInput {
            format: self.format,
            rows: self.rows.into_iter().map(InputRow::into_owned).collect(),
            columns: self.columns,
            ignored_columns: self.ignored_columns,
        }
    }
}

impl From<Unclosed> for InputError {
    fn from(e: Unclosed) -> Self {
        InputError::Malformed {
            line: e.line,
            detail: format!(
                "the quote that opens a cell on line {} is never closed, so every line after it would be read as that one cell; close the quote or remove it",
                e.line
            ),
        }
    }
}

/// Reads an uploaded file's bytes, then as [`parse_text`]. UTF-8 (with or
/// without a BOM) is expected; UTF-16 with a BOM is also read, because
/// Excel's "Unicode Text" export (a TSV) is UTF-16LE. Anything else that is
/// not valid UTF-8 is refused with the position of the first bad byte.
pub fn parse_bytes(bytes: &[u8]) -> Result<ParsedInput<'_>, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if let Some(text) = decode_utf16_with_bom(bytes)? {
        return parse_text(&text).map(ParsedInput::into_owned);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_text(text),
        Err(e) => {
            let offset = e.valid_up_to();
            // A NUL before the bad byte means binary rather than a wrong encoding.
            let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            check_characters(prefix)?;
            let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
            Err(InputError::InvalidUtf8 { line, offset })
        }
    }
}

/// `Some(text)` for UTF-16 bytes that start with a byte-order mark.
fn decode_utf16_with_bom(bytes: &[u8]) -> Result<Option<String>, InputError> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    if body.len() % 2 == 1 {
        return Err(InputError::InvalidUtf16 {
            offset: bytes.len() - 1,
        });
    }
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(InputError::InvalidUtf16 { offset: 2 + 2 * i }),
        }
    }
    Ok(Some(text))
}

/// Reads pasted text (see the module docs for the accepted shapes).
pub fn parse_text(text: &str) -> Result<ParsedInput<'_>, InputError> {
    parse_text_with_limit(text, MAX_DATA_ROWS)
}

/// [`parse_text`] with another row limit than a run's [`MAX_DATA_ROWS`]
/// (the parsing benchmark reads 10,000 rows).
pub fn parse_text_with_limit(text: &str, max_rows: usize) -> Result<ParsedInput<'_>, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_characters(text)?;
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    match detect_header(text)? {
        Some(header) if header.cells.len() == 1 && header.columns == [Some(Column::Email)] => {
            // A spreadsheet column titled "Email": read the rest as a list so
            // several addresses per line still work.
            let rows = parse_list(text, header.start_line, max_rows)?;
            if rows.is_empty() {
                return Err(InputError::HeaderOnly);
            }
            Ok(ParsedInput {
                format: InputFormat::List,
                rows,
                columns: vec![Column::Email],
                ignored_columns: Vec::new(),
            })
        }
        Some(header) => {
            let parsed = parse_table(text, header, max_rows)?;
            if parsed.rows.is_empty() {
                return Err(InputError::HeaderOnly);
            }
            Ok(parsed)
        }
        None => {
            let rows = parse_list(text, 0, max_rows)?;
            if rows.is_empty() {
                return Err(InputError::Empty);
            }
            Ok(ParsedInput {
                format: InputFormat::List,
                rows,
                columns: vec![Column::Email],
                ignored_columns: Vec::new(),
            })
        }
    }
}

/// Control characters that never occur in text people paste. Tab, newline,
/// carriage return, vertical tab (Excel for Mac's in-cell line break) and
/// form feed are allowed.
fn check_characters(text: &str) -> Result<(), InputError> {
    // Every refused character is ASCII except U+FFFD, whose UTF-8 form starts
    // with 0xEF. Four bytes at a time (32-bit words: wasm's, and wasm2js's),
    // looking closer only at words holding a byte < 0x20, 0x7F or 0xEF.
    const ONES: u32 = 0x0101_0101;
    const HIGH: u32 = 0x8080_8080;
    #[inline(always)]
    fn has_zero_byte(v: u32) -> bool {
        v.wrapping_sub(ONES) & !v & HIGH != 0
    }
    let bytes = text.as_bytes();
    let refused = |i: usize| match bytes[i] {
        b'\t'..=b'\r' => None,
        b if b < 0x20 || b == 0x7f => Some(u32::from(b)),
        0xef if bytes.get(i + 1..i + 3) == Some(&[0xbf, 0xbd]) => Some(0xfffd),
        _ => None,
    };
    let first_refused =
        |from: usize, to: usize| (from..to).find_map(|j| refused(j).map(|code| (j, code)));
    // `chunks_exact` with the bytes indexed in the chunk: the build loads
    // each word at once (as `line_count`'s; a slice copy became a memcpy call).
    let mut found = None;
    let mut i = 0;
    for c in bytes.chunks_exact(4) {
        let x = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let low = x.wrapping_sub(0x20 * ONES) & !x & HIGH != 0;
        if low || has_zero_byte(x ^ (0x7f * ONES)) || has_zero_byte(x ^ (0xef * ONES)) {
            found = first_refused(i, i + 4);
            if found.is_some() {
                break;
            }
        }
        i += 4;
    }
    let words = bytes.len() / 4 * 4;
    match found.or_else(|| first_refused(words, bytes.len())) {
        Some((j, code)) => Err(InputError::Binary {
            line: line_at(bytes, j),
            code,
        }),
        None => Ok(()),
    }
}

/// How many lines `text` has (`\n`-separated), counted a word at a time.
fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let chunks = bytes.chunks_exact(4);
    let tail = chunks.remainder().iter().filter(|&&b| b == b'\n').count();
    let mut n = tail + 1;
    for c in chunks {
        let x = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) ^ 0x0a0a_0a0a;
        // Bytes equal to \n are now zero; count the zero bytes.
        let zeros = !((x & 0x7f7f_7f7f).wrapping_add(0x7f7f_7f7f) | x | 0x7f7f_7f7f);
        n += zeros.count_ones() as usize;
    }
    n
}

/// The 1-based line of byte `at`.
fn line_at(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
}

struct Header {
    delimiter: Delimiter,
    cells: Vec<String>,
    columns: Vec<Option<Column>>,
    /// Line on which the header record starts (1-based).
    start_line: usize,
}

/// Tries each delimiter on the first record; the one that yields the most
/// known column names wins (ties: tab, comma, semicolon). None = no header.
fn detect_header(text: &str) -> Result<Option<Header>, InputError> {
    let mut best: Option<(usize, Header)> = None;
    let mut record = Vec::new();
    for delimiter in [Delimiter::Tab, Delimiter::Comma, Delimiter::Semicolon] {
        let Some(start_line) = Records::new(text, delimiter.byte()).next_into(&mut record)? else {
            continue;
        };
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        let columns: Vec<Option<Column>> = cells.iter().map(|c| Column::from_header(c)).collect();
        let score = columns.iter().filter(|c| c.is_some()).count();
        if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((
                score,
                Header {
                    delimiter,
                    cells,
                    columns,
                    start_line,
                },
            ));
        }
    }
    Ok(best.map(|(_, h)| h))
}

/// A cell without its surrounding whitespace, still borrowed when it was.
fn trimmed(cell: Cell<'_>) -> Cell<'_> {
    match cell {
        Cow::Borrowed(s) => Cow::Borrowed(trim(s)),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

fn parse_table(text: &str, header: Header, max_rows: usize) -> Result<ParsedInput<'_>, InputError> {
    let mut columns = Vec::new();
    let mut ignored_columns = Vec::new();
    let mut first_name: Vec<(Column, &str)> = Vec::new();
    for (cell, column) in header.cells.iter().zip(&header.columns) {
        match column {
            Some(col) => {
                if let Some((_, first)) = first_name.iter().find(|(c, _)| c == col) {
                    return Err(InputError::DuplicateColumn {
                        column: col.name(),
                        first: first.to_string(),
                        second: cell.clone(),
                    });
                }
                first_name.push((*col, cell));
                columns.push(*col);
            }
            None if !cell.is_empty() => ignored_columns.push(cell.clone()),
            None => {}
        }
    }
    if !columns.contains(&Column::Email) {
        return Err(InputError::NoEmailColumn {
            found: header
                .cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect(),
        });
    }

    // About a row a line: reserving spares the copies of a growing vector.
    let mut rows = Vec::with_capacity(line_count(text).min(max_rows));
    let mut count = 0usize;
    let mut records = Records::new(text, header.delimiter.byte());
    let mut record = Vec::with_capacity(header.columns.len());
    records.next_into(&mut record)?; // the header
    while let Some(line) = records.next_into(&mut record)? {
        let mut row = InputRow {
            line,
            ..InputRow::default()
        };
        // A record of blank cells (a separator-only line) is no row.
        let mut blank = true;
        for (i, cell) in record.drain(..).enumerate() {
            let value = trimmed(cell);
            blank &= value.is_empty();
            match header.columns.get(i).copied().flatten() {
                Some(Column::Email) => row.email = value,
                Some(column) => {
                    if let Some(slot) = row.cell_mut(column) {
                        *slot = (!value.is_empty()).then_some(value);
                    }
                }
                None => {}
            }
        }
        if blank {
            continue;
        }
        count += 1;
        if count > max_rows {
            continue; // keep counting so the refusal can say how many
        }
        rows.push(row);
    }
    if count > max_rows {
        return Err(InputError::TooManyRows {
            rows: count,
            limit: max_rows,
        });
    }
    Ok(ParsedInput {
        format: InputFormat::Table {
            delimiter: header.delimiter,
        },
        rows,
        columns,
        ignored_columns,
    })
}

/// Splits a bare list into one row per address. Lines up to and including
/// `skip_lines` are skipped (a one-cell header).
///
/// Words are separated by whitespace, `,` and `;`. Words without an `@`
/// that directly precede an angle-bracketed address are its display name
/// (`Smith, Bob <bob@x.com>`); any other run of such words becomes one row
/// of its own, so the preview can say why it is not an address.
fn parse_list<'a>(
    text: &'a str,
    skip_lines: usize,
    max_rows: usize,
) -> Result<Vec<InputRow<'a>>, InputError> {
    // Words of one row, joined by single spaces (borrowed when just one).
    fn joined<'a>(words: &[&'a str]) -> Cell<'a> {
        match words {
            [one] => Cow::Borrowed(one),
            more => Cow::Owned(more.join(" ")),
        }
    }
    let mut rows = Vec::new();
    let mut count = 0usize;
    for (index, line) in text.lines().enumerate().skip(skip_lines) {
        let line_no = index + 1;
        let mut pending: Vec<&str> = Vec::new();
        let mut emit = |raw: Cell<'a>, rows: &mut Vec<InputRow<'a>>| {
            count += 1;
            if count <= max_rows {
                rows.push(InputRow {
                    line: line_no,
                    email: raw,
                    ..InputRow::default()
                });
            }
        };
        let words = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
            .filter(|w| !w.is_empty());
        for word in words {
            if !word.contains('@') {
                pending.push(word);
                continue;
            }
            let bracketed = word.contains('<') || word.contains('>');
            if bracketed {
                pending.push(word);
                emit(joined(&pending), &mut rows);
            } else {
                if !pending.is_empty() {
                    emit(joined(&pending), &mut rows);
                }
                emit(Cow::Borrowed(word), &mut rows);
            }
            pending.clear();
        }
        if !pending.is_empty() {
            emit(joined(&pending), &mut rows);
        }
    }
    if count > max_rows {
        return Err(InputError::TooManyRows {
            rows: count,
            limit: max_rows,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
