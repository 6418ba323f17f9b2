//! Pasted text or an uploaded file, any bytes: reading never panics, every
//! row points at a line that has text on it, in order, and the preview
//! classifies every row with a message for each one it will not send.
#![no_main]

use access_kit::core::input::parse_bytes;
use access_kit::core::preview::{build_preview, KnownPeople, PreviewContext};
use access_kit::core::roles::RoleSet;
use access_kit::core::template::TemplateLibrary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = match parse_bytes(data) {
        Ok(parsed) => parsed,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(!parsed.rows.is_empty(), "an accepted input has rows");
    if let Ok(text) = std::str::from_utf8(data) {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut previous = 1;
        for row in &parsed.rows {
            assert!(row.line >= previous, "rows are in line order");
            previous = row.line;
            // A byte-order mark is dropped only at the very start of the text.
            let line = match row.line {
                1 => lines[0].strip_prefix('\u{feff}').unwrap_or(lines[0]),
                n => lines[n - 1],
            };
            assert!(!line.trim().is_empty(), "row {} points at a blank line", row.line);
        }
    }
    let known = KnownPeople::new(["member@example.com"], ["pending@example.com"]);
    let templates = TemplateLibrary::new();
    let default = RoleSet::member([]);
    let preview = build_preview(
        &parsed.rows,
        &PreviewContext {
            known: &known,
            templates: &templates,
            default_role_set: Some(&default),
        },
    );
    assert_eq!(preview.rows.len(), parsed.rows.len());
    for (row, input) in preview.rows.iter().zip(&parsed.rows) {
        assert_eq!(row.line, input.line);
        assert_eq!(row.role_set().is_some(), row.message().is_none());
    }
});
