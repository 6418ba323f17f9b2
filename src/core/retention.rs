//! How long a finished run is kept in the browser.
//!
//! A run's journal holds every pasted email, its roles and the page's
//! messages. While a run is unfinished it is kept (it is what a resume
//! starts from). Once finished it is kept for its results only: it is
//! deleted when the person downloads the results, or, at the latest,
//! [`KEEP_FINISHED_DAYS`] days after the run's last activity (checked
//! whenever a page of the workspace reads it). The options page clears
//! everything at once.

/// Days a finished run is kept when its results are never downloaded.
pub const KEEP_FINISHED_DAYS: u64 = 7;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Whether a stored run is past keeping: finished, and its last activity
/// (`last_ms`) at least [`KEEP_FINISHED_DAYS`] days before `now_ms`.
pub fn is_expired(finished: bool, last_ms: u64, now_ms: u64) -> bool {
    finished && now_ms.saturating_sub(last_ms) >= KEEP_FINISHED_DAYS * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finished_runs_expire_and_only_after_seven_days() {
        let week = KEEP_FINISHED_DAYS * DAY_MS;
        assert!(!is_expired(true, 1_000, 1_000 + week - 1));
        assert!(is_expired(true, 1_000, 1_000 + week));
        assert!(
            !is_expired(false, 1_000, 1_000 + 10 * week),
            "unfinished runs are kept"
        );
        // A clock that went backwards never expires anything.
        assert!(!is_expired(true, 5_000, 1_000));
    }
}
