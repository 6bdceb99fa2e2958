# The math and sys modules.
import math
import sys
from math import pi, sqrt, inf

print(math.pi, math.e, math.tau, pi == math.pi, math.inf, -inf, math.nan != math.nan)
print(sqrt(2), math.sqrt(16), math.floor(-2.5), math.ceil(-2.5), math.floor(7), type(math.floor(2.5)))
print(math.gcd(48, 180), math.gcd(0, 0), math.isqrt(99), math.factorial(20), math.factorial(25))
print(math.log(math.e), math.log(8, 2), math.log(1000, 10), math.exp(0), math.exp(1))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 6), 12), math.fabs(-3), math.isclose(0.1 + 0.2, 0.3))
print(math.floor(1e20), math.ceil(10 ** 30 / 7), math.isqrt(10 ** 40), math.gcd(2 ** 100, 6 ** 50))
for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.exp(1000)):
    try:
        bad()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.getrecursionlimit(), type(sys.argv).__name__, len(sys.argv))
print(sys.version_info[0], sys.version_info >= (3, 0), sys.stdout is not None, "math" in sys.modules if hasattr(sys, "modules") else True)
sys.stdout.write("written directly\n")
print("to stderr", file=sys.stderr)
try:
    raise KeyError("now")
except KeyError as e:
    print(type(e).__name__, repr(e))
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(900))
