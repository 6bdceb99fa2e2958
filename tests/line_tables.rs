//! Line tables and exception tables against the real interpreters and real .pyc
//! files: byte identity of decode/encode, the interpreters' own views
//! (`dis.findlinestarts`, `co_lines()`, `co_positions()`,
//! `dis._parse_exception_table`), and CPython's canonical writers.
//!
//! `PYCASM_FULL_SWEEP=1` (or `cargo test -- --ignored`) sweeps every .pyc instead of
//! a sample; `PYCASM_DIFF_FILES=N` sets how many stdlib files each interpreter
//! compiles for the differential test.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use proptest::prelude::*;
use pycasm::code::exctable::{ExceptionEntry, ExceptionTable};
use pycasm::code::linetable::{
    encode_canonical, LineTable, Lines310, Lines310Entry, Lnotab, LnotabEntry, LocationEntry,
    LocationForm, Locations, Position,
};
use pycasm::version::LineTableFormat;
use pycasm::Version;
use rayon::prelude::*;
use serde_json::Value as Json;
use support::CodeTables;

// ---------------------------------------------------------------------------------
// Differential test against the interpreters.

fn opt_i32(v: &Json) -> Option<i32> {
    v.as_i64().map(|x| x as i32)
}

fn opt_u32(v: &Json) -> Option<u32> {
    v.as_u64().map(|x| x as u32)
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex from the dump script"))
        .collect()
}

