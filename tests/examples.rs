//! Every hand-written example assembles with `pycasm asm` and runs on the real
//! interpreter of its version, printing what that interpreter prints for the same
//! program written in Python (`examples/py/`, `examples/py27/`).

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::Version;

mod support;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

#[test]
fn examples_run_like_their_python_sources() {
    let mut ran = 0;
    for dir in ["2.7", "3.8", "3.11", "3.13"] {
        let version: Version = dir.parse().expect("version directory");
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let sources = examples_dir().join(if version == Version::V2_7 {
            "py27"
        } else {
            "py"
        });
        let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir().join(dir))
            .expect("examples directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
            .collect();
        files.sort();
        assert!(files.len() >= 6, "{dir}: expected at least 6 examples");
        let tmp = tempfile::tempdir().expect("temp dir");
        for asm in files {
            let stem = asm
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let pyc = tmp.path().join(format!("{stem}.pyc"));
            let out = Command::new(env!("CARGO_BIN_EXE_pycasm"))
                .args([
                    "asm",
                    asm.to_str().expect("utf-8"),
                    "-o",
                    pyc.to_str().expect("utf-8"),
                ])
                .output()
                .expect("pycasm runs");
            assert!(
                out.status.success(),
                "{}: pycasm asm failed:\n{}",
                asm.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let ours = py
                .run(&[pyc.to_str().expect("utf-8")], Some(tmp.path()))
                .unwrap_or_else(|e| panic!("{}: {e}", asm.display()));
            let source = sources.join(format!("{stem}.py"));
            let theirs = py
                .run(&[source.to_str().expect("utf-8")], Some(tmp.path()))
                .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
            assert_eq!(
                ours,
                theirs,
                "{}: output differs from {}",
                asm.display(),
                source.display()
            );
            ran += 1;
        }
        eprintln!("{dir}: examples run on {}", py.path.display());
    }
    eprintln!("{ran} examples ran");
}
