# The math module's float functions, their domain and range errors, the
# predicates, trunc, and (3.8+) comb, perm and prod.
import math


def show(label, f, *args):
    try:
        print(label, repr(f(*args)))
    except (ValueError, OverflowError) as e:
        print(label, type(e).__name__, e)


for name in ["tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
             "acosh", "atanh", "degrees", "radians", "expm1", "log10", "log1p"]:
    f = getattr(math, name)
    for x in [0.5, -0.25, 1.0, 2.0, -1.0, 0.0, 800.0, -1e-300]:
        show("%s(%r)" % (name, x), f, x)
for x, y in [(1.0, 2.0), (-1.0, -0.0), (0.0, 0.0), (3.0, 4.0), (1e308, 10.0)]:
    show("atan2%r" % ((x, y),), math.atan2, x, y)
    show("copysign%r" % ((x, y),), math.copysign, x, y)
    show("hypot%r" % ((x, y),), math.hypot, x, y)
    show("pow%r" % ((x, y),), math.pow, x, y)
    show("fmod%r" % ((x, y),), math.fmod, x, y)
show("pow(0, -1)", math.pow, 0.0, -1.0)
show("pow(-8, 1/3)", math.pow, -8.0, 1.0 / 3.0)
show("fmod(5, inf)", math.fmod, 5.0, float("inf"))
show("fmod(inf, 2)", math.fmod, float("inf"), 2.0)
show("exp(1000)", math.exp, 1000.0)
for x in [0.0, 1.5, float("inf"), float("-inf"), float("nan"), 7]:
    print(x, math.isnan(x), math.isinf(x))
for x in [3.7, -3.7, 5, -2.5, 1e20]:
    print(x, math.trunc(x))
if hasattr(math, "isfinite"):
    print([math.isfinite(x) for x in [1.0, float("inf"), float("nan")]])
    show("log2(8)", math.log2, 8.0)
    show("log2(0)", math.log2, 0.0)
if hasattr(math, "comb"):
    print(math.comb(10, 3), math.comb(52, 5), math.comb(5, 7), math.comb(100, 50))
    print(math.perm(10, 3), math.perm(5), math.perm(4, 9))
    print(math.prod([1, 2, 3, 4]), math.prod([1.5, 2]), math.prod([], start=5))
    for args in [(-1, 2), (3, -2)]:
        try:
            math.comb(*args)
        except ValueError as e:
            print("comb", args, e)
