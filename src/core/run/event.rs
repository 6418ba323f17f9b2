//! The activity log: what happened during a run, as typed events with
//! their time. The UI renders them to sentences when it shows them (so a
//! stored run reads the same after an update of the wording), and they are
//! stored with the journal.
//!
//! Row indices in events refer to the journal they are stored with.

use serde::{Deserialize, Serialize};

use super::journal::{Progress, ReconcileReport, RefusalOutcome, RunStatus};

/// One event with its time (ms since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub at_ms: u64,
    pub event: Event,
}

/// A submission, as the log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRef {
    pub id: u64,
    /// How many rows it carried.
    pub rows: usize,
    /// Index of its group in the journal.
    pub group: usize,
}

/// What became of a submission, for the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerEvent {
    Accepted,
    /// The page refused with these words; `then` is what the journal did
    /// about it (or why it could not record it).
    Refused {
        page_words: String,
        then: Result<RefusalOutcome, String>,
    },
    /// Nothing reached the page, for `why`.
    NotSent {
        why: String,
        then: Result<RefusalOutcome, String>,
    },
    /// The page gave no clear answer; the users table is read next.
    Unclear {
        error: String,
    },
}

/// Why the users table was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckWhy {
    BeforeResuming,
    BeforeCancelling,
    /// After submission `id` had no clear answer.
    AfterUnclear {
        id: u64,
    },
}

/// Why a run paused by itself (rather than at the person's request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// The journal refused the next submission.
    JournalRefused { error: String },
    /// The journal could not be saved before sending, so nothing was sent.
    NotSavedBeforeSending { error: String },
    /// The journal could not be saved after an answer.
    NotSaved { error: String },
    /// The form misbehaved `times` in a row.
    FormTrouble { times: u32, last: String },
    /// The page gave no clear answer `times` in a row.
    Unclear { times: u32, last: String },
    /// No clear answer, and the table could not be read to check.
    UnclearUnchecked { error: String, read_error: String },
    /// A stored submission has no recorded answer.
    NoAnswer { submission: u64 },
    /// The page the run belonged to went away (another route or
    /// workspace, or the tab is closing).
    PageLeft,
    /// Segment ended the session: the app showed its sign-in page, or
    /// refused a submission saying so.
    SignedOut,
    /// The extension was updated or reloaded: this page's copy of it can
    /// no longer save anything, so it stopped.
    ExtensionGone,
    /// This tab lost the workspace's run lock (the extension's background
    /// restarted), so another tab may run it now: this one stopped without
    /// writing the journal again.
    LockLost,
}

/// Something that happened in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A run started: `rows` to send in `groups` groups, at most
    /// `per_submission` per submission.
    Started {
        rows: usize,
        groups: usize,
        per_submission: usize,
    },
    Answered {
        submission: SubmissionRef,
        answer: AnswerEvent,
    },
    /// The users table was read and the journal settled against it.
    Checked {
        why: CheckWhy,
        report: ReconcileReport,
    },
    /// The users table could not be read.
    CheckFailed {
        why: CheckWhy,
        error: String,
    },
    /// Paused: at the person's request (`None`) or by itself.
    Paused {
        why: Option<PauseReason>,
    },
    Resumed,
    /// The run ended (done or cancelled), with its counts then.
    Finished {
        status: RunStatus,
        progress: Progress,
        not_ready: usize,
    },
    /// A line stored by an older version, as it was written.
    Text {
        text: String,
    },
}
