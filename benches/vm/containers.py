# Dict and list work: counting, grouping, sorting, comprehensions, membership.


def counts(n):
    d = {}
    for i in range(n):
        k = (i * 7919) % 1013
        d[k] = d.get(k, 0) + 1
    return len(d), max(d.values()), sorted(d.items())[:3]


def groups(n):
    by = {}
    for i in range(n):
        key = "k" + str(i % 50)
        if key in by:
            by[key].append(i)
        else:
            by[key] = [i]
    return sum(len(v) for v in by.values()), sorted(by)[:3]


def lists(n):
    xs = [(i * 37) % 1009 for i in range(n)]
    ys = sorted(xs)
    evens = [x for x in ys if x % 2 == 0]
    seen = set()
    uniq = 0
    for x in xs:
        if x not in seen:
            seen.add(x)
            uniq += 1
    pairs = list(zip(xs[:1000], ys[:1000]))
    return len(evens), uniq, sum(a * b for a, b in pairs) % 100003, ys[n // 2]


print(counts(1400000))
print(groups(840000))
print(lists(700000))
