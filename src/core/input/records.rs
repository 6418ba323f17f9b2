//! Splitting delimited text into records of cells.
//!
//! Reads as the `csv` crate does with flexible rows and no header (the
//! differential tests in `input/tests/props.rs` hold it to that): `"` quotes a
//! cell, `""` inside quotes is one quote, text after a closing quote is kept
//! (`"a"b` is `ab`), a quote that does not start a cell is an ordinary
//! character, `\r`, `\n` or `\r\n` end a record, and lines holding nothing
//! are skipped. Two differences, both for speed or safety:
//! - cells borrow from the text; only a cell whose quotes had to be removed
//!   from its middle (`""`, or text after the closing quote) is copied;
//! - a quote still open at the end of the text is reported rather than read
//!   as one cell holding every line after it.
//!
//! Lines are 1-based and count `\n` only (as the pasted text's lines do).

use std::borrow::Cow;

/// A quoted cell that starts on `line` and is never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    pub line: usize,
}

/// The records of one text, read one at a time.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    /// `\n` bytes before `pos`.
    newlines: usize,
    /// Bytes that end an unquoted cell: the delimiter, `\r` and `\n`.
    ends_cell: [bool; 256],
    delimiter: u8,
}

impl<'a> Records<'a> {
    /// Records of `text` whose cells are separated by `delimiter` (an ASCII
    /// byte other than `"`, `\r` and `\n`).
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        debug_assert!(delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\r' | b'\n'));
        let mut ends_cell = [false; 256];
        for b in [delimiter, b'\r', b'\n'] {
            ends_cell[usize::from(b)] = true;
        }
        Records {
            text,
            pos: 0,
            newlines: 0,
            ends_cell,
            delimiter,
        }
    }

    /// Reads the next record into `cells` (cleared first) and returns the
    /// line it starts on; `None` once the text is used up.
    pub fn next_into(&mut self, cells: &mut Vec<Cow<'a, str>>) -> Result<Option<usize>, Unclosed> {
        // Plain index loops: the release build optimises for size, and
        // iterator adaptors left out of line cost a call per byte.
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        while self.pos < len {
            match bytes[self.pos] {
                b'\n' => self.newlines += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos == len {
            return Ok(None);
        }
        let line = self.newlines + 1;
        cells.clear();
        loop {
            let cell = if self.pos < len && bytes[self.pos] == b'"' {
                self.quoted()?
            } else {
                let start = self.pos;
                self.skip_unquoted();
                Cow::Borrowed(&self.text[start..self.pos])
            };
            cells.push(cell);
            if self.pos < len && bytes[self.pos] == self.delimiter {
                self.pos += 1;
            } else {
                // A record end (left for the next call to skip) or the text's end.
                return Ok(Some(line));
            }
        }
    }

    /// Moves `pos` to the next byte that ends an unquoted cell, or the end.
    #[inline(always)]
    fn skip_unquoted(&mut self) {
        let bytes = self.text.as_bytes();
        let mut pos = self.pos;
        while pos < bytes.len() && !self.ends_cell[usize::from(bytes[pos])] {
            pos += 1;
        }
        self.pos = pos;
    }

    /// Reads a cell that starts with a quote (at `pos`).
    fn quoted(&mut self) -> Result<Cow<'a, str>, Unclosed> {
        let bytes = self.text.as_bytes();
        let line = self.newlines + 1;
        self.pos += 1;
        let start = self.pos;
        // Set once a `""` has been seen: the cell so far, unquoted.
        let mut owned: Option<String> = None;
        let mut piece = start;
        loop {
            let mut pos = self.pos;
            loop {
                if pos == bytes.len() {
                    return Err(Unclosed { line });
                }
                match bytes[pos] {
                    b'"' => break,
                    b'\n' => self.newlines += 1,
                    _ => {}
                }
                pos += 1;
            }
            // `pos` is at a quote: an escaped one (`""`) or the closing one.
            if pos + 1 < bytes.len() && bytes[pos + 1] == b'"' {
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&self.text[piece..=pos]);
                self.pos = pos + 2;
                piece = self.pos;
                continue;
            }
            let close = pos;
            self.pos = close + 1;
            let tail = self.pos;
            self.skip_unquoted();
            return Ok(match owned {
                None if tail == self.pos => Cow::Borrowed(&self.text[start..close]),
                owned => {
                    let mut s = owned.unwrap_or_default();
                    s.push_str(&self.text[piece..close]);
                    s.push_str(&self.text[tail..self.pos]);
                    Cow::Owned(s)
                }
            });
        }
    }
}
