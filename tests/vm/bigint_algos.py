# Big-int algorithms: factorials, Fibonacci by matrix power, modular arithmetic,
# integer square roots, base conversion and bit operations.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

def fib_matrix(n):
    def mul(a, b):
        return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
                a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3])
    result, base = (1, 0, 0, 1), (1, 1, 1, 0)
    while n:
        if n & 1:
            result = mul(result, base)
        base = mul(base, base)
        n >>= 1
    return result[1]

def isqrt(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x

def to_base(n, b):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(digits[r])
    return sign + "".join(reversed(out))

f50 = fact(50)
print(f50)
print(len(str(fact(300))), sum(int(c) for c in str(fact(100))))
print(fib_matrix(200), fib_matrix(1))
print(isqrt(10 ** 60 + 12345), isqrt(2 * 10 ** 40))
print(pow(3, 10 ** 5, 10 ** 9 + 7), pow(12345678901234567890, 3))
print(to_base(2 ** 100, 16), to_base(-(3 ** 50), 7), to_base(f50, 36))
print(int(to_base(f50, 36), 36) == f50, int("-zz", 36), int("0x1F", 16), int("0b101", 0))
big = 2 ** 200 - 1
print(big.bit_length(), (big >> 150), big & 0xFFFF, big ^ (big >> 1), ~big, -big >> 3)
print(divmod(-(10 ** 30), 7), divmod(10 ** 30, -7), (-(10 ** 30)) % 7, -(10 ** 30) // 7)
print(abs(-(2 ** 70)), -(2 ** 63), 2 ** 63 - 1 + 1, hash(2 ** 61 - 1), hash(2 ** 100), hash(-(2 ** 64)))
print(2 ** 64 == 2.0 ** 64, 2 ** 53 + 1 > 2.0 ** 53, float(2 ** 80), 10 ** 20 / 3, 7 ** 30 / 7 ** 28)
print(max(2 ** 65, 3 ** 40), min(-(2 ** 65), -(3 ** 40)), sorted([2 ** 70, -5, 3 ** 44, 0]))
print(f"{2 ** 70:,}", f"{2 ** 70:_x}", f"{-(2 ** 70):>30}", f"{3 ** 40:e}", "%d" % 2 ** 80)
# Collatz-like loop on a big number, and gcd by hand.
n, steps = 2 ** 100 + 1, 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("steps", steps)
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
print(gcd(fact(40), 2 ** 50 * 3 ** 30), gcd(fib_matrix(300), fib_matrix(299)))
# Rational arithmetic with big ints: sum of 1/k for k up to 60.
num, den = 0, 1
for k in range(1, 61):
    num, den = num * k + den, den * k
    g = gcd(num, den)
    num, den = num // g, den // g
print(num, "/", den)
