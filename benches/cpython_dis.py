"""CPython's own `dis` on the same files as benches/dis.rs: every
`*.cpython-312.pyc` (no `opt-` variants) of the interpreter's stdlib, loaded with
`marshal` and disassembled with `dis.dis` (nested code objects included) into a
string. Prints the best of 3 runs."""
import dis
import io
import marshal
import os
import sys
import time

root = os.environ.get("PYCASM_BENCH_ROOT_312") or os.path.join(
    sys.prefix, "lib", "python%d.%d" % sys.version_info[:2])
tag = ".cpython-%d%d.pyc" % sys.version_info[:2]
paths = sorted(
    os.path.join(d, f)
    for d, _, fs in os.walk(root)
    for f in fs
    if f.endswith(tag) and ".opt-" not in f
)
bodies = [open(p, "rb").read()[16:] for p in paths]
best = None
for _ in range(3):
    start = time.perf_counter()
    for b in bodies:
        out = io.StringIO()
        dis.dis(marshal.loads(b), file=out)
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print("python %s, %d files, dis: %.2f s (best of 3)" % (sys.version.split()[0], len(paths), best))
