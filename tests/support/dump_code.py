"""Print, as one JSON document, what this interpreter's own marshal and dis say about
the code objects in the .pyc files named on the command line.

Runs under every supported interpreter (2.7 and 3.6+). Used by tests/oracle_code.rs.
"""
import dis
import json
import marshal
import struct
import sys


def header_len():
    if sys.version_info[0] == 2:
        return 8
    if sys.version_info[:2] == (3, 6):
        return 12
    return 16


def const(c, codes):
    t = type(c)
    if c is None or c is Ellipsis or isinstance(c, bool):
        return {"t": repr(c)}
    if c is StopIteration:
        return {"t": "StopIteration"}
    if sys.version_info[0] == 2 and t is long:  # noqa: F821
        return {"t": "long", "v": str(c)}
    if isinstance(c, int) or (sys.version_info[0] == 2 and t is long):  # noqa: F821
        return {"t": "int", "v": str(c)}
    if t is float:
        return {"t": "float", "v": struct.pack("<d", c).hex() if hasattr(bytes, "hex") else struct.pack("<d", c).encode("hex")}
    if t is complex:
        pack = struct.pack("<dd", c.real, c.imag)
        return {"t": "complex", "v": pack.hex() if hasattr(pack, "hex") else pack.encode("hex")}
    if sys.version_info[0] == 2:
        if t is str:
            return {"t": "bytes", "v": c.encode("hex")}
        if t is unicode:  # noqa: F821
            return {"t": "str", "v": [ord(ch) for ch in c]}
    else:
        if t is bytes:
            return {"t": "bytes", "v": c.hex()}
        if t is str:
            return {"t": "str", "v": [ord(ch) for ch in c]}
    if t is tuple:
        return {"t": "tuple", "v": [const(x, codes) for x in c]}
    if t is frozenset:
        items = [const(x, codes) for x in c]
        items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return {"t": "frozenset", "v": items}
    if t is slice:
        return {"t": "slice", "v": [const(c.start, codes), const(c.stop, codes), const(c.step, codes)]}
    if hasattr(c, "co_code"):
        codes.append(c)
        return {"t": "code", "v": len(codes) - 1}
    return {"t": "other", "v": repr(c)}


def instructions(co):
    if hasattr(dis, "get_instructions"):
        out = []
        for i in dis.get_instructions(co):
            if i.opname == "EXTENDED_ARG":
                continue
            target = i.argval if i.opcode in dis.hasjrel or i.opcode in dis.hasjabs else None
            out.append([i.offset, i.opname, i.arg, target])
        return out
    # 2.7 has no get_instructions: decode with its own opcode tables.
    code = [ord(b) for b in co.co_code]
    out, i, ext = [], 0, 0
    while i < len(code):
        op = code[i]
        if op >= dis.HAVE_ARGUMENT:
            arg = code[i + 1] | (code[i + 2] << 8) | ext
            ext = 0
            if op == dis.EXTENDED_ARG:
                ext = arg << 16
                i += 3
                continue
            target = None
            if op in dis.hasjrel:
                target = i + 3 + arg
            elif op in dis.hasjabs:
                target = arg
            out.append([i, dis.opname[op], arg, target])
            i += 3
        else:
            out.append([i, dis.opname[op], None, None])
            i += 1
    return out


def exception_entries(co):
    if not hasattr(dis, "_parse_exception_table"):
        return None
    return [[e.start, e.end, e.target, e.depth, e.lasti] for e in dis._parse_exception_table(co)]


def describe(co, codes):
    d = {
        "name": co.co_name,
        "qualname": getattr(co, "co_qualname", None),
        "filename": co.co_filename,
        "firstlineno": co.co_firstlineno,
        "argcount": co.co_argcount,
        "posonlyargcount": getattr(co, "co_posonlyargcount", 0),
        "kwonlyargcount": getattr(co, "co_kwonlyargcount", 0),
        "nlocals": co.co_nlocals,
        "stacksize": co.co_stacksize,
        "flags": co.co_flags,
        "names": list(co.co_names),
        "varnames": list(co.co_varnames),
        "cellvars": list(co.co_cellvars),
        "freevars": list(co.co_freevars),
        "consts": [const(c, codes) for c in co.co_consts],
        "instructions": instructions(co),
        "exceptions": exception_entries(co),
    }
    if sys.version_info[0] == 2:
        for k in ("name", "filename"):
            d[k] = d[k].decode("latin-1")
        for k in ("names", "varnames", "cellvars", "freevars"):
            d[k] = [x.decode("latin-1") for x in d[k]]
    return d


def main():
    files = []
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        codes = [marshal.loads(data[header_len():])]
        out = []
        i = 0
        while i < len(codes):
            out.append(describe(codes[i], codes))
            i += 1
        files.append({"path": path, "codes": out})
    sys.stdout.write(json.dumps(files))


main()
