# Generators: yield, send, yield from, generator expressions, return values.
def fib(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b

print(list(fib(100)))

def echo():
    received = yield "ready"
    while received is not None:
        received = yield f"got {received}"
    return "done"

g = echo()
print(next(g), g.send(1), g.send("x"))
try:
    g.send(None)
except StopIteration as stop:
    print("returned", stop.value)

def chain(*iterables):
    for it in iterables:
        yield from it

print(list(chain("ab", [1, 2], range(3))))
squares = (n * n for n in range(6) if n % 2)
print(sum(squares), list(squares))
gen = fib(10)
print(next(gen), next(gen), next(gen), list(gen))
