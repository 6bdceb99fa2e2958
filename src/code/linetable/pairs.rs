//! Shared machinery of the two byte-pair formats (`co_lnotab` and the 3.10
//! `co_linetable`): reading pairs, and run-length "shapes" used to match a candidate
//! entry against the pairs in constant time.

use super::error::{TableError, TableErrorKind, TableKind};

/// One `(byte delta, line delta)` pair as stored.
pub(crate) type Pair = [u8; 2];

/// Split a table into pairs.
pub(crate) fn read_pairs(bytes: &[u8], table: TableKind) -> Result<Vec<Pair>, TableError> {
    if bytes.len() % 2 != 0 {
        return Err(TableError::new(
            table,
            bytes.len() - 1,
            TableErrorKind::OddLength,
        ));
    }
    Ok(bytes.chunks_exact(2).map(|c| [c[0], c[1]]).collect())
}

/// `runs[i]` = how many pairs starting at `i` equal `pairs[i]`.
pub(crate) fn run_lengths(pairs: &[Pair]) -> Vec<u64> {
    let mut runs = vec![0u64; pairs.len()];
    for i in (0..pairs.len()).rev() {
        runs[i] = match pairs.get(i + 1) {
            Some(next) if *next == pairs[i] => runs[i + 1] + 1,
            _ => 1,
        };
    }
    runs
}

/// A run-length encoded pair sequence: no zero counts, no two adjacent equal pairs,
/// so two sequences are equal iff their shapes are.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Shape(Vec<(Pair, u64)>);

impl Shape {
    /// Append `count` copies of `pair`.
    pub(crate) fn push(&mut self, pair: Pair, count: u64) {
        if count == 0 {
            return;
        }
        match self.0.last_mut() {
            Some((last, n)) if *last == pair => *n += count,
            _ => self.0.push((pair, count)),
        }
    }

    /// Write the pairs out.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        for (pair, n) in &self.0 {
            for _ in 0..*n {
                out.extend_from_slice(pair);
            }
        }
    }
}

/// Pair lookups for the greedy decoders.
pub(crate) struct Pairs {
    pub(crate) pairs: Vec<Pair>,
    runs: Vec<u64>,
}

impl Pairs {
    pub(crate) fn new(pairs: Vec<Pair>) -> Pairs {
        let runs = run_lengths(&pairs);
        Pairs { pairs, runs }
    }

    /// The pair at `i`, if any.
    pub(crate) fn get(&self, i: u64) -> Option<Pair> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.pairs.get(i))
            .copied()
    }

    /// How many copies of `pair` start at `i` (0 if the pair at `i` differs).
    pub(crate) fn run_of(&self, i: u64, pair: Pair) -> u64 {
        match usize::try_from(i) {
            Ok(i) if self.pairs.get(i) == Some(&pair) => self.runs[i],
            _ => 0,
        }
    }
}
