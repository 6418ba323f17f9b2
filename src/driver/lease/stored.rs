//! The lease table's stored form on the content script's global: one flat
//! list of numbers and strings, which both modules write and read with no
//! serializer (the in-page core carries none).
//!
//! `[next_id, holder_id, holder, (token, kind, n, email × n)…]`: `holder_id`
//! 0 and `holder` empty when the page is free; `kind` is [`KINDS`]' index.
//! Strings are stored as they are (no separators to escape), so an address
//! read from the page cannot forge a record. Anything that does not read back
//! whole is no table (both modules ship from the same build, so that means
//! someone else wrote it): the caller starts from a free page.

use super::{Key, LeaseTable};
use crate::core::cells::{Cell, Reader, Writer};

/// Stored kinds: `Key`'s variants, an invite split by its role.
const KINDS: [&str; 5] = ["remove", "demote", "promote", "invite", "invite-owner"];

impl LeaseTable {
    pub(super) fn to_cells(&self) -> Vec<Cell> {
        let (holder_id, holder) = match &self.holder {
            Some((id, who)) => (*id, who.as_str()),
            None => (0, ""),
        };
        let mut w = Writer::default();
        w.num(self.next_id as usize);
        w.num(holder_id as usize);
        w.str(holder);
        for (token, key) in &self.vetted {
            let (kind, emails) = match key {
                Key::Remove(e) => (0, std::slice::from_ref(e)),
                Key::Demote(e) => (1, std::slice::from_ref(e)),
                Key::Promote(e) => (2, std::slice::from_ref(e)),
                Key::Invite { emails, owner } => (3 + usize::from(*owner), emails.as_slice()),
            };
            w.num(*token as usize);
            w.str(KINDS[kind]);
            w.strs(emails);
        }
        w.0
    }

    pub(super) fn from_cells(cells: &[Cell]) -> Option<LeaseTable> {
        let mut r = Reader::new(cells);
        let next_id = r.num()?;
        let holder = match (r.num()?, r.str()?) {
            (0, who) if who.is_empty() => None,
            (0, _) => return None,
            (id, who) => Some((id, who)),
        };
        let mut vetted = Vec::new();
        while !r.is_done() {
            let token = r.num()?;
            let kind = r.str()?;
            let kind = KINDS.iter().position(|k| *k == kind)?;
            let emails = r.strs()?;
            let one = |mut emails: Vec<String>| (emails.len() == 1).then(|| emails.remove(0));
            let key = match kind {
                0 => Key::Remove(one(emails)?),
                1 => Key::Demote(one(emails)?),
                2 => Key::Promote(one(emails)?),
                _ => Key::Invite {
                    emails,
                    owner: kind == 4,
                },
            };
            vetted.push((token, key));
        }
        Some(LeaseTable {
            holder,
            vetted,
            next_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::guard::GuardAction;

    fn busy_table() -> LeaseTable {
        let mut t = LeaseTable::default();
        let id = t.acquire("Remove people").unwrap();
        t.vet(
            id,
            &GuardAction::Remove {
                email: "Ann@x.com".into(),
            },
        );
        t.vet(
            id,
            &GuardAction::Demote {
                email: "bo@x.com".into(),
            },
        );
        t.vet_promote(id, "cy@x.com");
        t.vet_invite(id, &["b@x.com", "a@x.com"], false);
        t.vet_invite(id, &["o@x.com"], true);
        t.vet_invite::<&str>(id, &[], false);
        t
    }

    #[test]
    fn a_table_reads_back_as_written() {
        for t in [LeaseTable::default(), busy_table()] {
            assert_eq!(LeaseTable::from_cells(&t.to_cells()), Some(t));
        }
        let mut t = busy_table();
        let id = t.holder.as_ref().unwrap().0;
        t.release(id);
        assert_eq!(LeaseTable::from_cells(&t.to_cells()), Some(t));
    }

    #[test]
    fn an_address_with_separators_or_digits_is_one_cell() {
        let mut t = LeaseTable::default();
        let id = t.acquire("Bulk invite").unwrap();
        let odd = "x\u{1e}9\u{1f}remove\u{1f}1\u{1f}owner@x.com";
        t.vet_invite(id, &[odd, "7"], false);
        let back = LeaseTable::from_cells(&t.to_cells()).unwrap();
        assert!(back.is_vetted_invite(&[odd, "7"], false));
        assert!(!back.is_vetted(&GuardAction::Remove {
            email: "owner@x.com".into()
        }));
    }

    #[test]
    fn anything_not_whole_is_no_table() {
        let cells = busy_table().to_cells();
        // Every truncation that cuts a record short fails; cutting at a
        // record's end reads the records before it.
        for n in 0..cells.len() {
            if let Some(t) = LeaseTable::from_cells(&cells[..n]) {
                assert!(t.vetted.len() < busy_table().vetted.len(), "cut at {n}");
            }
        }
        assert_eq!(LeaseTable::from_cells(&[]), None);
        let wrong = |i: usize, c: Cell| {
            let mut cells = cells.clone();
            cells[i] = c;
            LeaseTable::from_cells(&cells)
        };
        assert_eq!(wrong(0, Cell::Str("1".into())), None, "next id a string");
        assert_eq!(wrong(1, Cell::Num(0.5)), None, "a fractional id");
        assert_eq!(wrong(2, Cell::Num(1.0)), None, "holder a number");
        assert_eq!(wrong(4, Cell::Str("grant".into())), None, "an unknown kind");
        assert_eq!(wrong(5, Cell::Num(2.0)), None, "a removal of two");
        assert_eq!(
            LeaseTable::from_cells(&[Cell::Num(3.0), Cell::Num(0.0), Cell::Str("x".into())]),
            None,
            "a name without a holder"
        );
    }
}
