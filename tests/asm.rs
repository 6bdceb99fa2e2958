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

use std::path::{Path, PathBuf};

use pycasm::asm::{self, ast};
use pycasm::diag::{Diagnostic, Severity};
use pycasm::Version;

/// Parse, failing the test on syntax errors (the files here are meant to parse).
fn parse(src: &str) -> ast::File {
    let (file, diags) = asm::parse(src);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "syntax errors: {errors:?}");
    file
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
        if let Some(at) = header(&src, "SAME-AS") {
            same_as_cpython(&py, &path, &at, &bytes);
            eprintln!("ok {name}: {at} is byte-identical to CPython's");
        }
        eprintln!("ok {name} on {version}");
        ran += 1;
    }
    eprintln!("{ran} programs ran");
}

/// `; SAME-AS: co_consts[i]...`: that code object of ours has the same `co_code`,
/// `co_stacksize`, line table and exception table as the one CPython compiles from the
/// `.py` file beside the test.
fn same_as_cpython(py: &pycasm::python::Interpreter, path: &Path, at: &str, pyc: &[u8]) {
    let source = path.with_extension("py");
    let script = format!(
        "import sys, binascii\nh = lambda b: binascii.hexlify(b).decode()\n\
         c = compile(open(sys.argv[1]).read(), 'x.py', 'exec')\nc = c.{}\n\
         t = c.co_linetable if hasattr(c, 'co_linetable') else c.co_lnotab\n\
         sys.stdout.write(' '.join([h(c.co_code), str(c.co_stacksize), h(t), \
         h(getattr(c, 'co_exceptiontable', b''))]) + '\\n')",
        at
    );
    let out = py
        .run(&["-c", &script, source.to_string_lossy().as_ref()], None)
        .expect("CPython compiles the source");
    let pyc = pycasm::pyc::PycFile::parse(pyc).expect("parses");
    let mut code = pycasm::code::Code::from_pyc(&pyc).expect("code");
    for part in at.split('.').filter(|p| !p.is_empty()) {
        let i: usize = part
            .strip_prefix("co_consts[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse().ok())
            .expect("co_consts[N] path");
        code = match &code.consts[i] {
            pycasm::code::Const::Code(c) => (**c).clone(),
            other => panic!("co_consts[{i}] is {other:?}"),
        };
    }
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let ours = format!(
        "{} {} {} {}",
        hex(&code.code),
        code.stacksize,
        hex(&code.linetable),
        hex(&code.exceptiontable)
    );
    assert_eq!(
        ours.trim(),
        out.trim(),
        "{}: {at} differs from CPython",
        path.display()
    );
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
        // Syntax errors are diagnostics like the others.
        let (file, mut diags) = asm::parse(&src);
        if !diags.iter().any(Diagnostic::is_error) {
            match asm::assemble(&file, target) {
                Ok(a) => diags.extend(a.warnings),
                Err(d) => diags.extend(d),
            }
        }
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

/// Damaged inputs (each test file with one line dropped, or duplicated) give
/// diagnostics or a file, never a panic.
#[test]
fn damaged_files_never_panic() {
    let mut runs = 0;
    for path in files("ok").into_iter().chain(files("err")) {
        let src = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = src.lines().collect();
        if lines.len() > 100 {
            continue;
        }
        for i in 0..lines.len() {
            for dup in [false, true] {
                let mut v = lines.clone();
                if dup {
                    v.insert(i, lines[i]);
                } else {
                    v.remove(i);
                }
                let text = v.join("\n");
                for target in [None, Some(Version::V3_14)] {
                    let _ = asm::assemble(&asm::parse(&text).0, target);
                    runs += 1;
                }
            }
        }
    }
    eprintln!("{runs} damaged assemblies");
}
