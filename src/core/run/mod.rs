//! Runs: bulk work on the page, row by row, journaled and exactly once.
//!
//! One journal and one engine serve every kind of bulk work; a kind is an
//! [`Operation`] (bulk invite is [`InviteOp`], offboarding — removing
//! members and revoking invites — is [`RemoveOp`], re-sending invites is
//! [`ResendOp`]; applying a roster plan is [`RosterOp`], ONE run holding
//! every kind of change, its groups telling them apart). An operation whose
//! work on one person takes two steps gives them two rows, the second
//! following the first (`Row::after`, see [`journal`]).
//!
//! - [`operation`]: the trait, and how the page's words and a read of the
//!   users table are classified;
//! - [`journal`]: every row's state (its types in `row`), the submissions,
//!   refusals and retries (`record_unsent` in `unsent`, settling against a
//!   read of the page in `reconcile`);
//! - [`engine`]: the state machine that turns inputs (the person's
//!   controls, the page's answers, reads, timers, saves) into effects;
//! - [`event`]: the typed activity log;
//! - [`stored`]: the stored form (versioned; version 1 read by [`v1`]);
//! - [`results`]: the results table's lines and the CSV.
//!
//! ## Defining an operation
//! 1. A unit type implementing [`Operation`]: its `Group` (what one
//!    submission's rows share; `()` when nothing), `KIND` (stored with the
//!    run), `DONE_WORD` and `GROUP_COLUMNS` for the results, `batch_limit`
//!    (1 for work on one person at a time), `classify` (the page's refusal
//!    words → [`Verdict`]), `confirms`, and `seen` (what a read of the
//!    users table says about a row). An operation whose groups do
//!    different things overrides `classify_for` / `confirms_for` too.
//! 2. Rows for [`Journal::from_rows`] from the feature's preview.
//! 3. A driver flow that carries one [`Submission`] out and answers with
//!    one [`Attempt`], and a `ui::run::Feature` that names it; the
//!    executor and the run view do the rest.

mod effect;
pub mod engine;
pub mod event;
pub mod invite;
pub mod journal;
mod ledger;
pub mod operation;
mod outcome;
mod reconcile;
pub mod remove;
pub mod resend;
pub mod results;
pub mod roster;
mod row;
pub mod stored;
mod unsent;
mod untyped;
mod v1;

pub use engine::{
    Attempt, Effect, Engine, Input, Interruption, NotResumed, NotSentWhy, Phase, Stop,
};
pub use event::{AnswerEvent, CheckWhy, Event, Logged, PauseReason, SubmissionRef};
pub use invite::InviteOp;
pub use journal::{
    Journal, JournalError, NewRow, NextStep, Note, Progress, ReconcileReport, RefusalOutcome, Row,
    RowState, RunStatus, Skip, Submission,
};
pub use operation::{Already, Operation, PageSeen, Seen, Verdict};
pub use remove::{RemoveOp, RevokeOp, Target};
pub use resend::{ResendOp, ResendStep};
pub use roster::{Change, RosterOp};
pub use stored::{StoredHead, StoredRun, StoredV1};
pub use unsent::Unsent;

#[cfg(test)]
mod tests;
