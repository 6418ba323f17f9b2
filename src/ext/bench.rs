//! An entry point for the parsing benchmark (`./build.sh bench`), called
//! from the page's main world next to Papa Parse. It parses, validates and
//! classifies pasted text exactly as the "Bulk invite" preview does, but
//! with no page state (nobody is a member yet) and no templates (rows
//! without roles get "Workspace Member, no roles"), so it touches neither
//! `chrome.*` nor the DOM. The run limit of 5,000 rows does not apply: the
//! benchmark reads 10,000 (the 16 MB input limit still does).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::input::parse_text_with_limit;
use crate::core::preview::{build_preview, KnownPeople, PreviewContext, StatusKind};
use crate::core::roles::RoleSet;
use crate::core::template::TemplateLibrary;

/// Most rows the benchmark entry reads (a run takes at most 5,000).
pub const BENCH_MAX_ROWS: usize = 100_000;

/// What `parse_preview` returns (a plain object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PreviewSummary {
    /// Data rows read.
    pub rows: usize,
    pub ready: usize,
    pub invalid_email: usize,
    pub duplicate: usize,
    /// Rows with any other status (unknown role, conflicting columns…).
    pub other: usize,
    /// Why the input as a whole was refused, if it was (counts are then 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Parses and classifies `text` (pure; see the module docs).
pub fn summarise(text: &str) -> PreviewSummary {
    let input = match parse_text_with_limit(text, BENCH_MAX_ROWS) {
        Ok(i) => i,
        Err(e) => {
            return PreviewSummary {
                error: Some(e.to_string()),
                ..PreviewSummary::default()
            }
        }
    };
    let known = KnownPeople::default();
    let templates = TemplateLibrary::new();
    let default = RoleSet::member([]);
    let ctx = PreviewContext {
        known: &known,
        templates: &templates,
        default_role_set: Some(&default),
    };
    let preview = build_preview(&input.rows, &ctx);
    let mut s = PreviewSummary {
        rows: preview.rows.len(),
        ..PreviewSummary::default()
    };
    for (kind, n) in preview.counts() {
        match kind {
            StatusKind::Ready => s.ready += n,
            StatusKind::InvalidEmail => s.invalid_email += n,
            StatusKind::Duplicate => s.duplicate += n,
            _ => s.other += n,
        }
    }
    s
}

#[derive(Serialize)]
struct Timed {
    #[serde(flatten)]
    summary: PreviewSummary,
    /// Milliseconds spent in parse + validate + classify.
    ms: f64,
}

/// Milliseconds from `performance.now()` (sub-millisecond where the page
/// allows), else `Date.now()`. Read through the global object, so it works
/// wherever the module is loaded.
fn now_ms() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| p.is_object());
    perf.and_then(|p| {
        let now = js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok()?;
        let f: &js_sys::Function = now.dyn_ref()?;
        f.call0(&p).ok()?.as_f64()
    })
    .unwrap_or_else(js_sys::Date::now)
}

/// `{rows, ready, invalid_email, duplicate, other, ms, error?}` for `text`
/// (a string; the time includes bringing it into the module).
#[wasm_bindgen]
pub fn parse_preview(text: &js_sys::JsString) -> JsValue {
    let start = now_ms();
    // The same way in as the "Bulk invite" tab's preview takes.
    let summary = summarise(&crate::ui::dom::utf8_of(text));
    let ms = now_ms() - start;
    crate::browser::storage::to_js(&Timed { summary, ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_class_of_row() {
        let text = "email,role\na@x.com,member\nA@X.com,member\nbad@@x.com,member\nb@x.com,galaxy admin\nc@x.com,\n";
        let s = summarise(text);
        assert_eq!(
            s,
            PreviewSummary {
                rows: 5,
                ready: 2,
                invalid_email: 1,
                duplicate: 1,
                other: 1,
                error: None
            }
        );
    }

    #[test]
    fn a_bare_list_is_ready_with_the_default() {
        let s = summarise("a@x.com, b@x.com\nc@x.com");
        assert_eq!((s.rows, s.ready), (3, 3));
    }

    #[test]
    fn ten_thousand_rows_are_read_past_the_run_limit() {
        let mut text = String::from("email,role,roles\n");
        for i in 0..10_000 {
            text.push_str(&format!("u{i}@x.com,member,Source Admin\n"));
        }
        text.push_str("u7@X.com,member,\nnot-an-email,member,\n");
        let s = summarise(&text);
        assert_eq!(
            (s.rows, s.ready, s.duplicate, s.invalid_email),
            (10_002, 10_000, 1, 1)
        );
        // The UI's parser keeps the run limit.
        assert!(crate::core::input::parse_text(&text).is_err());
    }

    #[test]
    fn the_row_limit_is_a_parameter() {
        use crate::core::input::{InputError, MAX_DATA_ROWS};
        let list = "a@x.com\nb@x.com\nc@x.com\nd@x.com";
        assert_eq!(parse_text_with_limit(list, 4).map(|p| p.rows.len()), Ok(4));
        assert_eq!(
            parse_text_with_limit(list, 3).unwrap_err(),
            InputError::TooManyRows { rows: 4, limit: 3 }
        );
        let table = "email\ta\nx@x.com\t1\ny@x.com\t2\n";
        assert!(matches!(
            parse_text_with_limit(table, 1),
            Err(InputError::TooManyRows { rows: 2, limit: 1 })
        ));
        assert_eq!(
            crate::core::input::parse_text(list).map(|p| p.rows.len()),
            parse_text_with_limit(list, MAX_DATA_ROWS).map(|p| p.rows.len())
        );
    }

    #[test]
    fn refused_input_is_reported_not_counted() {
        let s = summarise("   ");
        assert_eq!(s.rows, 0);
        assert!(s.error.is_some_and(|e| e.contains("empty")));
    }
}
