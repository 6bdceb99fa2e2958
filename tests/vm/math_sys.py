# The math and sys modules.
import math
import sys
from math import pi, sqrt, inf

print(math.pi, math.e, math.tau, pi == math.pi, math.inf, -inf, math.isnan(math.nan))
print(sqrt(2), math.sqrt(16), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7), math.floor(7), type(math.floor(2.5)))
print(math.gcd(48, 180), math.gcd(0, 0), math.lcm(4, 6), math.isqrt(99), math.factorial(20), math.comb(10, 3), math.perm(5, 2))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.log1p(0), math.exp(0), math.expm1(0))
print(math.sin(0), math.cos(0), math.tan(0), round(math.sin(math.pi / 6), 12), math.atan2(1, 1), math.degrees(math.pi), math.radians(180))
print(math.hypot(3, 4), math.dist((0, 0), (3, 4)), math.fabs(-3), math.copysign(3, -0.0), math.fmod(7, -3), 7 % -3)
print(math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4), math.isclose(0.1 + 0.2, 0.3), math.isinf(-inf), math.isfinite(1e308))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.prod([]), math.pow(2, 0.5), 2 ** 0.5)
print(math.floor(1e20), math.ceil(10 ** 30 / 7), math.isqrt(10 ** 40), math.factorial(25), math.comb(60, 30))
for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.exp(1000)):
    try:
        bad()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(math.acos(1), math.asin(0), math.atan(0), math.cosh(0), math.sinh(0), math.tanh(0))
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.byteorder, sys.getrecursionlimit(), type(sys.argv).__name__, len(sys.argv))
print(sys.version_info[0], sys.version_info >= (3, 0), sys.version_info.major, type(sys.version).__name__, sys.float_info.max, sys.float_info.epsilon)
print(sys.int_info.bits_per_digit if hasattr(sys, "int_info") else 30, sys.stdout is not None, sys.stderr is not None, "math" in sys.modules, __import__("math") is math)
sys.stdout.write("written directly\n")
print("to stderr", file=sys.stderr)
print(sys.exc_info())
try:
    raise KeyError("now")
except KeyError:
    et, ev, tb = sys.exc_info()
    print(et.__name__, repr(ev), sys.exception() is ev if hasattr(sys, "exception") else True)
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(1500))
