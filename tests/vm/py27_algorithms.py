# A few classic algorithms.
def quicksort(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) / 2]
    return (quicksort([x for x in xs if x < pivot]) +
            [x for x in xs if x == pivot] +
            quicksort([x for x in xs if x > pivot]))

def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) / 2
    a, b = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    while a and b:
        out.append(a.pop(0) if a[0] <= b[0] else b.pop(0))
    return out + a + b

data = [(i * 7919) % 101 for i in range(30)]
print quicksort(data)
print merge_sort(data) == sorted(data)

def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    for i in xrange(2, int(n ** 0.5) + 1):
        if flags[i]:
            for j in xrange(i * i, n + 1, i):
                flags[j] = False
    return [i for i, f in enumerate(flags) if f]

print sieve(100)

def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
print gcd(1071, 462), reduce(gcd, [48, 180, 600])

def binary_search(xs, target):
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) / 2
        if xs[mid] == target:
            return mid
        elif xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
s = sorted(data)
print binary_search(s, s[10]), binary_search(s, 1000)

graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def bfs(start):
    seen, queue, order = set([start]), [start], []
    while queue:
        node = queue.pop(0)
        order.append(node)
        for n in graph[node]:
            if n not in seen:
                seen.add(n)
                queue.append(n)
    return order
print bfs("a")

def word_freq(text):
    freq = {}
    for w in text.lower().split():
        w = w.strip(".,")
        freq[w] = freq.get(w, 0) + 1
    return freq
f = word_freq("It was the best of times, it was the worst of times.")
print f
print sorted(f.items(), key=lambda kv: (-kv[1], kv[0]))

matrix = [[1, 2, 3], [4, 5, 6]]
print zip(*matrix), [list(r) for r in zip(*matrix)]
print "%.4f" % sum(1.0 / (k * k) for k in range(1, 1000))
