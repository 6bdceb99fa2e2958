# Instances with __hash__/__eq__ as dict keys and set members.
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"P({self.x},{self.y})"

seen = {}
for p in (Point(1, 2), Point(3, 4), Point(1, 2), Point(0, 0), Point(3, 4)):
    seen[p] = seen.get(p, 0) + 1
print(seen, Point(1, 2) in seen, Point(9, 9) in seen, len(seen))
del seen[Point(0, 0)]
print(seen, seen[Point(3, 4)])
s = {Point(1, 1), Point(1, 1), Point(2, 2)}
s.add(Point(2, 2)); s.add(Point(5, 5)); s.discard(Point(1, 1))
print(len(s), Point(5, 5) in s, Point(1, 1) in s, sorted(s, key=lambda p: p.x))
print(hash(Point(1, 2)) == hash((1, 2)), {(Point(1, 2), 1): "t"}[(Point(1, 2), 1)])

class NoHash:
    def __eq__(self, other):
        return True
try:
    {NoHash(): 1}
except TypeError as e:
    print("TypeError:", e)

class ById:
    pass
a, b = ById(), ById()
d = {a: "a", b: "b"}
print(d[a], d[b], len({a, b, a}))
class Weird:
    def __hash__(self):
        return 2 ** 80
print(hash(Weird()), hash(-1), hash(2 ** 61 - 1), hash(2 ** 61))
print(hash((Point(1, 2), 1)), hash(((1, 2), "a")))
