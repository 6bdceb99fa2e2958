//! Shared helpers of the integration tests: the oracle interpreters and sample files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pycasm::code::{instr, Code};
use pycasm::pyc::PycFile;
use pycasm::python::{self, Interpreter};
use pycasm::Version;

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

/// Every .pyc under `dir` (no `opt-` variants), sorted.
pub fn pyc_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "pyc") && !p.to_string_lossy().contains(".opt-")
        })
        .collect();
    files.sort();
    files
}

/// Every .pyc of an interpreter's standard library, sorted.
pub fn stdlib_pycs(py: &Interpreter) -> Vec<PathBuf> {
    py.stdlib().map(|lib| pyc_files(&lib)).unwrap_or_default()
}

/// The standard library directory of `version`'s interpreter.
pub fn lib_dir(version: Version) -> Option<PathBuf> {
    python::find(version)?.stdlib()
}

/// An evenly spread sample of `n` stdlib .pyc files.
pub fn sample_pycs(py: &Interpreter, n: usize) -> Vec<PathBuf> {
    spread(stdlib_pycs(py), n)
}

/// The directory of real CPython 3.14.0 files (`../shared/corpus/cpython-3.14`).
pub fn corpus_314_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cpython-3.14")
}

/// The 3.14 corpus files, if present (a `SKIP` line if not).
pub fn corpus_314() -> Vec<PathBuf> {
    let dir = corpus_314_dir();
    if !dir.is_dir() {
        eprintln!("SKIP 3.14: corpus not found at {}", dir.display());
        return Vec::new();
    }
    pyc_files(&dir)
}

/// Every `len / n`-th item, `n` at most.
pub fn spread<T>(items: Vec<T>, n: usize) -> Vec<T> {
    let step = items.len().div_ceil(n.max(1)).max(1);
    items.into_iter().step_by(step).collect()
}

/// The fields of one code object the table tests need.
pub struct CodeTables {
    pub name: String,
    pub firstlineno: i32,
    pub code: Vec<u8>,
    pub linetable: Vec<u8>,
    pub exceptiontable: Option<Vec<u8>>,
}

/// Every code object of a .pyc, depth first.
pub fn code_objects(data: &[u8]) -> Result<(Version, Vec<CodeTables>), String> {
    let pyc = PycFile::parse(data).map_err(|e| e.to_string())?;
    let root = Code::from_pyc(&pyc).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    root.walk(&mut |c, _| {
        out.push(CodeTables {
            name: c.name.to_string_lossy().into_owned(),
            firstlineno: c.firstlineno,
            code: c.code.clone(),
            linetable: c.linetable.clone(),
            exceptiontable: c
                .version
                .has_exception_table()
                .then(|| c.exceptiontable.clone()),
        })
    });
    Ok((pyc.header.version, out))
}

/// `(byte offset, size)` of each instruction, EXTENDED_ARG prefixes and inline caches
/// included.
pub fn instruction_spans(v: Version, code: &[u8]) -> Vec<(u32, u32)> {
    match instr::decode(code, v) {
        Ok(instrs) => instrs.iter().map(|i| (i.offset, i.size(v))).collect(),
        Err(e) => panic!("{v}: bytecode does not decode: {e}"),
    }
}

/// What a finished process printed and its exit status.
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status (`None` if killed by a signal).
    pub status: Option<i32>,
}

/// Run `cmd` to the end (with `PYTHONHASHSEED=0` and no bytecode writing, for
/// the interpreters) and capture its output.
pub fn outcome(cmd: &mut std::process::Command) -> Outcome {
    let out = cmd
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("process runs");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code(),
    }
}

/// Traceback text without the caret/tilde marker lines (the VM does not draw
/// them).
pub fn without_carets(s: &str) -> String {
    s.lines()
        .filter(|l| {
            let t = l.trim();
            t.is_empty() || !t.chars().all(|c| c == '^' || c == '~')
        })
        .collect::<Vec<_>>()
        .join("\n")
}
