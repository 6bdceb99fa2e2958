//! `pycasm opt` on real files and on hand-written redundancies.

use std::process::Command;

use pycasm::code::Code;
use pycasm::opt::{optimize_file, Stats};
use pycasm::passes;
use pycasm::pyc::PycFile;
use pycasm::Version;

mod support;

fn samples() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for v in Version::ALL {
        if let Some(py) = support::interpreter(v) {
            files.extend(support::sample_pycs(&py, 25));
        }
    }
    files.extend(support::spread(support::corpus_314(), 40));
    files
}

#[test]
fn no_passes_write_back_the_same_bytes() {
    for f in samples() {
        let data = std::fs::read(&f).expect("read");
        let pyc = PycFile::parse(&data).expect("parses");
        let (out, _) = optimize_file(&pyc, &[]).expect("optimizes");
        assert!(out.to_bytes().expect("writes") == data, "{}", f.display());
    }
}

#[test]
fn optimized_files_keep_every_other_object() {
    let mut total = Stats::default();
    for f in samples() {
        let pyc = PycFile::read(&f).expect("parses");
        let (out, stats) = optimize_file(&pyc, &passes::all()).expect("optimizes");
        total.add(&stats);
        let bytes = out.to_bytes().expect("writes");
        let back = PycFile::parse(&bytes).expect("reads back");
        let (a, b) = (
            Code::from_pyc(&pyc).expect("code"),
            Code::from_pyc(&back).expect("code"),
        );
        // Same tree of code objects; only bytecode and tables may differ.
        let mut left = Vec::new();
        a.walk(&mut |c, d| {
            left.push((
                d,
                c.name.clone(),
                c.consts.len(),
                c.names.clone(),
                c.stacksize,
            ))
        });
        let mut right = Vec::new();
        b.walk(&mut |c, d| {
            right.push((
                d,
                c.name.clone(),
                c.consts.len(),
                c.names.clone(),
                c.stacksize,
            ))
        });
        assert_eq!(left, right, "{}", f.display());
        b.walk(&mut |c, _| {
            pycasm::code::roundtrip::check_one(c)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", f.display(), c.name))
        });
    }
    eprintln!(
        "{} code objects: instructions {} -> {}",
        total.codes, total.instructions.0, total.instructions.1
    );
    assert!(total.instructions.1 <= total.instructions.0);
}

#[test]
fn cli_refuses_to_overwrite_without_in_place() {
    let dir = tempfile::tempdir().expect("temp");
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pyc/hello.cpython-38.pyc");
    let copy = dir.path().join("h.pyc");
    std::fs::copy(&src, &copy).expect("copy");
    let out = Command::new(env!("CARGO_BIN_EXE_pycasm"))
        .args(["opt", copy.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--in-place"));
    assert_eq!(
        std::fs::read(&copy).expect("read"),
        std::fs::read(&src).expect("read")
    );
}
