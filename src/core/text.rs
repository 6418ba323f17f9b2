//! Small helpers for putting user-supplied text into messages.

/// Longest excerpt of a user value quoted in a message.
pub const MESSAGE_EXCERPT_CHARS: usize = 80;

/// `s` cut to at most `max_chars` characters (ending in `…` when cut), with
/// line breaks and other control characters shown as spaces so one bad
/// value cannot reshape a message.
pub fn shorten(s: &str, max_chars: usize) -> String {
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    if s.chars().count() <= max_chars {
        return s.chars().map(clean).collect();
    }
    let mut out: String = s
        .chars()
        .take(max_chars.saturating_sub(1))
        .map(clean)
        .collect();
    out.push('…');
    out
}

/// `s` shortened and wrapped in double quotes, for "Row 3: "…" is not …".
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", shorten(s, MESSAGE_EXCERPT_CHARS))
}

/// `s.trim()`, with a byte loop for the ASCII whitespace nearly every
/// pasted cell has at its ends (the hot path of reading 5,000 rows).
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (mut start, mut end) = (0, b.len());
    // char::is_whitespace on ASCII: space, \t \n \x0b \x0c \r.
    let space = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    while start < end && space(b[start]) {
        start += 1;
    }
    while end > start && space(b[end - 1]) {
        end -= 1;
    }
    let t = &s[start..end];
    if t.as_bytes().first().is_some_and(|c| *c >= 0x80)
        || t.as_bytes().last().is_some_and(|c| *c >= 0x80)
    {
        t.trim()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(quoted("<b>x</b>"), "\"<b>x</b>\"");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        assert_eq!(shorten("ééééé", 3), "éé…");
        let q = quoted(&"x".repeat(1_000_000));
        assert_eq!(q.chars().count(), MESSAGE_EXCERPT_CHARS + 2);
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(shorten("a\nb\tc", 10), "a b c");
    }
}
