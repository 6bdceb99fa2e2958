# Closures and cells.
def make_adders():
    return [lambda x, n=n: x + n for n in range(3)]

print([f(10) for f in make_adders()])

def outer():
    x = 1
    def middle():
        y = 2
        def inner():
            return x + y
        return inner
    return middle()

print(outer()())

def accumulator(start):
    total = start
    def add(v):
        nonlocal total
        total += v
        return total
    def get():
        return total
    return add, get

add, get = accumulator(100)
add(1); add(2)
print(get())

def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]

print(late())

def memo(fn):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    return wrapped

@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(80))

def unbound():
    def inner():
        return v
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    v = 1

unbound()
