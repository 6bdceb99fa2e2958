//! "No allocation beyond the input's size": parse hostile inputs under a counting
//! global allocator and bound the peak heap growth by a constant factor of the input.
//!
//! This lives in the fuzz package because pycasm forbids `unsafe_code` in every one of
//! its targets (a `GlobalAlloc` impl needs it, and `forbid` cannot be allowed locally).
//! Run on stable: `cargo test --manifest-path fuzz/Cargo.toml --test alloc_bound`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pycasm::marshal;
use pycasm::pyc::PycFile;
use pycasm::Version;

/// Counts this thread's live heap bytes and their peak.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grow(n: usize) {
    let _ = LIVE.try_with(|l| {
        let now = l.get() + n;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn shrink(n: usize) {
    let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(n)));
}

// SAFETY: every call is forwarded unchanged to `System`; the bookkeeping only touches
// const-initialized thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a fresh block next to the old one: the worst case.
        grow(new_size);
        shrink(layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak heap growth while `f` runs (its result included, then dropped).
fn peak_of<T>(f: impl FnOnce() -> T) -> usize {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let r = f();
    let peak = PEAK.with(Cell::get) - base;
    drop(r);
    peak
}

/// The bound: 96 bytes per input byte, plus a constant for the reader's bookkeeping.
///
/// A node of the tree is 12 bytes and one input byte can be a whole object (`N`); a
/// dict's children and those of a container whose claimed size the input cannot hold
/// also cost a 4-byte entry in a list that grows by doubling (a growing block is
/// counted twice while it moves); nesting costs the reader a 20-byte frame per level,
/// each level as short as 1 byte (`{`) or 2 (`)\xff`). Hostile inputs stay near 41
/// bytes per byte, real files near 3.
fn bound(len: usize) -> usize {
    96 * len + (64 << 10)
}

struct Worst {
    factor: f64,
    what: String,
}

fn check(what: &str, data: &[u8], v: Version, worst: &mut Worst) {
    let peak = peak_of(|| marshal::read(data, v));
    assert!(
        peak <= bound(data.len()),
        "{what} ({v}, {} bytes): peak heap {peak} > {}",
        data.len(),
        bound(data.len())
    );
    let factor = peak as f64 / data.len().max(1) as f64;
    if factor > worst.factor && data.len() >= 1024 {
        worst.factor = factor;
        worst.what = format!("{what} ({v}, {} bytes, {peak} peak)", data.len());
    }
}

fn hostile(v: Version) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    // Absurd lengths in 20 bytes.
    for code in *b"([<>sut" {
        for len in [i32::MAX, i32::MIN, -1, 1 << 30] {
            let mut d = vec![code];
            d.extend_from_slice(&len.to_le_bytes());
            d.resize(20, b'N');
            out.push((format!("{} length {len}", code as char), d));
        }
    }
    let mut d = b"l".to_vec();
    d.extend_from_slice(&i32::MIN.to_le_bytes());
    d.resize(20, 0);
    out.push(("long of 2^31 digits".into(), d));
    // Nested containers, each claiming every byte that is left.
    for levels in [100usize, 1999, 5000] {
        for code in *b"([<>" {
            let mut d = Vec::new();
            for i in 0..levels {
                let left = (levels - i - 1) * 5 + 1;
                d.push(code);
                d.extend_from_slice(&(left as i32).to_le_bytes());
            }
            d.push(b'N');
            out.push((
                format!("{levels} nested {} of all bytes left", code as char),
                d,
            ));
        }
        if v.has_marshal_refs() {
            let mut d = b")\xff".repeat(levels);
            d.push(b'N');
            out.push((format!("{levels} nested small tuples of 255"), d));
        }
        out.push((format!("{levels} nested dicts"), b"{N".repeat(levels)));
        out.push((format!("{levels} open dicts"), b"{".repeat(levels)));
    }
    // Deep nesting far beyond the limit.
    out.push((
        "100,000 nested lists".into(),
        b"[\x01\x00\x00\x00".repeat(100_000),
    ));
    // Flat containers of the smallest objects, complete.
    let n = 50_000usize;
    let mut d = b"[".to_vec();
    d.extend_from_slice(&(n as i32).to_le_bytes());
    d.extend(std::iter::repeat_n(b'N', n));
    out.push(("list of 50,000 None".into(), d));
    let mut d = b"{".to_vec();
    d.extend(std::iter::repeat_n(b'N', 2 * n));
    d.push(b'0');
    out.push(("dict of 50,000 None: None".into(), d));
    if v.has_marshal_refs() {
        let mut d = b"[".to_vec();
        d.extend_from_slice(&(n as i32).to_le_bytes());
        d.extend(b"z\x00".repeat(n));
        out.push(("list of 50,000 empty strings".into(), d));
        let mut d = b"[".to_vec();
        d.extend_from_slice(&(n as i32).to_le_bytes());
        d.extend(b")\x00".repeat(n));
        out.push(("list of 50,000 empty tuples".into(), d));
    }
    out
}

fn seed_files() -> Vec<(Version, Vec<u8>)> {
    let dirs = [
        (Version::V2_7, "/root/.pyenv/versions/2.7.18/lib/python2.7"),
        (
            Version::V3_8,
            "/root/.pyenv/versions/3.8.18/lib/python3.8/__pycache__",
        ),
        (
            Version::V3_12,
            "/root/.pyenv/versions/3.12.1/lib/python3.12/__pycache__",
        ),
        (
            Version::V3_14,
            "/work/shared/corpus/cpython-3.14/site-packages/pip/_internal/req/__pycache__",
        ),
    ];
    let mut out = Vec::new();
    for (v, dir) in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("SKIP {v}: {dir} missing");
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let n = p.to_string_lossy();
                n.ends_with(".pyc") && !n.contains(".opt-")
            })
            .collect();
        paths.sort();
        for p in paths.iter().take(40) {
            if let Ok(d) = std::fs::read(p) {
                out.push((v, d));
            }
        }
    }
    out
}

#[test]
fn parsing_allocates_in_proportion_to_the_input() {
    let mut worst = Worst {
        factor: 0.0,
        what: String::new(),
    };
    for v in Version::ALL {
        for (what, d) in hostile(v) {
            check(&what, &d, v, &mut worst);
        }
    }
    eprintln!(
        "worst hostile: {:.1} bytes/input byte: {}",
        worst.factor, worst.what
    );

    let mut real = Worst {
        factor: 0.0,
        what: String::new(),
    };
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for (v, data) in seed_files() {
        let body = &data[v.header_len()..];
        check("real file", body, v, &mut real);
        let peak = peak_of(|| PycFile::parse(&data));
        assert!(peak <= bound(data.len()), "{v}: .pyc peak {peak}");
        // Truncations and mutations of real files.
        for _ in 0..20 {
            let cut = (next() as usize) % body.len();
            check("truncated real file", &body[..cut], v, &mut worst);
            let mut m = body.to_vec();
            for _ in 0..4 {
                let i = (next() as usize) % m.len();
                m[i] = next() as u8;
            }
            check("mutated real file", &m, v, &mut worst);
        }
    }
    eprintln!(
        "worst overall: {:.1} bytes/input byte: {}",
        worst.factor, worst.what
    );
    eprintln!(
        "real files: {:.1} bytes/input byte at most: {}",
        real.factor, real.what
    );
}
