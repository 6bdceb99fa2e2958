//! Hostile input: the marshal reader and the .pyc parser must answer every malformed
//! input with an error that names the offset and what was wrong: no panic, no stack
//! overflow, no allocation out of proportion to the input.
//!
//! - real .pyc files of every version, truncated at every byte position;
//! - real .pyc files with random mutations (proptest): accepted ones must write back to
//!   the exact mutated bytes;
//! - hand-built hostile inputs: absurd lengths, deep nesting (on small stacks), bad
//!   references, codes of the wrong version, bad headers.
//!
//! Allocation is bounded by construction (lengths are checked against the bytes left
//! before anything is reserved); `fuzz/tests/alloc_bound.rs` measures it with a counting
//! global allocator, which this package cannot install (`unsafe_code = "forbid"`).
//!
//! Missing interpreters or corpora are skipped with a message on stderr.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use pycasm::fuzzing::{check_marshal, check_pyc};
use pycasm::marshal::{self, ErrorKind, Obj, Value, MAX_DEPTH};
use pycasm::pyc::{Header, PycError, PycFile};
use pycasm::Version;

// ---------------------------------------------------------------------------------
// Seed files

/// Where each version's .pyc files are.
fn corpus_dir(v: Version) -> PathBuf {
    let pyenv = |full: &str, lib: &str| -> PathBuf {
        format!("/root/.pyenv/versions/{full}/lib/python{lib}").into()
    };
    match v {
        Version::V2_7 => pyenv("2.7.18", "2.7"),
        Version::V3_6 => pyenv("3.6.15", "3.6"),
        Version::V3_7 => pyenv("3.7.16", "3.7"),
        Version::V3_8 => pyenv("3.8.18", "3.8"),
        Version::V3_9 => pyenv("3.9.18", "3.9"),
        Version::V3_10 => pyenv("3.10.13", "3.10"),
        Version::V3_11 => pyenv("3.11.7", "3.11"),
        Version::V3_12 => pyenv("3.12.1", "3.12"),
        Version::V3_13 => pyenv("3.13.0", "3.13"),
        Version::V3_14 => "/work/shared/corpus/cpython-3.14".into(),
    }
}

/// A few stdlib modules that exist in every version, compiled for `v`.
fn seed_paths(v: Version) -> Vec<PathBuf> {
    let dir = corpus_dir(v);
    if v == Version::V3_14 {
        // This corpus holds pip and a few packages rather than the top-level modules.
        return [
            "metadata/__pycache__/_json",
            "locations/__pycache__/base",
            "req/__pycache__/__init__",
        ]
        .iter()
        .map(|m| dir.join(format!("site-packages/pip/_internal/{m}.cpython-314.pyc")))
        .filter(|p| p.is_file())
        .collect();
    }
    let names = ["keyword", "bisect", "stat", "colorsys"];
    names
        .iter()
        .map(|m| {
            if v == Version::V2_7 {
                dir.join(format!("{m}.pyc"))
            } else {
                dir.join(format!("__pycache__/{m}.{}.pyc", v.cache_tag()))
            }
        })
        .filter(|p| p.is_file())
        .collect()
}

/// Seed files by version (read once), plus a larger one per version if found.
fn seeds() -> &'static [(Version, PathBuf, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(Version, PathBuf, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out = Vec::new();
        for v in Version::ALL {
            let paths = seed_paths(v);
            if paths.is_empty() {
                eprintln!(
                    "SKIP {v}: no seed .pyc under {} (interpreter or corpus missing)",
                    corpus_dir(v).display()
                );
            }
            for p in paths {
                let data = std::fs::read(&p).expect("readable seed");
                out.push((v, p, data));
            }
        }
        out
    })
}

/// Seeds must parse and round-trip, or every other test here is vacuous.
#[test]
fn seeds_are_valid() {
    let seeds = seeds();
    if seeds.is_empty() {
        eprintln!("SKIP: no seed files at all");
        return;
    }
    for (v, p, data) in seeds {
        let pyc = PycFile::parse(data).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(pyc.header.version, *v, "{}", p.display());
        assert!(check_pyc(data), "{}", p.display());
    }
    let versions: std::collections::BTreeSet<_> = seeds.iter().map(|s| s.0).collect();
    eprintln!("seed files: {} covering {versions:?}", seeds.len());
}

