//! Decoded code objects against each real interpreter's own `marshal` and `dis`.
//!
//! For a sample of each local interpreter's stdlib .pyc files, `support/dump_code.py`
//! runs inside that interpreter and reports every code object's fields, constants,
//! instructions (name, argument, jump target) and exception-table entries; pycasm
//! decodes the same files and must agree on all of it. (Line tables are compared
//! with the interpreters in `line_tables.rs`.)

use std::path::{Path, PathBuf};

use pycasm::code::exctable::ExceptionTable;
use pycasm::code::{instr, visit_codes, Code, Const};
use pycasm::pyc::PycFile;
use pycasm::python::Interpreter;
use pycasm::Version;
use serde_json::{json, Value as Json};

mod support;

/// Files compared per version.
const SAMPLE: usize = 40;

#[test]
fn decoded_code_objects_agree_with_each_interpreter() {
    let mut compared = 0;
    for version in Version::ALL {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let files = support::sample_pycs(&py, SAMPLE);
        assert!(!files.is_empty(), "{version}: no .pyc files found");
        let n = compare_files(&py, &files);
        eprintln!("{version}: {} files, {n} code objects agree", files.len());
        compared += n;
    }
    eprintln!("{compared} code objects compared in all");
}

fn compare_files(py: &Interpreter, files: &[PathBuf]) -> usize {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/dump_code.py");
    let mut args = vec![script.to_str().expect("utf-8 path")];
    args.extend(files.iter().map(|f| f.to_str().expect("utf-8 path")));
    let out = py.run(&args, None).expect("dump script runs");
    let dumped: Vec<Json> = serde_json::from_str(&out).expect("dump is JSON");
    let mut count = 0;
    for (file, theirs) in files.iter().zip(&dumped) {
        let pyc = PycFile::read(file).expect("pyc parses");
        let code = Code::from_pyc(&pyc).expect("code decodes");
        let ours = flatten(&code);
        let theirs = theirs["codes"].as_array().expect("codes");
        assert_eq!(
            ours.len(),
            theirs.len(),
            "{}: code object count",
            file.display()
        );
        for (c, t) in ours.iter().zip(theirs) {
            compare(c, t, &ours, &format!("{}:{}", file.display(), c.name));
            count += 1;
        }
    }
    count
}

/// Code objects in the order the dump script finds them (breadth first, constants in
/// order).
fn flatten(root: &Code) -> Vec<&Code> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let c = out[i];
        for k in &c.consts {
            visit_codes(k, &mut |inner| out.push(inner));
        }
        i += 1;
    }
    out
}

fn texts(v: &[pycasm::code::PyStr]) -> Json {
    json!(v.iter().map(|s| s.to_string_lossy()).collect::<Vec<_>>())
}

fn compare(c: &Code, t: &Json, all: &[&Code], at: &str) {
    let field = |k: &str, ours: Json| assert_eq!(ours, t[k], "{at}: {k}");
    field("name", json!(c.name.to_string_lossy()));
    if c.version >= Version::V3_11 {
        field(
            "qualname",
            json!(c.qualname.as_ref().map(|q| q.to_string_lossy())),
        );
    }
    field("filename", json!(c.filename.to_string_lossy()));
    field("firstlineno", json!(c.firstlineno));
    field("argcount", json!(c.argcount));
    field("posonlyargcount", json!(c.posonlyargcount));
    field("kwonlyargcount", json!(c.kwonlyargcount));
    field("nlocals", json!(c.nlocals()));
    field("stacksize", json!(c.stacksize));
    field("flags", json!(c.flags));
    field("names", texts(&c.names));
    field("varnames", texts(&c.locals.varnames()));
    field("cellvars", texts(&c.locals.cellvars()));
    field("freevars", texts(&c.locals.freevars()));
    let consts: Vec<Json> = c.consts.iter().map(|k| constant(k, all)).collect();
    field("consts", json!(consts));
    field("instructions", instructions(c));
    if c.version.has_exception_table() {
        field("exceptions", exception_entries(c));
    }
}

/// Exception-table entries as 3.11-3.13 `dis._parse_exception_table` gives them:
/// byte offsets, end exclusive.
fn exception_entries(c: &Code) -> Json {
    let table = ExceptionTable::decode(&c.exceptiontable).expect("exception table decodes");
    let rows: Vec<Json> = table
        .entries
        .iter()
        .map(|e| json!([2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti]))
        .collect();
    json!(rows)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn constant(k: &Const, all: &[&Code]) -> Json {
    let seq = |v: &[Const]| v.iter().map(|x| constant(x, all)).collect::<Vec<_>>();
    match k {
        Const::None => json!({"t": "None"}),
        Const::Bool(true) => json!({"t": "True"}),
        Const::Bool(false) => json!({"t": "False"}),
        Const::Ellipsis => json!({"t": "Ellipsis"}),
        Const::StopIteration => json!({"t": "StopIteration"}),
        Const::Int(i) => json!({"t": "int", "v": i.to_string()}),
        Const::Long(i) => json!({"t": "long", "v": i.to_string()}),
        Const::Float(f) => json!({"t": "float", "v": hex(&f.to_le_bytes())}),
        Const::Complex(re, im) => {
            let mut b = re.to_le_bytes().to_vec();
            b.extend_from_slice(&im.to_le_bytes());
            json!({"t": "complex", "v": hex(&b)})
        }
        Const::Bytes(b) => json!({"t": "bytes", "v": hex(b)}),
        Const::Str(s) => json!({"t": "str", "v": s.code_points().collect::<Vec<_>>()}),
        Const::Tuple(v) => json!({"t": "tuple", "v": seq(v)}),
        Const::FrozenSet(v) => {
            let mut items = seq(v);
            items.sort_by_key(|x| x.to_string());
            json!({"t": "frozenset", "v": items})
        }
        Const::Slice(parts) => json!({"t": "slice", "v": seq(&parts[..])}),
        Const::Code(code) => {
            let index = all
                .iter()
                .position(|c| std::ptr::eq(*c, &**code))
                .expect("nested code object is in the flattened list");
            json!({"t": "code", "v": index})
        }
        other => json!({"t": "other", "v": format!("{other:?}")}),
    }
}

fn instructions(c: &Code) -> Json {
    let table = c.version.opcodes();
    let instrs = instr::decode(&c.code, c.version).expect("bytecode decodes");
    let rows: Vec<Json> = instrs
        .iter()
        .map(|i| {
            let info = i.info(table);
            let name = info.map_or_else(|| format!("<{}>", i.opcode), |o| o.name.to_string());
            let has_arg = if c.version == Version::V2_7 {
                i.opcode >= table.have_argument
            } else {
                info.is_some_and(|o| o.has_arg)
            };
            let target = i.target.map(|t| instrs[t as usize].offset);
            json!([
                i.op_offset(c.version),
                name,
                has_arg.then_some(i.arg),
                target
            ])
        })
        .collect();
    json!(rows)
}
