//! `import` in the VM against the real interpreter: `tests/vm_import/` is a
//! program with a regular package (relative imports, submodules, `from`
//! imports of modules and names), a namespace package and import errors. Every
//! file is compiled by CPython 3.13 into a temporary tree (`__pycache__`, as
//! `compileall` lays it out, and `main.pyc`), which the VM runs; the same
//! program runs on CPython from its sources. Output and status must agree.

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::Version;

mod support;

use support::outcome as run;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if entry.path().extension().is_some_and(|e| e == "py") {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

#[test]
fn packages_and_relative_imports_match_cpython() {
    let Some(py) = support::interpreter(Version::V3_13) else {
        return;
    };
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vm_import");
    let tmp = tempfile::tempdir().expect("tempdir");
    let tree = tmp.path();
    copy_tree(&src, tree);
    let compiled = run(Command::new(&py.path)
        .args(["-m", "compileall", "-q"])
        .arg(tree));
    assert_eq!(compiled.status, Some(0), "compileall: {}", compiled.stderr);
    let main_pyc = tree.join("main.pyc");
    let compiled = run(Command::new(&py.path)
        .args(["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)"])
        .arg(tree.join("main.py"))
        .arg(&main_pyc));
    assert_eq!(compiled.status, Some(0), "py_compile: {}", compiled.stderr);
    let expected = run(Command::new(&py.path).arg("main.py").current_dir(tree));
    assert_eq!(expected.status, Some(0), "python: {}", expected.stderr);
    // The VM sees only compiled files.
    for entry in walkdir::WalkDir::new(tree) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "py") {
            std::fs::remove_file(entry.path()).expect("rm");
        }
    }
    let got = run(Command::new(env!("CARGO_BIN_EXE_pycasm"))
        .arg("run")
        .arg(&main_pyc));
    assert_eq!(
        got.stdout, expected.stdout,
        "stdout differs; vm stderr:\n{}",
        got.stderr
    );
    assert_eq!(
        got.status, expected.status,
        "status differs; vm stderr:\n{}",
        got.stderr
    );
}
