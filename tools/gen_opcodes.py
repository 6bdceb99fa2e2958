#!/usr/bin/env python3
"""Generate src/opcode/tables.rs from the real CPython interpreters.

For 2.7 and 3.6-3.13 the opcode numbers, argument flags, jump sets, dis categories,
inline cache counts, specializations and table-level lists come from an introspection
snippet run inside that interpreter. Stack-effect formulas come from
tools/data/opcodes/<ver>.json and are checked against every `dis.stack_effect` sample
the interpreter can give. 3.14 (no interpreter) comes from the JSON alone, plus
tools/data/opcodes_extra.json.

    python3 tools/gen_opcodes.py           # rewrite src/opcode/tables.rs
    python3 tools/gen_opcodes.py --check   # exit 1 with a diff if it is out of date

A version whose interpreter is missing is reported as SKIP and its section of the
checked-in file is kept as is.
"""

import argparse
import ast
import difflib
import glob
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tools" / "data"
OUT = ROOT / "src" / "opcode" / "tables.rs"
OUT_REL = "src/opcode/tables.rs"

VERSIONS = ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
NO_INTERPRETER = {"3.14"}
DEFAULT_PATCH = {
    "2.7": "2.7.18", "3.6": "3.6.15", "3.7": "3.7.16", "3.8": "3.8.18", "3.9": "3.9.18",
    "3.10": "3.10.13", "3.11": "3.11.7", "3.12": "3.12.1", "3.13": "3.13.0",
}
DEFAULT_PYENV_ROOT = "/root/.pyenv/versions"

SAMPLE_OPARGS = list(range(21)) + [
    31, 32, 63, 64, 127, 128, 255, 256, 257, 258, 511, 512, 0x1234, 65535, 65536, 100000,
]

# Operand refinements the dis category lists don't express (pyc-formats.md 10.3 flag
# bits, 10.5 BINARY_OP, 10.10 localsplus indices, 10.14 intrinsics, 10.15 3.14 constants).
# (name, first version it applies to, operand). They win over the dis categories.
OPERAND_REFINEMENTS = [
    ("LOAD_GLOBAL", "3.11", "NameNullBit"),
    ("LOAD_ATTR", "3.12", "NameMethodBit"),
    ("LOAD_SUPER_ATTR", "3.12", "NameSuperAttr"),
    ("LOAD_FAST_LOAD_FAST", "3.13", "LocalPair"),
    ("STORE_FAST_LOAD_FAST", "3.13", "LocalPair"),
    ("STORE_FAST_STORE_FAST", "3.13", "LocalPair"),
    ("LOAD_FAST_BORROW_LOAD_FAST_BORROW", "3.14", "LocalPair"),
    ("BINARY_OP", "3.11", "BinaryOp"),
    ("CALL_INTRINSIC_1", "3.12", "Intrinsic1"),
    ("CALL_INTRINSIC_2", "3.12", "Intrinsic2"),
    ("LOAD_COMMON_CONSTANT", "3.14", "CommonConstant"),
    ("LOAD_SPECIAL", "3.14", "SpecialMethod"),
    ("LOAD_SMALL_INT", "3.14", "SmallInt"),
    # 3.11+: cell/free opargs index localsplus; 3.14 flags LOAD_DEREF as local.
    ("LOAD_DEREF", "3.11", "Free"),
    ("STORE_DEREF", "3.11", "Free"),
    ("DELETE_DEREF", "3.11", "Free"),
    ("MAKE_CELL", "3.11", "Free"),
    ("LOAD_CLOSURE", "3.11", "Free"),
    ("LOAD_FROM_DICT_OR_DEREF", "3.12", "Free"),
    ("LOAD_CLASSDEREF", "3.11", "Free"),
]

