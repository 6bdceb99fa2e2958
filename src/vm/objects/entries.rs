//! The entry vector of a dict: the first few entries sit inside the dict itself
//! (an instance's attributes are then one pointer hop from the instance), the
//! rest in a heap vector.

use crate::vm::value::Value;

/// One entry: key, value and the key's hash; `None` once removed.
pub(super) type Slot = Option<(Value, Value, i64)>;

/// How many entries live inline.
const INLINE: usize = 3;

/// Entries by position, in insertion order.
#[derive(Debug, Clone, Default)]
#[repr(C)] // the count next to the inline entries: see `Instance`
pub(super) struct Entries {
    len: usize,
    inline: [Slot; INLINE],
    /// Positions from `INLINE` on.
    heap: Vec<Slot>,
}

impl Entries {
    /// Number of positions (removed entries included).
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Append an entry.
    #[inline]
    pub(super) fn push(&mut self, slot: Slot) {
        match self.inline.get_mut(self.len) {
            Some(s) => *s = slot,
            None => self.heap.push(slot),
        }
        self.len += 1;
    }

    /// The entry at position `i`.
    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<&Slot> {
        if i < INLINE {
            (i < self.len).then(|| &self.inline[i])
        } else {
            self.heap.get(i - INLINE)
        }
    }

    /// The entry at position `i`, mutably.
    #[inline]
    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut Slot> {
        if i < INLINE {
            (i < self.len).then(|| &mut self.inline[i])
        } else {
            self.heap.get_mut(i - INLINE)
        }
    }

    /// The entries in position order.
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &Slot> {
        self.inline[..self.len.min(INLINE)]
            .iter()
            .chain(self.heap.iter())
    }

    /// Drop the removed entries, closing the gaps.
    pub(super) fn compact(&mut self) {
        let kept: Vec<Slot> = std::mem::take(self)
            .into_slots()
            .filter(Option::is_some)
            .collect();
        for s in kept {
            self.push(s);
        }
    }

    /// The entries by value, in position order.
    pub(super) fn into_slots(self) -> impl Iterator<Item = Slot> {
        let n = self.len.min(INLINE);
        self.inline.into_iter().take(n).chain(self.heap)
    }
}
