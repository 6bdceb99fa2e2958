# -*- coding: utf-8 -*-
# String building and formatting on the VM's fast paths: `s += t` on a string
# that something else also holds, the code-point count of built-up text,
# `%`-formatting and `str.format` around the plain `%s`/`%d`/`{}` cases, and
# `str()`/`int()` of ints.


def grow(n):
    s = ""
    kept = []
    for i in range(n):
        s += str(i % 10)
        if i % 4 == 0:
            kept.append(s)  # an alias: the next `+=` must not change it
        t = s
        s += "-"
        if t == s:
            print("alias changed")
    return s, kept


s, kept = grow(12)
print(s)
print(kept)
print(len(s), len(kept[-1]))

u = u"\xe9t\xe9"
w = u
w += u"\u2603"
print(len(u), len(w), w == u + u"\u2603")
x = "ab"
for k in range(3):
    x += x
print(x, len(x), x[5:9], x.find("ba"))


def loop_alias():
    parts = []
    acc = "x"
    for i in range(5):
        parts.append(acc)
        acc += "y"
    return parts, acc


print(loop_alias())

for v in [0, 7, -7, 10, -10, 123456789, -9223372036854775807 - 1, 2**63, -(2**70)]:
    print(str(v), int(v), "%d|%i|%u|%s" % (v, v, v, v))

print("%s and %s" % ("a", 5))
print("%5d|%-5d|%05d|%+d|% d|%x|%#o" % (42, 42, 42, 42, 42, 255, 8))
print("%.3s|%10s|%-6s|" % ("abcdef", "r", "l"))
print("%*d|%.*f" % (6, 12, 2, 3.14159))
print("%(a)s-%(b)d-%%" % {"a": "x", "b": 3})
print("%d%%" % 50)
print("%s" % (True,), "%d" % True, "%s" % 2.5, "%r" % "q")
print(u"\xe9 %s \xe9 %d" % (u"\u2603", 9) == u"\xe9 \u2603 \xe9 9")
for bad in ["%", "%y", u"\xe9\xe9%y", "%(a"]:
    try:
        print(bad % {"a": 1})
    except (ValueError, TypeError, KeyError) as e:
        print(type(e).__name__, e)
try:
    print("%d %d" % (1,))
except TypeError as e:
    print(e)
try:
    print("%d" % (1, 2))
except TypeError as e:
    print(e)

print("{0}: {1:>6} {2:.2f}".format("item", 42, 1 / 7.0))
print("{}|{}|{}".format("a", 1, -2))
print("{{}}{0}}}{{".format(5))
print("{:^9}|{:*<7}|{:=+8}|{:,}|{:#x}|{:08.3f}".format("mid", "l", 42, 1234567, 255, 3.14159))
print("{0:{1}}|{0:>{2}}".format(7, 4, 6))
print("{:c}{:c}".format(65, 97))
print("{!r}/{!s}".format("q", 3))
print("{:d}|{}|{:>5}".format(True, False, True))
print(u"\xe9{0}\xe9{1:\xe9^7}".format(1, u"x") == u"\xe9" + "1" + u"\xe9\xe9\xe9\xe9x\xe9\xe9\xe9")
print("{:x}|{:X}|{:o}|{:b}|{:,d}".format(-255, 255, -8, 5, -1234567))
print("{:.0f}|{:10.4e}|{:g}|{:%}".format(2.5, 12345.678, 0.0001, 0.25))
for bad in ["{:q}", "{", "}", "{0:d}"]:
    try:
        print(bad.format("s"))
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