# Runs inside each interpreter: must stay Python 2.7 compatible.
INTROSPECT = r'''
import sys, json, opcode, dis
SAMPLES = %(samples)s

def attr(name):
    return getattr(opcode, name, None)

def codes(name):
    v = attr(name)
    return None if v is None else sorted(set(v))

out = {"version": list(sys.version_info[:3])}
opmap = dict(opcode.opmap)
out["opmap"] = opmap
out["HAVE_ARGUMENT"] = opcode.HAVE_ARGUMENT
out["EXTENDED_ARG"] = attr("EXTENDED_ARG")
for k in ("hasarg", "hasjrel", "hasjabs", "hasjump", "hasconst", "hasname", "haslocal",
          "hasfree", "hascompare", "hasexc", "hasnargs"):
    out[k] = codes(k)
out["cmp_op"] = list(dis.cmp_op)

ice = attr("_inline_cache_entries")
by_code = dict((c, n) for n, c in opmap.items())
if isinstance(ice, dict):
    out["cache"] = dict((n, c) for n, c in ice.items() if c)
elif ice is not None:
    out["cache"] = dict((by_code[i], c) for i, c in enumerate(ice) if c and i in by_code)
else:
    out["cache"] = None

specs = attr("_specializations")
out["specializations"] = None if specs is None else dict((k, list(v)) for k, v in specs.items())
spec_map = attr("_specialized_opmap")
if spec_map is None and specs is not None:
    spec_map = dict((n, c) for n, c in dis._all_opmap.items() if n not in opmap)
out["specialized_opmap"] = None if spec_map is None else dict(spec_map)
nb = attr("_nb_ops")
out["nb_ops"] = None if nb is None else [list(p) for p in nb]
for k in ("_intrinsic_1_descs", "_intrinsic_2_descs"):
    v = attr(k)
    out[k.strip("_")] = None if v is None else list(v)

se = getattr(dis, "stack_effect", None)
out["has_stack_effect"] = se is not None
out["stack_effect_jump"] = se is not None and sys.version_info >= (3, 8)

def call(*a, **kw):
    try:
        return se(*a, **kw)
    except (ValueError, TypeError):
        return None

effects = {}
if se is not None:
    for name, code in sorted(opmap.items()):
        rows = []
        for arg in [None] + SAMPLES:
            if out["stack_effect_jump"]:
                row = [arg, call(code, arg, jump=False), call(code, arg, jump=True), call(code, arg)]
            else:
                row = [arg, None, None, call(code, arg)]
            if row[1:] != [None, None, None]:
                rows.append(row)
        effects[name] = rows
out["effects"] = effects
sys.stdout.write(json.dumps(out, sort_keys=True))
'''


class GenError(Exception):
    pass


def vkey(ver):
    return tuple(int(x) for x in ver.split("."))


def env_name(ver):
    return "PYCASM_PYTHON_" + ver.replace(".", "_")


def find_interpreter(ver):
    """(path or None, where we looked)."""
    override = os.environ.get(env_name(ver))
    if override:
        ok = os.path.isfile(override) and os.access(override, os.X_OK)
        return (override if ok else None), "%s (from %s)" % (override, env_name(ver))
    root = os.environ.get("PYCASM_PYENV_ROOT", DEFAULT_PYENV_ROOT)
    exact = os.path.join(root, DEFAULT_PATCH[ver], "bin", "python")
    if os.access(exact, os.X_OK):
        return exact, exact
    others = []
    for path in glob.glob(os.path.join(root, ver + ".*", "bin", "python")):
        m = re.fullmatch(re.escape(ver) + r"\.(\d+)", Path(path).parts[-3])
        if m and os.access(path, os.X_OK):
            others.append((int(m.group(1)), path))
    others = [p for _, p in sorted(others)]
    if others:
        return others[-1], others[-1]
    return None, exact


def introspect(ver, python):
    snippet = INTROSPECT % {"samples": repr(SAMPLE_OPARGS)}
    try:
        res = subprocess.run([python, "-c", snippet], capture_output=True, timeout=300)
    except OSError as e:
        raise GenError("%s: cannot run %s: %s" % (ver, python, e)) from e
    if res.returncode != 0:
        raise GenError("%s: introspection failed in %s:\n%s" % (ver, python, res.stderr.decode()))
    data = json.loads(res.stdout)
    got = "%d.%d" % tuple(data["version"][:2])
    if got != ver:
        raise GenError("%s: %s is Python %s" % (ver, python, got))
    return data


