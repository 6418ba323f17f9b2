//! What a run does to each row: the [`Operation`] trait, and the two
//! answers it classifies — the page's refusal words ([`Verdict`]) and a
//! read of the users table ([`PageSeen`] → [`Seen`]).
//!
//! An operation is a set of associated functions (no state): the journal
//! and the engine are generic over it, so bulk invite, removal, revocation,
//! re-sending and roster changes share one state machine and differ only
//! here and in the driver flow that carries a submission out.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::journal::{Journal, JournalError};
use super::row::RowState;
use crate::core::email::comparison_key;
use crate::core::preview::KnownPeople;

/// One kind of bulk work on the page.
///
/// A row of a run is a person (an email, compared case-insensitively by
/// [`Operation::key`]) plus its operation's [`Operation::Group`]: what
/// every row of one submission shares (invite: the role set; removal:
/// nothing). Rows of one group are sent together, up to
/// [`Operation::batch_limit`] at a time.
pub trait Operation: 'static {
    /// What the rows of one submission share. Stored once per run, rows
    /// refer to it by index.
    type Group: Clone + Debug + PartialEq + Eq + Serialize + DeserializeOwned + 'static;

    /// Stored with the run; a stored run of another kind is refused.
    const KIND: &'static str;

    /// The results' word for a row whose operation went through
    /// ("invited", "removed").
    const DONE_WORD: &'static str;

    /// Extra results-CSV columns, filled by [`Operation::group_cells`].
    const GROUP_COLUMNS: &'static [&'static str];

    /// The comparison key of a row's email (case-insensitive).
    fn key(email: &str) -> String {
        comparison_key(email)
    }

    /// Most rows one submission of `group` may carry, given the run's
    /// current limit (which shrinks when the page asks for fewer).
    /// Operations acting on one person at a time return 1.
    fn batch_limit(_group: &Self::Group, run_limit: usize) -> usize {
        run_limit
    }

    /// What the page's refusal words mean for the submission's rows.
    fn classify(page_words: &str) -> Verdict;

    /// Whether the page saying "already …" for a row whose earlier attempt
    /// had an unknown outcome proves that attempt went through.
    fn confirms(already: Already) -> bool;

    /// [`Operation::classify`] for a submission of `group`, for an
    /// operation whose groups do different things (a roster run: the same
    /// words mean one thing for an invite, another for a role change).
    fn classify_for(_group: &Self::Group, page_words: &str) -> Verdict {
        Self::classify(page_words)
    }

    /// [`Operation::confirms`] for a row of `group`.
    fn confirms_for(_group: &Self::Group, already: Already) -> bool {
        Self::confirms(already)
    }

    /// What a read of the users table says about one row.
    fn seen(email: &str, group: &Self::Group, page: &PageSeen) -> Seen;

    /// The group's cells for [`Operation::GROUP_COLUMNS`].
    fn group_cells(group: &Self::Group) -> Vec<String>;

    /// The results' word for a row of `group` that went through, for an
    /// operation whose groups do different things (removal: "removed",
    /// "revoked"); [`Operation::DONE_WORD`] unless overridden.
    fn done_word(_group: &Self::Group) -> &'static str {
        Self::DONE_WORD
    }

    /// What the results add to the message of a row of `group` that
    /// ended in `state`, after its step before (`Row::after`) ended in
    /// `step_before` (re-sending: the roles to invite again by hand);
    /// none unless overridden.
    fn result_note(
        _group: &Self::Group,
        _state: &RowState,
        _step_before: Option<&RowState>,
    ) -> Option<String> {
        None
    }

    /// Reads a journal stored by the first release (version 1, JSON text);
    /// only bulk invite existed then, so other operations refuse.
    fn from_v1(_journal_json: &str) -> Result<Journal<Self>, JournalError>
    where
        Self: Sized,
    {
        Err(JournalError::UnsupportedVersion {
            found: 1,
            current: super::stored::STORED_VERSION,
        })
    }
}

/// A state of a person the page reports, which makes an operation on
/// them unnecessary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Already {
    /// An accepted member of the workspace.
    Member,
    /// Invited, the invite still pending.
    Invited,
    /// Not in the workspace (neither member nor pending invite).
    Absent,
}

/// What the page's refusal of a submission means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The page says the operation is not needed ("already a member").
    Already(Already),
    /// Retrying the same rows unchanged cannot help (an invalid address).
    Permanent,
    /// The page takes fewer rows at once (`limit` when it says how many).
    TooMany { limit: Option<usize> },
    /// Worth retrying after a while (server error, timeout).
    Transient,
    /// Not recognised: the rows are not retried automatically.
    Unknown,
}

impl Verdict {
    /// A refusal about specific rows, rather than the submission as a whole.
    pub fn is_specific(self) -> bool {
        matches!(self, Verdict::Already(_) | Verdict::Permanent)
    }
}

/// The people a read of the users table found (members and pending
/// invites, compared case-insensitively): the preview's [`KnownPeople`],
/// and whether the read saw the whole table. A person not seen by a partial
/// read may still be there: an operation whose effect is someone's absence
/// (removal, revocation) must not take "not seen" for "gone" then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSeen {
    people: KnownPeople,
    complete: bool,
}

impl Default for PageSeen {
    fn default() -> Self {
        PageSeen::new(Vec::<String>::new(), Vec::<String>::new())
    }
}

impl PageSeen {
    /// From the members' and pending invites' emails.
    pub fn new<M, P>(members: M, pending: P) -> PageSeen
    where
        M: IntoIterator,
        M::Item: AsRef<str>,
        P: IntoIterator,
        P::Item: AsRef<str>,
    {
        PageSeen {
            people: KnownPeople::new(members, pending),
            complete: true,
        }
    }

    /// The same people, from a read that did not see the whole table.
    pub fn partial(self) -> PageSeen {
        PageSeen {
            complete: false,
            ..self
        }
    }

    /// Whether the read saw everyone: only then is "absent" known.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// What the page shows `email` as: a member, a pending invite, or not
    /// seen (absent, when [`PageSeen::is_complete`]).
    pub fn state_of(&self, email: &str) -> Already {
        if self.people.is_member(email) {
            Already::Member
        } else if self.people.is_pending(email) {
            Already::Invited
        } else {
            Already::Absent
        }
    }
}

/// What a read of the page says about one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The operation's effect is on the page (`how` the page shows it).
    Done { how: Already },
    /// It is not.
    NotDone,
}
