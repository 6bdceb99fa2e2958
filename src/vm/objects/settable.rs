//! `set` and `frozenset` with CPython's hash table (`Objects/setobject.c`), so
//! that iteration order — and therefore printed output — matches CPython's:
//! open addressing with `LINEAR_PROBES` = 9 linear probes, then perturbed jumps;
//! dummies on removal; resizes at 3/5 full.

use super::Unhashable;
use crate::vm::value::{hash_value, key_eq, Value};

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Debug, Clone, Default)]
enum Slot {
    #[default]
    Empty,
    Dummy,
    Active(i64, Value),
}

/// A set's hash table.
#[derive(Debug, Clone)]
pub struct Set {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    finger: usize,
    /// CPython 2.7's probing and growth rules.
    py27: bool,
}

impl Default for Set {
    fn default() -> Set {
        Set {
            table: vec![Slot::Empty; MINSIZE],
            fill: 0,
            used: 0,
            finger: 0,
            py27: crate::vm::value::is_py27(),
        }
    }
}

impl Set {
    /// An empty set.
    pub fn new() -> Set {
        Set::default()
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// Slot indices in probe order: runs of `LINEAR_PROBES` then perturbed
    /// jumps (3.x), or 2.7's perturbed jumps only.
    fn probe(&self, hash: i64) -> Box<dyn Iterator<Item = usize>> {
        let mask = self.mask();
        if self.py27 {
            return Box::new(super::dict27::probe(hash, mask));
        }
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let run = move |i: usize| {
            if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            }
        };
        let mut j = 0;
        let mut started = false;
        Box::new(std::iter::from_fn(move || {
            if !started {
                started = true;
                return Some(i);
            }
            if j < run(i) {
                j += 1;
                return Some(i + j);
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
            j = 0;
            Some(i)
        }))
    }

    /// Find the active slot holding `key`.
    fn find(&self, hash: i64, key: &Value) -> Option<usize> {
        for j in self.probe(hash) {
            match &self.table[j] {
                Slot::Empty => return None,
                Slot::Active(h, k) if *h == hash && key_eq(k, key) => return Some(j),
                _ => {}
            }
        }
        None
    }

    /// Active slots whose key has hash `hash`, along its probe sequence.
    pub fn candidates(&self, hash: i64) -> Vec<(usize, Value)> {
        let mut out = Vec::new();
        for j in self.probe(hash) {
            match &self.table[j] {
                Slot::Empty => return out,
                Slot::Active(h, k) if *h == hash => out.push((j, k.clone())),
                _ => {}
            }
        }
        out
    }

    /// Insert a key known to be absent, with its hash.
    pub fn insert_hashed(&mut self, hash: i64, key: Value) {
        self.add_entry(hash, key);
    }

    /// Remove the active slot `i` (from [`Set::candidates`]).
    pub fn remove_slot(&mut self, i: usize) {
        if matches!(self.table.get(i), Some(Slot::Active(..))) {
            self.table[i] = Slot::Dummy;
            self.used -= 1;
        }
    }

    /// `set_add_entry` (2.7: `set_add_key`).
    fn add_entry(&mut self, hash: i64, key: Value) {
        if self.insert_key(hash, key) {
            let mask = self.mask();
            let full = if self.py27 {
                self.fill * 3 >= (mask + 1) * 2
            } else {
                self.fill * 5 >= mask * 3
            };
            if full {
                let n = if self.used > 50_000 {
                    self.used * 2
                } else {
                    self.used * 4
                };
                self.resize(n);
            }
        }
    }

    /// Place a key without resizing; whether the table may need to grow (3.x:
    /// an empty slot was filled; 2.7: the key was added).
    fn insert_key(&mut self, hash: i64, key: Value) -> bool {
        let mut freeslot = None;
        let seq = self.probe(hash);
        for j in seq {
            match &self.table[j] {
                Slot::Empty => {
                    self.used += 1;
                    if let Some(f) = freeslot {
                        self.table[f] = Slot::Active(hash, key);
                        return self.py27;
                    }
                    self.table[j] = Slot::Active(hash, key);
                    self.fill += 1;
                    return true;
                }
                Slot::Active(h, k) if *h == hash && key_eq(k, &key) => return false,
                Slot::Dummy if freeslot.is_none() => freeslot = Some(j),
                _ => {}
            }
        }
        false
    }

    fn insert_clean(&mut self, hash: i64, key: Value) {
        let seq = self.probe(hash);
        for j in seq {
            if matches!(self.table[j], Slot::Empty) {
                self.table[j] = Slot::Active(hash, key);
                return;
            }
        }
    }

    /// `set_table_resize`.
    fn resize(&mut self, minused: usize) {
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        for slot in old {
            if let Slot::Active(h, k) = slot {
                self.insert_clean(h, k);
            }
        }
    }

    /// Add an item.
    pub fn add(&mut self, v: Value) -> Result<(), Unhashable> {
        let h = hash_value(&v).ok_or(Unhashable)?;
        self.add_entry(h, v);
        Ok(())
    }

    /// Whether `v` is in the set.
    pub fn contains(&self, v: &Value) -> Result<bool, Unhashable> {
        let h = hash_value(v).ok_or(Unhashable)?;
        Ok(self.find(h, v).is_some())
    }

    /// Remove `v`; whether it was there.
    pub fn remove(&mut self, v: &Value) -> Result<bool, Unhashable> {
        let h = hash_value(v).ok_or(Unhashable)?;
        match self.find(h, v) {
            Some(i) => {
                self.table[i] = Slot::Dummy;
                self.used -= 1;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// `set_merge`: add every item of `other` (CPython's fast paths included, as
    /// they decide the resulting order).
    pub fn merge(&mut self, other: &Set) {
        if other.used == 0 {
            return;
        }
        if self.py27 {
            if (self.fill + other.used) * 3 >= (self.mask() + 1) * 2 {
                self.resize((self.used + other.used) * 2);
            }
            for slot in &other.table {
                if let Slot::Active(h, k) = slot {
                    self.insert_key(*h, k.clone());
                }
            }
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for slot in &other.table {
                if let Slot::Active(h, k) = slot {
                    self.insert_clean(*h, k.clone());
                }
            }
            return;
        }
        for slot in &other.table {
            if let Slot::Active(h, k) = slot {
                self.add_entry(*h, k.clone());
            }
        }
    }

    /// A copy made the way `set(s)` / `s.copy()` makes it.
    pub fn copied(&self) -> Set {
        let mut s = Set::new();
        s.merge(self);
        s
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The items in table order.
    pub fn items(&self) -> Vec<Value> {
        self.table
            .iter()
            .filter_map(|s| match s {
                Slot::Active(_, k) => Some(k.clone()),
                _ => None,
            })
            .collect()
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        *self = Set::new();
    }

    /// `set.pop()`: from the finger onwards.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let n = self.table.len();
        let mut i = self.finger & self.mask();
        while !matches!(self.table[i], Slot::Active(..)) {
            i = (i + 1) % n;
        }
        let slot = std::mem::replace(&mut self.table[i], Slot::Dummy);
        self.used -= 1;
        self.finger = i + 1;
        match slot {
            Slot::Active(_, k) => Some(k),
            _ => None,
        }
    }

    /// Same items (for frozenset equality).
    pub fn same_items(&self, other: &Set) -> bool {
        self.len() == other.len()
            && self
                .items()
                .iter()
                .all(|k| other.contains(k).unwrap_or(false))
    }

    /// `frozenset.__hash__` (`frozenset_hash`).
    pub fn hash(&self) -> Option<i64> {
        if self.py27 {
            let mut h = 1_927_868_237_i64.wrapping_mul(self.used as i64 + 1);
            for s in &self.table {
                if let Slot::Active(x, _) = s {
                    h ^= (x ^ (x << 16) ^ 89_869_747).wrapping_mul(3_644_798_167);
                }
            }
            h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
            return Some(if h == -1 { 590_923_713 } else { h });
        }
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
        }
        let mut h: u64 = 0;
        for s in &self.table {
            if let Slot::Active(x, _) = s {
                h ^= shuffle(*x as u64);
            }
        }
        h ^= (self.used as u64 + 1).wrapping_mul(1_927_868_237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
        if h == u64::MAX {
            h = 590_923_713;
        }
        Some(h as i64)
    }

    /// `a | b`
    pub fn union(&self, other: &Set) -> Set {
        let mut r = self.copied();
        r.merge(other);
        r
    }

    /// `a & b` (`set_intersection`: iterate the smaller set).
    pub fn intersection(&self, other: &Set) -> Set {
        let (small, big) = if other.len() > self.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut r = Set::new();
        for slot in &small.table {
            if let Slot::Active(h, k) = slot {
                if big.find(*h, k).is_some() {
                    r.add_entry(*h, k.clone());
                }
            }
        }
        r
    }

    /// `a - b` (`set_difference`).
    pub fn difference(&self, other: &Set) -> Set {
        if (self.len() >> 2) > other.len() {
            let mut r = self.copied();
            for k in other.items() {
                let _ = r.remove(&k);
            }
            return r;
        }
        let mut r = Set::new();
        for slot in &self.table {
            if let Slot::Active(h, k) = slot {
                if other.find(*h, k).is_none() {
                    r.add_entry(*h, k.clone());
                }
            }
        }
        r
    }

    /// `a ^ b` (`set_symmetric_difference`: a copy of `b` updated with `a`).
    pub fn symmetric_difference(&self, other: &Set) -> Set {
        let mut r = other.copied();
        for slot in &self.table {
            if let Slot::Active(h, k) = slot {
                match r.find(*h, k) {
                    Some(i) => {
                        r.table[i] = Slot::Dummy;
                        r.used -= 1;
                    }
                    None => r.add_entry(*h, k.clone()),
                }
            }
        }
        r
    }
}
