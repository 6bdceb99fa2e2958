//! Programs compiled by each real interpreter, disassembled and reassembled with the
//! `pycasm` command line, run on that interpreter with the same output.

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::Version;

mod support;

fn pycasm(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_pycasm"))
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "pycasm {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compiled_programs_run_after_dis_and_asm() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut ran = 0;
    for version in Version::ALL {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let dir = examples.join(if version == Version::V2_7 {
            "py27"
        } else {
            "py"
        });
        let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("examples")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .collect();
        sources.sort();
        let tmp = tempfile::tempdir().expect("temp");
        for src in sources {
            let stem = src
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let copy = tmp.path().join(format!("{stem}.py"));
            std::fs::copy(&src, &copy).expect("copy");
            let pyc = tmp.path().join(format!("{stem}.pyc"));
            py.run(
                &["-c", &format!("import py_compile; py_compile.compile('{stem}.py', cfile='{stem}.pyc', doraise=True)")],
                Some(tmp.path()),
            )
            .expect("compiles");
            let text = tmp.path().join(format!("{stem}.pyasm"));
            let again = tmp.path().join(format!("{stem}.re.pyc"));
            pycasm(&[
                "dis",
                pyc.to_str().expect("utf-8"),
                "-o",
                text.to_str().expect("utf-8"),
            ]);
            pycasm(&[
                "asm",
                text.to_str().expect("utf-8"),
                "-o",
                again.to_str().expect("utf-8"),
            ]);
            let theirs = py
                .run(&[copy.to_str().expect("utf-8")], Some(tmp.path()))
                .expect("source runs");
            let ours = py
                .run(&[again.to_str().expect("utf-8")], Some(tmp.path()))
                .expect("reassembled runs");
            assert_eq!(ours, theirs, "{version}: {stem}");
            ran += 1;
        }
    }
    eprintln!("{ran} programs compiled, disassembled, reassembled and run");
    assert!(ran > 0);
}