// ---------------------------------------------------------------------------------
// Truncation at every byte position

#[test]
fn truncation_at_every_position_is_an_error_inside_the_input() {
    for (v, p, data) in seeds().iter().filter(|s| s.2.len() <= 6000) {
        let header = v.header_len();
        for cut in 0..data.len() {
            let part = &data[..cut];
            match PycFile::parse(part) {
                Ok(_) => panic!("{}: accepted when cut to {cut} bytes", p.display()),
                Err(PycError::Marshal(e)) => {
                    assert!(
                        cut >= header,
                        "{}: marshal error inside the header",
                        p.display()
                    );
                    assert!(
                        e.offset() <= cut && e.offset() >= header,
                        "{} cut at {cut}: offset {} outside the body: {e}",
                        p.display(),
                        e.offset()
                    );
                    assert!(
                        matches!(
                            e.kind(),
                            ErrorKind::Truncated { .. } | ErrorKind::BadLength { .. }
                        ),
                        "{} cut at {cut}: {e}",
                        p.display()
                    );
                }
                Err(PycError::ShortHeader { len, needed, .. }) => {
                    assert_eq!((len, needed), (cut, header), "{}", p.display());
                }
                Err(PycError::UnknownMagic { .. }) => {
                    assert!(cut < 2, "{} cut at {cut}", p.display())
                }
                Err(e) => panic!("{} cut at {cut}: unexpected {e}", p.display()),
            }
            // The body alone, cut: a marshal error at or before the cut.
            if cut >= header {
                let body = &data[header..cut];
                assert!(
                    !check_marshal(body, *v),
                    "{} body cut at {cut}",
                    p.display()
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Random mutations

fn mutate(data: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut d = data.to_vec();
    for &(pos, byte, how) in edits {
        if d.is_empty() {
            break;
        }
        let i = pos % d.len();
        match how % 4 {
            0 => d[i] ^= 1 << (byte % 8), // flip a bit
            1 => d[i] = byte,             // overwrite
            2 => d.insert(i, byte),       // insert
            _ => {
                d.remove(i); // delete
            }
        }
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Mutated files: Ok or Err, never a panic; accepted ones write back exactly.
    #[test]
    fn mutated_pycs_never_panic_and_accepted_ones_round_trip(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6),
    ) {
        let seeds = seeds();
        if !seeds.is_empty() {
            let (v, _, data) = &seeds[seed.index(seeds.len())];
            let m = mutate(data, &edits);
            check_pyc(&m);
            if m.len() >= v.header_len() {
                check_marshal(&m[v.header_len()..], *v);
            }
        }
    }

    /// Arbitrary bytes under every version's rules.
    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..64)) {
        for v in Version::ALL {
            check_marshal(&data, v);
        }
        check_pyc(&data);
    }

    /// Random bytes after a plausible prefix: a type code from the real alphabet.
    #[test]
    fn random_objects_never_panic(
        codes in prop::collection::vec(prop::sample::select(b"0NFTS.iIlgfyxstRuaAzZ()[{<>:cr".to_vec()), 1..12),
        flags in prop::collection::vec(any::<bool>(), 12),
        filler in prop::collection::vec(any::<u8>(), 0..24),
    ) {
        let mut data = Vec::new();
        for (i, c) in codes.iter().enumerate() {
            data.push(if flags[i] { c | 0x80 } else { *c });
            data.extend_from_slice(&filler[..filler.len().min(i % 6)]);
        }
        for v in Version::ALL {
            check_marshal(&data, v);
        }
    }
}

/// Each seed's body with every single byte replaced by each of a few values: a
/// deterministic sweep next to the random one.
#[test]
fn every_byte_overwritten_never_panics() {
    let mut accepted = 0usize;
    let mut total = 0usize;
    for (v, _, data) in seeds().iter().filter(|s| s.2.len() <= 3000) {
        let body = &data[v.header_len()..];
        let mut m = body.to_vec();
        for i in 0..m.len() {
            let orig = m[i];
            for b in [0x00, 0x7f, 0x80, 0xff, orig ^ 0x80, orig.wrapping_add(1)] {
                m[i] = b;
                total += 1;
                accepted += usize::from(check_marshal(&m, *v));
            }
            m[i] = orig;
        }
    }
    eprintln!("overwrites: {total} tried, {accepted} accepted (all round-tripped)");
}

// ---------------------------------------------------------------------------------
// Hand-built hostile inputs

fn kind(data: &[u8], v: Version) -> (usize, ErrorKind) {
    let e = marshal::read(data, v).expect_err("hostile input accepted");
    assert!(
        e.offset() <= data.len(),
        "offset {} outside: {e}",
        e.offset()
    );
    assert!(e
        .to_string()
        .starts_with(&format!("at byte {}: ", e.offset())));
    (e.offset(), e.kind().clone())
}

fn pad20(mut d: Vec<u8>) -> Vec<u8> {
    d.resize(20, b'N');
    d
}

#[test]
fn absurd_lengths_are_refused_before_allocating() {
    for v in Version::ALL {
        for len in [i32::MAX, -1, i32::MIN, 1 << 30, 16] {
            for (code, what) in [
                (b'(', "tuple"),
                (b'[', "list"),
                (b'<', "set"),
                (b'>', "frozenset"),
                (b's', "bytes"),
                (b'u', "string"),
                (b't', "string"),
                (b'l', "long"),
            ] {
                if code == b'l' && len == -1 {
                    continue; // one digit: not absurd
                }
                // 20 bytes: type, 4-byte length, 15 bytes of `N`.
                let mut d = vec![code];
                d.extend_from_slice(&len.to_le_bytes());
                let d = pad20(d);
                let (at, k) = kind(&d, v);
                assert_eq!(at, 1, "{v} {what} {len}");
                match k {
                    ErrorKind::BadLength {
                        what: w,
                        len: l,
                        left,
                    } => {
                        assert_eq!((w, l, left), (what, i64::from(len), 15), "{v}");
                        let msg = marshal::read(&d, v).expect_err("refused").to_string();
                        assert!(msg.contains(&format!("bad {what} length {len}")), "{msg}");
                    }
                    k => panic!("{v} {what} {len}: {k:?}"),
                }
            }
        }
        // Short forms and i32 lengths of 3.x strings: too long for what is left.
        if v.has_marshal_refs() {
            for code in [b'a', b'A'] {
                let mut d = vec![code];
                d.extend_from_slice(&i32::MAX.to_le_bytes());
                let (at, k) = kind(&pad20(d), v);
                assert_eq!(at, 1);
                assert!(
                    matches!(k, ErrorKind::BadLength { what: "string", .. }),
                    "{k:?}"
                );
            }
            let (at, k) = kind(b"z\xff abc", v);
            assert_eq!(at, 2);
            assert!(
                matches!(
                    k,
                    ErrorKind::Truncated {
                        needed: 255,
                        left: 4,
                        ..
                    }
                ),
                "{k:?}"
            );
            // A small tuple of 255 items in a few bytes.
            let (at, k) = kind(b")\xffNNN", v);
            assert_eq!(at, 5);
            assert!(
                matches!(
                    k,
                    ErrorKind::Truncated {
                        what: "type code",
                        ..
                    }
                ),
                "{k:?}"
            );
        }
    }
}

#[test]
fn nested_absurd_lengths_fail_cleanly() {
    // Every level claims all the bytes that are left: without a budget, each level
    // would preallocate in proportion to the rest of the input.
    for v in [Version::V2_7, Version::V3_12] {
        let levels: i32 = 1500;
        let mut d = Vec::new();
        for i in 0..levels {
            let left = (levels - i - 1) * 5 + 1;
            d.push(b'[');
            d.extend_from_slice(&left.to_le_bytes());
        }
        d.push(b'N');
        let (at, k) = kind(&d, v);
        assert_eq!(at, d.len(), "{v}");
        assert!(
            matches!(
                k,
                ErrorKind::Truncated {
                    what: "type code",
                    ..
                }
            ),
            "{k:?}"
        );
    }
}

/// Run `f` on a thread with a small stack: the reader and writer do not recurse.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic or overflow on a 256 KiB stack")
}

fn nest(v: Version, open: &[u8], depth: usize, leaf: &[u8]) -> Vec<u8> {
    let _ = v;
    let mut d = Vec::with_capacity(depth * open.len() + leaf.len());
    for _ in 0..depth {
        d.extend_from_slice(open);
    }
    d.extend_from_slice(leaf);
    d
}

/// The opening bytes of a one-child container of each kind, per version.
fn openers(v: Version) -> Vec<(&'static str, Vec<u8>)> {
    let mut o = vec![
        ("tuple", b"(\x01\x00\x00\x00".to_vec()),
        ("list", b"[\x01\x00\x00\x00".to_vec()),
        ("frozenset", b">\x01\x00\x00\x00".to_vec()),
        ("dict", b"{N".to_vec()), // key None, value: the next level
    ];
    if v.has_marshal_refs() {
        o.push(("small tuple", b")\x01".to_vec()));
        o.push(("flagged small tuple", b"\xa9\x01".to_vec()));
    }
    if v.marshal_version() >= 5 {
        o.push(("slice", b":NN".to_vec())); // start, stop, then step: the next level
    }
    // A code object whose co_code is the next level.
    let ints = match v.code_layout() {
        pycasm::version::CodeLayout::Py27 => 4,
        pycasm::version::CodeLayout::Py36 => 5,
        _ => 6,
    } - usize::from(v.code_layout() == pycasm::version::CodeLayout::Py311);
    let mut c = vec![b'c'];
    c.extend(std::iter::repeat_n(0u8, ints * 4));
    o.push(("code", c));
    o
}

#[test]
fn deep_nesting_is_too_deep_without_stack_overflow() {
    for v in Version::ALL {
        for (name, open) in openers(v) {
            let d = nest(v, &open, 100_000, b"N");
            let (at, k) = on_small_stack(move || {
                let e = marshal::read(&d, v).expect_err("100,000 levels accepted");
                (e.offset(), e.kind().clone())
            });
            assert_eq!(k, ErrorKind::TooDeep { limit: MAX_DEPTH }, "{v} {name}");
            // The first object at depth 2001: a dict's key and a slice's start come
            // before the next level.
            let expect = match name {
                "dict" | "slice" => (MAX_DEPTH - 1) * open.len() + 1,
                _ => MAX_DEPTH * open.len(),
            };
            assert_eq!(at, expect, "{v} {name}: offset of depth 2001");
        }
    }
}

#[test]
fn nesting_at_the_limit_reads_and_writes_back_on_a_small_stack() {
    for v in [Version::V2_7, Version::V3_12, Version::V3_14] {
        for (name, open) in openers(v) {
            if name == "code" || name == "dict" {
                continue; // need closing parts; covered below for tuples and lists
            }
            // MAX_DEPTH - 1 containers around a leaf: the leaf is at depth MAX_DEPTH.
            let mut d = nest(v, &open, MAX_DEPTH - 1, b"N");
            let ok = d.clone();
            let tree = on_small_stack(move || {
                let tree = marshal::read(&ok, v).expect("depth 2000 is allowed");
                let back = marshal::write(&tree, v).expect("and can be written");
                assert_eq!(back, ok, "{v}");
                tree.to_obj()
            });
            // One level more is refused, by the reader and by the writer.
            d.splice(0..0, open.iter().copied());
            let (_, k) = kind(&d, v);
            assert_eq!(k, ErrorKind::TooDeep { limit: MAX_DEPTH }, "{v} {name}");
            let deeper = Obj::new(Value::List(vec![tree]));
            let e = on_small_stack(move || {
                let e = marshal::write_obj(&deeper, v).expect_err("writer refuses depth 2001");
                // Dropping is recursive (derived); do it on a roomy stack.
                std::thread::Builder::new()
                    .stack_size(64 << 20)
                    .spawn(move || drop(deeper))
                    .expect("thread")
                    .join()
                    .expect("drop");
                e
            });
            assert!(matches!(e.kind(), ErrorKind::Unwritable(m) if m.contains("nested deeper")));
        }
    }
}

#[test]
fn references_out_of_range_negative_or_incomplete() {
    let v = Version::V3_12;
    // No slots at all.
    assert!(matches!(
        kind(b"r\x00\x00\x00\x00", v),
        (0, ErrorKind::BadRef { index: 0, count: 0 })
    ));
    // Negative.
    assert!(matches!(
        kind(b"r\xff\xff\xff\xff", v),
        (
            0,
            ErrorKind::BadRef {
                index: -1,
                count: 0
            }
        )
    ));
    // One past the end, after a flagged int took slot 0.
    let d = b")\x02\xe9\x07\x00\x00\x00r\x01\x00\x00\x00";
    assert!(matches!(
        kind(d, v),
        (7, ErrorKind::BadRef { index: 1, count: 1 })
    ));
    // Slot 0 is fine.
    let d = b")\x02\xe9\x07\x00\x00\x00r\x00\x00\x00\x00";
    assert!(check_marshal(d, v));
    // A tuple that contains a reference to itself.
    let d = b"\xa9\x01r\x00\x00\x00\x00";
    assert_eq!(kind(d, v), (2, ErrorKind::RefToIncomplete { index: 0 }));
    // A code object whose co_consts refers to the code object.
    let mut c = vec![b'c' | 0x80];
    c.extend_from_slice(&[0; 20]);
    c.extend_from_slice(b"s\x00\x00\x00\x00r\x00\x00\x00\x00");
    assert_eq!(kind(&c, v), (26, ErrorKind::RefToIncomplete { index: 0 }));
    // 2.7 string references: only to interned strings already read.
    let v = Version::V2_7;
    assert!(matches!(
        kind(b"R\x00\x00\x00\x00", v),
        (0, ErrorKind::BadRef { index: 0, count: 0 })
    ));
    let d = b"(\x02\x00\x00\x00t\x01\x00\x00\x00xR\x00\x00\x00\x00";
    assert!(check_marshal(d, v));
    let d = b"(\x02\x00\x00\x00t\x01\x00\x00\x00xR\x01\x00\x00\x00";
    assert!(matches!(
        kind(d, v),
        (11, ErrorKind::BadRef { index: 1, count: 1 })
    ));
    // Singletons and refs do not take slots, even when flagged.
    let d = b")\x03\xce\xe9\x01\x00\x00\x00r\x00\x00\x00\x00";
    assert!(check_marshal(d, Version::V3_12));
}

#[test]
fn codes_of_other_versions_and_unknown_codes() {
    // 3.x-only codes in 2.7, and FLAG_REF, which 2.7 does not have.
    for code in [
        b'a',
        b'A',
        b'z',
        b'Z',
        b')',
        b'r',
        b':',
        0x80 | b'N',
        0x80 | b'i',
    ] {
        let d = [code, 0, 0, 0, 0];
        assert_eq!(
            kind(&d, Version::V2_7),
            (0, ErrorKind::UnknownType { code }),
            "{code:#x}"
        );
    }
    // The 2.7 string reference in 3.x.
    for v in &Version::ALL[1..] {
        assert_eq!(
            kind(b"R\0\0\0\0", *v),
            (0, ErrorKind::UnknownType { code: b'R' })
        );
    }
    // Slices only from 3.14 (marshal 5).
    for v in Version::ALL {
        let r = marshal::read(b":NNN", v);
        assert_eq!(r.is_ok(), v == Version::V3_14, "{v}");
        if v != Version::V3_14 {
            assert_eq!(kind(b":NNN", v), (0, ErrorKind::UnknownType { code: b':' }));
        }
    }
    // Never-defined codes, flagged or not, in every version; the message shows them.
    for v in Version::ALL {
        for code in [b'?', b'Q', b'\x01', b'w', b'\x7f'] {
            let d = [b'(', 2, 0, 0, 0, b'N', code];
            assert_eq!(kind(&d, v), (6, ErrorKind::UnknownType { code }), "{v}");
        }
        let msg = marshal::read(b"?", v).expect_err("unknown").to_string();
        assert_eq!(msg, "at byte 0: unknown type code 0x3f ('?')");
    }
    // NULL outside a dict terminator; a dict value of NULL.
    assert_eq!(kind(b"0", Version::V3_12), (0, ErrorKind::Null));
    assert_eq!(kind(b"{N0", Version::V3_12), (2, ErrorKind::Null));
    assert!(check_marshal(b"{NN0", Version::V3_12));
    // Trailing bytes after the object.
    assert_eq!(kind(b"NN", Version::V3_12), (1, ErrorKind::Trailing(1)));
    // Bad long digits and unnormalized longs; bad float text.
    assert_eq!(
        kind(b"l\x01\x00\x00\x00\x00\x80", Version::V3_12),
        (5, ErrorKind::BadLongDigit { digit: 0x8000 })
    );
    assert_eq!(
        kind(b"l\x01\x00\x00\x00\x00\x00", Version::V3_12),
        (1, ErrorKind::UnnormalizedLong)
    );
    assert!(matches!(
        kind(b"f\x03abc", Version::V3_12),
        (1, ErrorKind::BadFloatText(_))
    ));
}

#[test]
fn bad_headers() {
    let good = Header::timestamp(Version::V3_12, 1, 2).to_bytes();
    let mut file = good.clone();
    file.push(b'N');
    assert!(check_pyc(&file));
    // Wrong magic.
    for magic in [
        [0u8, 0, b'\r', b'\n'],
        [0xff, 0xff, b'\r', b'\n'],
        *b"\x7fELF",
    ] {
        let mut f = file.clone();
        f[..4].copy_from_slice(&magic);
        assert!(
            matches!(PycFile::parse(&f), Err(PycError::UnknownMagic { .. })),
            "{magic:?}"
        );
    }
    // A known magic number without the \r\n.
    let mut f = file.clone();
    f[2] = b'\n';
    assert!(matches!(
        PycFile::parse(&f),
        Err(PycError::BadMagicTail([b'\n', b'\n']))
    ));
    // PEP 552 flags other than bits 0 and 1 (3.7+ only: 3.6 has no flags word).
    for v in &Version::ALL[2..] {
        for flags in [4u32, 0x8000_0000, 0xffff_ffff] {
            let mut f = Header::timestamp(*v, 0, 0).to_bytes();
            f[4..8].copy_from_slice(&flags.to_le_bytes());
            f.push(b'N');
            let e = PycFile::parse(&f).expect_err("bad flags");
            assert!(matches!(e, PycError::BadFlags(x) if x == flags), "{v}");
            assert!(e.to_string().contains("at byte 4"), "{e}");
        }
        // Flags 1, 2 and 3 are accepted and kept.
        for flags in [1u32, 2, 3] {
            let mut f = Header::timestamp(*v, 0, 0).to_bytes();
            f[4..8].copy_from_slice(&flags.to_le_bytes());
            f.push(b'N');
            assert!(check_pyc(&f), "{v} flags {flags}");
        }
    }
    // Truncated headers of each era.
    for v in Version::ALL {
        let h = Header::timestamp(v, 0, 0).to_bytes();
        for cut in 0..2 {
            assert!(matches!(
                PycFile::parse(&h[..cut]),
                Err(PycError::UnknownMagic { .. })
            ));
        }
        for cut in 2..h.len() {
            match PycFile::parse(&h[..cut]) {
                Err(PycError::ShortHeader {
                    len,
                    needed,
                    version,
                }) => {
                    assert_eq!((len, needed, version), (cut, v.header_len(), v))
                }
                r => panic!("{v} cut {cut}: {r:?}"),
            }
        }
        // A header and nothing after it: the body is truncated at its first byte.
        match PycFile::parse(&h) {
            Err(PycError::Marshal(e)) => {
                assert_eq!(e.offset(), h.len());
                assert!(matches!(
                    e.kind(),
                    ErrorKind::Truncated {
                        what: "type code",
                        ..
                    }
                ));
            }
            r => panic!("{v}: {r:?}"),
        }
    }
    // Marshal errors are reported at file offsets.
    let mut f = good.clone();
    f.extend_from_slice(b"(\x05\x00\x00\x00N");
    match PycFile::parse(&f) {
        Err(PycError::Marshal(e)) => {
            assert_eq!(e.offset(), good.len() + 1);
            assert!(
                e.to_string().starts_with("at byte 17: bad tuple length 5"),
                "{e}"
            );
        }
        r => panic!("{r:?}"),
    }
}
