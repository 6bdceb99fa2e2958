# Closures: nonlocal counters, factories, late binding, nested scopes.
def counter(start=0):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c = counter(10)
print(c(), c(), c(5))

def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]

print([m(10) for m in make_multipliers()])

def outer():
    x = "outer"
    def middle():
        def inner():
            return x.upper()
        return inner()
    return middle()

print(outer())

def accumulate():
    items = []
    def add(v):
        items.append(v)
        return len(items)
    return add, items

add, seen = accumulate()
add("a")
add("b")
print(seen, add.__name__, add.__qualname__)
