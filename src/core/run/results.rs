//! The results of a run: one line per pasted row with its outcome, for the
//! results table and the "Download results" CSV.
//!
//! CSV columns: `row, email, outcome, message`, then the operation's
//! [`Operation::GROUP_COLUMNS`] (bulk invite: `roles`). Cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return) are prefixed with `'`, since the emails and
//! messages come from pasted text and the page.

use std::borrow::Cow;

use super::journal::{Journal, Note, RowState, Skip};
use super::operation::{Already, Operation};

/// "already a member", "already invited", "already gone".
pub fn already_words(already: Already) -> &'static str {
    match already {
        Already::Member => "already a member",
        Already::Invited => "already invited",
        Already::Absent => "not in this workspace",
    }
}

/// The outcome of a row whose operation the page said was not needed,
/// exactly as the results, counts and CSV say it.
pub fn already_outcome(already: Already) -> String {
    format!("{} — the page said so", already_words(already))
}

/// The outcome word for a row state, as written in the CSV and shown in
/// the results table.
pub fn outcome_label<O: Operation>(state: &RowState) -> Cow<'static, str> {
    match state {
        RowState::Queued => "not sent".into(),
        RowState::InFlight { .. } => "unknown (was being sent)".into(),
        RowState::Done => O::DONE_WORD.into(),
        RowState::Already { already, .. } => already_outcome(*already).into(),
        RowState::Failed {
            permanent: true, ..
        } => "refused".into(),
        RowState::Failed {
            permanent: false, ..
        } => "failed".into(),
        RowState::Skipped { .. } => "skipped".into(),
        RowState::Cancelled => "cancelled".into(),
    }
}

/// A note, in words.
pub fn note_text(note: &Note) -> String {
    match note {
        Note::ConfirmedAfterInterruption => "confirmed on the page after an interruption".into(),
        Note::FoundAfterUnknownAttempt => {
            "found on the page after an attempt with an unknown outcome".into()
        }
        Note::EarlierAttemptWentThrough { page_words } => {
            format!("the page says: {page_words} (an earlier attempt went through)")
        }
        Note::Text { text } => text.clone(),
    }
}

/// The message for a row state (and its note), for the CSV and the table.
pub fn outcome_message(state: &RowState, note: Option<&Note>) -> String {
    let base = match state {
        RowState::Failed { message, .. } => message.clone(),
        RowState::Already { page_words, .. } => page_words.clone(),
        RowState::Skipped {
            reason: Skip::NotReady { message },
        } => message.clone(),
        RowState::Skipped {
            reason: Skip::FoundOnPage { already },
        } => format!("{} (found before sending)", already_words(*already)),
        RowState::Cancelled => "the run was cancelled before this row was sent".to_string(),
        _ => String::new(),
    };
    match (base.is_empty(), note.map(note_text)) {
        (_, None) => base,
        (true, Some(n)) => n,
        (false, Some(n)) => format!("{base} ({n})"),
    }
}

/// Neutralises a cell a spreadsheet would evaluate (CSV/formula injection).
pub fn safe_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// One row of the results, as both the table and the CSV show it.
pub struct ResultLine<'a> {
    /// Line in the pasted text.
    pub line: usize,
    pub email: &'a str,
    pub state: &'a RowState,
    /// `outcome_label(state)`.
    pub outcome: Cow<'static, str>,
    pub message: String,
    /// The group's cells ("" for rows never ready).
    pub group_cells: Vec<String>,
}

/// The outcome word of row `i`: its group's done word when done.
fn row_outcome<O: Operation>(journal: &Journal<O>, i: usize) -> Cow<'static, str> {
    let state = &journal.rows()[i].state;
    match (state, journal.row_group(i)) {
        (RowState::Done, Some(g)) => O::done_word(g).into(),
        (state, _) => outcome_label::<O>(state),
    }
}

/// Every row of the journal with its outcome, in pasted order. A step
/// another row follows (see `Row::after`) is not a line of its own: the
/// row that follows it says what became of it when it matters.
pub fn result_lines<O: Operation>(journal: &Journal<O>) -> impl Iterator<Item = ResultLine<'_>> {
    let rows = journal.rows();
    let steps = journal.steps();
    rows.iter()
        .enumerate()
        .filter(move |(i, _)| !steps.contains(i))
        .map(move |(i, row)| {
            let group = journal.row_group(i);
            let mut message = match &row.state {
                RowState::Skipped {
                    reason: Skip::StepBeforeNotDone { after },
                } => match rows.get(*after) {
                    Some(step) => {
                        let outcome = row_outcome(journal, *after);
                        match outcome_message(&step.state, step.note.as_ref()) {
                            m if m.is_empty() => {
                                format!("not sent: the step before it ended as {outcome}")
                            }
                            m => format!("not sent: the step before it ended as {outcome}: {m}"),
                        }
                    }
                    None => "not sent: the step before it did not go through".into(),
                },
                state => outcome_message(state, row.note.as_ref()),
            };
            let step_before = row.after.and_then(|a| rows.get(a)).map(|r| &r.state);
            if let Some(note) = group.and_then(|g| O::result_note(g, &row.state, step_before)) {
                if !message.is_empty() {
                    message.push_str(" — ");
                }
                message.push_str(&note);
            }
            ResultLine {
                line: row.line,
                email: &row.email,
                state: &row.state,
                outcome: row_outcome(journal, i),
                message,
                group_cells: group.map_or_else(
                    || vec![String::new(); O::GROUP_COLUMNS.len()],
                    |g| O::group_cells(g),
                ),
            }
        })
}

/// The results CSV (UTF-8, comma-separated, CRLF line ends for Excel,
/// with a header row).
pub fn results_csv<O: Operation>(journal: &Journal<O>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = ["row", "email", "outcome", "message"]
        .iter()
        .chain(O::GROUP_COLUMNS);
    w.write_record(header)
        .expect("writing to memory cannot fail");
    for r in result_lines(journal) {
        let line = r.line.to_string();
        let mut record: Vec<Cow<'_, str>> = vec![
            line.as_str().into(),
            safe_cell(r.email),
            r.outcome.clone(),
            safe_cell(&r.message),
        ];
        record.extend(r.group_cells.iter().map(|c| safe_cell(c)));
        w.write_record(record.iter().map(|c| c.as_bytes()))
            .expect("writing to memory cannot fail");
    }
    let bytes = w.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("all cells are UTF-8")
}
