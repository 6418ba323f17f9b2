//! Reading the bulk-invite journal of the first release (stored format
//! version 1: the journal as JSON text). Its rows and states map onto the
//! current ones; a permanent refusal whose words say "already a member" or
//! "already invited" becomes that outcome, as the current version records it.

use std::marker::PhantomData;

use serde::Deserialize;

use super::invite::InviteOp;
use super::journal::{
    Batch, InFlight, Journal, JournalError, Note, Row, RowState, RunStatus, Skip,
};
use super::operation::{Already, Operation, Verdict};
use super::stored::{Headline, JournalWire};
use crate::core::plan::RetryPolicy;
use crate::core::roles::RoleSet;
use crate::core::wire::from_wire;

#[derive(Deserialize)]
struct V1Journal {
    version: u32,
    created_ms: u64,
    status: RunStatus,
    chunk_size: usize,
    retry: RetryPolicy,
    groups: Vec<RoleSet>,
    rows: Vec<V1Row>,
    batches: Vec<Batch>,
    in_flight: Option<InFlight>,
    next_id: u64,
    timed_submissions: u64,
    total_submission_ms: u64,
}

#[derive(Deserialize)]
struct V1Row {
    line: usize,
    email: String,
    group: Option<usize>,
    state: V1State,
    attempts: u32,
    #[serde(default)]
    uncertain: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(try_from = "V1StateWire")]
enum V1State {
    Queued,
    InFlight { submission: u64, attempt: u32 },
    Invited,
    Failed { message: String, permanent: bool },
    Skipped { reason: String },
    Cancelled,
}

/// A version-1 row state (`{ "state": "failed", "message": …, … }`), read
/// without serde's buffering ([`crate::core::wire`]).
#[derive(Deserialize)]
struct V1StateWire {
    state: String,
    submission: Option<u64>,
    attempt: Option<u32>,
    message: Option<String>,
    permanent: Option<bool>,
    reason: Option<String>,
}

from_wire! { V1StateWire => V1State by state {
    "queued" => Queued,
    "in_flight" => InFlight { submission, attempt },
    "invited" => Invited,
    "failed" => Failed { message, permanent },
    "skipped" => Skipped { reason },
    "cancelled" => Cancelled,
} }

const FOUND_MEMBER: &str = "already a member (found before sending)";
const FOUND_INVITED: &str = "already invited (found before sending)";
const NOTE_CONFIRMED: &str = "confirmed on the page after an interruption";
const NOTE_FOUND: &str = "found on the page after an attempt with an unknown outcome";

fn state(s: V1State) -> RowState {
    match s {
        V1State::Queued => RowState::Queued,
        V1State::InFlight {
            submission,
            attempt,
        } => RowState::InFlight {
            submission,
            attempt,
        },
        V1State::Invited => RowState::Done,
        V1State::Failed { message, permanent } => match (permanent, InviteOp::classify(&message)) {
            (true, Verdict::Already(already)) => RowState::Already {
                already,
                page_words: message,
            },
            _ => RowState::Failed { message, permanent },
        },
        V1State::Skipped { reason } => RowState::Skipped {
            reason: match reason.as_str() {
                FOUND_MEMBER => Skip::FoundOnPage {
                    already: Already::Member,
                },
                FOUND_INVITED => Skip::FoundOnPage {
                    already: Already::Invited,
                },
                _ => Skip::NotReady { message: reason },
            },
        },
        V1State::Cancelled => RowState::Cancelled,
    }
}

fn note(text: String) -> Note {
    let went_through = text
        .strip_prefix("the page says: ")
        .and_then(|t| t.strip_suffix(" (an earlier attempt went through)"));
    match (text.as_str(), went_through) {
        (NOTE_CONFIRMED, _) => Note::ConfirmedAfterInterruption,
        (NOTE_FOUND, _) => Note::FoundAfterUnknownAttempt,
        (_, Some(words)) => Note::EarlierAttemptWentThrough {
            page_words: words.to_string(),
        },
        _ => Note::Text { text },
    }
}

