# 2.7's long next to int: literals, promotion beyond sys.maxint, reprs.
import sys

print 1L, repr(1L), repr(3L), str(3L), type(3L), type(2 ** 100), type(long(3))
print repr(long(3)), repr(long('12')), repr(long(3.7)), repr(long()), repr(long(-2.5)), long.__name__
print repr(long('ff', 16)), repr(long(' 42 ')), repr(long(True))
print type(sys.maxint), type(sys.maxint + 1), repr(sys.maxint + 1), repr(-sys.maxint - 2)
print type(-sys.maxint - 1), repr(sys.maxint * sys.maxint), repr(sys.maxint - 1 + 1)
print repr(2 ** 62 * 2), repr(2 ** 63), repr(2 ** 62), type(2 ** 62), repr(-(2 ** 63))

# Arithmetic that touches a long gives a long, whatever its size.
print repr(3 * 4L), repr(10L / 3), repr(10L // 3), repr(10L % 3), repr(-7L), repr(abs(-7L))
print repr(2L ** 3), repr(1L << 3), repr(-(1L)), repr(~5L), repr(5L & 3), repr(5L | 2), repr(5L ^ 1)
print repr(divmod(7L, 2)), repr(True + 1L), repr(sum([1L, 2L])), repr(sum([1, 2])), repr(+4L)
print repr(max(1L, 2)), repr(min(1L, 2)), repr(round(2L)), repr(float(3L)), repr(pow(2L, 10))
print repr(7L / 2.0), repr(1L - 1), repr(0L), bool(0L), bool(1L), repr(3L * 1.5)

# int() of a long fits back into an int when it can.
print repr(int(3L)), type(int(3L)), repr(int(2 ** 70)), type(int(2 ** 70))
print repr(int('99999999999999999999999')), repr(int(1e20)), type(int(1e20)), type(int(1e10))

print isinstance(3L, long), isinstance(3L, int), isinstance(3, long), isinstance(3L, (int, long))
print isinstance(True, int), isinstance(True, long), issubclass(bool, int), issubclass(long, int)
print 3L == 3, 3 == 3L, 2L < 3, hash(3L) == hash(3), hash(2 ** 64) == hash(2L ** 64), {3L: 'a'}[3]
print repr([1L, 2, (3L,)]), repr({1L: 2L}), str([1L]), repr(set([5L]))
print '%d %s %r %x %05d' % (5L, 5L, 5L, 255L, 7L), hex(255L), oct(8L), hex(2 ** 64), '%.2f' % 3L
print '{0} {1:>4}'.format(5L, 6L), str(10L ** 20), repr(10L ** 20), len(str(2 ** 200))

# An int that overflows in a loop becomes a long once it passes sys.maxint.
x = 1
kinds = []
for i in range(70):
    x *= 2
    if type(x) not in kinds:
        kinds.append(type(x))
print kinds, repr(x), repr(x // 2 ** 69), type(x // 2 ** 69)
n = sys.maxint
n += 1
print type(n), repr(n - 1), type(n - 1)
print repr(abs(-sys.maxint - 1)), type(abs(-sys.maxint - 1)), repr(-(-sys.maxint - 1))
print repr(range(3L)), repr(xrange(2L)), [1, 2, 3][1L], 'abc'[2L], repr('ab' * 2L)


def fact(k):
    return 1 if k < 2 else k * fact(k - 1)


print [type(fact(k)).__name__ for k in (5, 20, 21, 25)], repr(fact(21))
