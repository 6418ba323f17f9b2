//! A templates file, any bytes: import never panics, refuses with problems
//! that name where they are, and what it accepts exports and imports again
//! to the same templates.
#![no_main]

use access_kit::core::template::TemplateLibrary;
use access_kit::core::template_io::{export_json, import_into, ConflictPolicy, ImportError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut library = TemplateLibrary::new();
    match import_into(&mut library, text, ConflictPolicy::Refuse, 0) {
        Ok(summary) => {
            assert_eq!(summary.added, library.len());
            let exported = export_json(library.templates());
            let mut again = TemplateLibrary::new();
            let second = import_into(&mut again, &exported, ConflictPolicy::Refuse, 0)
                .unwrap_or_else(|e| panic!("our own export does not import: {e}\n{exported}"));
            assert_eq!(second.added, summary.added);
            assert_eq!(export_json(again.templates()), exported);
        }
        Err(ImportError::Invalid(problems)) => {
            assert!(!problems.is_empty());
            for p in &problems {
                assert!(!p.to_string().is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
