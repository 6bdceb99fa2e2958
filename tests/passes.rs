//! The passes: the verifier after every single pass on real code of every version,
//! and hand-written redundancies (`tests/opt/*.pyasm`) optimized to the expected shape
//! while the program still prints the same on its interpreter.

use std::path::{Path, PathBuf};

use pycasm::cfg::Cfg;
use pycasm::code::Code;
use pycasm::passes;
use pycasm::pyc::PycFile;
use pycasm::verify::verify_code;
use pycasm::Version;

mod support;

#[test]
fn every_pass_keeps_real_code_verifiable() {
    let mut files = Vec::new();
    for v in Version::ALL {
        if let Some(py) = support::interpreter(v) {
            files.extend(support::sample_pycs(&py, 20));
        }
    }
    files.extend(support::spread(support::corpus_314(), 30));
    let (mut checked, mut changed) = (0, 0);
    for f in &files {
        let root = Code::from_pyc(&PycFile::read(f).expect("parses")).expect("decodes");
        root.walk(&mut |c, _| {
            let Ok(mut cfg) = Cfg::build(c) else { return };
            for pass in passes::all() {
                if !pass.run(&mut cfg, c) {
                    continue;
                }
                cfg.recompute_edges();
                changed += 1;
                // Only a block's last instruction jumps, and every target is laid out.
                for &b in &cfg.layout {
                    let insts = &cfg.graph[b].insts;
                    for (i, inst) in insts.iter().enumerate() {
                        if let Some(t) = inst.target {
                            assert!(
                                i + 1 == insts.len(),
                                "{}: {}: jump inside a block after {}",
                                f.display(),
                                c.name,
                                pass.name()
                            );
                            assert!(
                                cfg.layout.contains(&t),
                                "{}: {}: target gone after {}",
                                f.display(),
                                c.name,
                                pass.name()
                            );
                        }
                    }
                }
                let Ok(out) = cfg.linearize(c) else { continue };
                let errors: Vec<_> = verify_code(&out, false)
                    .into_iter()
                    .filter(|f| f.error)
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{}: {}: after {}: {errors:?}",
                    f.display(),
                    c.name,
                    pass.name()
                );
                checked += 1;
            }
        });
    }
    eprintln!("{changed} pass runs changed a graph; {checked} verified after the pass");
    assert!(checked > 0);
}

fn lines_with<'a>(src: &'a str, key: &str) -> Vec<&'a str> {
    src.lines()
        .filter_map(|l| l.trim().strip_prefix(key))
        .map(str::trim)
        .collect()
}

/// Opcode and operand of each instruction line of `pycasm dis` output.
fn instructions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split(" ;").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('.') || line.starts_with(';') || line.ends_with(':')
        {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(op) = words.iter().position(|w| {
            w.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        }) else {
            continue;
        };
        out.push(words[op..].join(" "));
    }
    out
}

#[test]
fn redundancies_are_optimized_to_the_expected_shape() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/opt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/opt")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
        .collect();
    files.sort();
    for path in files {
        let src = std::fs::read_to_string(&path).expect("read");
        let version: Version = lines_with(&src, "; RUN:")[0].parse().expect("version");
        let (file, diags) = pycasm::asm::parse(&src);
        assert!(
            !diags.iter().any(|d| d.is_error()),
            "{}: {diags:?}",
            path.display()
        );
        let before = pycasm::asm::assemble(&file, None)
            .unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
            .pyc;
        let (after, _) = pycasm::opt::optimize_file(&before, &passes::all()).expect("optimizes");
        // Labels are renamed by `dis`; compare jumps by their target's position.
        let expected: Vec<String> = lines_with(&src, "; EXPECT:")
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text =
            String::from_utf8(pycasm::dis::disassemble(&after).expect("dis")).expect("UTF-8");
        let got = instructions(&text);
        let strip = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            strip(&got),
            strip(&expected),
            "{}: opcodes after optimization:\n{text}",
            path.display()
        );
        for (g, e) in got.iter().zip(&expected) {
            let jumps = e.contains("JUMP") || e.starts_with("FOR_ITER") || e.starts_with("SETUP_");
            if !jumps {
                assert_eq!(g, e, "{}", path.display());
            }
        }
        // Both run, and print what the file says.
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let tmp = tempfile::tempdir().expect("temp");
        let expected_out: String = lines_with(&src, "; OUTPUT:")
            .iter()
            .map(|l| format!("{l}\n"))
            .collect();
        for (name, pyc) in [("before", &before), ("after", &after)] {
            let p = tmp.path().join(format!("{name}.pyc"));
            std::fs::write(&p, pyc.to_bytes().expect("writes")).expect("write");
            let out = py.run(&[p.to_str().expect("utf-8")], None).expect("runs");
            assert_eq!(out, expected_out, "{}: {name}", path.display());
        }
    }
}
