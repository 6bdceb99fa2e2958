//! .pyc headers and source hashes against each real interpreter: it compiles one
//! source in each invalidation mode it supports, and pycasm must read back the header
//! the interpreter wrote and compute the same source hash.

use pycasm::pyc::{self, Header, Invalidation, PycFile};
use pycasm::Version;

mod support;

const SOURCE: &str = "x = 1\ndef f(a, b=2):\n    return a + b * x\nprint(f(3))\n";

/// Compile `src.py` in `dir` with `mode` ("timestamp", "checked" or "unchecked").
fn compile(py: &pycasm::python::Interpreter, dir: &std::path::Path, mode: &str) -> Vec<u8> {
    let out = dir.join(format!("{mode}.pyc"));
    let script = if py.version <= Version::V3_6 {
        format!(
            "import py_compile; py_compile.compile('src.py', cfile='{}', doraise=True)",
            out.display()
        )
    } else {
        let m = match mode {
            "checked" => "CHECKED_HASH",
            "unchecked" => "UNCHECKED_HASH",
            _ => "TIMESTAMP",
        };
        format!(
            "import py_compile as p; p.compile('src.py', cfile='{}', doraise=True, \
             invalidation_mode=p.PycInvalidationMode.{m})",
            out.display()
        )
    };
    py.run(&["-c", &script], Some(dir))
        .expect("py_compile runs");
    std::fs::read(out).expect("pyc written")
}

#[test]
fn headers_and_source_hashes_agree_with_each_interpreter() {
    for version in Version::ALL {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("src.py"), SOURCE).expect("write source");
        let modes: &[&str] = if version >= Version::V3_7 {
            &["timestamp", "checked", "unchecked"]
        } else {
            &["timestamp"]
        };
        for mode in modes {
            let data = compile(&py, dir.path(), mode);
            let h = Header::parse(&data).expect("header parses");
            assert_eq!(h.version, version, "{version} {mode}");
            assert_eq!(
                h.to_bytes(),
                data[..h.len()],
                "{version} {mode}: header bytes"
            );
            match (mode, h.invalidation) {
                (&"timestamp", Invalidation::Timestamp { source_size, .. }) => {
                    let expected = (version != Version::V2_7).then_some(SOURCE.len() as u32);
                    assert_eq!(source_size, expected, "{version}: source size");
                }
                (
                    _,
                    Invalidation::Hash {
                        source_hash,
                        check_source,
                    },
                ) => {
                    assert_eq!(check_source, *mode == "checked", "{version} {mode}");
                    assert_eq!(
                        Some(source_hash),
                        pyc::source_hash(version, SOURCE.as_bytes()),
                        "{version}: source hash"
                    );
                }
                (m, inv) => panic!("{version} {m}: unexpected {inv:?}"),
            }
            let file = PycFile::parse(&data).expect("pyc parses");
            assert_eq!(file.to_bytes().expect("writes"), data, "{version} {mode}");
        }
        // importlib's own function on other inputs, including empty and long ones.
        if version >= Version::V3_7 {
            for src in ["", "a", &"0123456789abcdef".repeat(40)] {
                let script = format!(
                    "import importlib.util as u, sys; sys.stdout.write(u.source_hash({src:?}.encode()).hex())"
                );
                let theirs = py.run(&["-c", &script], None).expect("source_hash runs");
                let ours = pyc::source_hash(version, src.as_bytes()).expect("3.7+ has hashes");
                assert_eq!(
                    theirs,
                    ours.to_le_bytes()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                    "{version}: source_hash of {} bytes",
                    src.len()
                );
            }
        }
    }
}

#[test]
fn corpus_314_headers_read_and_write_back() {
    let files = support::corpus_314();
    for f in support::spread(files, 50) {
        let data = std::fs::read(&f).expect("read");
        let h = Header::parse(&data).expect("3.14 header parses");
        assert_eq!(h.version, Version::V3_14);
        assert_eq!(h.to_bytes(), data[..16]);
    }
}
