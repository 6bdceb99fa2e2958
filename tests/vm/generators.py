# Generators: yield, send, yield from, return values, close.
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

print(list(count(5)), sum(count(10)))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

f = fib()
print([next(f) for _ in range(15)])

def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            return received
        received.append(x)

e = echo()
print(next(e), e.send("a"), e.send("b"))
try:
    e.send(None)
except StopIteration as s:
    print("returned", s.value)

def inner():
    yield 1
    yield 2
    return "inner done"

def outer():
    r = yield from inner()
    yield r
    yield from [10, 20]

print(list(outer()))

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

g = with_finally()
print(next(g))
g.close()
print("closed")

def pipeline():
    evens = (x for x in range(20) if x % 2 == 0)
    squares = (x * x for x in evens)
    return [s for s in squares if s > 50]

print(pipeline())

def gen_exc():
    try:
        yield 1
    except ValueError as err:
        yield "caught " + str(err)

g = gen_exc()
print(next(g), g.throw(ValueError("boom")))

def stop_inside():
    yield 1
    raise StopIteration

try:
    list(stop_inside())
except RuntimeError as err:
    print("RuntimeError:", err)
print(list(zip(count(3), "abc")), list(enumerate(count(2))))
def yields_in_handler():
    try:
        raise KeyError("gen")
    except KeyError:
        yield "in handler"
        raise
g = yields_in_handler()
print(next(g))
try:
    raise ValueError("caller")
except ValueError as err:
    print("caller context:", repr(err.__context__))
try:
    next(g)
except KeyError as err:
    print("re-raised from generator:", repr(err))
