# Closures, nonlocal, late binding, decorators with and without arguments.
def counter(start=0):
    n = start
    def inc(step=1):
        nonlocal n
        n += step
        return n
    def get():
        return n
    return inc, get

inc, get = counter(10)
inc(); inc(5)
print(get(), inc.__name__, inc.__qualname__, get.__code__.co_freevars, inc.__closure__[0].cell_contents)

late = [lambda: i for i in range(3)]
bound = [lambda i=i: i for i in range(3)]
print([f() for f in late], [f() for f in bound])

def make_acc():
    total = []
    def add(x):
        total.append(x)
        return sum(total)
    return add
acc = make_acc()
print([acc(x) for x in (1, 2, 3, 4)])

def trace(fn):
    depth = 0
    def wrapper(*args, **kwargs):
        nonlocal depth
        print("  " * depth + f"-> {fn.__name__}{args}")
        depth += 1
        try:
            return fn(*args, **kwargs)
        finally:
            depth -= 1
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn
    return wrapper

@trace
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(4), fib.__name__, fib.__wrapped__.__name__)

def repeat(times):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return deco

def memo(fn):
    cache = {}
    def wrapper(*args):
        if args not in cache:
            cache[args] = fn(*args)
        return cache[args]
    wrapper.cache = cache
    return wrapper

@repeat(3)
def greet(who):
    return "hi " + who
print(greet("bob"))

@memo
def paths(r, c):
    if r == 0 or c == 0:
        return 1
    return paths(r - 1, c) + paths(r, c - 1)
print(paths(16, 16), len(paths.cache))

def register(registry):
    def deco(cls):
        registry[cls.__name__] = cls
        return cls
    return deco
REG = {}
@register(REG)
class Alpha:
    pass
@register(REG)
class Beta(Alpha):
    pass
print(sorted(REG), issubclass(REG["Beta"], REG["Alpha"]))

def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner
    x = "changed"
    return middle()
print(outer()())

def gen_closures():
    fns = []
    for i in range(3):
        def f(j, i=i):
            return i * 10 + j
        fns.append(f)
    return fns
print([f(1) for f in gen_closures()])

def compose(*fns):
    def run(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return run
print(compose(str, lambda v: v * 2, abs)(-21), (lambda *a, **k: (a, sorted(k.items())))(1, 2, z=3, a=4))

x = 0
def bump():
    global x
    x += 1
    return x
bump(); bump()
print(x)

def cell_in_loop():
    out = []
    for k in range(3):
        def show():
            return k
        out.append(show)
    return [f() for f in out]
print(cell_in_loop())

class Deco:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
    def __call__(self, *a):
        self.calls += 1
        return self.fn(*a)
@Deco
def square(v):
    return v * v
print(square(3), square(4), square.calls)
