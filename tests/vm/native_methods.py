# Methods of built-in values called directly, stored as bound methods and called
# later, with default arguments, wrong argument counts and keys that run Python
# code for their hash and equality.


def show(label, f, *args):
    try:
        r = f(*args)
    except Exception as e:
        print("%s -> %s: %s" % (label, type(e).__name__, e))
    else:
        print("%s -> %r" % (label, r))


class Key(object):
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return self.n % 3

    def __eq__(self, other):
        return isinstance(other, Key) and self.n == other.n


lst = []
for i in range(5):
    r = lst.append(i * i)
print("%r %r" % (lst, r))
app = lst.append
for i in range(3):
    app(-i)
print(lst)
lst.append(lst)
print(lst)
list.append(lst, "unbound")
print(len(lst))

d = {"a": 1, "b": None}
print("%r %r %r %r" % (d.get("a"), d.get("zz"), d.get("zz", 7), d.get("b", 5)))
g = d.get
total = 0
for k in ["a", "c", "a", "d"]:
    v = g(k, 10)
    total += v
print(total)
print(dict.get(d, "a"))
print(d.get(1.0) is None)
d[1] = "one"
print("%r %r %r" % (d.get(1.0), d.get(True), d.get(1, "x")))
keys = {}
for n in range(7):
    keys[Key(n)] = n * 10
print("%r %r" % (keys.get(Key(4)), keys.get(Key(9), "none")))

counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items()))

groups = {}
for i in range(12):
    key = "k" + str(i % 4)
    if key in groups:
        groups[key].append(i)
    else:
        groups[key] = [i]
print(sorted(groups.items()))

s = set()
add = s.add
for x in [3, 1, 3, 2, 1]:
    r = add(x)
s.add((1, 2))
s.add(Key(1))
s.add(Key(1))
print("%r %d" % (r, len(s)))
methods = [lst.append, d.get, s.add]
print([m.__name__ for m in methods])

show("append()", lst.append)
show("append(1, 2)", lst.append, 1, 2)
show("get()", d.get)
show("get(1, 2, 3)", d.get, 1, 2, 3)
show("get([])", d.get, [])
show("get([], 0)", d.get, [], 0)
show("add()", s.add)
show("add(1, 2)", s.add, 1, 2)
show("add([])", s.add, [])
show("unbound append()", list.append)
try:
    d.get("a", default=3)
except TypeError as e:
    print("get(default=) -> TypeError")
try:
    frozenset([1]).add(2)
except AttributeError as e:
    print("frozenset.add -> %s" % e)
