//! Insertion-ordered dicts and sets keyed by Python hashes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::dict27::Table27;
use super::entries::Entries;
use crate::vm::value::{hash_value, Str, Value};

/// Mixes the index's keys, which are Python hashes already, with one multiply (std's
/// default SipHash would hash them a second time).
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        let x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
}

/// The entry positions that share one hash; almost always a single one.
#[derive(Debug, Clone)]
enum Bucket {
    One(usize),
    Many(Vec<usize>),
}

impl Bucket {
    fn as_slice(&self) -> &[usize] {
        match self {
            Bucket::One(i) => std::slice::from_ref(i),
            Bucket::Many(v) => v,
        }
    }

    fn push(&mut self, i: usize) {
        match self {
            Bucket::One(j) => *self = Bucket::Many(vec![*j, i]),
            Bucket::Many(v) => v.push(i),
        }
    }

    /// Drop position `i`; whether the bucket is now empty.
    fn remove(&mut self, i: usize) -> bool {
        match self {
            Bucket::One(j) => *j == i,
            Bucket::Many(v) => {
                v.retain(|&j| j != i);
                v.is_empty()
            }
        }
    }
}

type Index = HashMap<i64, Bucket, BuildHasherDefault<MixHasher>>;

/// Up to this many entries (removed ones included) a dict has no hash index.
const SMALL: usize = 8;

/// A key that cannot be hashed (`TypeError: unhashable type`).
#[derive(Debug, Clone, Copy)]
pub struct Unhashable;

/// A `dict`: entries in insertion order, indexed by hash.
#[derive(Debug, Clone, Default)]
#[repr(C)] // the entries first: see `Instance`
pub struct Dict {
    /// (key, value, key's hash); `None` for a removed entry.
    entries: Entries,
    /// Hash → positions, kept only past [`SMALL`] entries: smaller dicts (most
    /// instance dicts) are scanned, comparing the stored hashes.
    index: Index,
    len: usize,
    /// CPython 2.7's slot table, which decides the iteration order there.
    t27: Option<Box<Table27>>,
    /// A class namespace: every change bumps [`class_epoch`], which invalidates
    /// the classes' attribute caches.
    class_ns: bool,
    /// Identifies the key set: 0 for a dict that never had a key, else a value
    /// from [`KEYS_VERSION`] taken when a key was last added or removed (copies
    /// share it with their identical key set). See [`Dict::keys_version`].
    keys_version: u64,
}

thread_local! {
    static CLASS_EPOCH: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    static KEYS_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A counter that changes whenever any class namespace changes.
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.with(std::cell::Cell::get)
}

impl Dict {
    /// Mark this dict as a class namespace (see [`class_epoch`]).
    pub fn mark_class_ns(&mut self) {
        self.class_ns = true;
        self.touch();
    }

    /// Note a change (for class namespaces).
    #[inline]
    fn touch(&self) {
        if self.class_ns {
            CLASS_EPOCH.with(|e| e.set(e.get().wrapping_add(1)));
        }
    }

    /// Note that a key was added or removed.
    #[inline]
    fn rekey(&mut self) {
        self.keys_version = KEYS_VERSION.with(|n| {
            let v = n.get().wrapping_add(1);
            n.set(v);
            v
        });
    }

