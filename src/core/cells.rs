//! Flat lists of numbers and strings: how the two wasm instances of a page
//! (the in-page core and the feature module, no shared memory) hand each
//! other structured values without a serializer in the core.
//!
//! A writer pushes cells in an order its reader knows; the reader takes
//! them back with the expected type or gives up (`None`). Strings are
//! stored whole (nothing to escape), so text from the page cannot forge a
//! record. In the browser a list is a JS array of numbers and strings
//! (`driver::cells`).

/// One cell. Counts and ids are far below 2^53, so `f64` holds them
/// exactly (a JS number).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Num(f64),
    Str(String),
}

/// Builds a list of cells.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<Cell>);

impl Writer {
    pub fn num(&mut self, n: usize) {
        self.0.push(Cell::Num(n as f64));
    }

    pub fn str(&mut self, s: &str) {
        self.0.push(Cell::Str(s.to_string()));
    }

    /// A count, then the strings.
    pub fn strs<S: AsRef<str>>(&mut self, list: &[S]) {
        self.num(list.len());
        for s in list {
            self.str(s.as_ref());
        }
    }
}

/// Reads cells of the expected type, or `None`.
pub struct Reader<'a>(std::slice::Iter<'a, Cell>);

impl<'a> Reader<'a> {
    pub fn new(cells: &'a [Cell]) -> Self {
        Reader(cells.iter())
    }

    pub fn is_done(&self) -> bool {
        self.0.as_slice().is_empty()
    }

    /// A whole number that is a valid id or count.
    pub fn num(&mut self) -> Option<u64> {
        match self.0.next()? {
            Cell::Num(n) if n.fract() == 0.0 && (0.0..9e15).contains(n) => Some(*n as u64),
            _ => None,
        }
    }

    /// A number below `bound` (an index into a table, or a count that
    /// cannot exceed what is left).
    pub fn index(&mut self, bound: usize) -> Option<usize> {
        self.num()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n < bound)
    }

    /// A count of items of at least one cell each.
    pub fn count(&mut self) -> Option<usize> {
        let left = self.0.as_slice().len();
        self.index(left + 1)
    }

    pub fn str(&mut self) -> Option<String> {
        match self.0.next()? {
            Cell::Str(s) => Some(s.clone()),
            Cell::Num(_) => None,
        }
    }

    /// A count, then that many strings.
    pub fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Reader::str)
    }

    /// A count, then that many items read by `item`. (A plain loop: the
    /// collecting adapters cost the in-page core more code per item type.)
    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(item(self)?);
        }
        Some(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_takes_back_what_was_written_and_refuses_the_wrong_type() {
        let mut w = Writer::default();
        w.num(7);
        w.strs(&["a", "", "b"]);
        w.str("x");
        let mut r = Reader::new(&w.0);
        assert_eq!(r.num(), Some(7));
        assert_eq!(r.strs(), Some(vec!["a".into(), "".into(), "b".into()]));
        assert_eq!(r.num(), None, "a string is not a number");
        assert!(r.is_done());

        let odd = [
            Cell::Num(0.5),
            Cell::Num(-1.0),
            Cell::Num(1e16),
            Cell::Num(3.0),
        ];
        let mut r = Reader::new(&odd);
        assert_eq!((r.num(), r.num(), r.num()), (None, None, None));
        assert_eq!(r.index(3), None, "out of the table");
        // A count larger than what is left is refused before anything is read.
        let short = [Cell::Num(5.0), Cell::Str("a".into())];
        let mut r = Reader::new(&short);
        assert_eq!(r.strs(), None);
    }
}
