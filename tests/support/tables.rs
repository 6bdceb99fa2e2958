//! Helpers shared by the table tests: finding interpreters and .pyc files, pulling
//! code objects out of a .pyc, and cutting bytecode into instructions.

#![allow(dead_code)]

use std::path::PathBuf;

use pycasm::marshal::{Obj, RefTable, Value};
use pycasm::pyc::PycFile;
use pycasm::Version;

/// The pyenv release installed for each version with an interpreter.
pub fn release(v: Version) -> Option<&'static str> {
    Some(match v {
        Version::V2_7 => "2.7.18",
        Version::V3_6 => "3.6.15",
        Version::V3_7 => "3.7.16",
        Version::V3_8 => "3.8.18",
        Version::V3_9 => "3.9.18",
        Version::V3_10 => "3.10.13",
        Version::V3_11 => "3.11.7",
        Version::V3_12 => "3.12.1",
        Version::V3_13 => "3.13.0",
        Version::V3_14 => return None,
    })
}

fn pyenv_root() -> PathBuf {
    std::env::var_os("PYCASM_PYENV_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root/.pyenv"))
}

/// The interpreter for `v`: `$PYCASM_PYTHON_3_12`, else the pyenv install.
pub fn python(v: Version) -> Option<PathBuf> {
    let (a, b) = v.major_minor();
    if let Some(p) = std::env::var_os(format!("PYCASM_PYTHON_{a}_{b}")) {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    let p = pyenv_root()
        .join("versions")
        .join(release(v)?)
        .join("bin/python");
    p.exists().then_some(p)
}

/// The standard library directory of the interpreter for `v`.
pub fn lib_dir(v: Version) -> Option<PathBuf> {
    let (a, b) = v.major_minor();
    let p = pyenv_root()
        .join("versions")
        .join(release(v)?)
        .join(format!("lib/python{a}.{b}"));
    p.exists().then_some(p)
}

/// The 3.14 corpus (no interpreter).
pub fn corpus_314() -> PathBuf {
    PathBuf::from("/work/shared/corpus/cpython-3.14")
}

/// Every .pyc under `dir`, sorted.
pub fn pyc_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "pyc"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The fields of one code object the table tests need.
pub struct CodeTables {
    pub name: String,
    pub firstlineno: i32,
    pub code: Vec<u8>,
    pub linetable: Vec<u8>,
    pub exceptiontable: Option<Vec<u8>>,
}

fn bytes_of<'a>(refs: &RefTable<'a>, obj: &'a Obj) -> Option<&'a [u8]> {
    match &refs.resolve(obj)?.value {
        Value::Bytes(b) | Value::Str(b, _) => Some(b),
        _ => None,
    }
}

/// Every code object of a .pyc, in reading order.
pub fn code_objects(data: &[u8]) -> Result<(Version, Vec<CodeTables>), String> {
    let pyc = PycFile::parse(data).map_err(|e| e.to_string())?;
    let refs = RefTable::new(&pyc.body);
    let mut out = Vec::new();
    let mut err = None;
    pyc.body.walk(&mut |o| {
        if let Value::Code(c) = &o.value {
            let field = |f: &Obj, what: &str| {
                bytes_of(&refs, f)
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| format!("{what} is not a byte string"))
            };
            let r = (|| {
                Ok::<_, String>(CodeTables {
                    name: bytes_of(&refs, &c.name)
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default(),
                    firstlineno: c.firstlineno,
                    code: field(&c.code, "co_code")?,
                    linetable: field(&c.linetable, "line table")?,
                    exceptiontable: c
                        .exceptiontable
                        .as_ref()
                        .map(|e| field(e, "exception table"))
                        .transpose()?,
                })
            })();
            match r {
                Ok(t) => out.push(t),
                Err(e) => err = Some(e),
            }
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok((pyc.header.version, out)),
    }
}

/// What cutting bytecode into instructions needs: `HAVE_ARGUMENT`, `EXTENDED_ARG`
/// and the inline cache count of each opcode number.
pub struct OpSizes {
    pub have_argument: u8,
    pub extended_arg: u8,
    pub caches: [u8; 256],
}

/// The crate's opcode table when it is populated, else the reference JSON
/// (`/work/shared/reference/opcodes/<v>.json`, or `$PYCASM_OPCODE_JSON_DIR`).
pub fn op_sizes(v: Version) -> OpSizes {
    let ops = v.opcodes();
    if !ops.ops.is_empty() {
        let mut caches = [0u8; 256];
        for (code, c) in caches.iter_mut().enumerate() {
            *c = ops.by_code(code as u8).map_or(0, |o| o.cache_entries);
        }
        return OpSizes {
            have_argument: ops.have_argument,
            extended_arg: ops.extended_arg,
            caches,
        };
    }
    let dir = std::env::var_os("PYCASM_OPCODE_JSON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/reference/opcodes"));
    let text = std::fs::read_to_string(dir.join(format!("{v}.json")))
        .unwrap_or_else(|e| panic!("opcode table for {v}: {e}"));
    let j: serde_json::Value = serde_json::from_str(&text).expect("opcode JSON");
    let mut caches = [0u8; 256];
    for op in j["opcodes"].as_array().into_iter().flatten() {
        if let (Some(code), Some(n)) = (op["code"].as_u64(), op["cache_entries"].as_u64()) {
            if code < 256 && op["kind"] == "real" {
                caches[code as usize] = n as u8;
            }
        }
    }
    OpSizes {
        have_argument: j["HAVE_ARGUMENT"].as_u64().expect("HAVE_ARGUMENT") as u8,
        extended_arg: j["EXTENDED_ARG"].as_u64().expect("EXTENDED_ARG") as u8,
        caches,
    }
}

/// `(byte offset, size)` of each instruction, EXTENDED_ARG prefixes and 3.11+ inline
/// caches included (pyc-formats section 4).
pub fn instruction_spans(v: Version, ops: &OpSizes, code: &[u8]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0usize, 0usize);
    while i < code.len() {
        let op = code[i];
        i += if !v.is_wordcode() {
            if op >= ops.have_argument {
                3
            } else {
                1
            }
        } else if op == ops.extended_arg {
            2
        } else {
            2 + 2 * usize::from(ops.caches[usize::from(op)])
        };
        if op != ops.extended_arg {
            let end = i.min(code.len());
            out.push((start as u32, (end - start) as u32));
            start = end;
        }
    }
    if start < code.len() {
        out.push((start as u32, (code.len() - start) as u32));
    }
    out
}
