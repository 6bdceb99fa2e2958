//! The command line as a user types it.

use std::path::Path;
use std::process::Command;

use pycasm::Version;

mod support;

fn pycasm(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pycasm"))
        .args(args)
        .output()
        .expect("pycasm runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn info_reports_what_the_interpreter_wrote() {
    let Some(py) = support::interpreter(Version::V3_12) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let src = "def f(a, b=1, *, c):\n    return a\n\nclass K:\n    def m(self):\n        return lambda: 1\n";
    std::fs::write(dir.path().join("m.py"), src).expect("write");
    py.run(
        &[
            "-c",
            "import py_compile; py_compile.compile('m.py', cfile='m.pyc', doraise=True)",
        ],
        Some(dir.path()),
    )
    .expect("compiles");
    let pyc = dir.path().join("m.pyc");
    let (ok, out, err) = pycasm(&["info", pyc.to_str().expect("utf-8")]);
    assert!(ok, "{err}");
    assert!(out.contains("version:      3.12 (magic 3531"), "{out}");
    assert!(
        out.contains(&format!("source size:  {} bytes", src.len())),
        "{out}"
    );
    assert!(out.contains("code objects: 5"), "{out}");
    // Names and counts as the interpreter reports them.
    let script = "import marshal; c = marshal.loads(open('m.pyc','rb').read()[16:]); \
                  f = [k for k in c.co_consts if hasattr(k, 'co_code')][0]; \
                  print(f.co_qualname, f.co_argcount, f.co_kwonlyargcount, f.co_firstlineno)";
    let theirs = py.run(&["-c", script], Some(dir.path())).expect("runs");
    let parts: Vec<&str> = theirs.split_whitespace().collect();
    let line = format!(
        "{}  line {}  args {} +{} kw-only",
        parts[0], parts[3], parts[1], parts[2]
    );
    assert!(out.contains(&line), "expected `{line}` in\n{out}");
    assert!(out.contains("K.m.<locals>.<lambda>"), "{out}");
}

#[test]
fn roundtrip_counts_and_fails_on_damage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pyc");
    let mut n = 0;
    for entry in std::fs::read_dir(&examples).expect("examples/pyc") {
        let p = entry.expect("entry").path();
        if p.extension().is_none_or(|e| e != "pyc") {
            continue;
        }
        std::fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
        n += 1;
    }
    let d = dir.path().to_str().expect("utf-8");
    let (ok, out, _) = pycasm(&["roundtrip", d]);
    assert!(ok, "{out}");
    assert!(
        out.ends_with(&format!(
            "{n} files, {n} identical, 0 differ, 0 unreadable\n"
        )),
        "{out}"
    );

    // A truncated file and a file with an unknown magic number.
    std::fs::write(
        dir.path().join("cut.pyc"),
        &std::fs::read(examples.join("hello.cpython-312.pyc")).expect("read")[..40],
    )
    .expect("write");
    std::fs::write(
        dir.path().join("magic.pyc"),
        b"\x01\x02\r\n\0\0\0\0\0\0\0\0\0\0\0\0N",
    )
    .expect("write");
    let (ok, out, _) = pycasm(&["roundtrip", "--level", "marshal", d]);
    assert!(!ok, "damage must fail the run");
    let total = n + 2;
    assert!(
        out.contains(&format!(
            "{total} files, {n} identical, 0 differ, 2 unreadable"
        )),
        "{out}"
    );
    assert!(out.contains("cut.pyc: marshal data at byte"), "{out}");
    assert!(out.contains("magic.pyc: unknown magic number 513"), "{out}");
}

#[test]
fn cfg_prints_blocks_and_edges_of_a_loop() {
    let pyc = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pyc/hello.cpython-38.pyc");
    let (ok, out, err) = pycasm(&[
        "cfg",
        pyc.to_str().expect("utf-8"),
        "--dot",
        "--only",
        "<module>",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("digraph"), "{out}");
    // The module's `for` loop: a back edge (jump) and the exit edge of FOR_ITER.
    assert!(out.contains("[color=blue]"), "{out}");
    assert!(out.matches(" -> ").count() >= 3, "{out}");
    let (ok, text, _) = pycasm(&["cfg", pyc.to_str().expect("utf-8"), "--only", "<module>"]);
    assert!(ok);
    assert!(text.contains("FOR_ITER B"), "{text}");
}