/// Compare one dumped code object with our decoders; returns the number of checks.
fn compare_dump(v: Version, d: &Json, fails: &mut Vec<String>) -> usize {
    let mut checks = 0;
    let mut fail = |what: String| {
        fails.push(format!("{v} {} {}: {what}", d["file"], d["name"]));
    };
    let first = d["first"].as_i64().unwrap_or(0) as i32;
    let n = d["n"].as_u64().unwrap_or(0) as usize;
    let lt = hex(d["lt"].as_str().unwrap_or(""));
    let table = match LineTable::decode(v.line_table_format(), &lt, first) {
        Ok(t) => t,
        Err(e) => {
            fail(format!("line table rejected: {e}"));
            return 1;
        }
    };
    checks += 1;
    if table.encode() != lt {
        fail("line table re-encodes differently".into());
    }
    // dis.findlinestarts
    let theirs: Vec<(u32, Option<i32>)> = d["starts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p[0].as_u64().unwrap_or(0) as u32, opt_i32(&p[1])))
        .collect();
    let ours: Vec<(u32, Option<i32>)> = if v == Version::V3_13 {
        table
            .line_ranges(n)
            .iter()
            .map(|r| (r.start, r.line))
            .collect()
    } else {
        table
            .line_starts()
            .into_iter()
            .filter(|s| v < Version::V3_8 || v > Version::V3_9 || (s.0 as usize) < n)
            .map(|(o, l)| (o, Some(l)))
            .collect()
    };
    checks += 1;
    if ours != theirs {
        fail(format!("findlinestarts: ours {ours:?} theirs {theirs:?}"));
    }
    // co_lines()
    if let Some(lines) = d["lines"].as_array() {
        let theirs: Vec<(u32, u32, Option<i32>)> = lines
            .iter()
            .map(|r| {
                (
                    opt_u32(&r[0]).unwrap_or(0),
                    opt_u32(&r[1]).unwrap_or(0),
                    opt_i32(&r[2]),
                )
            })
            .collect();
        let ranges = match &table {
            LineTable::Locations(t) if v == Version::V3_11 => t.entry_ranges(),
            _ => table.line_ranges(n),
        };
        let ours: Vec<(u32, u32, Option<i32>)> =
            ranges.iter().map(|r| (r.start, r.end, r.line)).collect();
        checks += 1;
        if ours != theirs {
            fail(format!("co_lines: ours {ours:?} theirs {theirs:?}"));
        }
    }
    // co_positions()
    if let (Some(pos), LineTable::Locations(t)) = (d["pos"].as_array(), &table) {
        let theirs: Vec<Position> = pos
            .iter()
            .flat_map(|r| {
                let p = Position {
                    line: opt_i32(&r[1]),
                    end_line: opt_i32(&r[2]),
                    col: opt_u32(&r[3]),
                    end_col: opt_u32(&r[4]),
                };
                std::iter::repeat_n(p, r[0].as_u64().unwrap_or(0) as usize)
            })
            .collect();
        checks += 1;
        if t.unit_positions() != theirs {
            fail("co_positions differ".into());
        }
    }
    // dis._parse_exception_table (byte offsets in 3.11-3.13)
    if let Some(exc) = d["exc"].as_array() {
        let et = hex(d["et"].as_str().unwrap_or(""));
        checks += 1;
        match ExceptionTable::decode(&et) {
            Err(e) => fail(format!("exception table rejected: {e}")),
            Ok(t) => {
                if t.encode() != et {
                    fail("exception table re-encodes differently".into());
                }
                let ours: Vec<[u64; 5]> = t
                    .entries
                    .iter()
                    .map(|e| {
                        [
                            2 * e.start,
                            2 * e.end,
                            2 * e.target,
                            e.depth,
                            e.lasti as u32,
                        ]
                        .map(u64::from)
                    })
                    .collect();
                let theirs: Vec<[u64; 5]> = exc
                    .iter()
                    .map(|e| std::array::from_fn(|i| e[i].as_u64().unwrap_or(u64::MAX)))
                    .collect();
                if ours != theirs {
                    fail(format!("exception table: ours {ours:?} theirs {theirs:?}"));
                }
            }
        }
    }
    checks
}

#[test]
fn differential_vs_interpreters() {
    let files: usize = std::env::var("PYCASM_DIFF_FILES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/dump_code_tables.py");
    let mut fails = Vec::new();
    let mut found = 0;
    for v in Version::ALL.into_iter().filter(|v| *v != Version::V3_14) {
        let Some(py) = pycasm::python::find(v).map(|p| p.path) else {
            println!("SKIP {v}: no interpreter (set PYCASM_PYTHON_{}_{} or PYCASM_PYENV_ROOT) -- NOT TESTED", v.major_minor().0, v.major_minor().1);
            continue;
        };
        found += 1;
        let out = Command::new(&py)
            .arg(&script)
            .arg(files.to_string())
            .output()
            .expect("run the interpreter");
        assert!(
            out.status.success(),
            "{}: {}",
            py.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let (mut objects, mut checks) = (0, 0);
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let d: Json = serde_json::from_str(line).expect("dump line is JSON");
            objects += 1;
            checks += compare_dump(v, &d, &mut fails);
        }
        println!(
            "{v}: {} -- {objects} code objects, {checks} comparisons",
            py.display()
        );
        assert!(objects > 0, "{v}: the dump script produced nothing");
    }
    println!("interpreters found: {found}");
    for f in fails.iter().take(20) {
        println!("FAIL {f}");
    }
    assert!(fails.is_empty(), "{} mismatches", fails.len());
}

// ---------------------------------------------------------------------------------
// Byte-identity sweep over real .pyc files.

#[derive(Debug, Default, Clone)]
struct Stats {
    files: usize,
    unreadable: usize,
    code_objects: usize,
    lt_identical: usize,
    et_tables: usize,
    et_identical: usize,
    canonical_match: usize,
    examples: Vec<String>,
    failures: Vec<String>,
}

impl Stats {
    fn merge(mut self, o: Stats) -> Stats {
        self.files += o.files;
        self.unreadable += o.unreadable;
        self.code_objects += o.code_objects;
        self.lt_identical += o.lt_identical;
        self.et_tables += o.et_tables;
        self.et_identical += o.et_identical;
        self.canonical_match += o.canonical_match;
        self.examples.extend(o.examples.into_iter().take(3));
        self.examples.truncate(3);
        self.failures.extend(o.failures.into_iter().take(10));
        self.failures.truncate(10);
        self
    }
}

fn check_code(v: Version, c: &CodeTables, s: &mut Stats, path: &str) {
    s.code_objects += 1;
    match LineTable::decode(v.line_table_format(), &c.linetable, c.firstlineno) {
        Err(e) => s.failures.push(format!("{path} {}: {e}", c.name)),
        Ok(t) => {
            if t.encode() == c.linetable {
                s.lt_identical += 1;
            } else {
                s.failures
                    .push(format!("{path} {}: line table differs", c.name));
            }
            let spans = support::instruction_spans(v, &c.code);
            let input = t.instruction_positions(&spans);
            match encode_canonical(v, c.firstlineno, &input) {
                Ok(canon) if canon.encode() == c.linetable => s.canonical_match += 1,
                Ok(canon) => {
                    if s.examples.len() < 3 {
                        s.examples.push(format!(
                            "{path} {} (first {}): real {:02x?} canonical {:02x?}",
                            c.name,
                            c.firstlineno,
                            &c.linetable[..c.linetable.len().min(40)],
                            &canon.encode()[..canon.encode().len().min(40)]
                        ));
                    }
                }
                Err(e) => {
                    if s.examples.len() < 3 {
                        s.examples
                            .push(format!("{path} {}: encoder error {e}", c.name));
                    }
                }
            }
        }
    }
    if let Some(et) = &c.exceptiontable {
        s.et_tables += 1;
        match ExceptionTable::decode(et) {
            Ok(t) if t.encode() == *et => s.et_identical += 1,
            Ok(_) => s
                .failures
                .push(format!("{path} {}: exception table differs", c.name)),
            Err(e) => s.failures.push(format!("{path} {}: {e}", c.name)),
        }
    }
}

fn sweep_file(path: &PathBuf) -> (Option<Version>, Stats) {
    let mut s = Stats {
        files: 1,
        ..Stats::default()
    };
    let shown = path.display().to_string();
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(_) => {
            s.unreadable += 1;
            return (None, s);
        }
    };
    match support::code_objects(&data) {
        Ok((v, codes)) => {
            for c in &codes {
                check_code(v, c, &mut s, &shown);
            }
            (Some(v), s)
        }
        Err(e) => {
            s.unreadable += 1;
            s.failures.push(format!("{shown}: {e}"));
            (None, s)
        }
    }
}

