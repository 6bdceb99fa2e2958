# Operator overloading: arithmetic, reflected and in-place operators, comparisons,
# container protocols, __bool__, __index__, __matmul__ and NotImplemented fallback.
class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __add__(self, o):
        if isinstance(o, Vec):
            return Vec(self.x + o.x, self.y + o.y)
        return NotImplemented
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vec(self.x * k, self.y * k)
        return NotImplemented
    __rmul__ = __mul__
    def __matmul__(self, o):
        return self.x * o.x + self.y * o.y
    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return Vec(self.x // k, self.y // k)
    def __mod__(self, k):
        return Vec(self.x % k, self.y % k)
    def __pow__(self, k):
        return Vec(self.x ** k, self.y ** k)
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __pos__(self):
        return self
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __invert__(self):
        return Vec(self.y, self.x)
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __lt__(self, o):
        return abs(self) < abs(o)
    def __le__(self, o):
        return abs(self) <= abs(o)
    def __bool__(self):
        return bool(self.x or self.y)
    def __iter__(self):
        yield self.x
        yield self.y
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __len__(self):
        return 2

a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a - b, a * 3, 3 * a, a @ b, b / 2, b // 2, b % 2, a ** 2, -a, +a, abs(b), ~a)
print(a == Vec(1, 2), a != b, a < b, b <= b, b > a, a >= b, bool(Vec(0, 0)), bool(a), list(a), a[1], len(a))
print(sorted([b, a, Vec(0, 1)]), max(a, b), {a: "a", Vec(1, 2): "again"}, *a, dict([a]))
try:
    a + 1
except TypeError as e:
    print("TypeError:", e)
try:
    a < 3
except TypeError as e:
    print("TypeError:", e)
try:
    a.z = 1
except AttributeError as e:
    print("AttributeError:", e)

class Acc:
    def __init__(self):
        self.items = []
    def __iadd__(self, x):
        self.items.append(x)
        return self
    def __isub__(self, x):
        self.items.remove(x)
        return self
    def __ior__(self, xs):
        self.items.extend(xs)
        return self
    def __contains__(self, x):
        return x in self.items
    def __call__(self, *a):
        return len(self.items) + len(a)
acc = Acc()
acc += 1
acc += 2
acc |= [3, 4]
acc -= 2
print(acc.items, 3 in acc, 9 not in acc, acc(0, 0))

class Num:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v
    def __int__(self):
        return self.v
    def __float__(self):
        return self.v + 0.5
    def __radd__(self, o):
        return o + self.v
    def __rsub__(self, o):
        return o - self.v
    def __rtruediv__(self, o):
        return o / self.v
    def __rpow__(self, o):
        return o ** self.v
    def __round__(self, n=None):
        return "rounded"
n = Num(3)
print([10, 20, 30, 40][n], "abcdef"[n], int(n), float(n), 1 + n, 10 - n, 9 / n, 2 ** n, round(n))
print(sum([Num(1), Num(2)], 0))

class Matrix:
    def __init__(self, rows):
        self.rows = rows
    def __matmul__(self, o):
        cols = list(zip(*o.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def __imatmul__(self, o):
        self.rows = (self @ o).rows
        return self
    def __eq__(self, o):
        return self.rows == o.rows
    def __repr__(self):
        return f"Matrix({self.rows})"
m = Matrix([[1, 2], [3, 4]])
i = Matrix([[1, 0], [0, 1]])
print(m @ i == m, m @ m)
m @= m
print(m, m != i)

class Shift:
    def __lshift__(self, n):
        return f"<<{n}"
    def __rrshift__(self, n):
        return f"{n}>>"
    def __and__(self, o):
        return "and"
    def __rxor__(self, o):
        return "rxor"
print(Shift() << 2, 5 >> Shift(), Shift() & 0, 1 ^ Shift())
