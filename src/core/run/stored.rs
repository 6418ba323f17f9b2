//! A run as stored in `chrome.storage.local`: structured data (an object,
//! not JSON text inside a string), versioned, checked on read.
//!
//! Version 2 (this one): `{ version: 2, kind, journal: {…}, activity: [{ at_ms,
//! event: {…} }, …] }`. Version 1, written by the first release for bulk
//! invite, was `{ journal: "<the journal as JSON text>", activity: ["…"] }`;
//! it is still read, through [`Operation::from_v1`], and rewritten as
//! version 2 on the next save.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use super::event::{Event, Logged};
use super::journal::{Batch, InFlight, Journal, JournalError, Ledger, Row, RunStatus};
use super::operation::Operation;
use super::row::RowState;
use crate::core::plan::RetryPolicy;

/// The stored format this version writes.
pub const STORED_VERSION: u32 = 2;
/// Activity events kept with the journal (the oldest are dropped first).
pub const MAX_ACTIVITY: usize = 1_000;

/// A run with its activity, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct StoredRun<O: Operation> {
    pub version: u32,
    pub kind: String,
    /// Written with every save; read by views that do not know the
    /// operation (the toolbar popup).
    #[serde(default)]
    pub headline: Option<Headline>,
    pub journal: Journal<O>,
    pub activity: Vec<Logged>,
}

impl<O: Operation> StoredRun<O> {
    /// What to store for `journal` and its `activity` (the newest
    /// [`MAX_ACTIVITY`] events).
    pub fn new(journal: Journal<O>, activity: &[Logged]) -> StoredRun<O> {
        let start = activity.len().saturating_sub(MAX_ACTIVITY);
        StoredRun {
            version: STORED_VERSION,
            kind: O::KIND.to_string(),
            headline: Some(Headline::of(&journal)),
            journal,
            activity: activity[start..].to_vec(),
        }
    }

    /// Checks a run read back: its version, its kind, and the journal's
    /// consistency.
    pub fn checked(self) -> Result<StoredRun<O>, JournalError> {
        if self.version != STORED_VERSION {
            return Err(JournalError::UnsupportedVersion {
                found: self.version,
                current: STORED_VERSION,
            });
        }
        if self.kind != O::KIND {
            return Err(JournalError::WrongKind {
                found: self.kind,
                expected: O::KIND,
            });
        }
        Ok(StoredRun {
            journal: self.journal.checked()?,
            ..self
        })
    }
}

/// A journal as stored, read into a [`Journal`] (written from one through
/// `JournalRef`: the same fields in the same order, as before the journal
/// kept its groups apart from its [`Ledger`]).
#[derive(Deserialize)]
#[serde(bound = "")]
pub(super) struct JournalWire<O: Operation> {
    pub(super) created_ms: u64,
    pub(super) status: RunStatus,
    pub(super) chunk_size: usize,
    pub(super) retry: RetryPolicy,
    pub(super) groups: Vec<O::Group>,
    pub(super) rows: Vec<Row>,
    pub(super) batches: Vec<Batch>,
    pub(super) in_flight: Option<InFlight>,
    pub(super) next_id: u64,
    pub(super) timed_submissions: u64,
    pub(super) total_submission_ms: u64,
    #[serde(skip)]
    pub(super) op: PhantomData<O>,
}

impl<O: Operation> From<JournalWire<O>> for Journal<O> {
    fn from(w: JournalWire<O>) -> Journal<O> {
        Journal {
            groups: w.groups,
            ledger: Ledger {
                created_ms: w.created_ms,
                status: w.status,
                chunk_size: w.chunk_size,
                retry: w.retry,
                rows: w.rows,
                batches: w.batches,
                in_flight: w.in_flight,
                next_id: w.next_id,
                timed_submissions: w.timed_submissions,
                total_submission_ms: w.total_submission_ms,
            },
            op: PhantomData,
        }
    }
}

#[derive(Serialize)]
#[serde(rename = "Journal")]
struct JournalRef<'a, G> {
    created_ms: u64,
    status: RunStatus,
    chunk_size: usize,
    retry: &'a RetryPolicy,
    groups: &'a [G],
    rows: &'a [Row],
    batches: &'a [Batch],
    in_flight: &'a Option<InFlight>,
    next_id: u64,
    timed_submissions: u64,
    total_submission_ms: u64,
}

impl<O: Operation> Serialize for Journal<O> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let l = &self.ledger;
        JournalRef {
            created_ms: l.created_ms,
            status: l.status,
            chunk_size: l.chunk_size,
            retry: &l.retry,
            groups: &self.groups,
            rows: &l.rows,
            batches: &l.batches,
            in_flight: &l.in_flight,
            next_id: l.next_id,
            timed_submissions: l.timed_submissions,
            total_submission_ms: l.total_submission_ms,
        }
        .serialize(serializer)
    }
}

