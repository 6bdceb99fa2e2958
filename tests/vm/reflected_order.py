# Which operand's method answers a binary operator or a comparison: a right operand
# of a subclass goes first when it overrides the reflected method, operands of one
# class never try the reflected method, anything else tries the left one first.
import sys


class Base(object):
    def __init__(self, tag):
        self.tag = tag

    def __add__(self, other):
        print("Base.__add__", self.tag, other.tag)
        return NotImplemented

    def __radd__(self, other):
        print("Base.__radd__", self.tag, other.tag)
        return "base-radd"

    def __lt__(self, other):
        print("Base.__lt__", self.tag, other.tag)
        return NotImplemented

    def __gt__(self, other):
        print("Base.__gt__", self.tag, other.tag)
        return NotImplemented

    def __eq__(self, other):
        print("Base.__eq__", self.tag, other.tag)
        return NotImplemented


class Derived(Base):
    def __radd__(self, other):
        print("Derived.__radd__", self.tag, other.tag)
        return "derived-radd"


class Quiet(Base):
    pass


class Other(object):
    def __init__(self, tag):
        self.tag = tag

    def __radd__(self, other):
        print("Other.__radd__", self.tag, other.tag)
        return "other-radd"


def attempt(label, f):
    try:
        print(label, "->", f())
    except TypeError as e:
        print(label, "-> TypeError:", e)


b1, b2, d, q, o = Base("b1"), Base("b2"), Derived("d"), Quiet("q"), Other("o")
attempt("b1 + b2", lambda: b1 + b2)
attempt("b1 + d", lambda: b1 + d)
attempt("b1 + q", lambda: b1 + q)
attempt("d + b1", lambda: d + b1)
attempt("b1 + o", lambda: b1 + o)
attempt("d + d", lambda: d + d)
# 2.7 orders instances that decline by their addresses: 3.x only.
if sys.version_info[0] >= 3:
    attempt("b1 < b2", lambda: b1 < b2)
    attempt("b1 < q", lambda: b1 < q)
    attempt("q < b1", lambda: q < b1)
    attempt("b1 == q", lambda: b1 == q)
    attempt("b1 == b1", lambda: b1 == b1)
total = b1
for _ in range(3):
    attempt("loop b1 + d", lambda: total + d)
