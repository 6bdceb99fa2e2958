//! `pycasm asm`, data-driven:
//!
//! - `tests/asm/ok/*.pyasm`: a `; RUN: X.Y` header and `; OUTPUT: text` lines. Each file
//!   is assembled, and the .pyc run by the real interpreter of that version
//!   (`python file.pyc`); its stdout must be the OUTPUT lines. A missing interpreter is
//!   a loud `SKIP`.
//! - `tests/asm/err/*.pyasm`: `; error: text` (or `; warning: text`) comments on the
//!   line where a diagnostic must be reported, `; error@COL: text` to check the column
//!   too; the text may be part of the message, the label or the hint. Every error
//!   reported must be expected. `; TARGET: X.Y` passes `--target`.

mod support;

#[path = "asm/mini_parse.rs"]
mod mini_parse;

use std::path::{Path, PathBuf};

use pycasm::asm::{self, ast};
use pycasm::diag::{Diagnostic, Severity};
use pycasm::Version;

fn parse(src: &str) -> ast::File {
    mini_parse::parse(src)
}

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/asm")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "pyasm"));
    out.sort();
    out
}

fn header(src: &str, key: &str) -> Option<String> {
    src.lines().find_map(|l| {
        l.trim()
            .strip_prefix(&format!("; {key}:"))
            .map(|v| v.trim().to_string())
    })
}

fn render(name: &str, src: &str, diags: &[Diagnostic]) -> String {
    pycasm::diag::render(name, src, diags)
}

#[test]
fn ok_programs_run_on_their_interpreters() {
    let mut ran = 0;
    let tmp = tempfile::tempdir().expect("tempdir");
    for path in files("ok") {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let src = std::fs::read_to_string(&path).expect("read");
        let version: Version = header(&src, "RUN")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name}: no `; RUN: X.Y` header"));
        let expected: Vec<&str> = src
            .lines()
            .filter_map(|l| l.trim().strip_prefix("; OUTPUT:"))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let file = parse(&src);
        let out = match asm::assemble(&file, None) {
            Ok(a) => a,
            Err(d) => panic!("{name}: does not assemble:\n{}", render(&name, &src, &d)),
        };
        assert!(
            out.warnings.is_empty(),
            "{name}: warnings:\n{}",
            render(&name, &src, &out.warnings)
        );
        let bytes = out.pyc.to_bytes().expect("writes");
        let Some(py) = support::interpreter(version) else {
            eprintln!("SKIP {name}: no {version} interpreter");
            continue;
        };
        let pyc = tmp.path().join(name.replace(".pyasm", ".pyc"));
        std::fs::write(&pyc, &bytes).expect("write");
        let stdout = py
            .run(&[pyc.to_string_lossy().as_ref()], Some(tmp.path()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<&str> = stdout.lines().collect();
        assert_eq!(got, expected, "{name}: output differs");
        eprintln!("ok {name} on {version}");
        ran += 1;
    }
    eprintln!("{ran} programs ran");
}

struct Expect {
    line: usize,
    col: Option<usize>,
    severity: Severity,
    text: String,
}

fn expectations(src: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    for (i, l) in src.lines().enumerate() {
        let Some((_, comment)) = l.split_once("; ") else {
            continue;
        };
        for (key, severity) in [("error", Severity::Error), ("warning", Severity::Warning)] {
            let Some(rest) = comment.strip_prefix(key) else {
                continue;
            };
            let (col, text) = match rest.strip_prefix('@') {
                Some(r) => match r.split_once(':') {
                    Some((c, t)) => (c.trim().parse().ok(), t),
                    None => continue,
                },
                None => match rest.strip_prefix(':') {
                    Some(t) => (None, t),
                    None => continue,
                },
            };
            out.push(Expect {
                line: i + 1,
                col,
                severity,
                text: text.trim().to_string(),
            });
        }
    }
    out
}

#[test]
fn err_programs_report_each_diagnostic_where_expected() {
    let all = files("err");
    assert!(!all.is_empty(), "no tests/asm/err files");
    for path in all {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let src = std::fs::read_to_string(&path).expect("read");
        let target = header(&src, "TARGET").and_then(|v| v.parse().ok());
        let file = parse(&src);
        let diags = match asm::assemble(&file, target) {
            Ok(a) => a.warnings,
            Err(d) => d,
        };
        let shown = render(&name, &src, &diags);
        let expects = expectations(&src);
        assert!(!expects.is_empty(), "{name}: no `; error:` comments");
        let mut matched = vec![false; diags.len()];
        for e in &expects {
            let found = diags.iter().enumerate().find(|(i, d)| {
                let (line, col) = d.line_col(&src);
                !matched[*i]
                    && d.severity == e.severity
                    && line == e.line
                    && e.col.is_none_or(|c| c == col)
                    && (d.message.contains(&e.text)
                        || d.label.contains(&e.text)
                        || d.hint.as_ref().is_some_and(|h| h.contains(&e.text)))
            });
            match found {
                Some((i, _)) => matched[i] = true,
                None => panic!(
                    "{name}:{}: expected {:?} containing `{}`; got:\n{shown}",
                    e.line, e.severity, e.text
                ),
            }
        }
        for (d, m) in diags.iter().zip(&matched) {
            assert!(
                *m || !d.is_error(),
                "{name}: unexpected error `{}` at {:?}:\n{shown}",
                d.message,
                d.line_col(&src)
            );
        }
        eprintln!("ok {name}: {} diagnostic(s)", expects.len());
    }
}
