# Instance attribute dicts: `__dict__` and `vars()` stay live in both directions
# (before and after hot attribute sites have cached them), attributes deleted and
# re-added, dicts growing past a few entries and shrinking again, colliding hashes,
# and property getters that raise.


class Box(object):
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def total(self):
        return self.a + self.b


def get_a(o):
    return o.a


def set_a(o, v):
    o.a = v


def items(d):
    return sorted(d.items())


boxes = [Box(i, -i) for i in range(6)]
for _ in range(4):
    for bx in boxes:
        set_a(bx, get_a(bx) + 1)
print([bx.total() for bx in boxes])

# `__dict__` taken after the sites are warm: writes through it show as attributes.
b = boxes[2]
d = b.__dict__
d["a"] = 100
print(get_a(b), b.total(), items(d))
set_a(b, 7)
print(d["a"], vars(b) is d, b.__dict__ is d, items(vars(b)))
d["c"] = "new"
print(b.c, hasattr(b, "c"), items(b.__dict__))
del b.c
print("c" in d, hasattr(b, "c"), len(d))
d.clear()
print(hasattr(b, "a"), vars(b))
b.a = 1
b.b = 2
print(b.total(), items(d))

# Deleting and re-adding moves the attribute to the end.
e = Box(1, 2)
e.z = 3
del e.a
e.a = 4
print(list(e.__dict__), e.total())
try:
    del e.missing
except AttributeError:
    print("del missing: AttributeError")

# Many attributes: past the size where a dict keeps a hash index, then back.
many = Box(0, 0)
for i in range(20):
    setattr(many, "f%d" % i, i * i)
print(len(vars(many)), many.f13, getattr(many, "f19"))
for i in range(0, 20, 2):
    delattr(many, "f%d" % i)
print(len(vars(many)), items(vars(many))[:4], hasattr(many, "f4"), many.f5)
for i in range(20):
    setattr(many, "f%d" % i, -i)
print(len(vars(many)), sorted(vars(many))[-3:], many.f0, many.f19)
print(list(vars(many)))

# Plain dicts of every small size, with removals and re-insertions.
for n in range(12):
    g = {}
    for k in range(n):
        g[k] = str(k)
    for k in range(0, n, 3):
        del g[k]
    g[n] = "last"
    print(n, len(g), sorted(g.items()), n - 1 in g, -1 in g)

# -1 and -2 hash alike in CPython; so do 1, 1.0 and True (one key).
h = {-1: "m1", -2: "m2", 1: "one"}
h[1.0] = "float one"
h[True] = "true"
del h[-1]
print(sorted(h.items()), -2 in h, -1 in h, h.get(-1, "none"))
h[-1] = "back"
print(sorted(h.items()))
for i in range(30):
    h[-i] = i
print(len(h), h[-1], h[-2], h[-29])
for i in range(30):
    h.pop(-i)
print(sorted(h.items()))

# Equal dicts with different histories.
p = {"x": 1, "y": 2}
q = {"y": 2}
q["x"] = 1
q["z"] = 0
del q["z"]
print(p == q, p != q, dict(p) == vars(Box(1, 2)).__class__(x=1, y=2))


class Temp(object):
    def __init__(self, c):
        self.c = c

    @property
    def fahrenheit(self):
        if self.c is None:
            raise ValueError("no reading")
        return self.c * 9 // 5 + 32

    @property
    def kelvin(self):
        return self.missing_attribute


def read(t):
    return t.fahrenheit


ts = [Temp(c) for c in (0, 100, -40, None, 37)]
for t in ts:
    try:
        print(read(t))
    except ValueError as err:
        print("ValueError", err)
for t in ts[:2]:
    try:
        print(t.kelvin)
    except AttributeError:
        print("kelvin: AttributeError")
