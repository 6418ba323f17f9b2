//! Where JSON text goes wrong: the first place a JSON reader (RFC 8259)
//! stops, as a line and column, and what it expected there.
//!
//! The wasm builds read text with the browser's `JSON.parse`, whose message
//! does not always say where (V8: "Unexpected token 'x', "…" is not valid
//! JSON" names no position, and words differ per browser). A file a person
//! is told about needs the place, the same in every browser: this recogniser
//! runs only when the text was refused (or to bound its nesting), builds
//! nothing and reads each byte once, with an explicit stack.

/// The first syntax error of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters, of the character where reading
    /// stopped (one past the end for a text that ends too early).
    pub column: usize,
    /// What was expected or found there.
    pub what: &'static str,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Deepest nesting of arrays and objects accepted (serde_json's limit).
pub const MAX_DEPTH: usize = 128;

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Array,
    Object,
}

/// The first syntax error of `text` as JSON, or `None` when it is one JSON
/// value (surrounded by whitespace only) nested at most [`MAX_DEPTH`] deep.
pub fn first_error(text: &str) -> Option<SyntaxError> {
    let b = text.as_bytes();
    let fail = |at: usize, what: &'static str| {
        let (line, column) = line_column(text, at);
        Some(SyntaxError { line, column, what })
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut i = skip_ws(b, 0);
    // A value is expected at `i`; then what follows it in its container.
    'value: loop {
        match b.get(i) {
            None => return fail(i, "EOF while parsing a value"),
            Some(b'{') | Some(b'[') => {
                if stack.len() == MAX_DEPTH {
                    return fail(i, "nested too deeply");
                }
                let open = if b[i] == b'{' {
                    Open::Object
                } else {
                    Open::Array
                };
                stack.push(open);
                i = skip_ws(b, i + 1);
                let close = if open == Open::Object { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    stack.pop();
                    i += 1;
                } else if open == Open::Object {
                    match key(b, i) {
                        Ok(next) => i = next,
                        Err((at, what)) => return fail(at, what),
                    }
                    continue 'value;
                } else {
                    continue 'value;
                }
            }
            Some(b'"') => match string(b, i) {
                Ok(next) => i = next,
                Err((at, what)) => return fail(at, what),
            },
            Some(b't') => match literal(b, i, b"true") {
                Ok(next) => i = next,
                Err(at) => return fail(at, "expected ident"),
            },
            Some(b'f') => match literal(b, i, b"false") {
                Ok(next) => i = next,
                Err(at) => return fail(at, "expected ident"),
            },
            Some(b'n') => match literal(b, i, b"null") {
                Ok(next) => i = next,
                Err(at) => return fail(at, "expected ident"),
            },
            Some(b'-' | b'0'..=b'9') => match number(b, i) {
                Ok(next) => i = next,
                Err((at, what)) => return fail(at, what),
            },
            Some(_) => return fail(i, "expected value"),
        }
        // After a value: a comma or the end of its container, or the end.
        loop {
            i = skip_ws(b, i);
            let Some(&open) = stack.last() else {
                return (i < b.len())
                    .then(|| fail(i, "trailing characters"))
                    .flatten();
            };
            let close = if open == Open::Object { b'}' } else { b']' };
            match b.get(i) {
                Some(&c) if c == close => {
                    stack.pop();
                    i += 1;
                }
                Some(b',') => {
                    i = skip_ws(b, i + 1);
                    if b.get(i) == Some(&close) {
                        return fail(i, "trailing comma");
                    }
                    if open == Open::Object {
                        match key(b, i) {
                            Ok(next) => i = next,
                            Err((at, what)) => return fail(at, what),
                        }
                    }
                    continue 'value;
                }
                None if open == Open::Object => return fail(i, "EOF while parsing an object"),
                None => return fail(i, "EOF while parsing a list"),
                Some(_) if open == Open::Object => return fail(i, "expected `,` or `}`"),
                Some(_) => return fail(i, "expected `,` or `]`"),
            }
        }
    }
}

/// 1-based line and column (in characters) of byte `at` of `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line_start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
    // Characters, not bytes: count the bytes that start one.
    let column = 1 + before[line_start..]
        .iter()
        .filter(|&&c| (c & 0xC0) != 0x80)
        .count();
    (line, column)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

type Step = Result<usize, (usize, &'static str)>;

/// An object key and its colon, at `i`; then the value is expected.
fn key(b: &[u8], i: usize) -> Step {
    match b.get(i) {
        Some(b'"') => {}
        None => return Err((i, "EOF while parsing an object")),
        Some(_) => return Err((i, "key must be a string")),
    }
    let i = skip_ws(b, string(b, i)?);
    match b.get(i) {
        Some(b':') => Ok(skip_ws(b, i + 1)),
        None => Err((i, "EOF while parsing an object")),
        Some(_) => Err((i, "expected `:`")),
    }
}

/// A string starting at the quote at `i`; the index after its closing quote.
fn string(b: &[u8], mut i: usize) -> Step {
    i += 1;
    loop {
        match b.get(i) {
            None => return Err((i, "EOF while parsing a string")),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match b.get(i + 1) {
                None => return Err((i + 1, "EOF while parsing a string")),
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    for k in 0..4 {
                        match b.get(i + 2 + k) {
                            Some(c) if c.is_ascii_hexdigit() => {}
                            None => return Err((i + 2 + k, "EOF while parsing a string")),
                            Some(_) => return Err((i + 2 + k, "invalid escape")),
                        }
                    }
                    i += 6;
                }
                Some(_) => return Err((i + 1, "invalid escape")),
            },
            Some(c) if *c < 0x20 => {
                return Err((
                    i,
                    "control character (\\u0000-\\u001F) found while parsing a string",
                ))
            }
            Some(_) => i += 1,
        }
    }
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Result<usize, usize> {
    for (k, &c) in word.iter().enumerate() {
        if b.get(i + k) != Some(&c) {
            return Err(i + k);
        }
    }
    Ok(i + word.len())
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `i`.
fn number(b: &[u8], mut i: usize) -> Step {
    let digits = |b: &[u8], mut i: usize| {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i, i > start)
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(b, i).0,
        None => return Err((i, "EOF while parsing a value")),
        Some(_) => return Err((i, "invalid number")),
    }
    if b.get(i) == Some(&b'.') {
        let (next, any) = digits(b, i + 1);
        if !any {
            return Err((next, "invalid number"));
        }
        i = next;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (next, any) = digits(b, i);
        if !any {
            return Err((next, "invalid number"));
        }
        i = next;
    }
    Ok(i)
}

#[cfg(test)]
mod tests;
