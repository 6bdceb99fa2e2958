//! The VM on CPython 3.14 bytecode. There is no 3.14 interpreter here, so:
//!
//! - `tests/vm314/*.pyasm` are hand translations of the programs next to them
//!   (`NAME.py`), written as CPython 3.14 compiles them. Each is assembled with
//!   `pycasm asm`, run with `pycasm run`, and its stdout, exit status and
//!   traceback (caret lines aside) are compared with the newest real
//!   interpreter (3.13) running the `.py` source;
//!   the programs avoid behaviour that differs between 3.13 and 3.14.
//! - Real 3.14.0 `.pyc` files of the shared corpus are run with imports resolved
//!   from the corpus itself (`pycasm run --path DIR`): a fixed list of modules
//!   whose imports the corpus and the VM provide must run to completion.

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::vm::{self, sweep};
use pycasm::Version;

mod support;

use support::{outcome, without_carets};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vm314")
}

fn pycasm() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pycasm"))
}

/// Assemble and run one program; `Err` describes how it differs from CPython.
fn check(py: &Path, asm: &Path, tmp: &Path) -> Result<(), String> {
    let stem = asm
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
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
    // CPython runs its own compilation of the source, named `NAME.py` like the
    // `.pyasm`'s `.filename`, from the programs' directory (so that both
    // tracebacks find the source lines).
    let reference = tmp.join(format!("{stem}.313.pyc"));
    let compiled = outcome(
        Command::new(py)
            .args([
                "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                &format!("{stem}.py"),
            ])
            .arg(&reference)
            .current_dir(programs_dir()),
    );
    if compiled.status != Some(0) {
        return Err(format!("CPython cannot compile it: {}", compiled.stderr));
    }
    let expected = outcome(Command::new(py).arg(&reference).current_dir(programs_dir()));
    // The assembled .pyc, and the .pyasm run directly.
    for file in [&pyc, asm] {
        let got = outcome(
            pycasm()
                .args(["run", "--max-instructions", "50000000"])
                .arg(file)
                .current_dir(programs_dir()),
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
        if without_carets(&got.stderr) != without_carets(&expected.stderr) {
            return Err(format!(
                "stderr differs\n--- python\n{}\n--- vm\n{}",
                expected.stderr, got.stderr
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

/// Real 3.14.0 modules of the corpus whose imports the corpus and the VM's
/// built-in modules provide (found with `pycasm run --sweep`): their top-level
/// code must run to completion.
const CORPUS_COMPLETES: &[&str] = &[
    "compression._common",
    "ctypes.macholib",
    "email.mime",
    "test.archivetestdata.testdata_module_inside_zip",
    "test.crashers.recursive_call",
    "test.dtracedata.call_stack",
    "test.dtracedata.line",
    "test.encoded_modules",
    "test.encoded_modules.module_iso_8859_1",
    "test.encoded_modules.module_koi8_r",
    "test.leakers",
    "test.libregrtest",
    "test.libregrtest.pgo",
    "test.libregrtest.tsan",
    "test.subprocessdata.input_reader",
    "test.subprocessdata.qcat",
    "test.subprocessdata.qgrep",
    "test.tokenizedata",
    "test.tokenizedata.coding20731",
    "test.tracedmodules",
    "test.tracedmodules.testmod",
    "test.typinganndata",
    "test.typinganndata.ann_module3",
    "test.typinganndata.ann_module4",
    "test.typinganndata.ann_module8",
    "test.typinganndata.partialexecution",
    "test.typinganndata.partialexecution.a",
    "test.typinganndata.partialexecution.b",
    "xml.dom",
    "xml.dom.NodeFilter",
    "xml.dom.domreg",
    "xml.dom.minicompat",
    "xml.etree",
    "xml.parsers",
];

/// Corpus modules that fail for a reason other than a missing module (VM
/// runtime gaps): `code.replace`, `sys.settrace`.
const CORPUS_KNOWN_FAILURES: &[&str] = &[
    "test.crashers.bogus_code_obj",
    "test.crashers.trace_at_recursion_limit",
];

/// The 3.14 corpus directory, or `None` (announced) when it is absent.
fn corpus_root() -> Option<PathBuf> {
    let root = support::corpus_314_dir();
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("SKIP: no 3.14 corpus at {}", root.display());
        None
    }
}

/// Run `work` with room for 1000 Python frames on the Rust stack.
fn on_big_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(work)
        .expect("thread")
        .join()
        .expect("the VM does not panic")
}

#[test]
fn corpus_modules_without_missing_imports_run_to_completion() {
    let Some(root) = corpus_root() else {
        return;
    };
    let failures = on_big_stack(move || {
        let opts = vm::RunOptions {
            argv: vec![String::new()],
            trace: false,
            max_instructions: Some(20_000_000),
            path: sweep::sweep_path(&root),
            ..Default::default()
        };
        CORPUS_COMPLETES
            .iter()
            .filter_map(|m| match sweep::import_outcome(m, Version::V3_14, &opts) {
                sweep::Outcome::Completed => None,
                other => Some(format!("{m}: {other:?}")),
            })
            .collect::<Vec<_>>()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_sweep_fails_only_on_missing_modules() {
    let Some(root) = corpus_root() else {
        return;
    };
    let entries = on_big_stack(move || sweep::sweep(&root, Version::V3_14, 20_000_000));
    let report = sweep::report(&entries);
    eprintln!(
        "{}",
        report
            .lines()
            .skip_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(entries.len() > 1000, "expected the corpus modules");
    let unexpected: Vec<String> = entries
        .iter()
        .filter_map(|e| match &e.outcome {
            sweep::Outcome::Failed(why)
                if why.starts_with("vm:")
                    || !CORPUS_KNOWN_FAILURES.contains(&e.module.as_str()) =>
            {
                Some(format!("{}: {why}", e.module))
            }
            _ => None,
        })
        .collect();
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    for m in CORPUS_COMPLETES {
        assert!(
            entries
                .iter()
                .any(|e| e.module == *m && e.outcome == sweep::Outcome::Completed),
            "{m} did not complete in the sweep"
        );
    }
}

/// Opcodes of the 3.14 corpus the VM does not run yet: template strings, and
/// `except*` / generic type parameters, which the VM lacks for every version.
const UNSUPPORTED_IN_CORPUS: &[&str] = &[
    "BUILD_INTERPOLATION",
    "BUILD_TEMPLATE",
    "CALL_INTRINSIC_1",
    "CALL_INTRINSIC_2",
    "CHECK_EG_MATCH",
];

fn unsupported_ops(
    code: &vm::load::LoadedCode,
    found: &mut std::collections::BTreeMap<String, usize>,
) {
    for op in &code.ops {
        let name = match op {
            vm::load::Op::Unsupported(name) => name.to_string(),
            vm::load::Op::Unknown(n) => format!("<opcode {n}>"),
            _ => continue,
        };
        *found.entry(name).or_default() += 1;
    }
    for c in &code.consts {
        if let pycasm::vm::value::Value::Code(inner) = c {
            unsupported_ops(inner, found);
        }
    }
}

#[test]
fn corpus_opcodes_are_mapped() {
    let files = support::corpus_314();
    if files.is_empty() {
        return;
    }
    let mut found = std::collections::BTreeMap::new();
    for file in &files {
        let pyc = pycasm::pyc::PycFile::read(file).expect("corpus file reads");
        let code = pycasm::code::Code::from_pyc(&pyc).expect("corpus code decodes");
        let loaded = vm::load::load(&code).expect("corpus code loads");
        unsupported_ops(&loaded, &mut found);
    }
    eprintln!(
        "unsupported opcodes in {} corpus files: {found:?}",
        files.len()
    );
    let unexpected: Vec<&String> = found
        .keys()
        .filter(|k| !UNSUPPORTED_IN_CORPUS.contains(&k.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unmapped 3.14 opcodes: {unexpected:?}"
    );
}
