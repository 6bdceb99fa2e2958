//! `pycasm verify`: agreement with CPython's co_stacksize where CPython computes it on
//! the final code (3.10+), and diagnostics for deliberately broken bytecode.

use std::process::Command;

use pycasm::code::{instr, Code};
use pycasm::pyc::PycFile;
use pycasm::verify::verify_tree;
use pycasm::Version;

mod support;

#[test]
fn stack_sizes_agree_with_cpython_from_310() {
    let mut files = Vec::new();
    for v in [
        Version::V3_10,
        Version::V3_11,
        Version::V3_12,
        Version::V3_13,
    ] {
        if let Some(py) = support::interpreter(v) {
            files.extend(support::sample_pycs(&py, 150));
        }
    }
    files.extend(support::spread(support::corpus_314(), 200));
    let mut codes = 0;
    for f in &files {
        let code = Code::from_pyc(&PycFile::read(f).expect("parses")).expect("decodes");
        let findings = verify_tree(&code, true);
        assert!(findings.is_empty(), "{}: {findings:?}", f.display());
        code.walk(&mut |_, _| codes += 1);
    }
    eprintln!(
        "{} files, {codes} code objects: co_stacksize equal to the computed depth",
        files.len()
    );
}

/// Compile `src` with the interpreter, break the module's bytecode with `edit`, and
/// return what `pycasm verify` prints.
fn verify_broken(
    version: Version,
    src: &str,
    edit: impl Fn(&mut Vec<u8>, &[instr::Instruction]),
) -> Option<String> {
    let py = support::interpreter(version)?;
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("m.py"), src).expect("write");
    py.run(
        &[
            "-c",
            "import py_compile; py_compile.compile('m.py', cfile='m.pyc', doraise=True)",
        ],
        Some(dir.path()),
    )
    .expect("compiles");
    let path = dir.path().join("m.pyc");
    let pyc = PycFile::read(&path).expect("parses");
    let module = Code::from_pyc(&pyc).expect("decodes");
    let mut code = module.code.clone();
    let instrs = instr::decode(&code, version).expect("decodes");
    edit(&mut code, &instrs);
    let edit = pycasm::marshal::edit::CodeEdit {
        code,
        linetable: module.linetable.clone(),
        exceptiontable: version
            .has_exception_table()
            .then(|| module.exceptiontable.clone()),
        stacksize: module.stacksize as i32,
    };
    let body = pycasm::marshal::edit::edit_code_objects(&pyc.body, &[Some(edit)]).expect("edits");
    let broken = PycFile {
        header: pyc.header,
        body,
    };
    std::fs::write(&path, broken.to_bytes().expect("writes")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_pycasm"))
        .args(["verify", path.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(!out.status.success(), "broken code must fail verification");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn broken_bytecode_is_reported() {
    let v = Version::V3_12;
    let op = |name: &str| v.opcodes().by_name(name).expect("opcode").code as u8;
    // The final RETURN_CONST becomes a NOP: execution runs off the end.
    if let Some(out) = verify_broken(v, "x = 1\n", |code, instrs| {
        let last = instrs.last().expect("instructions");
        code[last.offset as usize] = op("NOP");
    }) {
        assert!(out.contains("can run off the end"), "{out}");
    }
    // The first LOAD_CONST becomes a POP_TOP: the stack underflows.
    if let Some(out) = verify_broken(v, "x = 1\n", |code, instrs| {
        let load = instrs
            .iter()
            .find(|i| i.opcode == op("LOAD_CONST"))
            .expect("LOAD_CONST");
        code[load.offset as usize] = op("POP_TOP");
    }) {
        assert!(
            out.contains("POP_TOP (instruction 1): stack underflow"),
            "{out}"
        );
    }
    // An extra BUILD_TUPLE 0 pushes one more value than the stored stack size allows.
    if let Some(out) = verify_broken(v, "x = (1, 2)\n", |code, instrs| {
        let store = instrs
            .iter()
            .find(|i| i.opcode == op("STORE_NAME"))
            .expect("STORE_NAME");
        let at = store.offset as usize;
        code[at] = op("BUILD_TUPLE");
        code[at + 1] = 0;
    }) {
        assert!(out.contains("co_stacksize"), "{out}");
    }
}