/// Sweep every `step`-th file (`None`: about `per_dir` files per directory).
fn sweep(per_dir: Option<usize>) -> BTreeMap<Version, Stats> {
    let mut dirs: Vec<(String, PathBuf)> = Version::ALL
        .into_iter()
        .filter_map(|v| support::lib_dir(v).map(|d| (v.to_string(), d)))
        .collect();
    dirs.push(("3.14 corpus".into(), support::corpus_314_dir()));
    let mut files = Vec::new();
    for (name, dir) in &dirs {
        let all = support::pyc_files(dir);
        if all.is_empty() {
            println!("SKIP {name}: no .pyc under {} -- NOT TESTED", dir.display());
            continue;
        }
        let step = per_dir.map_or(1, |n| (all.len() / n).max(1));
        files.extend(all.into_iter().step_by(step));
    }
    let results: Vec<(Option<Version>, Stats)> = files.par_iter().map(sweep_file).collect();
    let mut by_version: BTreeMap<Version, Stats> = BTreeMap::new();
    for (v, s) in results {
        let key = v.unwrap_or(Version::V2_7);
        let e = by_version.remove(&key).unwrap_or_default();
        by_version.insert(key, e.merge(s));
    }
    by_version
}

fn report_and_check(stats: &BTreeMap<Version, Stats>) {
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    for (v, s) in stats {
        println!(
            "{v}: {} files ({} unreadable), {} code objects, line tables identical {}/{}, \
             exception tables identical {}/{}, canonical encoder {}/{} ({:.3}%)",
            s.files,
            s.unreadable,
            s.code_objects,
            s.lt_identical,
            s.code_objects,
            s.et_identical,
            s.et_tables,
            s.canonical_match,
            s.code_objects,
            pct(s.canonical_match, s.code_objects)
        );
        for e in &s.examples {
            println!("    canonical mismatch: {e}");
        }
        for f in &s.failures {
            println!("    FAIL {f}");
        }
    }
    for (v, s) in stats {
        assert!(s.failures.is_empty(), "{v}: {} failures", s.failures.len());
        assert_eq!(s.lt_identical, s.code_objects, "{v}");
        assert_eq!(s.et_identical, s.et_tables, "{v}");
        if *v >= Version::V3_11 {
            assert_eq!(s.canonical_match, s.code_objects, "{v}: canonical encoder");
        }
    }
    assert!(
        stats.contains_key(&Version::V3_14),
        "the 3.14 corpus was not swept"
    );
}

#[test]
fn byte_identity_sample() {
    let full = std::env::var("PYCASM_FULL_SWEEP").is_ok_and(|v| v == "1");
    report_and_check(&sweep(if full { None } else { Some(40) }));
}

