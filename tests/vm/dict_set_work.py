# Dict- and set-heavy work: counting, grouping, inverting, merging, set algebra.
text = """it was the best of times it was the worst of times it was the age of wisdom
it was the age of foolishness it was the epoch of belief it was the epoch of incredulity"""
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
print(top)
by_len = {}
for w in counts:
    by_len.setdefault(len(w), []).append(w)
print({k: sorted(v) for k, v in sorted(by_len.items())})
inverse = {}
for w, c in counts.items():
    inverse.setdefault(c, set()).add(w)
print(sorted((c, sorted(ws)) for c, ws in inverse.items()))
a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30}
print(a | b, b | a, {**a, **b, "w": 0}, dict(a, q=9), dict([("k", 1), ("j", 2)]), dict.fromkeys("abc", 0))
c = dict(a)
c |= b
c.update(w=5)
c.update([("v", 6)])
print(c, c.pop("x"), c.pop("missing", "dflt"), c.popitem(), list(c), len(c), "y" in c, 2 in c.values())
del c["y"]
print(c, c.get("nope"), c.setdefault("new", []), c, list(reversed(c)), sorted(c, reverse=True))
keys, vals = zip(*sorted(counts.items())[:4])
print(keys, vals, dict(zip(keys, vals)) == {k: counts[k] for k in keys})
nested = {"a": {"b": {"c": 1}}, "list": [1, {"deep": True}]}
print(nested["a"]["b"]["c"], nested["list"][1]["deep"], nested == {"list": [1, {"deep": True}], "a": {"b": {"c": 1}}})
try:
    nested["zz"]
except KeyError as e:
    print("KeyError", e, repr(e), e.args)
s1, s2 = set("abracadabra"), set("alacazam")
print(sorted(s1), sorted(s1 - s2), sorted(s1 | s2), sorted(s1 & s2), sorted(s1 ^ s2))
print(s1 <= s1 | s2, s1 < s1, {1, 2}.isdisjoint({3}), {1, 2}.issubset([1, 2, 3]), {1, 2, 3}.issuperset((1,)))
s = {3, 1, 2}
s.add(10)
s.discard(99)
s.remove(1)
s |= {7}
s -= {2}
s &= {3, 7, 10, 11}
s ^= {11}
print(sorted(s), len(s), s.pop() in {3, 7, 10, 11}, frozenset([1, 2]) == {1, 2}, {frozenset([1]): "fs"}[frozenset({1})])
print({x % 5 for x in range(20)}, set(), frozenset(), {(1, 2), (1, 2)}, set("aaa"), sorted({-1, -2, 5, 3}))
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def reachable(start):
    seen, stack = set(), [start]
    while stack:
        n = stack.pop()
        if n not in seen:
            seen.add(n)
            stack.extend(graph[n])
    return seen
print({k: sorted(reachable(k)) for k in graph})
indeg = {k: 0 for k in graph}
for vs in graph.values():
    for v in vs:
        indeg[v] += 1
order, ready = [], sorted(k for k, d in indeg.items() if d == 0)
while ready:
    n = ready.pop(0)
    order.append(n)
    for v in graph[n]:
        indeg[v] -= 1
        if indeg[v] == 0:
            ready.append(v)
print("topo", order)
d = {i: i * i for i in range(10)}
for k in list(d):
    if k % 3 == 0:
        del d[k]
print(d, d.keys() & {1, 2, 100}, d.items() - {(1, 1)}, list(d.values())[:3])
