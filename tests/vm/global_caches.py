# Global and builtin name lookups from call sites that already ran many times,
# while the globals and builtins behind them change: every answer must follow.
try:
    import builtins
except ImportError:
    import __builtin__ as builtins

limit = 10


def use_limit():
    return limit


def use_len(s):
    return len(s)


def use_abs(n):
    return abs(n)


def use_helper():
    return helper()


def show(label, f, *args):
    try:
        print("%s: %r" % (label, f(*args)))
    except NameError as e:
        print("%s: NameError %s" % (label, e))


def warm(f, *args):
    for _ in range(50):
        try:
            f(*args)
        except NameError:
            pass


def set_limit(v):
    global limit
    limit = v


def del_limit():
    global limit
    del limit


warm(use_limit)
show("global", use_limit)
set_limit(20)
show("global rebound by a global store", use_limit)
globals()["limit"] = 30
show("global rebound through globals()", use_limit)
del_limit()
show("global deleted", use_limit)
limit = 50
show("global back", use_limit)

warm(use_len, "abc")
show("builtin", use_len, "abc")
len = lambda s: -1
show("builtin shadowed by a global", use_len, "abc")
del len
show("shadow deleted", use_len, "abc")
globals()["len"] = lambda s: -2
show("shadowed through globals()", use_len, "abc")
del globals()["len"]
show("shadow deleted through globals()", use_len, "abc")

warm(use_abs, -3)
show("builtin", use_abs, -3)
saved_abs = builtins.abs
builtins.abs = lambda n: "patched"
show("builtin rebound in builtins", use_abs, -3)
del builtins.abs
show("builtin deleted", use_abs, -3)
builtins.abs = saved_abs
show("builtin restored", use_abs, -3)

warm(use_helper)
show("missing", use_helper)
helper = lambda: "defined late"
show("defined late", use_helper)
for i in range(30):
    globals()["filler_%d" % i] = i
show("after many new globals", use_helper)
for i in range(30):
    del globals()["filler_%d" % i]
show("after removing them", use_helper)
helper = lambda: "rebound"
show("rebound", use_helper)


def record():
    out.append((count, len("xy")))


# The same code run with other globals: what one taught the cache must not
# answer for another.
out = []
count = 0
for _ in range(20):
    record()
for n in range(3):
    for ns in ({"count": 1}, {"count": 2, "len": lambda s: "own len"}, {"count": 3}):
        ns["out"] = out
        exec(record.__code__, ns)
record()
print("exec: %r" % (out[20:],))
