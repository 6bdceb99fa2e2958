//! The generated opcode tables against their judges: `tools/gen_opcodes.py --check`, every
//! local CPython interpreter (differential), and the 3.14 reference JSON.
//!
//! Interpreters are found by `pycasm::python` (as the generator finds them); a missing one
//! is reported with a SKIP line, never a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use pycasm::opcode::{Effect, JumpKind, OpInfo, OpKind, OpcodeTable};
use pycasm::Version;
use serde_json::Value;

mod support;

const SAMPLE_OPARGS: &[u32] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 24, 31, 32, 100, 127,
    128, 200, 255, 256, 257, 300, 511, 512, 1000, 0x1234, 65535, 65536, 99999,
];

// 3.6's dis.stack_effect reports only the fall-through value of these; the tables' jump
// value adds stackdepth_walk()'s +3 (pyc-formats.md 11). Same list as the generator's.
const DIS_REPORTS_NO_JUMP: &[(&str, &str)] = &[("3.6", "SETUP_EXCEPT"), ("3.6", "SETUP_FINALLY")];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python3() -> Option<PathBuf> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| PathBuf::from("python3"))
}

fn run_json(python: &Path, snippet: &str, args: &[&str]) -> Value {
    let out = Command::new(python)
        .arg("-c")
        .arg(snippet)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{} failed:\n{}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

fn opargs_json() -> String {
    let v: Vec<String> = SAMPLE_OPARGS.iter().map(u32::to_string).collect();
    format!("[{}]", v.join(", "))
}

fn table(ver: &str) -> &'static OpcodeTable {
    ver.parse::<Version>().expect("version").opcodes()
}

fn op<'a>(t: &'a OpcodeTable, name: &str) -> &'a OpInfo {
    t.by_name(name)
        .unwrap_or_else(|| panic!("{}: {name} missing from the Rust table", t.version))
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64()
}

fn as_u64(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

#[test]
fn generator_check_passes() {
    let Some(py) = python3() else {
        println!("SKIP gen_opcodes.py --check: python3 not found on PATH");
        return;
    };
    let out = Command::new(py)
        .arg("tools/gen_opcodes.py")
        .arg("--check")
        .current_dir(root())
        .output()
        .expect("run gen_opcodes.py");
    println!("{}", String::from_utf8_lossy(&out.stdout));
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "tools/gen_opcodes.py --check failed");
}

// Runs inside each interpreter (2.7-compatible); written independently of the generator.
const DUMP: &str = r#"
import sys, json, opcode, dis
args = json.loads(sys.argv[1])
opmap = dict(opcode.opmap)
hasarg = getattr(opcode, "hasarg", None)
jrel = set(opcode.hasjrel) | set(getattr(opcode, "hasjump", []))
ice = getattr(opcode, "_inline_cache_entries", None)
cache = {}
for name, code in opmap.items():
    if isinstance(ice, dict):
        cache[name] = ice.get(name, 0)
    elif ice is not None and code < len(ice):
        cache[name] = ice[code]
    else:
        cache[name] = 0
spec = None
if hasattr(opcode, "_specializations"):
    all_map = getattr(opcode, "_specialized_opmap", None) or getattr(dis, "_all_opmap", {})
    spec = dict((n, c) for n, c in all_map.items() if n not in opmap)
ops = []
for name, code in sorted(opmap.items()):
    ops.append({
        "name": name, "code": code,
        "has_arg": code in hasarg if hasarg is not None else code >= opcode.HAVE_ARGUMENT,
        "jrel": code in jrel, "jabs": code in opcode.hasjabs, "cache": cache[name],
    })
with_jump = sys.version_info >= (3, 8)
effects = []
se = getattr(dis, "stack_effect", None)
def call(*a, **k):
    try:
        return se(*a, **k)
    except (ValueError, TypeError):
        return None
if se is not None:
    for name, code in sorted(opmap.items()):
        for arg in [None] + args:
            if with_jump:
                row = [call(code, arg, jump=False), call(code, arg, jump=True), call(code, arg)]
            else:
                row = [None, None, call(code, arg)]
            if row != [None, None, None]:
                effects.append([name, arg] + row)
print(json.dumps({"ops": ops, "spec": spec, "effects": effects, "with_jump": with_jump,
                  "version": "%d.%d" % sys.version_info[:2]}))
"#;