    /// A tag of the key set: two dicts (or one dict at two times) with the same
    /// tag have the same keys, whatever their values (for `LOAD_GLOBAL`'s cache).
    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys_version
    }

    /// An empty dict.
    pub fn new() -> Dict {
        Dict {
            t27: crate::vm::value::is_py27().then(Box::default),
            ..Dict::default()
        }
    }

    /// A dict presized for `n` items (2.7's `BUILD_MAP n`; no effect on 3.x).
    pub fn presized(n: usize) -> Dict {
        let mut d = Dict::new();
        if d.t27.is_some() {
            d.t27 = Some(Box::new(Table27::presized(n)));
        }
        d
    }

    /// Append a new entry and index it (and place it in the 2.7 table).
    fn push_entry(&mut self, h: i64, k: Value, v: Value) {
        self.touch();
        self.rekey();
        let idx = self.entries.len();
        self.index_push(h, idx);
        self.entries.push(Some((k, v, h)));
        self.len += 1;
        let Some(t) = self.t27.as_mut() else { return };
        if let Some(order) = t.insert(h, idx) {
            self.renumber(&order);
        }
    }

    /// The 2.7 table was rebuilt: renumber the entries in its (old index, hash)
    /// order.
    fn renumber(&mut self, order: &[(usize, i64)]) {
        let mut old = std::mem::take(&mut self.entries);
        self.index.clear();
        for &(i, _) in order {
            self.entries.push(old.get_mut(i).and_then(Option::take));
        }
        self.reindex();
    }

    /// `dict.update(other)` / `dict(other)` / `d.copy()` with another dict: in
    /// 2.7 (`PyDict_Merge`) the table grows once for both, then `other`'s
    /// entries go in in its order; otherwise insertion one by one.
    pub fn merge_from(&mut self, other: &Dict) {
        self.touch();
        self.rekey();
        let Some(t) = self.t27.as_mut() else {
            for (k, v) in other.items() {
                let _ = self.insert(k, v);
            }
            return;
        };
        if let Some(order) = t.reserve(other.len) {
            self.renumber(&order);
        }
        let pairs: Vec<(i64, Value, Value)> = match &other.t27 {
            Some(ot) => ot
                .hashed_order()
                .filter_map(|(i, h)| {
                    let (k, v, _) = other.entries.get(i)?.as_ref()?;
                    Some((h, k.clone(), v.clone()))
                })
                .collect(),
            None => other
                .items()
                .into_iter()
                .filter_map(|(k, v)| Some((hash_value(&k)?, k, v)))
                .collect(),
        };
        for (h, k, v) in pairs {
            if let Some(i) = self.find(h, &k) {
                self.set_at(i, v);
                continue;
            }
            let idx = self.entries.len();
            self.index_push(h, idx);
            self.entries.push(Some((k, v, h)));
            self.len += 1;
            if let Some(t) = self.t27.as_mut() {
                t.place(h, idx);
            }
        }
    }

    /// A copy as `d.copy()` makes it (2.7: a fresh table merged from `self`).
    pub fn copied(&self) -> Dict {
        if self.t27.is_none() {
            return self.clone();
        }
        let mut d = Dict::new();
        d.merge_from(self);
        d
    }

    /// The position of the first entry whose hash is `h` and whose key `same`
    /// accepts.
    #[inline]
    fn find_by(&self, h: i64, same: impl Fn(&Value) -> bool) -> Option<usize> {
        let at =
            |i: usize| matches!(self.entries.get(i), Some(Some((k, _, eh))) if *eh == h && same(k));
        if self.entries.len() <= SMALL {
            return (0..self.entries.len()).find(|&i| at(i));
        }
        self.index
            .get(&h)?
            .as_slice()
            .iter()
            .copied()
            .find(|&i| at(i))
    }

    fn find(&self, h: i64, k: &Value) -> Option<usize> {
        self.find_by(h, |ek| crate::vm::value::key_eq(ek, k))
    }

    /// The value for `k`.
    pub fn get(&self, k: &Value) -> Result<Option<Value>, Unhashable> {
        let h = hash_value(k).ok_or(Unhashable)?;
        Ok(self
            .find(h, k)
            .and_then(|i| self.entries.get(i)?.as_ref().map(|(_, v, _)| v.clone())))
    }

    /// The value for a str key (without allocating one).
    pub fn get_str(&self, k: &str) -> Option<Value> {
        self.get_hashed_str(crate::vm::value::hash_str(k), k)
    }

    /// The value for a str key given as a `Str` (whose hash is cached).
    pub fn get_name(&self, k: &Str) -> Option<Value> {
        let i = self.find_name(k.hash(), k)?;
        self.entries.get(i)?.as_ref().map(|(_, v, _)| v.clone())
    }

    /// The value for a str key whose hash `h` is known.
    pub fn get_hashed_str(&self, h: i64, k: &str) -> Option<Value> {
        let i = self.find_str(h, k)?;
        self.entries.get(i)?.as_ref().map(|(_, v, _)| v.clone())
    }

    /// Insert with a `Str` key (shared, not copied, when new).
    pub fn set_name(&mut self, k: &Str, v: Value) {
        self.set_name_pos(k, v);
    }

    /// [`Dict::set_name`], returning the key's position when it is known cheaply
    /// (not after a 2.7 table rebuild).
    pub fn set_name_pos(&mut self, k: &Str, v: Value) -> Option<usize> {
        self.touch();
        let h = k.hash();
        if let Some(i) = self.find_name(h, k) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                e.1 = v;
            }
            return Some(i);
        }
        self.push_entry(h, Value::Str(k.clone()), v);
        self.t27.is_none().then(|| self.entries.len() - 1)
    }

    /// The value of the str key `k` if it is at position `i` (an inline cache's
    /// guess; only the pointer is compared, names being interned).
    #[inline]
    pub fn name_at(&self, i: usize, k: &Str) -> Option<&Value> {
        match self.entries.get(i) {
            Some(Some((Value::Str(s), v, _))) if s.ptr_eq(k) => Some(v),
            _ => None,
        }
    }

    /// The value of the str key `k` if it is at position `i`, comparing the text
    /// when the key is another string object.
    #[inline]
    pub fn name_value_at(&self, i: usize, k: &Str) -> Option<Value> {
        match self.entries.get(i) {
            Some(Some((Value::Str(s), v, _))) if s.ptr_eq(k) || s.as_str() == k.as_str() => {
                Some(v.clone())
            }
            _ => None,
        }
    }

    /// Replace the value of the str key `k` if it is at position `i`; gives `v`
    /// back otherwise.
    #[inline]
    pub fn replace_name_at(&mut self, i: usize, k: &Str, v: Value) -> Result<(), Value> {
        match self.entries.get_mut(i) {
            Some(Some((Value::Str(s), slot, _))) if s.ptr_eq(k) => {
                *slot = v;
                self.touch();
                Ok(())
            }
            _ => Err(v),
        }
    }

    /// The position of the str key `k`.
    pub fn name_pos(&self, k: &Str) -> Option<usize> {
        self.find_name(k.hash(), k)
    }

    /// [`Dict::find_str`] that first compares pointers (names are interned).
    fn find_name(&self, h: i64, k: &Str) -> Option<usize> {
        self.find_by(
            h,
            |ek| matches!(ek, Value::Str(s) if s.ptr_eq(k) || s.as_str() == k.as_str()),
        )
    }

    fn find_str(&self, h: i64, k: &str) -> Option<usize> {
        self.find_by(h, |ek| matches!(ek, Value::Str(s) if s.as_str() == k))
    }

    /// Whether `k` is a key.
    pub fn contains(&self, k: &Value) -> Result<bool, Unhashable> {
        Ok(self.get(k)?.is_some())
    }

    /// Insert or replace (an existing key keeps its position and its key object).
    pub fn insert(&mut self, k: Value, v: Value) -> Result<(), Unhashable> {
        self.touch();
        let h = hash_value(&k).ok_or(Unhashable)?;
        if let Some(i) = self.find(h, &k) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                e.1 = v;
            }
            return Ok(());
        }
        self.push_entry(h, k, v);
        Ok(())
    }

    /// Insert with a str key.
    pub fn set_str(&mut self, k: &str, v: Value) {
        self.touch();
        let h = crate::vm::value::hash_str(k);
        // An existing key keeps its object: no new string for it.
        if let Some(i) = self.find_str(h, k) {
            if let Some(Some(e)) = self.entries.get_mut(i) {
                e.1 = v;
            }
            return;
        }
        self.push_entry(h, Value::str(k), v);
    }

    /// Remove `k`, returning its value.
    pub fn remove(&mut self, k: &Value) -> Result<Option<Value>, Unhashable> {
        self.touch();
        let h = hash_value(k).ok_or(Unhashable)?;
        let Some(i) = self.find(h, k) else {
            return Ok(None);
        };
        self.rekey();
        self.index_remove(h, i);
        let old = self
            .entries
            .get_mut(i)
            .and_then(Option::take)
            .map(|(_, v, _)| v);
        self.len -= 1;
        if let Some(t) = self.t27.as_mut() {
            t.remove(h, i);
        } else if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Ok(old)
    }

    /// Index the entry at `i` (`h` its hash), building the whole index when the
    /// dict outgrows [`SMALL`].
    fn index_push(&mut self, h: i64, i: usize) {
        if i < SMALL {
            return;
        }
        if i == SMALL {
            self.index_all();
        }
        match self.index.get_mut(&h) {
            Some(b) => b.push(i),
            None => {
                self.index.insert(h, Bucket::One(i));
            }
        }
    }

    /// Rebuild the index from the entries (nothing for a small dict).
    fn reindex(&mut self) {
        self.index.clear();
        if self.entries.len() > SMALL {
            self.index_all();
        }
    }

    /// Index every entry (into an empty index).
    fn index_all(&mut self) {
        for (i, e) in self.entries.iter().enumerate() {
            if let Some((_, _, h)) = e {
                match self.index.get_mut(h) {
                    Some(b) => b.push(i),
                    None => {
                        self.index.insert(*h, Bucket::One(i));
                    }
                }
            }
        }
    }

    fn index_remove(&mut self, h: i64, i: usize) {
        if self.index.get_mut(&h).is_some_and(|b| b.remove(i)) {
            self.index.remove(&h);
        }
    }

    fn compact(&mut self) {
        self.entries.compact();
        self.reindex();
    }

    /// Entries whose key has hash `h`: (position, key).
    pub fn candidates(&self, h: i64) -> Vec<(usize, Value)> {
        let key_at = |i: usize| match self.entries.get(i) {
            Some(Some((k, _, eh))) if *eh == h => Some((i, k.clone())),
            _ => None,
        };
        if self.entries.len() <= SMALL {
            return (0..self.entries.len()).filter_map(key_at).collect();
        }
        self.index
            .get(&h)
            .map(|v| v.as_slice().iter().filter_map(|&i| key_at(i)).collect())
            .unwrap_or_default()
    }

    /// The value at a position from [`Dict::candidates`].
    pub fn value_at(&self, i: usize) -> Option<Value> {
        self.entries.get(i)?.as_ref().map(|(_, v, _)| v.clone())
    }

    /// Replace the value at a position.
    pub fn set_at(&mut self, i: usize, v: Value) {
        self.touch();
        if let Some(Some(e)) = self.entries.get_mut(i) {
            e.1 = v;
        }
    }

    /// Append a key known to be absent, with its hash.
    pub fn push_hashed(&mut self, h: i64, k: Value, v: Value) {
        self.push_entry(h, k, v);
    }

    /// Remove the entry at a position (its key hashing to `h`).
    pub fn remove_at(&mut self, h: i64, i: usize) -> Option<Value> {
        self.touch();
        self.rekey();
        self.index_remove(h, i);
        let old = self.entries.get_mut(i)?.take().map(|(_, v, _)| v);
        if old.is_some() {
            self.len -= 1;
            if let Some(t) = self.t27.as_mut() {
                t.remove(h, i);
            }
        }
        old
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        self.touch();
        let class_ns = self.class_ns;
        *self = Dict::new();
        self.class_ns = class_ns;
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        let (plain, slotted) = match &self.t27 {
            None => (Some(self.entries.iter().flatten()), None),
            Some(t) => {
                let order: Vec<usize> = t.order().collect();
                let entries = &self.entries;
                let it = order
                    .into_iter()
                    .filter_map(move |i| entries.get(i).and_then(Option::as_ref));
                (None, Some(it))
            }
        };
        plain
            .into_iter()
            .flatten()
            .chain(slotted.into_iter().flatten())
            .map(|(k, v, _)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    /// The values in order.
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }

    /// The (key, value) pairs in order.
    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// Remove and return the last entry.
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        self.touch();
        let (k, v, _) = self.entries.iter().rev().flatten().next()?.clone();
        let _ = self.remove(&k);
        Some((k, v))
    }
}
