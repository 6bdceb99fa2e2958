# Lists, tuples, dicts and sets, and the order 2.7 prints them in.
d = {}
for w in "the quick brown fox jumps over the lazy dog".split():
    d[w] = d.get(w, 0) + 1
print d
print d.keys()
print d.values()
print d.items()
print sorted(d.items())
del d["the"]
d["cat"] = 9
print d
print dict(a=1, b=2, c=3)
print dict([("x", 1), ("y", 2), ("z", 3)])
print {1: "one", 2: "two", 10: "ten", 100: "hundred", -1: "minus"}
print {"alpha": 1, "beta": 2, "gamma": 3, "delta": 4, "epsilon": 5, "zeta": 6, "eta": 7, "theta": 8}
print {(1, 2): "a", (3, 4): "b", 2.5: "c", "s": "d"}
squares = dict((i, i * i) for i in range(12))
print squares
print {k: len(k) for k in ["apple", "fig", "banana", "kiwi"]}
print set("hello world"), set([5, 3, 1, 3]), frozenset([1, 2])
print set(["apple", "banana", "cherry"]) | set(["date"])
print {x % 4 for x in range(10)}
l = [5, 3, 8, 1]
l.append(7); l.extend([2, 2]); l.insert(0, 9); l.remove(8)
print l, l.index(7), l.count(2), l.pop(), l
l.sort(); print l
l.reverse(); print l
print l[1:3], l[:2], l[-2:], l[::2]
l[1:3] = ["a", "b", "c"]
del l[0:1]
print l
t = (1, 2, 3)
a, b, c = t
print a + b + c, t * 2, t + (4,), len(t), 2 in t
print [x * 2 for x in range(6) if x % 2]
print [(x, y) for x in range(3) for y in "ab"]
print zip([1, 2, 3], "abc"), list(enumerate("xy"))
print range(10)[::3], range(5, 0, -1), xrange(3), list(xrange(3))
print sorted({3: 1, 1: 2, 2: 3}), sorted("bca"), reversed([1, 2]) is not None
print d.has_key("fox"), "fox" in d, d.get("nope", "default")
e = d.copy(); e.update({"new": 0}); print len(e), len(d)
print d.setdefault("z", []), d.pop("z"), d.popitem() is not None
nested = {"a": [1, 2, {"b": (3, 4)}], "c": {"d": set([5])}}
print nested
print [[0] * 3 for _ in range(2)], [[]] * 2
