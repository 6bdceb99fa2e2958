# sorted() and list.sort() over every kind of key: numbers of mixed types, strs,
# tuples of different lengths, user classes, key functions, reverse, and errors.


class Box(object):
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < other.v

    def __repr__(self):
        return "Box(%r)" % (self.v,)


def lcg(n, seed=7):
    out = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        out.append(seed)
    return out


nums = [x % 97 for x in lcg(300)]
print(sorted(nums)[:20], sorted(nums, reverse=True)[:20])
print(sorted([3, 1.5, True, 2 ** 70, -2 ** 65, 0.0, -0.0, 0, False, 2.25, -7]))
print(sorted([10 ** 20, 10.0 ** 20, 10 ** 20 + 1, 1e20 - 1]))
print(sorted(["b", "a", "", "ab", "B", "\u00e9", "e", "z\u00e9", "za"]))
print(sorted([(1, "b"), (1, "a"), (0, "z", 1), (1,), (0, "z"), ()]))
print(sorted([(2, 1.5), (2, 1), (1, 3), (2, True)]))
pairs = [(x % 5, i) for i, x in enumerate(lcg(200, 3))]
print(sorted(pairs, key=lambda p: p[0])[:12])
print(sorted(pairs, key=lambda p: p[0], reverse=True)[:12])
words = "the quick brown fox jumps over the lazy dog and THE END".split()
print(sorted(words, key=len), sorted(words, key=str.lower, reverse=True))
print(sorted(range(40), key=lambda x: (x % 3, -x)))
print(sorted([Box(3), Box(1), Box(2), Box(1)]))
print(sorted([Box(x % 13) for x in lcg(50)], reverse=True)[:8])
print(sorted([1, 2, 3, 4] * 20 + [0]) == sorted([0] + [1, 2, 3, 4] * 20))
big = lcg(5000, 11)
s1 = sorted(big)
s2 = sorted(big, key=lambda v: -v)
print(s1[:3], s1[-3:], s2[:3], all(s1[i] <= s1[i + 1] for i in range(len(s1) - 1)))
xs = list(big)
xs.sort(reverse=True)
print(xs[:3], xs == s1[::-1])
print(sorted("hello world"), sorted({3: 1, 1: 2, 2: 3}), sorted((3, 2, 1)))
print(sorted([[2, 1], [1, 5], [1, 2, 3], []]))


def bad_key(v):
    if v == 3:
        raise ValueError("no threes")
    return v


ys = [5, 3, 1, 4]
try:
    ys.sort(key=bad_key)
except ValueError as e:
    print("ValueError", e, ys)

try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError", type(e).__name__)

try:
    sorted([(1, 2), (1, "x")])
except TypeError as e:
    print("TypeError in tuple", type(e).__name__)



class Flaky(object):
    calls = 0

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        Flaky.calls += 1
        return (self.v * 7 + other.v * 3 + Flaky.calls) % 5 < 2


flaky = [Flaky(x % 10) for x in lcg(100)]
out = sorted(flaky)
print(len(out), sorted(f.v for f in out) == sorted(f.v for f in flaky))
