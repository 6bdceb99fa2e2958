# Lists, tuples, dicts and sets.
xs = [3, 1, 4, 1, 5, 9, 2, 6]
xs.append(5); xs.extend([3, 5]); xs.insert(0, 0)
print(xs, len(xs), xs.count(5), xs.index(9))
xs.sort(); print(xs)
xs.sort(reverse=True); print(xs)
xs.remove(1); print(xs.pop(), xs.pop(0), xs)
xs.reverse(); print(xs, xs[1:4], xs[::-2])
xs[1:3] = ["a", "b", "c"]; print(xs)
del xs[0]; del xs[-2:]; print(xs)
t = (1, 2, 3)
a, b, c = t
first, *rest = [10, 20, 30, 40]
*init, last = "abc"
print(a, b, c, first, rest, init, last, t * 2, t + (4,), (1,), ())
d = {"one": 1, "two": 2}
d["three"] = 3
print(d, d.get("two"), d.get("four", 4), "one" in d, len(d))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("one"), d.setdefault("five", 5), d)
d.update({"two": 22}, six=6); print(d)
del d["two"]; print(d, sorted(d), dict(a=1, b=2), dict([("x", 1), ("y", 2)]))
for k, v in sorted(d.items()):
    print(k, v, end="; ")
print()
s = {3, 1, 2}
s.add(2); s.add(10); s.discard(3)
print(sorted(s), 1 in s, 3 in s, len(s), sorted(s | {7}), sorted(s & {1, 10}), sorted(s - {1}))
print({1, 2} <= {1, 2, 3}, {1, 2} == {2, 1}, frozenset([1, 2]) == {1, 2}, set())
nested = [[1, 2], [3, [4, 5]]]
print(nested, nested[1][1][0], [row[:] for row in nested])
print([1, 2] == [1, 2], [1, 2] < [1, 3], (1, "a") < (1, "b"), [] == [], [1] != [1])
m = [[0] * 3 for _ in range(3)]
m[1][1] = 5
print(m, list(zip(*m)), list(enumerate("ab", 1)))
print(list(map(str, [1, 2])), list(filter(None, [0, 1, "", "x"])), any([]), all([]))
l2 = [1, 2]
l3 = l2
l3 += [3]
print(l2, l2 is l3, [x for x in reversed(l2)])
