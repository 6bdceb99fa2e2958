# Set and frozenset order (CPython's hash table), set algebra, dict/set of strings.
s = {3, 1, 2, 100, 33, 17}
print(s, set("mississippi"), {"b", "a", "c", "hello", "zz"}, {(1, 2), (0, 0)}, {1.5, 2, -1})
t = set()
for w in "the quick brown fox jumps over the lazy dog".split():
    t.add(w)
print(t, len(t))
t.discard("the"); t.remove("fox"); t.add("cat")
print(t)
a, b = set(range(0, 20, 3)), set(range(0, 20, 2))
print(a | b, a & b, a - b, b - a, a ^ b)
a |= {100, 200}; b &= {0, 2, 4, 5}; print(a, b)
c = {i * 7 % 50 for i in range(30)}
print(c, sorted(c) == sorted(list(c)))
print(frozenset("abc"), frozenset([5, 3]) | {1}, {frozenset([1]), frozenset([2])})
print(hash(frozenset([1, 2])), hash(frozenset()), hash(frozenset("ab")))
p = {10, 20, 30}
print(p.pop(), p.pop(), p, {-1, -2, -3}, {2 ** 70, 1})
d = {}
for w in ("x", "y", "x", "z"):
    d[w] = d.get(w, 0) + 1
print(d, set(d), set(d.values()))
print({"alpha", "beta", "gamma", "delta"}.union({"epsilon"}).difference({"beta"}))
print(a.issuperset({0, 3}), {1, 2}.isdisjoint({3}), sorted({"b", "a"}), list({5, 3, 9}))
