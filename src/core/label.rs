//! `key:value` labels (fact sheet 1.8).
//!
//! The rule implemented, exactly:
//! - a label is `key:value` with exactly one `:`; whitespace around the whole
//!   label and around the `:` is trimmed, whitespace anywhere else is refused;
//! - key and value are each non-empty, begin with an ASCII letter, and then
//!   hold only ASCII letters, digits, hyphens (`-`) and underscores (`_`).
//!
//! Segment's docs say "letters, numbers, hyphens, or dashes"; the doubled
//! "hyphens, or dashes" is read as hyphen plus underscore because the docs'
//! own screenshot shows a label `BRAND:ACME_CORP`. Case is preserved (the
//! page shows what was created); lists compare labels exactly.

use thiserror::Error;

use super::roles::Label;

/// Why a label was refused. Every variant names the offending text so the
/// message stands alone: `"env prod" is not key:value`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LabelError {
    #[error("a label is empty")]
    Empty,
    #[error("\"{text}\" is not key:value")]
    NotKeyValue { text: String },
    #[error("\"{text}\" has more than one ':'")]
    TooManyColons { text: String },
    #[error("\"{text}\": the {part} is empty")]
    EmptyPart { text: String, part: LabelPart },
    #[error("\"{text}\": the {part} must begin with a letter")]
    MustStartWithLetter { text: String, part: LabelPart },
    #[error("\"{text}\": the {part} may contain only letters, digits, hyphens and underscores (found {ch:?})")]
    InvalidCharacter {
        text: String,
        part: LabelPart,
        ch: char,
    },
}

/// Which side of the `:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPart {
    Key,
    Value,
}

impl std::fmt::Display for LabelPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LabelPart::Key => "key",
            LabelPart::Value => "value",
        })
    }
}

/// Parses one `key:value` label by the rule in the module docs.
pub fn parse_label(text: &str) -> Result<Label, LabelError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(LabelError::Empty);
    }
    let owned = || trimmed.to_string();
    let (key, value) = match trimmed.split_once(':') {
        None => return Err(LabelError::NotKeyValue { text: owned() }),
        Some((_, v)) if v.contains(':') => return Err(LabelError::TooManyColons { text: owned() }),
        Some((k, v)) => (k.trim(), v.trim()),
    };
    if key.chars().chain(value.chars()).any(char::is_whitespace) {
        return Err(LabelError::NotKeyValue { text: owned() });
    }
    check_part(trimmed, key, LabelPart::Key)?;
    check_part(trimmed, value, LabelPart::Value)?;
    Ok(Label::new(key, value))
}

/// Checks an already-split label (e.g. `{ "key": .., "value": .. }` from JSON).
pub fn validate_label(label: &Label) -> Result<(), LabelError> {
    let text = label.to_string();
    for (part, kind) in [
        (&label.key, LabelPart::Key),
        (&label.value, LabelPart::Value),
    ] {
        if part.chars().any(char::is_whitespace) {
            return Err(LabelError::NotKeyValue { text });
        }
        if part.contains(':') {
            return Err(LabelError::TooManyColons { text });
        }
        check_part(&text, part, kind)?;
    }
    Ok(())
}

fn check_part(text: &str, part: &str, which: LabelPart) -> Result<(), LabelError> {
    let mut chars = part.chars();
    match chars.next() {
        None => {
            return Err(LabelError::EmptyPart {
                text: text.to_string(),
                part: which,
            })
        }
        Some(c) if !c.is_ascii_alphabetic() => {
            return Err(LabelError::MustStartWithLetter {
                text: text.to_string(),
                part: which,
            })
        }
        Some(_) => {}
    }
    if let Some(ch) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(LabelError::InvalidCharacter {
            text: text.to_string(),
            part: which,
            ch,
        });
    }
    Ok(())
}

/// One bad entry of a label list, with its 0-based position.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("label {}: {error}", .index + 1)]
pub struct LabelListError {
    pub index: usize,
    pub error: LabelError,
}

/// Parses a list such as `environment:prod; team:web` or `a:b|c:d`.
/// Separators are `;`, `|` and `,` (none can occur inside a valid label);
/// empty entries are skipped. Returns the first bad entry.
pub fn parse_label_list(text: &str) -> Result<Vec<Label>, LabelListError> {
    text.split([';', '|', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(index, s)| parse_label(s).map_err(|error| LabelListError { index, error }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_examples() {
        for (text, key, value) in [
            ("environment:prod", "environment", "prod"),
            ("environment:dev", "environment", "dev"),
            ("BRAND:ACME_CORP", "BRAND", "ACME_CORP"),
            ("team-2:web-app_v2", "team-2", "web-app_v2"),
            ("  env : prod  ", "env", "prod"),
        ] {
            assert_eq!(parse_label(text).unwrap(), Label::new(key, value), "{text}");
        }
    }

    #[test]
    fn refuses_with_reasons() {
        use LabelError::*;
        assert_eq!(parse_label(" "), Err(Empty));
        assert_eq!(
            parse_label("env prod"),
            Err(NotKeyValue {
                text: "env prod".into()
            })
        );
        assert_eq!(
            parse_label("env prod").unwrap_err().to_string(),
            "\"env prod\" is not key:value"
        );
        assert_eq!(
            parse_label("env:pr od"),
            Err(NotKeyValue {
                text: "env:pr od".into()
            })
        );
        assert_eq!(
            parse_label("a:b:c"),
            Err(TooManyColons {
                text: "a:b:c".into()
            })
        );
        assert_eq!(
            parse_label(":prod"),
            Err(EmptyPart {
                text: ":prod".into(),
                part: LabelPart::Key
            })
        );
        assert_eq!(
            parse_label("env:"),
            Err(EmptyPart {
                text: "env:".into(),
                part: LabelPart::Value
            })
        );
        assert_eq!(
            parse_label("1env:prod"),
            Err(MustStartWithLetter {
                text: "1env:prod".into(),
                part: LabelPart::Key
            })
        );
        assert_eq!(
            parse_label("env:_prod"),
            Err(MustStartWithLetter {
                text: "env:_prod".into(),
                part: LabelPart::Value
            })
        );
        assert_eq!(
            parse_label("env:prod.eu"),
            Err(InvalidCharacter {
                text: "env:prod.eu".into(),
                part: LabelPart::Value,
                ch: '.'
            })
        );
        assert!(matches!(
            parse_label("énv:prod"),
            Err(MustStartWithLetter { .. })
        ));
        assert!(matches!(
            parse_label("<b>:x"),
            Err(MustStartWithLetter { .. })
        ));
    }

    #[test]
    fn validates_split_labels() {
        assert!(validate_label(&Label::new("env", "prod")).is_ok());
        assert!(matches!(
            validate_label(&Label::new("env", "")),
            Err(LabelError::EmptyPart { .. })
        ));
        assert!(matches!(
            validate_label(&Label::new("e nv", "x")),
            Err(LabelError::NotKeyValue { .. })
        ));
        assert!(matches!(
            validate_label(&Label::new("env", "a:b")),
            Err(LabelError::TooManyColons { .. })
        ));
    }

    #[test]
    fn lists() {
        assert_eq!(
            parse_label_list("environment:prod; team:web |brand:acme,,").unwrap(),
            vec![
                Label::new("environment", "prod"),
                Label::new("team", "web"),
                Label::new("brand", "acme")
            ]
        );
        assert_eq!(parse_label_list("  ").unwrap(), vec![]);
        let e = parse_label_list("a:b; env prod").unwrap_err();
        assert_eq!(e.index, 1);
        assert_eq!(e.to_string(), "label 2: \"env prod\" is not key:value");
    }
}
