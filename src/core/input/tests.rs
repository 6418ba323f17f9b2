//! Input formats and hostile input. Each test names the case it covers.

use super::*;

fn ok(text: &str) -> ParsedInput<'static> {
    parse_text(text)
        .map(ParsedInput::into_owned)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn emails<'a>(p: &'a ParsedInput<'_>) -> Vec<&'a str> {
    p.rows.iter().map(|r| r.email.as_ref()).collect()
}

fn lines(p: &ParsedInput<'_>) -> Vec<usize> {
    p.rows.iter().map(|r| r.line).collect()
}

// ---- bare lists -------------------------------------------------------------

#[test]
fn list_one_per_line() {
    let p = ok("a@x.com\nb@x.com\nc@x.com");
    assert_eq!(p.format, InputFormat::List);
    assert_eq!(emails(&p), ["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(lines(&p), [1, 2, 3]);
    assert_eq!(p.columns, [Column::Email]);
}

#[test]
fn list_comma_separated_on_one_line() {
    let p = ok("a@x.com, b@x.com,c@x.com");
    assert_eq!(emails(&p), ["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(lines(&p), [1, 1, 1]);
}

#[test]
fn list_semicolon_separated() {
    assert_eq!(
        emails(&ok("a@x.com;b@x.com ; c@x.com;")),
        ["a@x.com", "b@x.com", "c@x.com"]
    );
}

#[test]
fn list_space_separated() {
    assert_eq!(
        emails(&ok("a@x.com b@x.com   c@x.com")),
        ["a@x.com", "b@x.com", "c@x.com"]
    );
}

#[test]
fn list_mixed_separators_and_blank_lines() {
    let p = ok("\n\na@x.com, b@x.com;c@x.com\n\n  d@x.com\te@x.com  \n\n");
    assert_eq!(
        emails(&p),
        ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"]
    );
    assert_eq!(lines(&p), [3, 3, 3, 5, 5]);
}

#[test]
fn list_display_names_outlook_style() {
    let p = ok("Smith, Bob <bob@x.com>; Doe, Jane <jane@x.com>");
    assert_eq!(
        emails(&p),
        ["Smith Bob <bob@x.com>", "Doe Jane <jane@x.com>"]
    );
    assert_eq!(
        crate::core::email::extract_address(&p.rows[0].email),
        "bob@x.com"
    );
}

#[test]
fn list_display_names_quoted() {
    let p = ok("\"Smith, Bob\" <bob@x.com>, Jane Doe <jane@x.com>, carl@x.com");
    let got: Vec<&str> = p
        .rows
        .iter()
        .map(|r| crate::core::email::extract_address(&r.email))
        .collect();
    assert_eq!(got, ["bob@x.com", "jane@x.com", "carl@x.com"]);
}

#[test]
fn list_stray_words_become_their_own_rows() {
    // The preview must be able to say "'hello there' is not an email".
    let p = ok("hello there, a@x.com\nb@x.com trailing words");
    assert_eq!(
        emails(&p),
        ["hello there", "a@x.com", "b@x.com", "trailing words"]
    );
    assert_eq!(lines(&p), [1, 1, 2, 2]);
}

#[test]
fn list_quoted_single_addresses() {
    assert_eq!(
        emails(&ok("'a@x.com', \"b@x.com\"")),
        ["a@x.com", "b@x.com"]
    );
}

#[test]
fn list_crlf_line_numbers() {
    let p = ok("a@x.com\r\nb@x.com\r\n\r\nc@x.com\r\n");
    assert_eq!(emails(&p), ["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(lines(&p), [1, 2, 4]);
}

#[test]
fn list_invalid_entries_are_kept_for_the_preview() {
    let p = ok("bob@@x.com\nnot-an-email\n@x.com");
    assert_eq!(emails(&p), ["bob@@x.com", "not-an-email", "@x.com"]);
}

#[test]
fn list_under_single_email_header() {
    let p = ok("Email\na@x.com\nb@x.com, c@x.com");
    assert_eq!(p.format, InputFormat::List);
    assert_eq!(emails(&p), ["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(lines(&p), [2, 3, 3]);
}

// ---- tables -----------------------------------------------------------------

#[test]
fn csv_with_header_comma() {
    let p = ok("email,role,roles\na@x.com,member,Source Admin\nb@x.com,owner,\n");
    assert_eq!(
        p.format,
        InputFormat::Table {
            delimiter: Delimiter::Comma
        }
    );
    assert_eq!(
        p.columns,
        [Column::Email, Column::WorkspaceRole, Column::Roles]
    );
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [2, 3]);
    assert_eq!(p.rows[0].workspace_role.as_deref(), Some("member"));
    assert_eq!(p.rows[0].roles.as_deref(), Some("Source Admin"));
    assert_eq!(p.rows[1].roles, None);
}

#[test]
fn csv_semicolon_delimited() {
    let p = ok("E-Mail;Workspace Role;Labels\na@x.com;Member;environment:prod\n");
    assert_eq!(
        p.format,
        InputFormat::Table {
            delimiter: Delimiter::Semicolon
        }
    );
    assert_eq!(p.rows[0].labels.as_deref(), Some("environment:prod"));
}

#[test]
fn tsv_pasted_from_spreadsheet() {
    let text = "Email Address\tTemplate\tNotes\r\na@x.com\tAnalyst\tnew hire\r\nb@x.com\tEngineer\t\r\n\t\t\r\n";
    let p = ok(text);
    assert_eq!(
        p.format,
        InputFormat::Table {
            delimiter: Delimiter::Tab
        }
    );
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(p.rows[1].template.as_deref(), Some("Engineer"));
    assert_eq!(p.ignored_columns, ["Notes"]);
}

#[test]
fn tsv_spreadsheet_cell_with_newline_and_tab_is_quoted() {
    let text =
        "email\tlabels\tnotes\na@x.com\tenvironment:prod\t\"line one\nline\ttwo\"\nb@x.com\t\t\n";
    let p = ok(text);
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [2, 4]);
}

#[test]
fn header_names_matched_loosely() {
    for header in [
        "email",
        "EMAIL",
        " E-mail ",
        "mail",
        "Email Address",
        "email_address",
        "\"Email\"",
    ] {
        let p = ok(&format!("{header},Role\na@x.com,member"));
        assert_eq!(p.columns[0], Column::Email, "{header}");
    }
    for (h, c) in [
        ("workspace role", Column::WorkspaceRole),
        ("Permission", Column::WorkspaceRole),
        ("Roles", Column::Roles),
        ("template", Column::Template),
        ("Sources", Column::Sources),
        ("labels", Column::Labels),
        ("Spaces", Column::Spaces),
        ("functions", Column::Functions),
        ("Name", Column::Name),
        ("status", Column::Status),
    ] {
        assert_eq!(Column::from_header(h), Some(c), "{h}");
    }
    assert_eq!(Column::from_header("department"), None);
}

#[test]
fn utf8_bom_before_header() {
    let p = ok("\u{feff}email,role\r\na@x.com,owner\r\n");
    assert_eq!(p.columns, [Column::Email, Column::WorkspaceRole]);
    assert_eq!(emails(&p), ["a@x.com"]);
}

#[test]
fn utf8_bom_bytes_before_list() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"a@x.com\nb@x.com");
    let p = parse_bytes(&bytes).unwrap();
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
}

#[test]
fn crlf_table() {
    let p = ok("email,roles\r\na@x.com,Source Admin\r\nb@x.com,Function Admin\r\n");
    assert_eq!(p.rows[1].roles.as_deref(), Some("Function Admin"));
    assert_eq!(lines(&p), [2, 3]);
}

#[test]
fn quoted_fields_with_separators_quotes_and_newlines() {
    let text = "email,roles,notes\n\"a@x.com\",\"Unify Read-only, Engage User; Source Admin\",\"He said \"\"hi\"\"\"\nb@x.com,\"Source Admin\",\"multi\nline\nnote\"\nc@x.com,,\n";
    let p = ok(text);
    assert_eq!(emails(&p), ["a@x.com", "b@x.com", "c@x.com"]);
    assert_eq!(
        p.rows[0].roles.as_deref(),
        Some("Unify Read-only, Engage User; Source Admin")
    );
    assert_eq!(lines(&p), [2, 3, 6]);
}

#[test]
fn cells_are_trimmed_and_empty_cells_are_none() {
    let p = ok("email , role , template\n  a@x.com  ,  member  ,   \n");
    assert_eq!(p.rows[0].email, "a@x.com");
    assert_eq!(p.rows[0].workspace_role.as_deref(), Some("member"));
    assert_eq!(p.rows[0].template, None);
}

#[test]
fn ragged_rows_short_and_long() {
    let p = ok("email,role,roles\na@x.com\nb@x.com,member,Source Admin,extra,cells\n");
    assert_eq!(p.rows[0].workspace_role, None);
    assert_eq!(p.rows[0].roles, None);
    assert_eq!(p.rows[1].roles.as_deref(), Some("Source Admin"));
}

#[test]
fn blank_and_separator_only_lines_skipped() {
    let p = ok("email;role\n\n;;\na@x.com;member\n ; \n\nb@x.com;owner\n;\n");
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [4, 7]);
}

#[test]
fn row_with_empty_email_but_other_cells_is_kept() {
    // The preview reports it as an invalid (empty) email rather than dropping it.
    let p = ok("email,role\n,member\nb@x.com,member");
    assert_eq!(emails(&p), ["", "b@x.com"]);
}

#[test]
fn unknown_columns_ignored_and_reported() {
    let p = ok("Name,Email,Department,Start date\nBob,bob@x.com,Sales,2024-01-01\n");
    assert_eq!(p.columns, [Column::Name, Column::Email]);
    assert_eq!(p.ignored_columns, ["Department", "Start date"]);
    assert_eq!(emails(&p), ["bob@x.com"]);
    assert_eq!(p.rows[0].name.as_deref(), Some("Bob"));
    assert!(!Column::Name.used_by_invite() && !Column::Status.used_by_invite());
}

#[test]
fn duplicate_headers_refused() {
    assert_eq!(
        parse_text("email,E-mail\na@x.com,b@x.com").unwrap_err(),
        InputError::DuplicateColumn {
            column: "email",
            first: "email".into(),
            second: "E-mail".into()
        }
    );
    assert!(matches!(
        parse_text("email,roles,Roles\na@x.com,,").unwrap_err(),
        InputError::DuplicateColumn {
            column: "roles",
            ..
        }
    ));
}

#[test]
fn duplicate_unknown_headers_are_fine() {
    let p = ok("email,note,note\na@x.com,1,2");
    assert_eq!(p.ignored_columns, ["note", "note"]);
}

#[test]
fn header_without_email_column_refused() {
    let err = parse_text("name,role,template\nBob,member,Analyst").unwrap_err();
    assert_eq!(
        err,
        InputError::NoEmailColumn {
            found: vec!["name".into(), "role".into(), "template".into()]
        }
    );
    assert!(err.to_string().contains("no email column"));
}

#[test]
fn header_only_refused() {
    assert_eq!(
        parse_text("email,role\n").unwrap_err(),
        InputError::HeaderOnly
    );
    assert_eq!(
        parse_text("email,role\r\n\r\n ,  \r\n").unwrap_err(),
        InputError::HeaderOnly
    );
    assert_eq!(parse_text("Email\n\n").unwrap_err(), InputError::HeaderOnly);
}

#[test]
fn empty_inputs_refused() {
    for text in ["", "   ", "\n\n\r\n", "\u{feff}", " , ; , \n;"] {
        assert_eq!(parse_text(text).unwrap_err(), InputError::Empty, "{text:?}");
    }
    assert_eq!(parse_bytes(b"").unwrap_err(), InputError::Empty);
}

#[test]
fn html_and_script_kept_verbatim_as_text() {
    let text = "email,template,notes\n\"<img src=x onerror=alert(1)>@x.com\",\"<script>alert('t')</script>\",<b>bold</b>\n";
    let p = ok(text);
    assert_eq!(p.rows[0].email, "<img src=x onerror=alert(1)>@x.com");
    assert_eq!(
        p.rows[0].template.as_deref(),
        Some("<script>alert('t')</script>")
    );
}

#[test]
fn html_in_bare_list_kept_as_text() {
    let p = ok("<script>alert(1)</script>\nbob@x.com");
    assert_eq!(emails(&p), ["<script>alert(1)</script>", "bob@x.com"]);
}

#[test]
fn formula_like_values_kept_verbatim() {
    let p = ok("email,template\n=HYPERLINK(\"x\")@x.com,+cmd\n");
    assert_eq!(p.rows[0].email, "=HYPERLINK(\"x\")@x.com");
    assert_eq!(p.rows[0].template.as_deref(), Some("+cmd"));
}

#[test]
fn very_long_field_one_megabyte() {
    let huge = "n".repeat(1024 * 1024);
    let p = ok(&format!("email,notes\na@x.com,{huge}\nb@x.com,short\n"));
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [2, 3]);
}

#[test]
fn very_long_email_cell_kept_for_the_preview_to_refuse() {
    let huge = format!("{}@x.com", "a".repeat(1024 * 1024));
    let p = ok(&format!("email\n{huge}\n"));
    assert_eq!(p.rows[0].email.len(), huge.len());
}

#[test]
fn very_long_line_in_bare_list() {
    let huge = "z".repeat(1024 * 1024);
    let p = ok(&format!("a@x.com {huge}\nb@x.com"));
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.rows[1].email.len(), huge.len());
}

#[test]
fn binary_nul_refused() {
    assert_eq!(
        parse_text("a@x.com\nb\0@x.com").unwrap_err(),
        InputError::Binary { line: 2, code: 0 }
    );
}

#[test]
fn binary_bytes_refused() {
    // A PNG header: invalid UTF-8 after the first byte... but the NUL-free
    // prefix "\u{89}" is already invalid, so the refusal is the encoding.
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    assert_eq!(
        parse_bytes(&png).unwrap_err(),
        InputError::InvalidUtf8 { line: 1, offset: 0 }
    );
    // Valid UTF-8 but full of control bytes (e.g. a zip's local header).
    let zipish = b"PK\x03\x04\x14\x00\x00\x00";
    assert_eq!(
        parse_bytes(zipish).unwrap_err(),
        InputError::Binary { line: 1, code: 3 }
    );
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn excel_unicode_text_utf16le_tsv() {
    let bytes = utf16(
        "Email\tTemplate\r\nzoë@x.com\tAnalyst\r\nb@x.com\tEngineer\r\n",
        true,
    );
    let p = parse_bytes(&bytes).unwrap();
    assert_eq!(
        p.format,
        InputFormat::Table {
            delimiter: Delimiter::Tab
        }
    );
    assert_eq!(emails(&p), ["zoë@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [2, 3]);
}

#[test]
fn utf16be_list_and_damaged_utf16() {
    assert_eq!(
        emails(&parse_bytes(&utf16("a@x.com\nb@x.com", false)).unwrap()),
        ["a@x.com", "b@x.com"]
    );
    let mut odd = utf16("a@x.com", true);
    odd.push(0x41);
    assert_eq!(
        parse_bytes(&odd).unwrap_err(),
        InputError::InvalidUtf16 { offset: 16 }
    );
    let mut lone = utf16("a", true);
    lone.extend([0x00, 0xD8, 0x41, 0x00]); // unpaired high surrogate, then "A"
    assert_eq!(
        parse_bytes(&lone).unwrap_err(),
        InputError::InvalidUtf16 { offset: 4 }
    );
}

#[test]
fn latin1_file_refused_with_line() {
    // "josé@x.com" saved as Latin-1 on line 2.
    let bytes = b"email\njos\xe9@x.com\n";
    let err = parse_bytes(bytes).unwrap_err();
    assert_eq!(err, InputError::InvalidUtf8 { line: 2, offset: 9 });
    assert!(err.to_string().contains("UTF-8"));
}

#[test]
fn replacement_character_refused() {
    // What a browser's text decoder leaves behind after reading binary.
    assert!(matches!(
        parse_text("a@x.com\n\u{fffd}\u{fffd}PNG").unwrap_err(),
        InputError::Binary { line: 2, .. }
    ));
}

#[test]
fn excel_mac_vertical_tab_is_tolerated() {
    let p = ok("email,notes\na@x.com,\"one\u{0b}two\"\n");
    assert_eq!(emails(&p), ["a@x.com"]);
}

#[test]
fn unicode_values_survive() {
    let p = ok("email,template\na@x.com,Analyst – Zürich 🚀\n");
    assert_eq!(p.rows[0].template.as_deref(), Some("Analyst – Zürich 🚀"));
}

fn list_of(n: usize) -> String {
    (0..n).map(|i| format!("user{i}@x.com\n")).collect()
}

#[test]
fn five_thousand_rows_accepted() {
    let p = ok(&list_of(MAX_DATA_ROWS));
    assert_eq!(p.rows.len(), 5_000);
    assert_eq!(p.rows[4_999].line, 5_000);
}

#[test]
fn five_thousand_and_one_rows_refused() {
    assert_eq!(
        parse_text(&list_of(5_001)).unwrap_err(),
        InputError::TooManyRows {
            rows: 5_001,
            limit: 5_000
        }
    );
}

#[test]
fn table_row_limit_counts_data_rows_not_header_or_blanks() {
    let mut text = String::from("email,role\n");
    for i in 0..MAX_DATA_ROWS {
        text.push_str(&format!("u{i}@x.com,member\n\n"));
    }
    assert_eq!(ok(&text).rows.len(), 5_000);
    text.push_str("last@x.com,member\n");
    let err = parse_text(&text).unwrap_err();
    assert_eq!(
        err,
        InputError::TooManyRows {
            rows: 5_001,
            limit: 5_000
        }
    );
    assert!(err.to_string().contains("5001 rows"));
}

#[test]
fn many_addresses_on_one_line_count_towards_the_limit() {
    let line: Vec<String> = (0..5_001).map(|i| format!("u{i}@x.com")).collect();
    assert!(matches!(
        parse_text(&line.join(",")).unwrap_err(),
        InputError::TooManyRows { rows: 5_001, .. }
    ));
}

#[test]
fn oversized_input_refused_before_parsing() {
    let big = vec![b'a'; MAX_INPUT_BYTES + 1];
    assert_eq!(
        parse_bytes(&big).unwrap_err(),
        InputError::TooLarge {
            bytes: MAX_INPUT_BYTES + 1,
            limit: MAX_INPUT_BYTES
        }
    );
}

#[test]
fn header_delimiter_chosen_by_most_known_columns() {
    // Commas inside a semicolon table's roles cell must not fool detection.
    let p = ok("email;roles\na@x.com;Unify Read-only, Engage User\n");
    assert_eq!(
        p.format,
        InputFormat::Table {
            delimiter: Delimiter::Semicolon
        }
    );
    assert_eq!(
        p.rows[0].roles.as_deref(),
        Some("Unify Read-only, Engage User")
    );
}

#[test]
fn first_line_that_is_an_address_is_data_not_header() {
    let p = ok("a@x.com,member\nb@x.com");
    assert_eq!(p.format, InputFormat::List);
    assert_eq!(emails(&p), ["a@x.com", "member", "b@x.com"]);
}

#[test]
fn unbalanced_quote_in_table_does_not_lose_following_rows_silently() {
    // A quote never closed would swallow every later line into one cell
    // (the csv crate reads it so, and b@x.com vanished): it is refused, naming
    // the line where the quote opens.
    let err = parse_text("email,notes\na@x.com,\"unterminated\nb@x.com,x\n").unwrap_err();
    assert!(
        matches!(err, InputError::Malformed { line: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("never closed"), "{err}");
    // A quote closed further down is a multi-line cell, as before.
    let p = ok("email,notes\na@x.com,\"two\nlines\"\nb@x.com,x\n");
    assert_eq!(emails(&p), ["a@x.com", "b@x.com"]);
    assert_eq!(lines(&p), [2, 4]);
}

#[test]
fn errors_display_numbers() {
    assert_eq!(
        InputError::TooManyRows { rows: 5_001, limit: 5_000 }.to_string(),
        "the input has 5001 rows; at most 5000 can be invited in one run. Split it into smaller lists"
    );
    assert!(InputError::Binary { line: 3, code: 0 }
        .to_string()
        .contains("line 3"));
}

#[test]
fn a_byte_order_mark_after_the_start_is_a_character_not_a_blank_line() {
    // Found by fuzzing (two UTF-8 files pasted one after the other): the mark
    // is dropped only at the very start; later it is an invisible character,
    // so its line is a row the preview refuses, not a line silently skipped.
    let p = ok("email\tnotes\na@x.com\tx\n\u{feff}\n");
    assert_eq!(emails(&p), ["a@x.com", "\u{feff}"]);
    assert_eq!(lines(&p), [2, 3]);
}

#[test]
fn lines_are_counted_a_word_at_a_time_exactly() {
    for text in [
        "",
        "a",
        "\n",
        "a\nb",
        "\n\n\n\n\n",
        "abc\ndef\r\n\u{e9}\n\n1234567\n",
    ] {
        assert_eq!(line_count(text), text.split('\n').count(), "{text:?}");
    }
    let long: String = (0..1000)
        .map(|i| if i % 7 == 0 { '\n' } else { 'x' })
        .collect();
    assert_eq!(line_count(&long), long.split('\n').count());
}
