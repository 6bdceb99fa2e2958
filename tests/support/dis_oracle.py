"""Print, as one JSON document, what this interpreter's own dis says about the code
objects of the .pyc files named on the command line, in the block order of
`pycasm dis` (module first, then depth first through co_consts).

Runs under every supported interpreter (2.7 and 3.6+). Used by tests/dis.rs.
"""
import dis
import json
import marshal
import math
import struct
import sys

PY2 = sys.version_info[0] == 2
V = sys.version_info[:2]


def header_len():
    if PY2:
        return 8
    if V == (3, 6):
        return 12
    return 16


def is_code(c):
    return hasattr(c, "co_code")


def finite(x):
    return not (math.isinf(x) or math.isnan(x))


def r(c):
    """repr() as the assembly language writes it (see src/dis/repr.rs)."""
    t = type(c)
    if c is Ellipsis:
        return "..."
    if is_code(c):
        return "@"
    if t is tuple:
        inner = ", ".join(r(x) for x in c)
        return "(" + inner + ("," if len(c) == 1 else "") + ")"
    if t is frozenset:
        if not c:
            return "frozenset()"
        return "frozenset({" + ", ".join(sorted(r(x) for x in c)) + "})"
    if t is float:
        if c != c:
            bits = struct.unpack("<Q", struct.pack("<d", c))[0]
            return "nan" if bits == 0x7FF8000000000000 else "float.frombits(0x%016x)" % bits
        return repr(c)
    if t is complex:
        if not finite(c.real) or not finite(c.imag):
            return "complex(%s, %s)" % (r(c.real), r(c.imag))
        return repr(c)
    if t is slice:
        return "slice(%s, %s, %s)" % (r(c.start), r(c.stop), r(c.step))
    return repr(c)


def text(s):
    if PY2 and isinstance(s, str):
        return s.decode("latin-1")
    return s


def walk(co, out):
    out.append(co)

    def visit(k):
        if is_code(k):
            walk(k, out)
        elif type(k) in (tuple, frozenset):
            for x in k:
                visit(x)

    for k in co.co_consts:
        visit(k)


def raw_instructions_27(co):
    """2.7 has no get_instructions: [offset, opname, opcode, arg] per unit."""
    code = [ord(b) for b in co.co_code]
    out, i = [], 0
    while i < len(code):
        op = code[i]
        if op >= dis.HAVE_ARGUMENT:
            out.append([i, dis.opname[op], op, code[i + 1] | (code[i + 2] << 8)])
            i += 3
        else:
            out.append([i, dis.opname[op], op, None])
            i += 1
    return out


def kind_of(op, arg, opname):
    if op in dis.hasconst:
        return "const"
    if op in dis.hasname:
        return "name"
    if op in dis.haslocal:
        return "local"
    if op in dis.hasfree:
        return "free"
    jumps = set(dis.hasjrel) | set(dis.hasjabs) | set(getattr(dis, "hasjump", []))
    if op in jumps:
        return "jump"
    if op in dis.hascompare:
        return "cmp"
    if opname in ("BINARY_OP", "CALL_INTRINSIC_1", "CALL_INTRINSIC_2"):
        return "text"
    return "other"


def instructions(co):
    """[start offset, opname, arg, kind, value, line start or None, positions]."""
    starts = dict(dis.findlinestarts(co))
    out = []
    pending = None  # (start offset, positions) of an EXTENDED_ARG run
    if PY2:
        ext = 0
        for off, opname, op, arg in raw_instructions_27(co):
            if opname == "EXTENDED_ARG":
                ext = arg << 16
                pending = pending or (off, None)
                continue
            start = pending[0] if pending else off
            pending = None
            if arg is not None:
                arg |= ext
            ext = 0
            kind = kind_of(op, arg, opname)
            if kind == "const":
                val = r(co.co_consts[arg])
            elif kind == "name":
                val = text(co.co_names[arg])
            elif kind == "local":
                val = text(co.co_varnames[arg])
            elif kind == "free":
                val = text((co.co_cellvars + co.co_freevars)[arg])
            elif kind == "jump":
                val = off + 3 + arg if op in dis.hasjrel else arg
            elif kind == "cmp":
                val = dis.cmp_op[arg]
            else:
                val = None
            out.append([start, opname, arg, kind, val, starts.get(start), None])
        return out
    for i in dis.get_instructions(co):
        pos = None
        if hasattr(i, "positions") and i.positions is not None:
            p = i.positions
            pos = [p.lineno, p.end_lineno, p.col_offset, p.end_col_offset]
        if i.opname == "EXTENDED_ARG":
            pending = pending or (i.offset, pos)
            continue
        start = pending[0] if pending else i.offset
        if pending:
            pos = pending[1]
        pending = None
        kind = kind_of(i.opcode, i.arg, i.opname)
        val = None
        if kind == "const":
            val = r(i.argval)
        elif kind in ("name", "local", "free"):
            val = i.argval
            if isinstance(val, tuple):
                kind = "local2"
                val = list(val)
        elif kind == "jump":
            val = i.argval
        elif kind in ("cmp", "text"):
            val = i.argrepr
        line = starts.get(start)
        out.append([start, i.opname, i.arg, kind, val, line, pos])
    return out


def main():
    files = []
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        codes = []
        walk(marshal.loads(data[header_len():]), codes)
        out = []
        for co in codes:
            out.append(
                {
                    "name": text(co.co_name),
                    "code_len": len(co.co_code),
                    "consts": [r(c) for c in co.co_consts],
                    "instructions": instructions(co),
                }
            )
        files.append({"path": path, "codes": out})
    sys.stdout.write(json.dumps(files))


main()
