# Generator pipelines: lazy stages, send-driven coroutines, yield from with return values.
def read_lines():
    data = "3,apple,1.5\n5,banana,0.25\n#comment\n\n2,cherry,4.0\n7,date,0.5\n"
    for line in data.splitlines():
        yield line

def non_blank(lines):
    for line in lines:
        if line and not line.startswith("#"):
            yield line

def parse(lines):
    for line in lines:
        qty, name, price = line.split(",")
        yield name, int(qty), float(price)

def priced(rows):
    for name, qty, price in rows:
        yield name, qty * price

pipeline = priced(parse(non_blank(read_lines())))
print(next(pipeline))
print(list(pipeline))
print(sum(v for _, v in priced(parse(non_blank(read_lines())))))

def take(n, it):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x

def naturals():
    n = 0
    while True:
        yield n
        n += 1

def primes():
    found = []
    for n in naturals():
        if n > 1 and all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n

print(list(take(15, primes())), list(take(5, (x * x for x in naturals() if x % 3 == 0))))

def averager():
    total, count, avg = 0.0, 0, None
    while True:
        value = yield avg
        if value is None:
            return count, avg
        total += value
        count += 1
        avg = total / count

def grouper(results, key):
    while True:
        results[key] = yield from averager()

results = {}
for key, values in {"a": [1, 2, 3], "b": [10, 20]}.items():
    g = grouper(results, key)
    next(g)
    for v in values:
        g.send(v)
    g.send(None)
print(results)

def chain(*its):
    for it in its:
        yield from it

def flatten(x):
    if isinstance(x, list):
        for y in x:
            yield from flatten(y)
    else:
        yield x

print(list(chain("ab", [1, 2], range(3))), list(flatten([1, [2, [3, [4, 5]], 6], [[7]]])))

def window(it, n):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) > n:
            buf.pop(0)
        if len(buf) == n:
            yield tuple(buf)
print(list(window(range(6), 3)))

def tee_like(it):
    items = list(it)
    return iter(items), iter(items)
a, b = tee_like(x * 2 for x in range(4))
print(list(zip(a, b)), list(a))

gen = (c.upper() for c in "xyz")
print(next(gen), list(gen), list(gen))

def closing_demo():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
g = closing_demo()
print(next(g))
g.close()
print(list(closing_demo()))

def state_machine():
    state = "idle"
    while True:
        event = yield state
        state = {("idle", "start"): "running", ("running", "pause"): "paused",
                 ("paused", "start"): "running", ("running", "stop"): "idle"}.get((state, event), state)
sm = state_machine()
next(sm)
print([sm.send(e) for e in ["start", "pause", "stop", "start", "stop"]])
it = iter([1, 2, 3])
print(list(map(lambda x: x * 10, it)), sorted(x for x in {5: 1, 3: 2}), any(x > 2 for x in [1, 3]), all(()))
