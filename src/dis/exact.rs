//! The exactness decisions: what the assembler would rebuild from the text `dis` is
//! about to print, compared with what the file holds. Each function here answers one
//! question of `docs/language.md` ("default" rules):
//!
//! - [`first_indices`]: which table entries an operand may name symbolically (the
//!   assembler resolves a value or name to its first occurrence);
//! - [`positions`] (in [`position`]): which position prefixes to print, and whether
//!   CPython's encoder (`encode_canonical`, checked by `is_canonical`) given those
//!   positions writes the same line table;
//! - [`exception_entries`]: whether `.except` entries with labels can express the
//!   exception table;
//! - [`localsplus_is_derived`]: whether the 3.11+ localsplus kinds are the ones the
//!   assembler derives.

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::code::exctable::{ExceptionEntry, ExceptionTable};
use crate::code::{Code, Const, LocalPlus, PyStr, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use crate::version::Version;

pub mod position;

pub use position::{positions, Positions, PrefixBuffers};

/// For each item, the index of the first item equal to it. An operand naming item
/// `i` is written symbolically only when `first[i] == i`.
pub fn first_indices<T: Hash + Eq>(items: &[T]) -> FirstIndices {
    first_equal(items, |x| {
        let mut h = FxHasher::default();
        x.hash(&mut h);
        h.finish()
    })
}

/// What [`first_indices`] returns: borrowed from a static table of `0, 1, 2, ...`
/// when no item repeats an earlier one (nearly every table), so most blocks need no
/// allocation for it.
pub type FirstIndices = Cow<'static, [usize]>;

/// Tables up to this size are searched pairwise; larger ones through an
/// open-addressing table (on the stack up to [`SMALL`] items).
const DIRECT: usize = 6;
const SMALL: usize = 32;

/// [`first_indices`] with the items' hashes from `hash` (equal items, equal hashes).
fn first_equal<T: PartialEq>(items: &[T], hash: impl Fn(&T) -> u64) -> FirstIndices {
    let n = items.len();
    let mut first = Firsts(None);
    if n <= DIRECT {
        // Most tables are this small: comparing the items costs less than hashing them.
        for (i, x) in items.iter().enumerate() {
            first.push(i, (0..i).find(|&j| items[j] == *x).unwrap_or(i));
        }
    } else if n <= SMALL {
        let table = &mut [usize::MAX; 2 * SMALL];
        first_by_table(items, hash, table, &mut [0; SMALL], &mut first);
    } else {
        let table = &mut vec![usize::MAX; (2 * n).next_power_of_two()];
        first_by_table(items, hash, table, &mut vec![0; n], &mut first);
    }
    match first.0 {
        Some(firsts) => Cow::Owned(firsts),
        None => match IDENTITY.get(..n) {
            Some(identity) => Cow::Borrowed(identity),
            None => Cow::Owned((0..n).collect()),
        },
    }
}

/// `IDENTITY[i] == i`, for tables without repeats.
static IDENTITY: [usize; 1024] = {
    let mut t = [0; 1024];
    let mut i = 0;
    while i < t.len() {
        t[i] = i;
        i += 1;
    }
    t
};

/// The first indices of the items so far, written out from the first repeat on.
struct Firsts(Option<Vec<usize>>);

impl Firsts {
    /// Item `i` first occurs at `j`.
    #[inline(always)]
    fn push(&mut self, i: usize, j: usize) {
        match &mut self.0 {
            Some(firsts) => firsts.push(j),
            None if j != i => self.0 = Some((0..i).chain([j]).collect()),
            None => {}
        }
    }
}

/// [`first_equal`] through `table` (empty slots `usize::MAX`, a power of two of at
/// least twice the items): linear probing from the hash's high bits (the Fx multiply
/// mixes upwards); the table holds the first item of each value. Items are compared
/// only when their hashes (kept in `hashes`, one per item) are equal.
fn first_by_table<T: PartialEq>(
    items: &[T],
    hash: impl Fn(&T) -> u64,
    table: &mut [usize],
    hashes: &mut [u64],
    first: &mut Firsts,
) {
    let mask = table.len() - 1;
    let bits = table.len().trailing_zeros();
    for (i, x) in items.iter().enumerate() {
        let h = hash(x);
        if let Some(slot_hash) = hashes.get_mut(i) {
            *slot_hash = h;
        }
        let mut slot = (h >> (64 - bits)) as usize;
        loop {
            let Some(&k) = table.get(slot) else { return };
            if k == usize::MAX {
                table[slot] = i;
                first.push(i, i);
                break;
            }
            if hashes.get(k) == Some(&h) && items.get(k) == Some(x) {
                first.push(i, k);
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A fast hasher for the first-use tables (the multiply-rotate scheme of Firefox's
/// and rustc's "Fx" hash). It starts from a per-process random seed, so a file
/// cannot be made of names that all collide (which would make a lookup linear).
pub struct FxHasher(u64);

impl Default for FxHasher {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
        });
        FxHasher(seed)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        // The last 1 to 7 bytes as one word without a variable-length copy: the first
        // and last four (overlapping), or the first, middle and last one. The length
        // is hashed before the bytes (slices do), so this stays one-to-one.
        let rest = chunks.remainder();
        let n = rest.len();
        let word = match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
            (Some(a), Some(b)) => {
                u64::from(u32::from_le_bytes(*a)) | u64::from(u32::from_le_bytes(*b)) << 32
            }
            _ => match (rest.first(), rest.get(n / 2), rest.last()) {
                (Some(&a), Some(&b), Some(&c)) => {
                    u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16
                }
                _ => return,
            },
        };
        self.add(word);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i.into());
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash maps and sets keyed by [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// [`first_indices`] for constants, compared by type and value as the language says
/// (`1`, `1.0`, `True` differ; `0.0` and `-0.0` differ; NaNs by their bits).
pub fn first_const_indices(consts: &[Const]) -> FirstIndices {
    first_equal(consts, |c| {
        let mut h = FxHasher::default();
        hash_const(c, &mut h);
        h.finish()
    })
}

/// A hash consistent with `Const`'s equality (cheap for code objects: equal code
/// objects have equal names, first lines and bytecode).
fn hash_const(c: &Const, h: &mut impl Hasher) {
    std::mem::discriminant(c).hash(h);
    match c {
        Const::Bool(b) => b.hash(h),
        Const::Int(i) | Const::Long(i) => i.hash(h),
        Const::Float(f) => f.to_bits().hash(h),
        Const::Complex(a, b) => (a.to_bits(), b.to_bits()).hash(h),
        Const::Bytes(b) => b.hash(h),
        Const::Str(s) => s.hash(h),
        Const::Tuple(v) | Const::List(v) | Const::Set(v) | Const::FrozenSet(v) => {
            v.len().hash(h);
            v.iter().for_each(|x| hash_const(x, h));
        }
        Const::Dict(pairs) => pairs.iter().for_each(|(a, b)| {
            hash_const(a, h);
            hash_const(b, h);
        }),
        Const::Slice(parts) => parts.iter().for_each(|x| hash_const(x, h)),
        // Equal code objects agree in every field; these few tell nearly all apart.
        Const::Code(code) => {
            code.name.hash(h);
            code.firstlineno.hash(h);
            code.code.len().hash(h);
        }
        Const::None | Const::Ellipsis | Const::StopIteration => {}
    }
}

/// The 3.11+ exception table as entries whose boundaries (byte offsets `2 * unit`)
/// all fall on instructions or the end of the code, so labels can name them; `None`
/// when it does not decode or a boundary falls elsewhere (then `.exceptiontable`).
/// Decoding rejects non-minimal varints, so the entries encode back to the same bytes.
pub fn exception_entries(
    code: &Code,
    is_boundary: impl Fn(u64) -> bool,
) -> Option<Vec<ExceptionEntry>> {
    if code.exceptiontable.is_empty() {
        return Some(Vec::new());
    }
    let table = ExceptionTable::decode(&code.exceptiontable).ok()?;
    let ok = table.entries.iter().all(|e| {
        [e.start, e.end, e.target]
            .iter()
            .all(|&u| is_boundary(2 * u64::from(u)))
    });
    ok.then_some(table.entries)
}

/// The names of the localsplus slots with any of the `kind` bits.
pub fn slots_with(slots: &[LocalPlus], kind: u8) -> Vec<&PyStr> {
    slots
        .iter()
        .filter(|l| l.kind & kind != 0)
        .map(|l| &l.name)
        .collect()
}

/// Whether `co_localsplusnames`/kinds are what the assembler derives from
/// `.varnames`, `.cellvars` and `.freevars`: varnames (`0x20`, `0x60` if also a
/// cell), cells not in varnames (`0x40`), freevars (`0x80`); 3.14 marks the
/// arguments (`CO_FAST_ARG_POS 0x02`, `CO_FAST_ARG_KW 0x04`, `CO_FAST_ARG_VAR 0x08`).
/// `vars`, `cells` and `frees` are the slots' names by kind ([`slots_with`]).
pub fn localsplus_is_derived(
    code: &Code,
    slots: &[LocalPlus],
    [vars, cells, frees]: [&[&PyStr]; 3],
) -> bool {
    let positional = code.argcount as usize;
    let keyword = positional + code.kwonlyargcount as usize;
    let star = keyword + usize::from(code.flags & 0x4 != 0);
    let star_star = star + usize::from(code.flags & 0x8 != 0);
    let arg_bits = |i: usize| -> u8 {
        if code.version < Version::V3_14 {
            0
        } else if i < code.posonlyargcount as usize {
            0x02
        } else if i < positional {
            0x06
        } else if i < keyword {
            0x04
        } else if i < star {
            0x0a
        } else if i < star_star {
            0x0c
        } else {
            0
        }
    };
    let derived = vars
        .iter()
        .enumerate()
        .map(|(i, &name)| {
            let cell = if cells.contains(&name) {
                CO_FAST_CELL
            } else {
                0
            };
            (name, CO_FAST_LOCAL | cell | arg_bits(i))
        })
        .chain(
            cells
                .iter()
                .filter(|c| !vars.contains(c))
                .map(|&c| (c, CO_FAST_CELL)),
        )
        .chain(frees.iter().map(|&f| (f, CO_FAST_FREE)));
    let mut n = 0;
    for (slot, (name, kind)) in slots.iter().zip(derived) {
        if slot.name != *name || slot.kind != kind {
            return false;
        }
        n += 1;
    }
    n == slots.len()
        && vars.len() + cells.iter().filter(|c| !vars.contains(c)).count() + frees.len() == n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `first_indices` against its definition, on tables of every path's size with
    /// few or many repeats.
    #[test]
    fn first_indices_are_the_first_equal_items() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in (0..80).chain([200, 1000, 1100]) {
            // Distinct items (the static identity), then a repeat at the end.
            let distinct: Vec<u64> = (0..n as u64).chain([0]).collect();
            let mut want: Vec<usize> = (0..n).collect();
            want.push(0);
            assert_eq!(*first_indices(&distinct[..n]), want[..n]);
            assert_eq!(first_indices(&distinct), want);
            for values in [2, 5, n as u64 + 1, 1 << 40] {
                let items: Vec<u64> = (0..n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed % values
                    })
                    .collect();
                let want: Vec<usize> = (0..n)
                    .map(|i| (0..=i).find(|&j| items[j] == items[i]).unwrap_or(i))
                    .collect();
                assert_eq!(first_indices(&items), want, "{items:?}");
                // Every item hashing alike: only the comparisons tell them apart.
                assert_eq!(first_equal(&items, |_| 7), want, "{items:?}");
            }
        }
    }
}