#[test]
#[ignore = "sweeps ~50,000 files; run in release mode"]
fn byte_identity_full() {
    report_and_check(&sweep(None));
}

// ---------------------------------------------------------------------------------
// Hand-checked facts (values printed by the real interpreters, see pyc-formats.md).

#[test]
fn lnotab_continuations_from_real_interpreters() {
    // 3.6, a 254-line jump: `x=1` then `y=2` 254 lines later.
    let b = [4, 127, 0, 127, 0, 0];
    let t = Lnotab::decode(&b, true, 1).expect("decodes");
    assert_eq!(
        t.entries,
        vec![LnotabEntry {
            offset: 4,
            line: 255
        }]
    );
    assert_eq!(t.encode(), b);
    // 2.7: 510 bytes of one statement (two (255, 0) pairs), then the next line.
    let b = [255, 0, 255, 0, 0, 1];
    let t = Lnotab::decode(&b, false, 1).expect("decodes");
    assert_eq!(
        t.entries,
        vec![LnotabEntry {
            offset: 510,
            line: 2
        }]
    );
    // 3.10: a +254 line jump is (0, 127), (8, 127).
    let b = [4, 0, 0, 127, 8, 127];
    let t = Lines310::decode(&b, 1).expect("decodes");
    assert_eq!(
        t.entries,
        vec![
            Lines310Entry {
                start: 0,
                end: 4,
                line: Some(1)
            },
            Lines310Entry {
                start: 4,
                end: 12,
                line: Some(255)
            }
        ]
    );
    assert_eq!(t.encode(), b);
}

#[test]
fn exception_table_doc_example() {
    // InternalDocs/exception_handling.md: (20, 8, 100, depth 3, lasti false).
    let b = [0x94, 0x08, 0x41, 0x24, 0x06];
    let t = ExceptionTable::decode(&b).expect("decodes");
    assert_eq!(
        t.entries,
        vec![ExceptionEntry {
            start: 20,
            end: 28,
            target: 100,
            depth: 3,
            lasti: false
        }]
    );
    assert_eq!(t.encode(), b);
    // A leading zero group is rejected, with its offset.
    let e = ExceptionTable::decode(&[0xc0, 0x14, 0x08, 0x00, 0x00]).expect_err("non-minimal");
    assert_eq!(e.offset, 0);
    let e = ExceptionTable::decode(&[0x14]).expect_err("no marker");
    assert_eq!(e.offset, 0);
    let e = ExceptionTable::decode(&[0x94, 0x08]).expect_err("truncated");
    assert_eq!(e.offset, 2);
}

#[test]
fn location_errors_name_the_byte() {
    let e = Locations::decode(&[0x80, 0x00, 0x08], 1).expect_err("no entry start");
    assert_eq!(e.offset, 2);
    let e = Locations::decode(&[0xf0, 0x41], 1).expect_err("truncated varint");
    assert_eq!(e.offset, 2);
    let e = Locations::decode(&[0xe8, 0x40, 0x00], 1).expect_err("non-minimal");
    assert_eq!(e.offset, 1);
    let e = Lines310::decode(&[2, 0, 255, 1], 1).expect_err("255");
    assert_eq!(e.offset, 2);
    let e = Lnotab::decode(&[2, 0, 255], 1 > 0, 1).expect_err("odd");
    assert_eq!(e.offset, 2);
}

// ---------------------------------------------------------------------------------
// Property tests.

/// Lnotab entries whose encodings cannot fuse with their neighbours (an address delta
/// of exactly 255 with no line change, or a line delta of exactly the continuation
/// value, would be merged with the next entry by the decoder).
fn lnotab_entries(signed: bool) -> impl Strategy<Value = Lnotab> {
    let line = if signed { -400i32..400 } else { 0i32..700 };
    (prop::collection::vec((0u32..800, line), 0..30), -5i32..1000).prop_map(move |(d, first)| {
        let mut entries = Vec::new();
        let (mut off, mut l) = (0u32, first);
        for (a, dl) in d {
            let k = if signed {
                dl == 127 || dl == -128
            } else {
                dl == 255
            };
            if k || (a == 255 && dl == 0) {
                continue;
            }
            off += a;
            l += dl;
            entries.push(LnotabEntry {
                offset: off,
                line: l,
            });
        }
        Lnotab {
            signed,
            firstlineno: first,
            entries,
        }
    })
}