/// A run to store, borrowed: serialises exactly as [`StoredRun`] (no copy
/// of the journal on every save).
#[derive(Debug, Serialize)]
#[serde(bound = "")]
pub struct StoredRef<'a, O: Operation> {
    version: u32,
    kind: &'static str,
    headline: Headline,
    journal: &'a Journal<O>,
    activity: &'a [Logged],
}

impl<'a, O: Operation> StoredRef<'a, O> {
    /// `journal` and the newest [`MAX_ACTIVITY`] events of `activity`.
    pub fn new(journal: &'a Journal<O>, activity: &'a [Logged]) -> StoredRef<'a, O> {
        let start = activity.len().saturating_sub(MAX_ACTIVITY);
        StoredRef {
            version: STORED_VERSION,
            kind: O::KIND,
            headline: Headline::of(journal),
            journal,
            activity: &activity[start..],
        }
    }
}

/// A run at a glance, without its operation: where it stands and how far
/// it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub status: RunStatus,
    /// Rows with a final outcome.
    pub done: usize,
    /// Rows that were ready in the preview.
    pub total: usize,
}

impl Headline {
    pub fn of<O: Operation>(journal: &Journal<O>) -> Headline {
        let p = journal.progress();
        Headline {
            status: journal.status(),
            done: p.done,
            total: p.total,
        }
    }
}

/// The fields that tell stored formats apart, and the headline.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StoredHead {
    /// Absent in version 1 (whose version sat inside the journal text).
    #[serde(default)]
    pub version: Option<u32>,
    /// Absent in version 1.
    #[serde(default)]
    pub headline: Option<Headline>,
}

/// A version-1 item.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredV1 {
    pub journal: String,
    #[serde(default)]
    pub activity: Vec<String>,
}

impl StoredV1 {
    /// Where a version-1 run (bulk invite only) stands, read at a glance
    /// (see [`super::v1::headline`]).
    pub fn headline(&self) -> Result<Headline, JournalError> {
        super::v1::headline(&self.journal)
    }

    /// The run in the current form: the journal converted by the
    /// operation, each activity line kept as it was written.
    pub fn upgrade<O: Operation>(self) -> Result<StoredRun<O>, JournalError> {
        let journal = O::from_v1(&self.journal)?.checked()?;
        let activity: Vec<Logged> = self
            .activity
            .into_iter()
            .map(|text| Logged {
                at_ms: journal.created_ms(),
                event: Event::Text { text },
            })
            .collect();
        Ok(StoredRun::new(journal, &activity))
    }
}

impl<O: Operation> Journal<O> {
    /// Checks a journal read from storage: every index in range, in-flight
    /// rows and the in-flight submission agreeing, batches holding only
    /// queued rows.
    pub fn checked(self) -> Result<Journal<O>, JournalError> {
        self.ledger.check(self.groups.len())?;
        Ok(self)
    }
}

impl Ledger {
    /// [`Journal::checked`], for a run of `groups` groups.
    fn check(&self, groups: usize) -> Result<(), JournalError> {
        let bad = |detail: &str| {
            Err(JournalError::Corrupt {
                detail: detail.to_string(),
            })
        };
        if !(1..=crate::core::plan::MAX_CHUNK_SIZE).contains(&self.chunk_size) {
            return bad("chunk size out of range");
        }
        if self
            .rows
            .iter()
            .any(|r| r.group.is_some_and(|g| g >= groups))
        {
            return bad("a row refers to a missing group");
        }
        let in_flight_rows: Vec<usize> = self
            .in_flight
            .iter()
            .flat_map(|f| f.rows.iter().copied())
            .collect();
        if in_flight_rows.iter().any(|&r| r >= self.rows.len()) {
            return bad("the in-flight submission refers to a missing row");
        }
        for (i, row) in self.rows.iter().enumerate() {
            if row
                .after
                .is_some_and(|a| a >= i || self.rows[a].group.is_none())
            {
                return bad("a row follows a row that is not an earlier ready row");
            }
            let flying = matches!(row.state, RowState::InFlight { .. });
            if flying != in_flight_rows.contains(&i) {
                return bad("in-flight rows do not match the in-flight submission");
            }
            if flying && row.group.is_none() {
                return bad("a row that was not ready is in flight");
            }
        }
        for b in &self.batches {
            if b.rows.is_empty()
                || b.rows.iter().any(|&r| {
                    self.rows
                        .get(r)
                        .is_none_or(|row| row.state != RowState::Queued || row.group.is_none())
                })
            {
                return bad("a batch holds a row that is not queued");
            }
            let group = self.rows[b.rows[0]].group;
            if b.rows.iter().any(|&r| self.rows[r].group != group) {
                return bad("a batch mixes groups");
            }
        }
        if self
            .in_flight
            .as_ref()
            .is_some_and(|f| f.id >= self.next_id)
        {
            return bad("the in-flight submission's id is not below the next id");
        }
        Ok(())
    }
}