/// Converts a version-1 journal (JSON text).
pub fn read(json: &str) -> Result<Journal<InviteOp>, JournalError> {
    let v: V1Journal =
        crate::core::json::from_str(json).map_err(|detail| JournalError::Corrupt { detail })?;
    if v.version != 1 {
        return Err(JournalError::UnsupportedVersion {
            found: v.version,
            current: super::stored::STORED_VERSION,
        });
    }
    Ok(Journal::from(JournalWire {
        created_ms: v.created_ms,
        status: v.status,
        chunk_size: v.chunk_size,
        retry: v.retry,
        groups: v.groups,
        rows: v
            .rows
            .into_iter()
            .map(|r| Row {
                line: r.line,
                email: r.email,
                group: r.group,
                state: state(r.state),
                attempts: r.attempts,
                uncertain: r.uncertain,
                note: r.note.map(note),
                after: None,
            })
            .collect(),
        batches: v.batches,
        in_flight: v.in_flight,
        next_id: v.next_id,
        timed_submissions: v.timed_submissions,
        total_submission_ms: v.total_submission_ms,
        op: PhantomData,
    }))
}

/// A version-1 journal as far as its headline needs it. The toolbar popup
/// reads this instead of the whole journal, so the extension pages' build
/// carries neither the run code nor a decoder for every journal type.
#[derive(Deserialize)]
struct V1Glance {
    version: u32,
    status: RunStatus,
    groups: Vec<serde::de::IgnoredAny>,
    rows: Vec<V1RowGlance>,
    in_flight: Option<V1InFlightGlance>,
}

#[derive(Deserialize)]
struct V1RowGlance {
    group: Option<usize>,
    state: V1StateGlance,
}

#[derive(Deserialize)]
struct V1StateGlance {
    state: String,
}

#[derive(Deserialize)]
struct V1InFlightGlance {
    rows: Vec<usize>,
}

/// The headline of a version-1 journal (JSON text): what
/// `Headline::of(&read(json)?)` says, without converting the journal. It
/// refuses what the popup would otherwise misreport — another version, an
/// unknown row state, a row of a missing group, in-flight rows that disagree
/// with the submission in flight; the rest of [`read`]'s checks run when the
/// run itself is opened.
pub fn headline(json: &str) -> Result<Headline, JournalError> {
    let corrupt = |detail: &str| JournalError::Corrupt {
        detail: detail.to_string(),
    };
    let v: V1Glance =
        crate::core::json::from_str(json).map_err(|detail| JournalError::Corrupt { detail })?;
    if v.version != 1 {
        return Err(JournalError::UnsupportedVersion {
            found: v.version,
            current: super::stored::STORED_VERSION,
        });
    }
    let flying: &[usize] = v.in_flight.as_ref().map_or(&[], |f| &f.rows);
    let (mut done, mut total) = (0, 0);
    for (i, row) in v.rows.iter().enumerate() {
        let finished = match row.state.state.as_str() {
            "queued" | "in_flight" => false,
            "invited" | "failed" | "skipped" | "cancelled" => true,
            _ => return Err(corrupt("a row has an unknown state")),
        };
        if row.group.is_some_and(|g| g >= v.groups.len()) {
            return Err(corrupt("a row refers to a missing group"));
        }
        if (row.state.state == "in_flight") != flying.contains(&i) {
            return Err(corrupt(
                "in-flight rows do not match the in-flight submission",
            ));
        }
        // Version 1 has no steps: every ready row counts.
        if row.group.is_some() {
            total += 1;
            done += usize::from(finished);
        }
    }
    if flying.iter().any(|&r| r >= v.rows.len()) {
        return Err(corrupt("the in-flight submission refers to a missing row"));
    }
    Ok(Headline {
        status: v.status,
        done,
        total,
    })
}
