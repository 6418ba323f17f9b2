//! Which rows of an appending list ("Load more", infinite scroll) a read has
//! not seen yet (pure).
//!
//! Each turn the reader keys every row shown by its text. When the rows of
//! the last turn are still the first ones, in order and unchanged, the page
//! appended: only the rows after them are new. When any of them vanished,
//! moved or changed, the page replaced or re-rendered the list: the whole
//! list is read again, in place of the rows read before (it holds every
//! row loaded so far, as the page has them now).

/// Where the rows appended since the last turn start in `now`, given the
/// rows' keys last turn (`before`) and now: `Some(before.len())` when `now`
/// begins with `before`, else `None` (read every row of `now`).
pub fn appended_from<K: PartialEq>(before: &[K], now: &[K]) -> Option<usize> {
    now.get(..before.len())
        .filter(|head| *head == before)
        .map(|_| before.len())
}

#[cfg(test)]
mod tests {
    use super::appended_from;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        let k = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(appended_from(&k(&[]), &k(&["a"])), Some(0));
        assert_eq!(
            appended_from(&k(&["a", "b"]), &k(&["a", "b", "c"])),
            Some(2)
        );
        assert_eq!(appended_from(&k(&["a", "b"]), &k(&["a", "b"])), Some(2));
        // Re-rendered with a row changed, removed, or put in front.
        assert_eq!(appended_from(&k(&["a", "b"]), &k(&["a", "B", "c"])), None);
        assert_eq!(appended_from(&k(&["a", "b"]), &k(&["a", "c"])), None);
        assert_eq!(appended_from(&k(&["a", "b"]), &k(&["z", "a", "b"])), None);
        // Fewer rows than before: some vanished.
        assert_eq!(appended_from(&k(&["a", "b"]), &k(&["a"])), None);
    }

    proptest! {
        /// Appending anything to what was seen: exactly the appended rows are new.
        #[test]
        fn appended_rows_are_the_new_ones(
            before in proptest::collection::vec(0u8..6, 0..12),
            extra in proptest::collection::vec(0u8..6, 0..12),
        ) {
            let now: Vec<u8> = before.iter().chain(&extra).copied().collect();
            prop_assert_eq!(appended_from(&before, &now), Some(before.len()));
            prop_assert_eq!(&now[before.len()..], &extra[..]);
        }

        /// Any change among the rows seen means the list is read whole.
        #[test]
        fn a_changed_seen_row_means_a_whole_read(
            before in proptest::collection::vec(0u8..6, 1..12),
            extra in proptest::collection::vec(0u8..6, 0..12),
            at in any::<prop::sample::Index>(),
            to in 0u8..6,
        ) {
            let mut now: Vec<u8> = before.iter().chain(&extra).copied().collect();
            let i = at.index(before.len());
            prop_assume!(now[i] != to);
            now[i] = to;
            prop_assert_eq!(appended_from(&before, &now), None);
            // And a row that vanished.
            let mut gone = before.clone();
            gone.remove(i);
            gone.extend(&extra);
            if gone.len() < before.len() || gone[..before.len()] != before[..] {
                prop_assert_eq!(appended_from(&before, &gone), None);
            }
        }
    }
}
