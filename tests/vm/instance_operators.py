# Binary operators on class instances: `__op__` of the left operand, returning
# NotImplemented on to the right operand's `__rop__` or the error, dunders looked
# up on the class (not the instance), numbers on either side, subclasses of
# built-in types, defaults, lambdas, exceptions raised inside the method.


class V(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, V):
            return V(self.x + other.x, self.y + other.y)
        if isinstance(other, (int, float)):
            return V(self.x + other, self.y + other)
        return NotImplemented

    def __sub__(self, other, scale=1):
        return V(self.x - scale * other.x, self.y - scale * other.y)

    def __mul__(self, k):
        return V(self.x * k, self.y * k)

    def __floordiv__(self, k):
        return V(self.x // k, self.y // k)

    def __mod__(self, k):
        raise ValueError("no mod for %r" % (k,))

    __and__ = lambda self, other: "and:%s" % (other,)

    def __repr__(self):
        return "V(%r, %r)" % (self.x, self.y)


class R(object):
    def __init__(self, tag):
        self.tag = tag

    def __radd__(self, other):
        return "radd(%s, %r)" % (self.tag, other)


class Only(object):
    def __add__(self, other):
        return NotImplemented

    def __repr__(self):
        return "Only()"


class MyInt(int):
    def __add__(self, other):
        return "MyInt.add(%d, %r)" % (int(self), other)


class PlainInt(int):
    pass


def show(label, f):
    try:
        print("%s -> %r" % (label, f()))
    except Exception as e:
        print("%s !! %s: %s" % (label, type(e).__name__, e))


a, b = V(1, 2), V(10, 20)
for i in range(3):
    # Repeated so that each site is run more than once.
    show("a + b", lambda: a + b)
    show("a + 5", lambda: a + 5)
    show("a + 0.5", lambda: a + 0.5)
    show("a + True", lambda: a + True)
    show("a - b", lambda: a - b)
    show("a * 3", lambda: a * 3)
    show("b // 3", lambda: b // 3)
    show("a % 2", lambda: a % 2)
    show("a & 7", lambda: a & 7)
    show("a + R", lambda: a + R("r"))
    show("a + 'x'", lambda: a + "x")
    show("Only + Only", lambda: Only() + Only())
    show("Only + R", lambda: Only() + R("q"))
    show("Only + 1", lambda: Only() + 1)
    show("a ** 2", lambda: a ** 2)
    show("MyInt + MyInt", lambda: MyInt(3) + MyInt(4))
    show("MyInt + 4", lambda: MyInt(3) + 4)
    show("PlainInt + PlainInt", lambda: PlainInt(3) + PlainInt(4))
    show("PlainInt * 2", lambda: PlainInt(3) * 2)
    show("a + PlainInt", lambda: a + PlainInt(7))

# A `__add__` set on the instance is not the operator's.
c = V(0, 0)
c.__add__ = lambda other: "instance attribute"
show("c + a", lambda: c + a)
show("c.__add__(a)", lambda: c.__add__(a))

# Replacing the class's method later is seen by the next operation.
total = V(0, 0)
for i in range(4):
    total = total + V(i, -i)
    if i == 1:
        V.__add__ = lambda self, other: V(self.x + 2 * other.x, self.y + 2 * other.y)
print(total)
del V.__add__
show("a + b after del", lambda: a + b)
