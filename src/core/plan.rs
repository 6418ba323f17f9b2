//! Planning submissions: chunk sizes, reading the page's refusal messages,
//! bisecting refused chunks, and retry delays. Pure functions; nothing here
//! waits or sleeps. (Grouping and chunking rows is the run journal's.)

use thiserror::Error;

use super::email::comparison_key;

/// Emails per submission unless configured otherwise.
pub const DEFAULT_CHUNK_SIZE: usize = 25;
/// Largest configurable chunk.
pub const MAX_CHUNK_SIZE: usize = 100;

/// Emails per submission, always within `1..=MAX_CHUNK_SIZE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "usize", into = "usize")]
pub struct ChunkSize(usize);

/// A chunk size outside `1..=100`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("chunk size {0} is out of range (1 to {MAX_CHUNK_SIZE})")]
pub struct ChunkSizeError(pub usize);

impl ChunkSize {
    pub fn new(n: usize) -> Result<Self, ChunkSizeError> {
        if (1..=MAX_CHUNK_SIZE).contains(&n) {
            Ok(ChunkSize(n))
        } else {
            Err(ChunkSizeError(n))
        }
    }

    pub fn get(self) -> usize {
        self.0
    }
}

impl Default for ChunkSize {
    fn default() -> Self {
        ChunkSize(DEFAULT_CHUNK_SIZE)
    }
}

impl TryFrom<usize> for ChunkSize {
    type Error = ChunkSizeError;
    fn try_from(n: usize) -> Result<Self, Self::Error> {
        ChunkSize::new(n)
    }
}

impl From<ChunkSize> for usize {
    fn from(c: ChunkSize) -> usize {
        c.0
    }
}

/// What the page's message says about a refused submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    AlreadyMember,
    AlreadyInvited,
    InvalidEmail,
    /// The form takes at most `limit` emails (`None` when no number was given).
    TooMany {
        limit: Option<usize>,
    },
    /// Worth retrying: server error, timeout, "try again".
    Transient,
    /// Not recognised.
    Unknown,
}

impl Refusal {
    /// Whether retrying the same emails unchanged cannot help.
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            Refusal::AlreadyMember | Refusal::AlreadyInvited | Refusal::InvalidEmail
        )
    }
}

/// Classifies the page's refusal text (toast or inline alert), ignoring case.
/// Specific causes are checked before generic "try again" wording, so
/// "x is already a member, please try again" is `AlreadyMember`.
pub fn classify_refusal(message: &str) -> Refusal {
    let m = message.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| m.contains(n));
    if has(&[
        "already a member",
        "already members",
        "already in this workspace",
        "already has access",
        "is already a user",
    ]) {
        return Refusal::AlreadyMember;
    }
    if has(&[
        "already been invited",
        "already invited",
        "invite already",
        "invitation already",
        "pending invite",
    ]) {
        return Refusal::AlreadyInvited;
    }
    if has(&[
        "not a valid email",
        "invalid email",
        "email is invalid",
        "valid email address",
        "malformed",
    ]) {
        return Refusal::InvalidEmail;
    }
    if let Some(limit) = number_after(
        &m,
        &["at most ", "up to ", "maximum of ", "max of ", "limit of "],
    ) {
        return Refusal::TooMany { limit: Some(limit) };
    }
    if has(&["only one email", "one email at a time", "a single email"]) {
        return Refusal::TooMany { limit: Some(1) };
    }
    if has(&["too many"]) && !has(&["too many requests"]) {
        return Refusal::TooMany { limit: None };
    }
    if has(&[
        "something went wrong",
        "try again",
        "server error",
        "timeout",
        "timed out",
        "too many requests",
        "rate limit",
        "network",
        "unavailable",
        "internal error",
    ]) {
        return Refusal::Transient;
    }
    Refusal::Unknown
}

/// The first whole number directly after one of `prefixes`.
fn number_after(text: &str, prefixes: &[&str]) -> Option<usize> {
    prefixes.iter().find_map(|p| {
        let start = text.find(p)? + p.len();
        let digits: String = text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok().filter(|n| *n > 0)
    })
}

/// The candidates the message names (compared case-insensitively), in
/// candidate order. Lets a refusal that names its emails skip bisecting.
pub fn mentioned_emails<'a>(message: &str, candidates: &'a [String]) -> Vec<&'a String> {
    let m = message.to_lowercase();
    candidates
        .iter()
        .filter(|c| mentions(&m, &comparison_key(c)))
        .collect()
}

/// Whether lower-cased `text` contains `email` as a whole address, so that
/// "bob@x.com" does not match inside "jimbob@x.com" or "bob@x.com.au".
/// A sentence's final dot after the address still counts as a boundary.
fn mentions(text: &str, email: &str) -> bool {
    let in_address = |c: char| c.is_alphanumeric() || "._%+-@".contains(c);
    text.match_indices(email).any(|(i, _)| {
        let rest = &text[i + email.len()..];
        let before_ok = text[..i].chars().next_back().is_none_or(|c| !in_address(c));
        let mut after = rest.chars();
        let after_ok = match after.next() {
            None => true,
            Some('.') => after.next().is_none_or(|c| !in_address(c)),
            Some(c) => !in_address(c),
        };
        before_ok && after_ok
    })
}

/// Splits a refused chunk into two halves (the first half gets the extra
/// item). Sending each half narrows down which email the page refuses.
pub fn bisect<T: Clone>(items: &[T]) -> (Vec<T>, Vec<T>) {
    let mid = items.len().div_ceil(2);
    (items[..mid].to_vec(), items[mid..].to_vec())
}

/// The chunk size to use after a `TooMany` refusal of a chunk of `current`.
/// With a stated limit, that limit (never more than before); otherwise half.
pub fn shrink_chunk(current: usize, limit: Option<usize>) -> usize {
    match limit {
        Some(n) => n.clamp(1, current.saturating_sub(1).max(1)),
        None => (current / 2).max(1),
    }
}

/// Bounded exponential backoff for transient failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Delay before the first retry; doubled for each further retry.
    pub base_delay_ms: u64,
    /// Upper bound of any delay.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    /// 3 retries after 1 s, 2 s and 4 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay_ms: 1_000,
            max_delay_ms: 30_000,
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (1-based), or `None` when the
    /// retries are used up.
    pub fn delay_before_retry(&self, retry: u32) -> Option<u64> {
        if retry == 0 || retry > self.max_retries {
            return None;
        }
        let factor = 1u64.checked_shl(retry - 1).unwrap_or(u64::MAX);
        Some(
            self.base_delay_ms
                .saturating_mul(factor)
                .min(self.max_delay_ms),
        )
    }

    /// Honours a server-stated wait (e.g. a 429's `msBeforeNext`) when longer.
    pub fn delay_with_hint(&self, retry: u32, hint_ms: Option<u64>) -> Option<u64> {
        self.delay_before_retry(retry)
            .map(|d| hint_ms.map_or(d, |h| d.max(h.min(self.max_delay_ms))))
    }
}

#[cfg(test)]
mod tests;