# ---------------------------------------------------------------- formulas

CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
# Rust precedence (higher binds tighter); Python's order is the same for these operators.
BIN_OPS = {
    ast.Mult: ("*", 11), ast.FloorDiv: ("floordiv", 11), ast.Mod: ("floormod", 11),
    ast.Add: ("+", 10), ast.Sub: ("-", 10), ast.LShift: ("<<", 9), ast.RShift: (">>", 9),
    ast.BitAnd: ("&", 8), ast.BitXor: ("^", 7), ast.BitOr: ("|", 6),
}
ATOM, UNARY, CMP, IFEXP = 100, 12, 5, 1


def popcount(x):
    return bin(x).count("1")


def parse_formula(text):
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        raise GenError("bad stack-effect formula %r: %s" % (text, e)) from e
    to_rust(tree.body)  # validates: only the supported subset
    return tree


def eval_formula(tree, oparg):
    code = compile(tree, "<formula>", "eval")
    return eval(code, {"__builtins__": {}, "popcount": popcount}, {"oparg": oparg})


def const_int(node):
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def to_rust(node):
    """(code, precedence, type) with type 'int' (i64) or 'bool'."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return str(node.value), ATOM, "int"
    if isinstance(node, ast.Name) and node.id == "oparg":
        return "oparg", ATOM, "int"
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.UAdd):
            return to_rust(node.operand)
        if isinstance(node.op, ast.Not):
            return "!" + paren(as_bool(node.operand), UNARY), UNARY, "bool"
        if isinstance(node.op, (ast.USub, ast.Invert)):
            code = paren(as_int(node.operand), UNARY)
            if code.startswith("-"):
                code = "(" + code + ")"
            return ("-" if isinstance(node.op, ast.USub) else "!") + code, UNARY, "int"
    if isinstance(node, ast.BinOp) and type(node.op) in BIN_OPS:
        op, prec = BIN_OPS[type(node.op)]
        rhs = const_int(node.right)
        if op in ("floordiv", "floormod"):
            if not rhs:
                raise GenError("`//` and `%` need a non-zero constant divisor: " + ast.dump(node))
            left = as_int(node.left)[0]
            return "%s(%s, %s)" % (op, left, rhs), ATOM, "int"
        if op in ("<<", ">>") and (rhs is None or not 0 <= rhs < 32):
            raise GenError("shift by a non-constant or >= 32: " + ast.dump(node))
        left = binop_child(as_int(node.left), prec, False)
        right = binop_child(as_int(node.right), prec, True)
        return "%s %s %s" % (left, op, right), prec, "int"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in CMP_OPS:
        left = paren(as_int(node.left), ATOM - 1)
        right = paren(as_int(node.comparators[0]), ATOM - 1)
        return "%s %s %s" % (left, CMP_OPS[type(node.ops[0])], right), CMP, "bool"
    if isinstance(node, ast.IfExp):
        test = as_bool(node.test)[0]
        body, orelse = as_int(node.body)[0], as_int(node.orelse)[0]
        return "if %s { %s } else { %s }" % (test, body, orelse), IFEXP, "int"
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "popcount" and len(node.args) == 1 and not node.keywords):
        return "popcount(%s)" % as_int(node.args[0])[0], ATOM, "int"
    raise GenError("unsupported construct in stack-effect formula: " + ast.dump(node))


def as_int(node):
    code, prec, typ = to_rust(node)
    if typ == "bool":
        return "i64::from(%s)" % code, ATOM, "int"
    return code, prec, typ


def as_bool(node):
    code, prec, typ = to_rust(node)
    if typ == "int":
        return "%s != 0" % paren((code, prec, typ), ATOM - 1), CMP, "bool"
    return code, prec, typ


def paren(r, min_prec):
    code, prec, _ = r
    return code if prec >= min_prec else "(" + code + ")"


def group(prec):
    return "arith" if prec in (10, 11) else "bits" if prec in (6, 7, 8, 9) else None


def binop_child(r, prec, right):
    code, cprec, _ = r
    # Parenthesize lower precedence, the right operand at equal precedence, and any
    # mix of arithmetic and bit operators (clippy::precedence).
    mixed = group(cprec) is not None and group(cprec) != group(prec)
    if cprec < prec or (right and cprec == prec) or mixed:
        return "(" + code + ")"
    return code


# ---------------------------------------------------------------- tables

def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise GenError("cannot read %s: %s" % (path, e)) from e


# The JSON has no effect (dis.stack_effect raises) for opcodes the compiler's depth pass
# never sees; these leave the stack alone.
NULL_EFFECT_IS_ZERO = {"NOP", "EXTENDED_ARG", "INSTRUMENTED_LINE"}


def effect_value(raw, ver, name):
    """An int, or (formula text, parsed tree); raises on anything else."""
    if raw is None and name in NULL_EFFECT_IS_ZERO:
        return 0
    if isinstance(raw, bool) or raw is None:
        raise GenError("%s %s: bad stack effect %r" % (ver, name, raw))
    if isinstance(raw, int):
        return raw
    tree = parse_formula(raw)
    if not any(isinstance(n, ast.Name) and n.id == "oparg" for n in ast.walk(tree)):
        return eval_formula(tree, 0)
    return (raw, tree)


def ev(effect, oparg):
    return effect if isinstance(effect, int) else eval_formula(effect[1], oparg)


# 3.6's dis.stack_effect is compile.c's opcode_stack_effect(), the fall-through value;
# stackdepth_walk() adds 3 more on the handler edge of these two (pyc-formats.md 11), so
# the JSON's jump value is above what dis reports. Only no_jump is checked for them.
DIS_REPORTS_NO_JUMP = {("3.6", "SETUP_EXCEPT"), ("3.6", "SETUP_FINALLY")}


def verify_effects(ver, intro, ops):
    """Check the JSON formulas against dis.stack_effect; return (samples, unsampled names)."""
    if not intro["has_stack_effect"]:
        return 0, None
    with_jump = intro["stack_effect_jump"]
    checked, unsampled, errors = 0, [], []
    for op in ops:
        rows = intro["effects"].get(op["name"], [])
        if not rows:
            unsampled.append(op["name"])
        for arg, nj, j, mx in rows:
            a = 0 if arg is None else arg
            want_nj = ev(op["effect"], a)
            want_j = ev(op["effect_jump"], a) if op["effect_jump"] is not None else want_nj
            if (ver, op["name"]) in DIS_REPORTS_NO_JUMP:
                checks = [("max", mx, want_nj)]
            else:
                checks = [("max", mx, max(want_nj, want_j))]
            if with_jump:
                checks += [("jump=False", nj, want_nj), ("jump=True", j, want_j)]
            for what, got, want in checks:
                if got is None:
                    continue
                checked += 1
                if got != want:
                    errors.append("%s %s oparg=%s: dis.stack_effect(%s) = %d, formula gives %d"
                                  % (ver, op["name"], arg, what, got, want))
    for v, name in sorted(DIS_REPORTS_NO_JUMP):
        if v == ver:
            print("NOTE %s %s: dis reports only the fall-through effect; jump-edge value "
                  "from the reference JSON is not checked" % (ver, name))
    if errors:
        raise GenError("stack-effect formulas disagree with the interpreter:\n  "
                       + "\n  ".join(errors))
    return checked, unsampled


JSON_JUMPS = {None: None, "rel": "Relative", "abs": "Absolute", "rel_forward": "Forward",
              "rel_backward": "Backward", "pseudo": "Pseudo"}


def json_jump(raw):
    if raw not in JSON_JUMPS:
        raise GenError("unknown jump kind %r in the reference JSON" % raw)
    return JSON_JUMPS[raw]


def refinement(ver, name):
    for n, since, operand in OPERAND_REFINEMENTS:
        if n == name and vkey(ver) >= vkey(since):
            return operand
    return None


def operand_of(ver, name, has_arg, jump, cats):
    refined = refinement(ver, name)
    if refined is not None:
        return refined
    if jump is not None:
        return "Jump"
    for cat, operand in (("const", "Const"), ("name", "Name"), ("local", "Local"),
                         ("free", "Free"), ("compare", "Compare")):
        if cat in cats:
            return operand
    return "Number" if has_arg else "None"


def facts_from_interpreter(ver, intro):
    """Per-opcode facts straight from the interpreter, keyed by name."""
    def codeset(key):
        return set(intro[key] or [])
    hasarg = intro["hasarg"]
    jumps = codeset("hasjrel") | codeset("hasjabs") | codeset("hasjump")
    facts = {}
    for name, code in intro["opmap"].items():
        if vkey(ver) >= (3, 11):
            jump = ("Backward" if "BACKWARD" in name else "Forward") if code in jumps else None
        else:
            jump = ("Relative" if code in codeset("hasjrel")
                    else "Absolute" if code in codeset("hasjabs") else None)
        cats = {c for c in ("const", "name", "local", "free", "compare", "exc", "nargs")
                if code in codeset("has" + c)}
        facts[name] = {
            "code": code,
            "has_arg": code in hasarg if hasarg is not None else code >= intro["HAVE_ARGUMENT"],
            "jump": jump,
            "cats": cats,
            "cache": (intro["cache"] or {}).get(name, 0),
        }
    return facts


def facts_from_json(ref):
    facts = {}
    for o in ref["opcodes"]:
        cats = {c for c in ("const", "name", "local", "free", "compare", "exc", "nargs")
                if o.get("has_" + c)}
        facts[o["name"]] = {"code": o["code"], "has_arg": o["has_arg"],
                            "jump": json_jump(o["jump"]), "cats": cats,
                            "cache": o["cache_entries"] or 0}
    return facts


def specialized_from_interpreter(intro):
    if intro["specializations"] is None:
        return []
    base_of = {s: b for b, ss in intro["specializations"].items() for s in ss}
    out = []
    for name, code in intro["specialized_opmap"].items():
        if name not in base_of:
            raise GenError("specialized %s has no base opcode" % name)
        out.append((name, code, base_of[name]))
    return out


def compare_with_reference(ver, facts, specialized, ref):
    """The reference JSON must describe the same opcodes as the interpreter."""
    ref_facts = facts_from_json(ref)
    errors = []
    for name in sorted(set(facts) | set(ref_facts)):
        a, b = facts.get(name), ref_facts.get(name)
        if a is None or b is None:
            errors.append("%s only in %s" % (name, "reference JSON" if a is None else "interpreter"))
            continue
        for k in ("code", "has_arg", "jump", "cache", "cats"):
            if a[k] != b[k]:
                errors.append("%s.%s: interpreter %r, reference JSON %r" % (name, k, a[k], b[k]))
    ref_spec = {(s["name"], s["code"], s["base"]) for s in ref.get("specialized", [])}
    if set(specialized) != ref_spec:
        errors.append("specialized opcodes differ: %r" % sorted(set(specialized) ^ ref_spec))
    if errors:
        raise GenError("%s: interpreter and tools/data/opcodes/%s.json disagree:\n  %s"
                       % (ver, ver, "\n  ".join(errors)))


def build_table(ver, intro, ref, extra):
    if intro is not None:
        facts = facts_from_interpreter(ver, intro)
        specialized = specialized_from_interpreter(intro)
        compare_with_reference(ver, facts, specialized, ref)
        top = {
            "have_argument": intro["HAVE_ARGUMENT"],
            "extended_arg": intro["EXTENDED_ARG"],
            "cmp_op": intro["cmp_op"],
            "binary_ops": [sym for _, sym in intro["nb_ops"] or []],
            "intrinsic1": intro["intrinsic_1_descs"] or [],
            "intrinsic2": intro["intrinsic_2_descs"] or [],
            "common_constants": [],
            "special_methods": [],
        }
    else:
        facts = facts_from_json(ref)
        specialized = [(s["name"], s["code"], s["base"]) for s in ref.get("specialized", [])]
        top = {
            "have_argument": ref["HAVE_ARGUMENT"],
            "extended_arg": ref["EXTENDED_ARG"],
            "cmp_op": ref["cmp_op"],
            "binary_ops": [sym for _, sym in extra.get("binary_ops", [])],
            "intrinsic1": extra.get("intrinsic_1", []),
            "intrinsic2": extra.get("intrinsic_2", []),
            "common_constants": ref.get("common_constants", []),
            "special_methods": ref.get("special_methods", []),
        }
    ref_ops = {o["name"]: o for o in ref["opcodes"]}
    ops = []
    for name, f in facts.items():
        r = ref_ops.get(name)
        if r is None:
            raise GenError("%s: %s has no entry in tools/data/opcodes/%s.json" % (ver, name, ver))
        kind = r["kind"].capitalize()
        if (kind == "Pseudo") != (f["code"] >= 256):
            raise GenError("%s: %s is %s but has number %d" % (ver, name, kind, f["code"]))
        se = r["stack_effect"]
        effect_jump = se.get("jump")
        ops.append({
            "name": name, "code": f["code"], "kind": kind, "has_arg": f["has_arg"],
            "jump": f["jump"],
            "operand": operand_of(ver, name, f["has_arg"], f["jump"], f["cats"]),
            "cache": f["cache"],
            "effect": effect_value(se["no_jump"], ver, name),
            "effect_jump": None if effect_jump is None else effect_value(effect_jump, ver, name),
            "base": None,
        })
    by_name = {o["name"]: o for o in ops}
    for name, code, base in specialized:
        b = by_name.get(base)
        if b is None:
            raise GenError("%s: specialization %s of unknown %s" % (ver, name, base))
        ops.append(dict(b, name=name, code=code, kind="Specialized", base=base))
    ops.sort(key=lambda o: (o["code"], o["name"]))
    check_numbering(ver, ops)
    return top, ops


def check_numbering(ver, ops):
    seen = {}
    for o in ops:
        if o["name"] in seen:
            raise GenError("%s: duplicate name %s" % (ver, o["name"]))
        seen[o["name"]] = o
    codes = {}
    for o in ops:
        if o["kind"] != "Specialized":
            if o["code"] in codes:
                raise GenError("%s: %s and %s share number %d"
                               % (ver, codes[o["code"]], o["name"], o["code"]))
            codes[o["code"]] = o["name"]
    for o in ops:
        if o["kind"] == "Specialized" and o["code"] in codes:
            raise GenError("%s: specialization %s shadows %s (number %d)"
                           % (ver, o["name"], codes[o["code"]], o["code"]))
        if o["kind"] == "Specialized" and not 0 <= o["code"] < 256:
            raise GenError("%s: specialization %s has number %d" % (ver, o["name"], o["code"]))


# ---------------------------------------------------------------- Rust output

HEADER = (
    "// @generated by tools/gen_opcodes.py from the CPython 2.7 and 3.6-3.13 interpreters "
    "(opcode/dis introspection), tools/data/opcodes/*.json (stack-effect formulas; all of 3.14) "
    "and tools/data/opcodes_extra.json; do not edit.\n"
)

PRELUDE = r'''
//! Opcode tables, one module per version.

use super::{Effect, JumpKind, OpInfo, OpKind, OpcodeTable, Operand};
use crate::version::Version;

/// `op!(name, code, kind, has_arg, jump, operand, cache_entries, effect, effect_jump, base)`
macro_rules! op {
    ($name:literal, $code:literal, $kind:ident, $arg:literal, $jump:expr, $operand:ident,
     $cache:literal, $effect:expr, $effect_jump:expr, $base:expr) => {
        OpInfo {
            name: $name,
            code: $code,
            kind: OpKind::$kind,
            has_arg: $arg,
            jump: $jump,
            operand: Operand::$operand,
            cache_entries: $cache,
            effect: $effect,
            effect_jump: $effect_jump,
            base: $base,
        }
    };
}

// Formulas are evaluated exactly in i64 (as Python would) and saturated to i32.
fn sat(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX })
}

// Python `//` and `%` (floor semantics); the generator only emits non-zero constant divisors.
#[allow(dead_code)]
fn floordiv(a: i64, b: i64) -> i64 {
    let q = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

#[allow(dead_code)]
fn floormod(a: i64, b: i64) -> i64 {
    a - b * floordiv(a, b)
}

// Python `bin(v).count("1")`.
#[allow(dead_code)]
fn popcount(v: i64) -> i64 {
    i64::from(v.unsigned_abs().count_ones())
}

pub(super) fn table(version: Version) -> &'static OpcodeTable {
    match version {
%(arms)s
    }
}
'''


def mod_name(ver):
    return "v" + ver.replace(".", "_")


def section_markers(ver):
    return ("// ---- begin %s ----" % ver, "// ---- end %s ----" % ver)


def rust_str(s):
    return json.dumps(s)  # JSON string escapes are valid Rust for these ASCII names


def rust_str_list(items):
    return "&[" + ", ".join(rust_str(s) for s in items) + "]"


def emit_section(ver, top, ops, source):
    formulas = sorted({e[0]: e for o in ops for e in (o["effect"], o["effect_jump"])
                       if isinstance(e, tuple)}.items())
    fname = {text: "se%d" % i for i, (text, _) in enumerate(formulas)}

    def effect(e):
        if isinstance(e, int):
            return "Effect::Const(%d)" % e
        return "Effect::Formula(%s, %s)" % (fname[e[0]], rust_str(e[0]))

    begin, end = section_markers(ver)
    lines = [begin, "// %s" % source, "mod %s {" % mod_name(ver), "use super::*;", ""]
    for text, (_, tree) in formulas:
        lines += ["fn %s(oparg: u32) -> i32 {" % fname[text], "let oparg = i64::from(oparg);",
                  "sat(%s)" % as_int(tree.body)[0], "}", ""]
    rows = []
    for o in ops:
        rows.append([
            rust_str(o["name"]), str(o["code"]), o["kind"], "true" if o["has_arg"] else "false",
            "None" if o["jump"] is None else "Some(JumpKind::%s)" % o["jump"],
            o["operand"], str(o["cache"]), effect(o["effect"]),
            "None" if o["effect_jump"] is None else "Some(%s)" % effect(o["effect_jump"]),
            "None" if o["base"] is None else "Some(%s)" % rust_str(o["base"]),
        ])
    # One opcode per line, columns aligned; rustfmt would spread each over 12 lines.
    widths = [max(len(r[i]) for r in rows) + 1 for i in range(len(rows[0]) - 1)]
    lines += ["    #[rustfmt::skip]", "    static OPS: [OpInfo; %d] = [" % len(ops)]
    for r in rows:
        cells = [(c + ",").ljust(w) for c, w in zip(r, widths)] + [r[-1]]
        lines.append("        op!(%s)," % " ".join(cells))
    lines.append("    ];")
    order = sorted(range(len(ops)), key=lambda i: ops[i]["name"])
    lines.append("static NAME_INDEX: [u16; %d] = [%s];" % (len(ops), ", ".join(map(str, order))))
    by_code = ["None"] * 256
    for i, o in enumerate(ops):
        if o["kind"] not in ("Specialized", "Pseudo"):
            by_code[o["code"]] = "Some(%d)" % i
    lines += [
        "pub(super) static TABLE: OpcodeTable = OpcodeTable {",
        "version: Version::V%s," % ver.replace(".", "_"),
        "have_argument: %d," % top["have_argument"],
        "extended_arg: %d," % top["extended_arg"],
        "cmp_op: %s," % rust_str_list(top["cmp_op"]),
        "binary_ops: %s," % rust_str_list(top["binary_ops"]),
        "intrinsic1: %s," % rust_str_list(top["intrinsic1"]),
        "intrinsic2: %s," % rust_str_list(top["intrinsic2"]),
        "common_constants: %s," % rust_str_list(top["common_constants"]),
        "special_methods: %s," % rust_str_list(top["special_methods"]),
        "ops: &OPS,",
        "name_index: &NAME_INDEX,",
        "by_code: [%s]," % ", ".join(by_code),
        "};",
        "}",
        end,
    ]
    return "\n".join(lines) + "\n"


def extract_sections(text):
    out = {}
    for ver in VERSIONS:
        begin, end = section_markers(ver)
        m = re.search(re.escape(begin) + r"\n.*?" + re.escape(end) + r"\n", text, re.S)
        if m:
            out[ver] = m.group(0)
    return out


def rustfmt(text):
    exe = os.environ.get("RUSTFMT", "rustfmt")
    try:
        res = subprocess.run([exe, "--edition", "2021", "--emit", "stdout"], input=text.encode(),
                             capture_output=True, cwd=str(ROOT), timeout=300)
    except OSError as e:
        raise GenError("cannot run rustfmt (%s): %s" % (exe, e)) from e
    if res.returncode != 0:
        raise GenError("rustfmt failed:\n" + res.stderr.decode())
    return res.stdout.decode()


def render(sections):
    arms = "\n".join("Version::V%s => &%s::TABLE," % (v.replace(".", "_"), mod_name(v))
                     for v in VERSIONS)
    body = HEADER + PRELUDE.replace("%(arms)s", arms) + "\n" + "\n".join(sections[v] for v in VERSIONS)
    return rustfmt(body)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 with a diff if %s differs" % OUT_REL)
    args = ap.parse_args()

    try:
        current = OUT.read_text() if OUT.exists() else ""
        kept = extract_sections(current)
        extra_all = load_json(DATA / "opcodes_extra.json")
        sections, found, skipped = {}, [], []
        for ver in VERSIONS:
            ref = load_json(DATA / "opcodes" / (ver + ".json"))
            if ver in NO_INTERPRETER:
                top, ops = build_table(ver, None, ref, extra_all.get(ver, {}))
                print("%s: no interpreter exists; table from tools/data/opcodes/%s.json, "
                      "formulas unverified" % (ver, ver))
                source = "%s: tools/data/opcodes/%s.json + tools/data/opcodes_extra.json" % (ver, ver)
            else:
                python, where = find_interpreter(ver)
                if python is None:
                    print("SKIP %s: interpreter not found at %s; its section of %s is kept "
                          "as checked in, NOT verified" % (ver, where, OUT_REL))
                    if ver not in kept:
                        raise GenError("%s: no interpreter and no checked-in section to keep" % ver)
                    sections[ver] = kept[ver]
                    skipped.append(ver)
                    continue
                intro = introspect(ver, python)
                found.append("%s=%s (%s)" % (ver, python, ".".join(map(str, intro["version"]))))
                top, ops = build_table(ver, intro, ref, {})
                real = [o for o in ops if o["kind"] != "Specialized"]
                checked, unsampled = verify_effects(ver, intro, real)
                if unsampled is None:
                    print("%s: found %s; no dis.stack_effect in %s, stack-effect formulas from "
                          "the reference JSON are NOT verified" % (ver, python, ver))
                else:
                    note = (" (no samples for %d: %s)" % (len(unsampled), ", ".join(unsampled))
                            if unsampled else "")
                    print("%s: found %s; %d stack-effect samples agree with the formulas%s"
                          % (ver, python, checked, note))
                source = ("%s: CPython %s interpreter + tools/data/opcodes/%s.json formulas"
                          % (ver, ver, ver))
            nspec = sum(o["kind"] == "Specialized" for o in ops)
            print("%s: %d opcodes (+%d specialized)" % (ver, len(ops) - nspec, nspec))
            sections[ver] = emit_section(ver, top, ops, source)
        print("interpreters found: " + (", ".join(found) if found else "none"))
        if skipped:
            print("interpreters MISSING (sections kept as checked in): " + ", ".join(skipped))
        text = render(sections)
    except GenError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2

    if args.check:
        if text == current:
            print("%s is up to date" % OUT_REL)
            return 0
        diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                    "a/" + OUT_REL, "b/" + OUT_REL)
        sys.stdout.writelines(diff)
        print("\n%s is out of date: run python3 tools/gen_opcodes.py" % OUT_REL)
        return 1
    if text != current:
        OUT.write_text(text)
        print("wrote %s" % OUT_REL)
    else:
        print("%s unchanged" % OUT_REL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
