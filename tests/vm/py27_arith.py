# Integer and long arithmetic, classic division, numeric reprs.
import sys

print 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 // 2, 7.0 / 2, 1 / 2.0
print 2 ** 10, 2 ** 64, 2 ** -2, 10 ** 20, -(2 ** 63)
print sys.maxint, sys.maxint + 1, -sys.maxint - 1
x = 100
x /= 7
print x
y = 10.0
y /= 4
print y
print divmod(17, 5), divmod(-17, 5), divmod(17.5, 5)
print abs(-3), abs(-2.5), pow(2, 10), pow(2, 10, 1000)
print int("42") + 1, int(3.9), int(-3.9), float("1.5") * 2
print 1e100, 1.5e-10, 123456789.123, 0.1 + 0.2, [0.1 + 0.2]
print 3 * 1.1, str(3 * 1.1), repr(3 * 1.1)
print hex(255), oct(8), bin(5)
print 12345678901234567890 * 98765432109876543210
print [2 ** 100, 5], (2 ** 65,)
print round(2.5), round(-2.5), round(3.14159, 2), round(1234, -2)
print 5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 70, (1 << 70) >> 68
n = 1
for i in range(1, 25):
    n *= i
print n
print max(3, 7, 2), min([4, 1, 8]), sum([1, 2, 3]), sum([0.5, 0.25])
print True + True, True * 3, 10 / 3 * 3, 10.0 / 3 * 3
print -2 ** 2, (-2) ** 2, 2 ** 3 ** 2
