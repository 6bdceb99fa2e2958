"""CPython's own marshal speed on a stdlib's .pyc bodies: the baseline for
`cargo bench --bench marshal` (see docs/performance.md).

Usage: python benches/cpython_marshal.py [ROOT] [--runs N] [--cpu]

ROOT defaults to this interpreter's stdlib. The files are chosen exactly as the Rust
benchmark chooses them: every `*.cpython-XY.pyc` under ROOT (2.7: every `*.pyc`),
skipping `.opt-1`/`.opt-2` variants, in sorted path order. Each body (the bytes after
the header) is loaded with `marshal.loads`, and the loaded objects are written with
`marshal.dumps`; the best of N runs is reported. Runs on Python 2.7 and 3.x.

`--cpu` times the thread's CPU time (Linux `/proc/thread-self/schedstat`) instead of
the wall clock, like `PYCASM_BENCH_CPU=1 cargo bench --bench marshal`: on a machine
shared with other jobs, the figure they disturb least.
"""
from __future__ import print_function

import gc
import marshal
import os
import sys

try:
    from time import perf_counter as clock
except ImportError:  # 2.7
    from timeit import default_timer as clock


def pyc_files(root):
    if sys.version_info[0] == 2:
        suffix, pycache = ".pyc", False
    else:
        suffix, pycache = "." + sys.implementation.cache_tag + ".pyc", True
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        if pycache and os.path.basename(dirpath) != "__pycache__":
            continue
        for name in filenames:
            if name.endswith(suffix) and ".opt-" not in name:
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def header_len():
    if sys.version_info[0] == 2:
        return 8
    if sys.version_info[:2] == (3, 6):
        return 12
    return 16


def cpu_clock():
    with open("/proc/thread-self/schedstat") as f:
        return int(f.read().split()[0]) / 1e9


def best(runs, fn):
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return min(times)


def main(argv):
    runs = 5
    args = list(argv)
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    global clock
    if "--cpu" in args:
        args.remove("--cpu")
        clock = cpu_clock
    root = args[0] if args else os.path.dirname(os.__file__)
    hl = header_len()
    bodies = []
    for path in pyc_files(root):
        with open(path, "rb") as f:
            bodies.append(f.read()[hl:])
    total = sum(len(b) for b in bodies)
    objs = [marshal.loads(b) for b in bodies]

    def loads():
        for b in bodies:
            marshal.loads(b)

    def dumps():
        for o in objs:
            marshal.dumps(o)

    gc_was = gc.isenabled()
    gc.disable()  # no collections mid-run: faster for CPython, so the comparison is conservative
    t_loads = best(runs, loads)
    t_dumps = best(runs, dumps)
    if gc_was:
        gc.enable()
    print("python %s root %s" % (sys.version.split()[0], root))
    print("files %d  body bytes %d  runs %d (best of)%s" % (
        len(bodies), total, runs, "  CPU time" if clock is cpu_clock else ""))
    for name, t in (("loads", t_loads), ("dumps", t_dumps)):
        print("%-6s %8.1f ms  %8.1f MB/s  %9.0f files/s" % (
            name, t * 1e3, total / t / 1e6, len(bodies) / t))


if __name__ == "__main__":
    main(sys.argv[1:])
