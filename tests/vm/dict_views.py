# Dict views are live; dict ordering, methods and equality.
d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it, len(k), "a" in k, ("a", 1) in it, 2 in v)
d["d"] = 4
del d["a"]
print(k, v, it, list(k), sorted(v), list(it)[0])
print(k & {"b", "z"}, k | {"x"}, k - {"b"}, it & {("b", 2)})
for key, val in d.items():
    print(key, val, end=" ")
print()
print(dict(zip(k, v)), {**d, "e": 5}, dict(d, f=6), d == {"b": 2, "c": 3, "d": 4}, d != {})
inv = {val: key for key, val in d.items()}
print(inv, sorted(inv.items(), reverse=True), max(d, key=d.get), min(d.values()))
counts = {}
for ch in "hello world":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, list(counts)[:3], bool({}), bool(k))
nested = {"x": {"y": {"z": 1}}}
nested["x"]["y"]["w"] = [1, 2]
print(nested, nested["x"]["y"].get("w"), nested.get("q", {}).get("r"))
d2 = d.copy(); d2.clear(); print(d2, d, d.popitem(), d)