fn lines310_entries() -> impl Strategy<Value = Lines310> {
    let line = prop_oneof![Just(None), (-400i32..400).prop_map(Some)];
    (prop::collection::vec((0u32..800, line), 0..30), -5i32..1000).prop_map(|(d, first)| {
        let mut entries = Vec::new();
        let (mut at, mut l) = (0u32, first);
        for (bytes, dl) in d {
            if (bytes > 0 && bytes % 254 == 0) || (bytes == 0 && matches!(dl, Some(127 | -127))) {
                continue;
            }
            let line = dl.map(|dl| {
                l += dl;
                l
            });
            entries.push(Lines310Entry {
                start: at,
                end: at + bytes,
                line,
            });
            at += bytes;
        }
        Lines310 {
            firstlineno: first,
            entries,
        }
    })
}

fn location_entries() -> impl Strategy<Value = Locations> {
    let e = (
        0u8..5,
        1u8..=8,
        -300i32..300,
        0u32..300,
        0u32..300,
        0u32..40,
        any::<bool>(),
    );
    (prop::collection::vec(e, 0..30), -5i32..1000).prop_map(|(d, first)| {
        let mut entries = Vec::new();
        let mut line = first;
        for (form, units, dl, c, w, el, known) in d {
            let mut e = LocationEntry::none(units);
            match form {
                0 => {
                    e.form = LocationForm::Short;
                    let c = c % 80;
                    (e.line, e.end_line, e.col, e.end_col) =
                        (Some(line), Some(line), Some(c), Some(c + w % 16));
                }
                1 => {
                    e.form = LocationForm::OneLine;
                    line += dl.rem_euclid(3);
                    (e.line, e.end_line, e.col, e.end_col) =
                        (Some(line), Some(line), Some(c % 128), Some(w % 128));
                }
                2 => {
                    e.form = LocationForm::NoColumn;
                    line += dl;
                    (e.line, e.end_line) = (Some(line), Some(line));
                }
                3 => {
                    e.form = LocationForm::Long;
                    line += dl;
                    (e.line, e.end_line) = (Some(line), Some(line + el as i32));
                    (e.col, e.end_col) = if known {
                        (Some(c), Some(c + w))
                    } else {
                        (None, Some(w))
                    };
                }
                _ => {}
            }
            entries.push(e);
        }
        Locations {
            firstlineno: first,
            entries,
        }
    })
}

fn exception_entries() -> impl Strategy<Value = ExceptionTable> {
    let e = (
        0u32..5000,
        0u32..3000,
        0u32..70000,
        0u32..300,
        any::<bool>(),
    );
    prop::collection::vec(e, 0..20).prop_map(|d| ExceptionTable {
        entries: d
            .into_iter()
            .map(|(start, size, target, depth, lasti)| ExceptionEntry {
                start,
                end: start + size,
                target,
                depth,
                lasti,
            })
            .collect(),
    })
}

