use proptest::prelude::*;

use super::*;

fn at(text: &str) -> (usize, usize, &'static str) {
    let e = first_error(text).unwrap_or_else(|| panic!("{text:?} was accepted"));
    (e.line, e.column, e.what)
}

#[test]
fn valid_json_is_accepted() {
    for text in [
        "{}",
        " [ ] ",
        "{\"a\": [1, -2.5e+3, 0, 0.1E-2, true, false, null, \"x\\u00e9\\n\\\"\"]}\n",
        "\"é – ok\"",
        "-0",
        "[[[]],{}]",
    ] {
        assert_eq!(first_error(text), None, "{text}");
    }
}

#[test]
fn errors_name_line_column_and_what() {
    assert_eq!(at(""), (1, 1, "EOF while parsing a value"));
    assert_eq!(at("{\"schema\": "), (1, 12, "EOF while parsing a value"));
    assert_eq!(at("{\"a\": x}"), (1, 7, "expected value"));
    assert_eq!(at("{\"a\":1,}"), (1, 8, "trailing comma"));
    assert_eq!(at("[1,]"), (1, 4, "trailing comma"));
    assert_eq!(at("{\"a\":1} x"), (1, 9, "trailing characters"));
    assert_eq!(
        at("{\n  \"a\": 1\n  \"b\": 2\n}"),
        (3, 3, "expected `,` or `}`")
    );
    assert_eq!(at("[1 2]"), (1, 4, "expected `,` or `]`"));
    assert_eq!(at("{\"a\" 1}"), (1, 6, "expected `:`"));
    assert_eq!(at("{a: 1}"), (1, 2, "key must be a string"));
    assert_eq!(at("[\"\\x\"]"), (1, 4, "invalid escape"));
    assert_eq!(at("[\"\\u12g4\"]"), (1, 7, "invalid escape"));
    assert_eq!(at("[01]"), (1, 3, "expected `,` or `]`"));
    assert_eq!(at("[1.]"), (1, 4, "invalid number"));
    assert_eq!(at("[1e+]"), (1, 5, "invalid number"));
    assert_eq!(at("[-]"), (1, 3, "invalid number"));
    assert_eq!(at("[tru]"), (1, 5, "expected ident"));
    assert_eq!(
        at("[\"a\tb\"]").2,
        "control character (\\u0000-\\u001F) found while parsing a string"
    );
    assert_eq!(at("[1, 2"), (1, 6, "EOF while parsing a list"));
    assert_eq!(at("{\"a\": 1"), (1, 8, "EOF while parsing an object"));
    assert_eq!(at("[\"abc"), (1, 6, "EOF while parsing a string"));
    // Columns count characters, not bytes.
    assert_eq!(at("{\"é\": 1,\n \"ü – x\": ?}"), (2, 11, "expected value"));
    assert_eq!(at("\u{0}\u{1}binary"), (1, 1, "expected value"));
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert_eq!(first_error(&ok), None);
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(at(&deep), (1, MAX_DEPTH + 1, "nested too deeply"));
    // Deep enough to overflow a recursive reader: refused, quickly, without recursion.
    let huge = "[{\"a\":".repeat(200_000);
    assert_eq!(at(&huge).2, "nested too deeply");
}

/// JSON-ish text: valid documents with one byte changed, dropped or doubled.
fn mutated() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        "[a-zé\"\\\\ \n]{0,6}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    let doc = (value, any::<bool>()).prop_map(|(v, pretty)| {
        if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        }
    });
    let noise = prop::sample::select(vec![
        "", "{", "}", "[", "]", ",", ":", "\"", "\\", "-", ".", "e", "0", "1", "t", "n", " ", "\n",
        "\t", "x", "é",
    ]);
    (doc, any::<prop::sample::Index>(), 0..3usize, noise).prop_map(|(doc, at, how, noise)| {
        let cuts: Vec<usize> = doc
            .char_indices()
            .map(|(i, _)| i)
            .chain([doc.len()])
            .collect();
        let i = cuts[at.index(cuts.len())];
        let rest = &doc[i..];
        let next = rest.chars().next().map_or(0, char::len_utf8);
        match how {
            0 => format!("{}{noise}{}", &doc[..i], &rest[next..]),
            1 => format!("{}{}", &doc[..i], &rest[next..]),
            _ => format!("{}{noise}{rest}", &doc[..i]),
        }
    })
}

proptest! {
    /// Accepts exactly what serde_json accepts (there are no `\u` escapes
    /// here, where serde_json alone refuses lone surrogates), and stops on
    /// the same line.
    #[test]
    fn agrees_with_serde_json(text in mutated()) {
        let ours = first_error(&text);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(_) => prop_assert_eq!(ours, None),
            // JSON allows any exponent; serde_json refuses what overflows an f64.
            Err(e) if e.to_string().starts_with("number out of range") => {}
            Err(e) => {
                let ours = ours.expect("serde_json refused it");
                // serde_json names the place after a bad character; when
                // that character is a line break, its column 0 of the next line.
                prop_assert!(
                    ours.line == e.line() || (ours.line + 1 == e.line() && e.column() == 0),
                    "{} / {}", ours, e
                );
            }
        }
    }
}
