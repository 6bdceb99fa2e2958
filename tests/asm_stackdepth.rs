//! `code::stackdepth` against `co_stacksize` of real CPython files: equal for every
//! code object from 3.10 on; up to 3.9 (where CPython computed it on pre-peephole
//! code) the agreement is counted, and we must never be below a valid file's value.
//!
//! The sample test runs on a spread of each interpreter's stdlib and of the 3.14
//! corpus; `full_sweep` (ignored) does every file and prints the figures.

mod support;

use std::path::PathBuf;

use pycasm::code::exctable::ExceptionTable;
use pycasm::code::{instr, stackdepth, Code};
use pycasm::pyc::PycFile;
use pycasm::Version;

#[derive(Default, Debug)]
struct Figures {
    codes: usize,
    equal: usize,
    lower: usize,
    higher: usize,
    with_errors: usize,
}

fn sweep(version: Version, files: &[PathBuf]) -> Figures {
    let mut f = Figures::default();
    for path in files {
        let Ok(data) = std::fs::read(path) else {
            continue;
        };
        let Ok(pyc) = PycFile::parse(&data) else {
            continue;
        };
        if pyc.header.version != version {
            continue;
        }
        let Ok(root) = Code::from_pyc(&pyc) else {
            continue;
        };
        root.walk(&mut |c, _| {
            let instrs = instr::decode(&c.code, version).expect("decodes");
            let table = ExceptionTable::decode(&c.exceptiontable).expect("exception table");
            let a = stackdepth::analyze(version, &instrs, &table.entries, c.flags);
            f.codes += 1;
            if !a.errors.is_empty() {
                f.with_errors += 1;
            }
            match a.max.cmp(&c.stacksize) {
                std::cmp::Ordering::Equal => f.equal += 1,
                std::cmp::Ordering::Less => {
                    f.lower += 1;
                    if version >= Version::V3_10 {
                        eprintln!(
                            "{}: {} computed {} stored {} errors {:?}",
                            path.display(),
                            c.name.to_string_lossy(),
                            a.max,
                            c.stacksize,
                            a.errors
                        );
                    }
                }
                std::cmp::Ordering::Greater => {
                    f.higher += 1;
                    if version >= Version::V3_10 {
                        eprintln!(
                            "{}: {} computed {} stored {} errors {:?}",
                            path.display(),
                            c.name.to_string_lossy(),
                            a.max,
                            c.stacksize,
                            a.errors
                        );
                    }
                }
            }
        });
    }
    eprintln!("{version}: {f:?}");
    f
}

fn check(version: Version, f: &Figures) {
    if version >= Version::V3_10 {
        // Never above, and equal but for CPython's dead code: 6 code objects of the
        // 3.11-3.13 test suites (an `except*` clause whose body is `pass`, and
        // test_sys_settrace's jump tests) keep unreachable instructions that the
        // compiler's pass counted before it removed the jumps to them.
        assert_eq!(f.higher, 0, "{version}: {f:?}");
        assert!(f.lower <= 6, "{version}: {f:?}");
        assert_eq!(f.with_errors, 0, "{version}: {f:?}");
    } else if version >= Version::V3_6 {
        // 3.6 to 3.9: CPython's model ran on the code before the peephole optimizer
        // (a folded constant tuple was still BUILD_TUPLE n), so agreement is high but
        // not total.
        assert!(f.equal * 100 >= f.codes * 95, "{version}: {f:?}");
    } else {
        // 2.7's recursive walk over pre-peephole blocks can come out either way.
        assert!(f.equal * 100 >= f.codes * 90, "{version}: {f:?}");
    }
}

fn files(version: Version, sample: Option<usize>) -> Vec<PathBuf> {
    let all = if version == Version::V3_14 {
        support::corpus_314()
    } else {
        match support::interpreter(version) {
            Some(py) => support::stdlib_pycs(&py),
            None => Vec::new(),
        }
    };
    match sample {
        Some(n) => support::spread(all, n),
        None => all,
    }
}

#[test]
fn stack_depth_matches_co_stacksize_on_samples() {
    for v in Version::ALL {
        let fs = files(v, Some(60));
        if fs.is_empty() {
            continue;
        }
        let f = sweep(v, &fs);
        check(v, &f);
    }
}

#[test]
#[ignore = "every stdlib file of every interpreter; run with --ignored --nocapture for the figures"]
fn full_sweep() {
    let only = std::env::var("ASM_SWEEP_VERSIONS").unwrap_or_default();
    let mut failed = Vec::new();
    for v in Version::ALL {
        if !only.is_empty() && !only.split(',').any(|x| x == v.to_string()) {
            continue;
        }
        let fs = files(v, None);
        if fs.is_empty() {
            continue;
        }
        let f = sweep(v, &fs);
        if std::panic::catch_unwind(|| check(v, &f)).is_err() {
            failed.push(v);
        }
    }
    assert!(failed.is_empty(), "figures out of bounds for {failed:?}");
}