const FORMATS: [LineTableFormat; 4] = [
    LineTableFormat::LnotabUnsigned,
    LineTableFormat::LnotabSigned,
    LineTableFormat::Linetable310,
    LineTableFormat::Locations,
];

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lnotab_entries_round_trip(t in prop_oneof![lnotab_entries(false), lnotab_entries(true)]) {
        prop_assert!(t.validate().is_ok());
        let back = Lnotab::decode(&t.encode(), t.signed, t.firstlineno).expect("own output decodes");
        prop_assert_eq!(back, t);
    }

    #[test]
    fn lines310_entries_round_trip(t in lines310_entries()) {
        prop_assert!(t.validate().is_ok());
        let back = Lines310::decode(&t.encode(), t.firstlineno).expect("own output decodes");
        prop_assert_eq!(back, t);
    }

    #[test]
    fn location_entries_round_trip(t in location_entries()) {
        prop_assert!(t.validate().is_ok(), "{:?}", t.validate());
        let back = Locations::decode(&t.encode(), t.firstlineno).expect("own output decodes");
        prop_assert_eq!(back, t);
    }

    #[test]
    fn exception_entries_round_trip(t in exception_entries()) {
        let back = ExceptionTable::decode(&t.encode()).expect("own output decodes");
        prop_assert_eq!(back, t);
    }

    #[test]
    fn random_bytes_never_panic_and_round_trip(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        first in any::<i32>(),
    ) {
        for f in FORMATS {
            if let Ok(t) = LineTable::decode(f, &bytes, first) {
                prop_assert_eq!(t.encode(), bytes.clone(), "{:?}", f);
                let _ = t.positions(64);
                let _ = t.line_starts();
            }
        }
        if let Ok(t) = ExceptionTable::decode(&bytes) {
            prop_assert_eq!(t.encode(), bytes);
        }
    }

    #[test]
    fn pair_tables_of_special_pairs_round_trip(
        pairs in prop::collection::vec(
            prop::sample::select(vec![
                [255u8, 0], [0, 127], [0, 0x80], [0, 0x81], [254, 0], [254, 0x80], [0, 255],
                [0, 0], [4, 127], [254, 5], [2, 0x80], [10, 3], [0, 1],
            ]),
            0..40,
        ),
        first in -3i32..3,
    ) {
        let bytes: Vec<u8> = pairs.concat();
        for f in &FORMATS[..3] {
            if let Ok(t) = LineTable::decode(*f, &bytes, first) {
                prop_assert_eq!(t.encode(), bytes.clone(), "{:?}", f);
                let again = LineTable::decode(*f, &t.encode(), first).expect("re-decodes");
                prop_assert_eq!(again, t);
            }
        }
    }

    #[test]
    fn mutated_tables_never_panic(
        t in location_entries(),
        x in exception_entries(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        for mut b in [t.encode(), x.encode()] {
            if !b.is_empty() {
                let i = at.index(b.len());
                b[i] = byte;
                b.truncate(cut.index(b.len() + 1));
            }
            if let Ok(d) = Locations::decode(&b, t.firstlineno) {
                prop_assert_eq!(d.encode(), b.clone());
            }
            if let Ok(d) = ExceptionTable::decode(&b) {
                prop_assert_eq!(d.encode(), b);
            }
        }
    }

    #[test]
    fn canonical_locations_decode_to_their_positions(
        pos in prop::collection::vec((1u32..4, -2i32..3, 0u32..150, 0u32..20, 0u32..3, 0u8..4), 1..40),
        version in prop::sample::select(vec![Version::V3_11, Version::V3_12, Version::V3_13, Version::V3_14]),
    ) {
        // Per-instruction positions -> canonical table -> co_positions gives them back.
        let mut instrs = Vec::new();
        let (mut off, mut line) = (0u32, 10i32);
        for (units, dl, c, w, el, kind) in pos {
            line = (line + dl).max(1);
            let position = match kind {
                0 => Position::NONE,
                1 => Position { line: Some(line), end_line: Some(line), col: None, end_col: None },
                _ => Position { line: Some(line), end_line: Some(line + el as i32), col: Some(c), end_col: Some(c + w) },
            };
            instrs.push(pycasm::code::linetable::InstrPosition { offset: off, size: 2 * units, position, starts_line: true });
            off += 2 * units;
        }
        let t = encode_canonical(version, 10, &instrs).expect("encodes");
        prop_assert!(t.validate().is_ok());
        let per_unit = t.positions(off as usize);
        for i in &instrs {
            for u in i.offset / 2..(i.offset + i.size) / 2 {
                prop_assert_eq!(per_unit[u as usize], i.position);
            }
        }
        let back = LineTable::decode(LineTableFormat::Locations, &t.encode(), 10).expect("decodes");
        prop_assert_eq!(back, t);
    }
}

#[test]
fn long_runs_of_continuation_pairs_decode_in_linear_time() {
    let started = std::time::Instant::now();
    for pair in [
        [255u8, 0],
        [0, 127],
        [0, 0x80],
        [0, 0x81],
        [254, 0],
        [254, 0x80],
        [0, 255],
    ] {
        for tail in [&[][..], &[7, 3][..], &[255, 9][..]] {
            let mut b: Vec<u8> = pair.repeat(200_000);
            b.extend_from_slice(tail);
            for f in &FORMATS[..3] {
                if let Ok(t) = LineTable::decode(*f, &b, 1) {
                    assert_eq!(t.encode(), b, "{f:?} {pair:?}");
                }
            }
        }
    }
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}