/// Compares one version; returns the number of stack-effect samples compared.
fn compare_with_interpreter(ver: &str, dump: &Value) -> usize {
    let t = table(ver);
    assert_eq!(
        dump["version"].as_str(),
        Some(ver),
        "interpreter reports another version"
    );
    let wordcode_jumps = ver.parse::<Version>().expect("version") >= Version::V3_11;
    let ops = dump["ops"].as_array().expect("ops");
    for o in ops {
        let name = o["name"].as_str().expect("name");
        let info = op(t, name);
        let code = as_u64(&o["code"], name);
        assert_eq!(u64::from(info.code), code, "{ver} {name}: number");
        assert_ne!(info.kind, OpKind::Specialized, "{ver} {name}");
        if let Ok(c) = u8::try_from(code) {
            assert_eq!(
                t.by_code(c).map(|i| i.name),
                Some(name),
                "{ver} by_code({c})"
            );
        }
        assert_eq!(
            Some(info.has_arg),
            o["has_arg"].as_bool(),
            "{ver} {name}: has_arg"
        );
        let jump = if o["jrel"].as_bool() == Some(true) {
            Some(if !wordcode_jumps {
                JumpKind::Relative
            } else if name.contains("BACKWARD") {
                JumpKind::Backward
            } else {
                JumpKind::Forward
            })
        } else if o["jabs"].as_bool() == Some(true) {
            Some(JumpKind::Absolute)
        } else {
            None
        };
        assert_eq!(info.jump, jump, "{ver} {name}: jump");
        let cache = as_u64(&o["cache"], name);
        assert_eq!(
            u64::from(info.cache_entries),
            cache,
            "{ver} {name}: cache entries"
        );
    }
    let real = t
        .ops
        .iter()
        .filter(|o| o.kind != OpKind::Specialized)
        .count();
    assert_eq!(real, ops.len(), "{ver}: opcode count");
    if let Some(spec) = dump["spec"].as_object() {
        for (name, code) in spec {
            let info = op(t, name);
            assert_eq!(info.kind, OpKind::Specialized, "{ver} {name}");
            assert_eq!(
                u64::from(info.code),
                as_u64(code, name),
                "{ver} {name}: number"
            );
        }
        let n = t
            .ops
            .iter()
            .filter(|o| o.kind == OpKind::Specialized)
            .count();
        assert_eq!(n, spec.len(), "{ver}: specialized count");
    }
    let with_jump = dump["with_jump"].as_bool() == Some(true);
    let mut compared = 0;
    for row in dump["effects"].as_array().expect("effects") {
        let name = row[0].as_str().expect("name");
        let info = op(t, name);
        let arg = row[1]
            .as_u64()
            .map_or(0, |a| u32::try_from(a).expect("oparg"));
        let nj = i64::from(info.effect.eval(arg));
        let j = i64::from(info.effect_jump.unwrap_or(info.effect).eval(arg));
        let max = if DIS_REPORTS_NO_JUMP.contains(&(ver, name)) {
            nj
        } else {
            nj.max(j)
        };
        let mut expect = vec![("max", as_i64(&row[4]), max)];
        if with_jump {
            expect.push(("jump=False", as_i64(&row[2]), nj));
            expect.push(("jump=True", as_i64(&row[3]), j));
        }
        for (what, got, want) in expect {
            if let Some(got) = got {
                assert_eq!(
                    got, want,
                    "{ver} {name} oparg={arg}: dis.stack_effect({what}) vs Rust {:?}/{:?}",
                    info.effect, info.effect_jump
                );
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn tables_match_every_local_interpreter() {
    let mut found = Vec::new();
    for version in Version::ALL {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let ver = version.to_string();
        let python = py.path;
        let dump = run_json(&python, DUMP, &[&opargs_json()]);
        let n = compare_with_interpreter(&ver, &dump);
        let ops = dump["ops"].as_array().map_or(0, Vec::len);
        println!(
            "{ver}: {} agrees: {ops} opcodes, {n} stack-effect samples",
            python.display()
        );
        found.push(ver);
    }
    println!("interpreters found: {found:?}");
}

// Evaluates the reference formulas (trusted repository data) at the sample opargs.
const EVAL_FORMULAS: &str = r#"
import sys, json
ref = json.load(open(sys.argv[1]))
args = json.loads(sys.argv[2])
def popcount(x):
    return bin(x).count("1")
def ev(f, a):
    if f is None or isinstance(f, int):
        return f
    return eval(f, {"__builtins__": {}, "popcount": popcount}, {"oparg": a})
out = {}
for o in ref["opcodes"]:
    se = o["stack_effect"]
    out[o["name"]] = [[a, ev(se["no_jump"], a), ev(se["jump"], a)] for a in args]
print(json.dumps(out))
"#;

#[test]
fn table_3_14_matches_reference_json() {
    let path = root().join("tools/data/opcodes/3.14.json");
    let text = std::fs::read_to_string(&path).expect("read 3.14.json");
    let reference: Value = serde_json::from_str(&text).expect("parse 3.14.json");
    let t = table("3.14");
    let ops = reference["opcodes"].as_array().expect("opcodes");
    for o in ops {
        let name = o["name"].as_str().expect("name");
        let info = op(t, name);
        assert_eq!(
            u64::from(info.code),
            as_u64(&o["code"], name),
            "3.14 {name}"
        );
        assert_eq!(
            Some(info.has_arg),
            o["has_arg"].as_bool(),
            "3.14 {name}: has_arg"
        );
        assert_eq!(
            u64::from(info.cache_entries),
            o["cache_entries"].as_u64().unwrap_or(0),
            "3.14 {name}: cache"
        );
        let kind = format!("{:?}", info.kind).to_lowercase();
        assert_eq!(Some(kind.as_str()), o["kind"].as_str(), "3.14 {name}: kind");
    }
    let specialized = reference["specialized"].as_array().expect("specialized");
    for s in specialized {
        let name = s["name"].as_str().expect("name");
        let info = op(t, name);
        assert_eq!(info.kind, OpKind::Specialized, "3.14 {name}");
        assert_eq!(
            u64::from(info.code),
            as_u64(&s["code"], name),
            "3.14 {name}"
        );
        assert_eq!(info.base, s["base"].as_str(), "3.14 {name}: base");
        let cache = as_u64(&s["cache_entries"], name);
        assert_eq!(u64::from(info.cache_entries), cache, "3.14 {name}: cache");
    }
    assert_eq!(
        t.ops.len(),
        ops.len() + specialized.len(),
        "3.14: opcode count"
    );

    println!(
        "3.14: {} opcodes + {} specialized match tools/data/opcodes/3.14.json",
        ops.len(),
        specialized.len()
    );
}

/// Every version's Rust effects against python3 evaluating the JSON formula text: this
/// checks the Python-to-Rust translation, including 2.7 and 3.14 where no interpreter can.
#[test]
fn effects_match_reference_formulas() {
    let Some(py) = python3() else {
        println!("SKIP formula evaluation: python3 not found on PATH");
        return;
    };
    let mut compared = 0;
    for v in Version::ALL {
        let t = v.opcodes();
        let path = root().join(format!("tools/data/opcodes/{v}.json"));
        let path_arg = path.to_string_lossy().into_owned();
        let values = run_json(&py, EVAL_FORMULAS, &[&path_arg, &opargs_json()]);
        for (name, rows) in values.as_object().expect("object") {
            let info = op(t, name);
            for row in rows.as_array().expect("rows") {
                let arg = u32::try_from(as_u64(&row[0], name)).expect("oparg");
                // null: dis has no value (NOP, EXTENDED_ARG, INSTRUMENTED_LINE); tables use 0.
                let nj = as_i64(&row[1]).unwrap_or(0);
                assert_eq!(
                    i64::from(info.effect.eval(arg)),
                    nj,
                    "{v} {name} oparg={arg}"
                );
                let j = info.effect_jump.map(|e| i64::from(e.eval(arg)));
                assert_eq!(j, as_i64(&row[2]), "{v} {name} oparg={arg}: jump");
                compared += 1;
            }
        }
    }
    println!("{compared} (opcode, oparg) formula samples agree with python3's evaluation");
}

#[test]
fn tables_are_consistent() {
    for v in Version::ALL {
        let t = v.opcodes();
        assert_eq!(t.version, v);
        assert!(!t.ops.is_empty(), "{v}: empty table");
        assert!(
            t.ops.windows(2).all(|w| w[0].code <= w[1].code),
            "{v}: not sorted"
        );
        assert_eq!(t.name_index.len(), t.ops.len(), "{v}: name index");
        for (i, info) in t.ops.iter().enumerate() {
            let found = t.by_name(info.name).map(|o| std::ptr::eq(o, info));
            assert_eq!(found, Some(true), "{v}: by_name({})", info.name);
            let in_by_code = u8::try_from(info.code)
                .ok()
                .and_then(|c| t.by_code(c))
                .is_some_and(|o| std::ptr::eq(o, info));
            let expected = !matches!(info.kind, OpKind::Specialized | OpKind::Pseudo);
            assert_eq!(in_by_code, expected, "{v}: by_code of {} (#{i})", info.name);
            assert_eq!(
                info.kind == OpKind::Pseudo,
                info.code >= 256,
                "{v} {}",
                info.name
            );
            if let Some(base) = info.base {
                let b = t.by_name(base).expect("base exists");
                assert_eq!(b.cache_entries, info.cache_entries, "{v} {}", info.name);
            }
            assert_eq!(info.base.is_some(), info.kind == OpKind::Specialized);
            // Formulas must be total: no panic at the extremes.
            for e in std::iter::once(info.effect).chain(info.effect_jump) {
                let _ = (e.eval(0), e.eval(u32::MAX));
                if let Effect::Formula(_, text) = e {
                    assert!(text.contains("oparg"), "{v} {}: {text}", info.name);
                }
            }
        }
        assert!(t.by_name("NO_SUCH_OPCODE").is_none());
        assert_eq!(
            t.by_code(t.extended_arg).map(|o| o.name),
            Some("EXTENDED_ARG")
        );
        if v >= Version::V3_11 {
            assert!(!t.binary_ops.is_empty(), "{v}: binary ops");
        }
    }
    let t = Version::V3_14.opcodes();
    assert_eq!(t.binary_ops.get(26), Some(&"[]"));
    assert_eq!(t.common_constants.first(), Some(&"AssertionError"));
    assert_eq!(t.special_methods.get(1), Some(&"__exit__"));
    assert_eq!(
        Version::V3_12.opcodes().intrinsic1.get(6),
        Some(&"INTRINSIC_LIST_TO_TUPLE")
    );
}
