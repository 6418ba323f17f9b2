//! The engine's vocabulary: what happens ([`Input`], with the driver's
//! [`Attempt`]) and what to do ([`Effect`], ending in a [`Stop`]); see
//! [`super::engine`] for the protocol.

use super::event::{Logged, PauseReason};
use super::journal::{RunStatus, Submission};
use super::operation::PageSeen;

/// One try at carrying out a submission on the page: the driver's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The page did it.
    Accepted,
    /// The page refused, in these words.
    Refused { page_words: String },
    /// Nothing reached the page.
    NotSent { why: NotSentWhy },
    /// It may or may not have reached the page.
    Unknown { error: String },
}

/// Why nothing reached the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSentWhy {
    /// The page's form misbehaved: worth trying again later.
    Trouble(String),
    /// The page cannot express the submission's group (a role it does not
    /// offer): no row of that group can be sent.
    Unavailable(String),
    /// The page went away before the final button was pressed.
    Interrupted,
}

/// What happened, for the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The person asks to pause (after the current submission).
    Pause,
    /// The person asks to cancel (after the current submission).
    Cancel,
    /// The person asks to resume a paused or interrupted run.
    Resume,
    /// The answer to `Persist`: saved, or why not.
    Persisted(Result<(), String>),
    /// The answer to `Send`.
    Answered(Attempt),
    /// The answer to `ReadPage`: what the users table shows, or why it
    /// could not be read.
    PageRead(Result<PageSeen, String>),
    /// The answer to `Wait`: the time came (or a request cut it short).
    TimerFired,
    /// The run cannot act on its page any more, for this reason: instead
    /// of `Send`, `ReadPage` or `Wait`; and instead of `Persist` when the
    /// interruption forbids saving ([`Interruption::can_save`]).
    Ended(Interruption),
}

/// Why a run can no longer act on its page (see [`Input::Ended`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// The app left the workspace's Access Management page.
    PageLeft,
    /// The app showed Segment's sign-in page.
    SignedOut,
    /// The extension was updated or reloaded: storage is gone for this
    /// page's copy of it.
    ExtensionGone,
    /// The workspace's run lock was lost: another tab may hold it now.
    LockLost,
}

impl Interruption {
    /// Whether the journal may still be written: not by a copy of the
    /// extension that was replaced, nor by a tab that lost the lock (the
    /// journal may have another writer now).
    pub fn can_save(self) -> bool {
        matches!(self, Interruption::PageLeft | Interruption::SignedOut)
    }

    /// The pause it causes.
    pub fn reason(self) -> PauseReason {
        match self {
            Interruption::PageLeft => PauseReason::PageLeft,
            Interruption::SignedOut => PauseReason::SignedOut,
            Interruption::ExtensionGone => PauseReason::ExtensionGone,
            Interruption::LockLost => PauseReason::LockLost,
        }
    }

    /// Why nothing was saved, when it forbids saving.
    pub fn unsaved(self) -> String {
        match self {
            Interruption::ExtensionGone => "the extension was reloaded".into(),
            Interruption::LockLost => "this tab no longer holds the run".into(),
            Interruption::PageLeft | Interruption::SignedOut => String::new(),
        }
    }
}

/// What to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<G> {
    /// Save the journal and the activity; answer `Persisted`.
    Persist,
    /// Carry out this submission on the page; answer `Answered`.
    Send(Submission<G>),
    /// Read the users table (every page); answer `PageRead`.
    ReadPage,
    /// Wait until this time, or until the person asks something; answer
    /// `TimerFired`.
    Wait { until_ms: u64 },
    /// Add to the activity.
    Log(Logged),
    /// The executor is done for now.
    Stop(Stop),
}

/// Why the executor stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The run did not start: its journal could not be saved.
    NotStarted { error: String },
    /// The run is paused, at the person's request (`why: None`) or by
    /// itself. `unsaved`: the pause could not be saved either.
    Paused {
        why: Option<PauseReason>,
        unsaved: Option<String>,
    },
    /// Resuming did not happen; the run stays as it was.
    NotResumed { why: NotResumed },
    /// The run ended. `unsaved`: its results could not be saved.
    Finished {
        status: RunStatus,
        unsaved: Option<String>,
    },
}

/// Why a resume did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotResumed {
    /// The users table could not be read.
    Unreadable { error: String },
    /// The run could not act on its page any more.
    Ended { why: Interruption },
}

/// Where the run is, for the controls a view offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Sending: Pause and Cancel apply.
    Running,
    /// Pause or Cancel was asked; the current step finishes first.
    Stopping,
    /// Reading the page before resuming or cancelling.
    Checking,
    /// Paused or interrupted: Resume and Cancel apply.
    Paused,
    /// Done or cancelled.
    Finished(RunStatus),
}
