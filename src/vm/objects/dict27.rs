//! The slot layout of a CPython 2.7 dict (`Objects/dictobject.c` of 2.7): open
//! addressing over a power-of-two table with `i = 5*i + perturb + 1` probing,
//! dummies on deletion, growth to 4x the used count (2x above 50 000) when the
//! table is two-thirds full. 2.7 dicts iterate in slot order, so this table
//! decides the order in which keys are printed.

/// `PyDict_MINSIZE`
const MINSIZE: usize = 8;
const PERTURB_SHIFT: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Empty,
    Dummy,
    /// (entry index in the owning dict, hash)
    Full(usize, i64),
}

/// The 2.7 slot table of a dict; entries are referred to by their index.
#[derive(Debug, Clone)]
pub struct Table27 {
    slots: Vec<Slot>,
    fill: usize,
    used: usize,
}

impl Default for Table27 {
    fn default() -> Table27 {
        Table27::new()
    }
}

/// The probe sequence of `hash` over a table of `mask + 1` slots (2.7's dicts and
/// sets alike).
pub(super) fn probe(hash: i64, mask: usize) -> impl Iterator<Item = usize> {
    let mut i = hash as u64 as usize & mask;
    let mut perturb = hash as u64;
    let mut first = true;
    std::iter::from_fn(move || {
        if first {
            first = false;
        } else {
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb as usize)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
        Some(i & mask)
    })
}

impl Table27 {
    /// An empty table of `PyDict_MINSIZE` slots.
    pub fn new() -> Table27 {
        Table27 {
            slots: vec![Slot::Empty; MINSIZE],
            fill: 0,
            used: 0,
        }
    }

    /// `_PyDict_NewPresized(n)` (`BUILD_MAP n`).
    pub fn presized(n: usize) -> Table27 {
        let mut t = Table27::new();
        if n > 5 {
            t.resize(n);
        }
        t
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Record a new key (absent from the dict) stored at entry `idx`. Returns
    /// the (old entry index, hash) order after a resize, if one happened
    /// (entries are then renumbered in slot order).
    pub fn insert(&mut self, hash: i64, idx: usize) -> Option<Vec<(usize, i64)>> {
        self.place(hash, idx);
        let mask = self.mask();
        if self.fill * 3 >= (mask + 1) * 2 {
            let factor = if self.used > 50_000 { 2 } else { 4 };
            return Some(self.resize(factor * self.used));
        }
        None
    }

    /// `PyDict_Merge`'s growth before adding `n` entries of another dict (which
    /// are then placed without further growth).
    pub fn reserve(&mut self, n: usize) -> Option<Vec<(usize, i64)>> {
        if (self.fill + n) * 3 >= (self.mask() + 1) * 2 {
            return Some(self.resize((self.used + n) * 2));
        }
        None
    }

    /// Put a new key in its slot (`insertdict` without growth).
    pub fn place(&mut self, hash: i64, idx: usize) {
        let mask = self.mask();
        let mut free = None;
        for i in probe(hash, mask) {
            match self.slots[i] {
                Slot::Empty => {
                    let at = match free {
                        Some(f) => f,
                        None => {
                            self.fill += 1;
                            i
                        }
                    };
                    self.slots[at] = Slot::Full(idx, hash);
                    break;
                }
                Slot::Dummy if free.is_none() => free = Some(i),
                _ => {}
            }
        }
        self.used += 1;
    }

    /// Forget the key at entry `idx` (hash `hash`): its slot becomes a dummy.
    pub fn remove(&mut self, hash: i64, idx: usize) {
        let mask = self.mask();
        for (n, i) in probe(hash, mask).enumerate() {
            match self.slots[i] {
                Slot::Full(j, _) if j == idx => {
                    self.slots[i] = Slot::Dummy;
                    self.used -= 1;
                    return;
                }
                Slot::Empty => return,
                _ if n > self.slots.len() * 2 + 64 => return,
                _ => {}
            }
        }
    }

    /// `dictresize(minused)`: a clean table re-filled in the old slot order;
    /// entries are renumbered 0.. in that order, returned as (old index, hash).
    fn resize(&mut self, minused: usize) -> Vec<(usize, i64)> {
        let mut order = Vec::new();
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        let mask = size - 1;
        let mut n = 0;
        for s in old {
            if let Slot::Full(idx, hash) = s {
                order.push((idx, hash));
                if let Some(i) = probe(hash, mask).find(|&i| self.slots[i] == Slot::Empty) {
                    self.slots[i] = Slot::Full(n, hash);
                }
                n += 1;
            }
        }
        self.fill = n;
        self.used = n;
        order
    }

    /// (entry index, hash) in slot order.
    pub fn hashed_order(&self) -> impl Iterator<Item = (usize, i64)> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(i, h) => Some((*i, *h)),
            _ => None,
        })
    }

    /// Entry indices in slot (iteration) order.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(i, _) => Some(*i),
            _ => None,
        })
    }
}
