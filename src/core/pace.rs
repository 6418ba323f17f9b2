//! How fast the page answers, and how long to wait for it.
//!
//! Protocol: the driver records the time each server round trip took
//! (`observe`: a submission's answer, a form's opening). Waits ask
//! `scale(base, cap)` for their limit: the base limit plus
//! `HEADROOM` times the median of the last `WINDOW` answers, never below
//! `base` nor above `cap` (a page that stopped answering still fails, just
//! later). The page counts as slow (`slow_ms`) once that median exceeds
//! `SLOW_MS`; the run view then says so. The median, not the mean or the
//! last answer, so one stray answer neither alarms nor relaxes.

use std::collections::VecDeque;

/// Answers remembered (the most recent ones).
pub const WINDOW: usize = 8;
/// A median answer time above this makes the page "slow" (ms).
pub const SLOW_MS: u32 = 3_000;
/// How many median answer times a wait adds to its base limit.
pub const HEADROOM: u32 = 3;

/// The page's observed answer times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pace {
    answers: VecDeque<u32>,
}

impl Pace {
    /// Records one answer that took `ms`.
    pub fn observe(&mut self, ms: u32) {
        if self.answers.len() == WINDOW {
            self.answers.pop_front();
        }
        self.answers.push_back(ms);
    }

    /// The median of the remembered answers (upper median), if any.
    pub fn median_ms(&self) -> Option<u32> {
        let mut v: Vec<u32> = self.answers.iter().copied().collect();
        v.sort_unstable();
        v.get(v.len() / 2).copied()
    }

    /// The limit for a wait whose limit on a fast page is `base`: grows
    /// with the median answer time, within `[base, max(base, cap)]`.
    pub fn scale(&self, base: u32, cap: u32) -> u32 {
        let grown = self
            .median_ms()
            .map_or(base, |m| base.saturating_add(m.saturating_mul(HEADROOM)));
        grown.min(cap).max(base)
    }

    /// The median answer time when the page is slow.
    pub fn slow_ms(&self) -> Option<u32> {
        self.median_ms().filter(|&m| m > SLOW_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pace(answers: &[u32]) -> Pace {
        let mut p = Pace::default();
        for &a in answers {
            p.observe(a);
        }
        p
    }

    #[test]
    fn a_fresh_page_waits_the_base_and_is_not_slow() {
        let p = Pace::default();
        assert_eq!(p.scale(8_000, 60_000), 8_000);
        assert_eq!(p.slow_ms(), None);
    }

    #[test]
    fn eight_second_answers_make_the_page_slow_and_waits_longer() {
        let p = pace(&[8_000, 8_100, 7_900]);
        assert_eq!(p.slow_ms(), Some(8_000));
        assert_eq!(p.scale(30_000, 120_000), 54_000);
        assert_eq!(p.scale(8_000, 20_000), 20_000);
    }

    #[test]
    fn one_stray_answer_does_not_make_a_page_slow() {
        assert_eq!(pace(&[200, 30_000, 250]).slow_ms(), None);
    }

    #[test]
    fn only_the_last_answers_count() {
        let mut p = pace(&[9_000; WINDOW]);
        for _ in 0..WINDOW {
            p.observe(100);
        }
        assert_eq!(p.slow_ms(), None);
        assert_eq!(p.median_ms(), Some(100));
    }

    proptest! {
        #[test]
        fn scale_stays_within_bounds(
            answers in proptest::collection::vec(any::<u32>(), 0..20),
            base in any::<u32>(),
            cap in any::<u32>(),
        ) {
            let t = pace(&answers).scale(base, cap);
            prop_assert!(t >= base);
            prop_assert!(t <= base.max(cap));
        }

        #[test]
        fn slower_answers_never_shorten_a_wait(
            answers in proptest::collection::vec(0u32..200_000, 1..20),
            extra in 0u32..100_000,
            base in 0u32..100_000,
            cap in 0u32..400_000,
        ) {
            let slower: Vec<u32> = answers.iter().map(|a| a + extra).collect();
            prop_assert!(pace(&slower).scale(base, cap) >= pace(&answers).scale(base, cap));
            prop_assert!(pace(&slower).median_ms() >= pace(&answers).median_ms());
        }

        #[test]
        fn slow_means_the_median_is_above_the_threshold(
            answers in proptest::collection::vec(0u32..20_000, 0..20),
        ) {
            let p = pace(&answers);
            prop_assert_eq!(p.slow_ms().is_some(), p.median_ms().is_some_and(|m| m > SLOW_MS));
        }
    }
}
