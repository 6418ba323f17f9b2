//! The "Download results" CSV: one line per pasted row with its outcome.
//!
//! Columns: `row, email, outcome, message, roles`. Cells that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return) are prefixed with `'`, since the emails and messages come from
//! pasted text and the page.

use super::journal::{Journal, RowState};

/// The outcome word for a row state, as written in the CSV and shown in the
/// results table.
pub fn outcome_label(state: &RowState) -> &'static str {
    match state {
        RowState::Queued => "not sent",
        RowState::InFlight { .. } => "unknown (was being sent)",
        RowState::Invited => "invited",
        RowState::Failed {
            permanent: true, ..
        } => "refused",
        RowState::Failed {
            permanent: false, ..
        } => "failed",
        RowState::Skipped { .. } => "skipped",
        RowState::Cancelled => "cancelled",
    }
}

/// The message for a row state (and its note), for the CSV and the table.
pub fn outcome_message(state: &RowState, note: Option<&str>) -> String {
    let base = match state {
        RowState::Failed { message, .. } => message.clone(),
        RowState::Skipped { reason } => reason.clone(),
        RowState::Cancelled => "the run was cancelled before this row was sent".to_string(),
        _ => String::new(),
    };
    match (base.is_empty(), note) {
        (_, None) => base,
        (true, Some(n)) => n.to_string(),
        (false, Some(n)) => format!("{base} ({n})"),
    }
}

/// Neutralises a cell a spreadsheet would evaluate (CSV/formula injection).
pub fn safe_cell(value: &str) -> std::borrow::Cow<'_, str> {
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
    pub outcome: &'static str,
    pub message: String,
    /// The row's roles, as text ("" for rows never ready).
    pub roles: String,
}

/// Every row of the journal with its outcome, in pasted order.
pub fn result_lines(journal: &Journal) -> impl Iterator<Item = ResultLine<'_>> {
    journal
        .rows()
        .iter()
        .enumerate()
        .map(|(i, row)| ResultLine {
            line: row.line,
            email: &row.email,
            state: &row.state,
            outcome: outcome_label(&row.state),
            message: outcome_message(&row.state, row.note.as_deref()),
            roles: journal
                .row_role_set(i)
                .map(ToString::to_string)
                .unwrap_or_default(),
        })
}

/// The results CSV (UTF-8, comma-separated, CRLF line ends for Excel,
/// with a header row).
pub fn results_csv(journal: &Journal) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = ["row", "email", "outcome", "message", "roles"];
    w.write_record(header)
        .expect("writing to memory cannot fail");
    for r in result_lines(journal) {
        let line = r.line.to_string();
        let record = [
            line.as_str(),
            &safe_cell(r.email),
            r.outcome,
            &safe_cell(&r.message),
            &safe_cell(&r.roles),
        ];
        w.write_record(record)
            .expect("writing to memory cannot fail");
    }
    let bytes = w.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("all cells are UTF-8")
}

#[cfg(test)]
mod tests;
