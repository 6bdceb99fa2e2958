# Sorting and searching algorithms checked against sorted(), plus sort stability,
# keys, reverse, and bisection by hand.
def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        yield seed

gen = lcg(42)
data = [next(gen) % 1000 for _ in range(200)]

def bubble(xs):
    xs = xs[:]
    for i in range(len(xs)):
        swapped = False
        for j in range(len(xs) - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
                swapped = True
        if not swapped:
            break
    return xs

def insertion(xs):
    xs = xs[:]
    for i in range(1, len(xs)):
        key, j = xs[i], i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs

def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i]); i += 1
        else:
            out.append(right[j]); j += 1
    return out + left[i:] + right[j:]

def quick(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    return quick([x for x in xs if x < pivot]) + [x for x in xs if x == pivot] + quick([x for x in xs if x > pivot])

def heap_sort(xs):
    xs = xs[:]
    n = len(xs)
    def sift(start, end):
        root = start
        while 2 * root + 1 < end:
            child = 2 * root + 1
            if child + 1 < end and xs[child] < xs[child + 1]:
                child += 1
            if xs[root] < xs[child]:
                xs[root], xs[child] = xs[child], xs[root]
                root = child
            else:
                return
    for start in range(n // 2 - 1, -1, -1):
        sift(start, n)
    for end in range(n - 1, 0, -1):
        xs[0], xs[end] = xs[end], xs[0]
        sift(0, end)
    return xs

def counting(xs):
    counts = [0] * (max(xs) + 1)
    for x in xs:
        counts[x] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]

expected = sorted(data)
for fn in (bubble, insertion, merge_sort, quick, heap_sort, counting):
    print(fn.__name__, fn(data) == expected, fn(data)[:5])

def bisect_left(xs, x):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
print([bisect_left(expected, v) for v in (-1, 0, 500, 999, 1000)], expected[95:105])

people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(people, key=lambda p: p[1]), sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])), sorted(people)[0], min(people, key=lambda p: p[1]))
words = ["Banana", "apple", "cherry", "Apple", "banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
xs = [5, 2, 8, 1]
xs.sort()
ys = [5, 2, 8, 1]
ys.sort(reverse=True)
print(xs, ys, sorted("hello"), sorted({3: 1, 1: 2}), sorted([[2, 1], [1, 2], [1]]), list(reversed(xs)))
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
class Card:
    order = "23456789TJQKA"
    def __init__(self, s):
        self.rank, self.suit = s[0], s[1]
    def __lt__(self, o):
        return Card.order.index(self.rank) < Card.order.index(o.rank)
    def __repr__(self):
        return self.rank + self.suit
hand = [Card(c) for c in "KS 3H AD 3C TD".split()]
print(sorted(hand), max(hand), min(hand))
print(sorted(range(10), key=lambda v: v % 3), max([], default="none"), min(3, 1, 2), max("abc", "b", key=len))
def kth_smallest(xs, k):
    pivot = xs[0]
    lo = [x for x in xs if x < pivot]
    eq = [x for x in xs if x == pivot]
    if k < len(lo):
        return kth_smallest(lo, k)
    if k < len(lo) + len(eq):
        return pivot
    return kth_smallest([x for x in xs if x > pivot], k - len(lo) - len(eq))
print([kth_smallest(data, k) for k in (0, 50, 100, 199)], [expected[k] for k in (0, 50, 100, 199)])
