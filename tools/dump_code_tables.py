"""Dump the line and exception tables of compiled stdlib modules, with the
interpreter's own view of them, one JSON object per code object per line.

Runs under 2.7 and 3.6+. Usage: python dump_code_tables.py COUNT [LIBDIR]
Compiles every len/COUNT-th top-level .py file of LIBDIR (default: the stdlib of the
running interpreter) and, recursively, all nested code objects. Fields:
  file, name, first (co_firstlineno), n (len(co_code)), lt / et (hex of the line and
  exception tables), starts (dis.findlinestarts), lines (co_lines(), 3.10+),
  pos (co_positions() run-length encoded as [count, line, end_line, col, end_col],
  3.11+), exc (dis._parse_exception_table as [start, end, target, depth, lasti]).
"""
import binascii
import dis
import json
import os
import sys
import types


def hexof(b):
    return binascii.hexlify(bytes(b)).decode("ascii")


def rle(items):
    out = []
    for item in items:
        item = list(item)
        if out and out[-1][1:] == item:
            out[-1][0] += 1
        else:
            out.append([1] + item)
    return out


def walk(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            for sub in walk(c):
                yield sub


def describe(path, code):
    v = sys.version_info
    table = code.co_linetable if v >= (3, 10) else code.co_lnotab
    d = {
        "file": path,
        "name": code.co_name,
        "first": code.co_firstlineno,
        "n": len(code.co_code),
        "lt": hexof(table),
        "starts": [[o, l] for o, l in dis.findlinestarts(code)],
    }
    if v >= (3, 10):
        d["lines"] = [list(r) for r in code.co_lines()]
    if v >= (3, 11):
        d["et"] = hexof(code.co_exceptiontable)
        d["pos"] = rle(code.co_positions())
        d["exc"] = [[e.start, e.end, e.target, e.depth, int(e.lasti)]
                    for e in dis._parse_exception_table(code)]
    return d


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    libdir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.__file__)
    files = sorted(f for f in os.listdir(libdir) if f.endswith(".py"))
    step = max(1, len(files) // max(1, count))
    for name in files[::step][:count]:
        path = os.path.join(libdir, name)
        with open(path, "rb") as f:
            source = f.read()
        try:
            top = compile(source, path, "exec", 0, True)
        except (SyntaxError, ValueError):
            continue
        for code in walk(top):
            sys.stdout.write(json.dumps(describe(name, code)) + "\n")


if __name__ == "__main__":
    main()
