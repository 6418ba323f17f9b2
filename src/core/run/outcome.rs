//! What the journal reports back: what a refusal led to, the counts for
//! the progress bar, and what a read of the page settled.

use serde::{Deserialize, Serialize};

/// What a refusal (or a submission that was not sent) led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalOutcome {
    /// Transient: the same rows will be retried at `at_ms`.
    Retrying { at_ms: u64, retry: u32 },
    /// The rows were split to find the refused email(s).
    Split { parts: usize },
    /// The page takes fewer rows per submission; chunks are now this size.
    Shrunk { chunk_size: usize },
    /// These rows have their final outcome; any others of the submission
    /// were re-queued. `failed`: named by the page, isolated, or out of
    /// retries. `already`: the page says the operation is not needed.
    /// `confirmed`: "already …" proves an earlier attempt with an unknown
    /// outcome went through, so they count as done.
    Settled {
        failed: Vec<usize>,
        already: Vec<usize>,
        confirmed: Vec<usize>,
    },
    /// Nothing reached the page and the run stopped before it could: the
    /// rows are back at the front of the queue.
    Interrupted,
}

impl RefusalOutcome {
    /// Only `rows` failed.
    pub fn failed(rows: Vec<usize>) -> Self {
        RefusalOutcome::Settled {
            failed: rows,
            already: vec![],
            confirmed: vec![],
        }
    }
    /// Only `rows` were already done, by the page's word.
    pub fn already(rows: Vec<usize>) -> Self {
        RefusalOutcome::Settled {
            failed: vec![],
            already: rows,
            confirmed: vec![],
        }
    }
    /// Only `rows` were confirmed done.
    pub fn confirmed(rows: Vec<usize>) -> Self {
        RefusalOutcome::Settled {
            failed: vec![],
            already: vec![],
            confirmed: rows,
        }
    }
}

/// Counts for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Rows that were ready in the preview (a row another row follows is
    /// a step of that one, counted with it: see `Row::after`).
    pub total: usize,
    /// Of those, rows with a final outcome.
    pub done: usize,
    /// Rows the operation went through for (invited, removed…).
    pub succeeded: usize,
    /// Rows the page said were already done ("already a member").
    pub already: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: usize,
    pub queued: usize,
    pub in_flight: usize,
    /// Estimated time left, from the mean submission duration so far.
    pub eta_ms: Option<u64>,
}

/// What `reconcile` changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReconcileReport {
    /// In-flight rows the page shows done: now `Done`.
    pub confirmed: Vec<usize>,
    /// In-flight rows the page shows not done: back in the queue.
    pub requeued: Vec<usize>,
    /// Queued rows the page shows done (by someone else, or by an attempt
    /// whose outcome was unknown): no longer sent.
    pub found_on_page: Vec<usize>,
}
