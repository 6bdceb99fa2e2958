# Subclasses of built-in types: list, dict, str, int, set.
class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]

s = Stack()
s.push(1).push(2).push(3)
print(s, len(s), s.peek(), s.pop(), s, isinstance(s, list), type(s).__name__, 2 in s, bool(Stack()))
s += [9]
print(s, type(s).__name__, sorted(s), s + [0], [x * 2 for x in s], s == [1, 2, 9], s[1:])

class DefaultDict(dict):
    def __init__(self, default, *args, **kw):
        super().__init__(*args, **kw)
        self.default = default
    def __missing__(self, key):
        return self.default
    def get_or(self, key):
        return self[key] if key in self else self.default

d = DefaultDict(0, a=1)
d["b"] = 2
print(d, len(d), d.get_or("a"), d.get_or("zz"), list(d.items()), d.default, dict(d), {**d}, d["nope"])

class Registry(dict):
    def __setitem__(self, key, value):
        print("register", key)
        super().__setitem__(key.lower(), value)

r = Registry()
r["HELLO"] = 1
r["World"] = 2
print(r, r["hello"], "world" in r)

class Name(str):
    def shout(self):
        return self.upper() + "!"

n = Name("ada")
print(n, n.shout(), len(n), n + "?", n == "ada", isinstance(n, str), {n: 1}["ada"], f"[{n:>5}]", n[0])

class Money(int):
    def __str__(self):
        return f"${int(self)}"

m = Money(42)
print(m, m + 8, m * 2, repr(m), m > 40, int(m), float(m), str(m))

class Tags(set):
    def describe(self):
        return ",".join(sorted(self))

t = Tags(["b", "a"])
t.add("c")
print(t.describe(), len(t), "a" in t)

class Counter(dict):
    def add(self, k):
        self[k] = self.get(k, 0) + 1

c = Counter()
for ch in "banana":
    c.add(ch)
print(c, sorted(c.items(), key=lambda kv: -kv[1]))
