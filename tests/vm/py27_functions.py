# Functions: defaults, *args, **kwargs, closures, lambdas, decorators.
def f(a, b=2, *args, **kw):
    return a, b, args, sorted(kw.items())

print f(1)
print f(1, 3, 4, 5, x=6, y=7)
print f(*[1, 2, 3])
print f(1, **{"b": 9, "c": 10})
print f(*(1,), **{"z": 0})

def counter():
    count = [0]
    def inc(step=1):
        count[0] += step
        return count[0]
    return inc

c = counter()
print c(), c(), c(5)

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]

print [g(10) for g in make_adders()]

def outer():
    x = "outer"
    def inner():
        return x + "-inner"
    return inner()

print outer()

def deco(fn):
    def wrapper(*a, **k):
        return "<" + str(fn(*a, **k)) + ">"
    wrapper.__name__ = fn.__name__
    return wrapper

@deco
def greet(name, punct="!"):
    return "hi " + name + punct

print greet("bob"), greet("al", punct="?"), greet.__name__

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print map(fib, range(15))
print sorted([3, 1, 2], reverse=True), sorted(["b", "A", "c"], key=str.lower)
print apply_twice(lambda s: s * 2, "ab") if "apply_twice" in globals() else "no"

def apply_twice(fn, v):
    return fn(fn(v))

print apply_twice(lambda s: s * 2, "ab")
print (lambda *a: len(a))(1, 2, 3), (lambda **k: k)(a=1)

def varargs_only(*args):
    total = 0
    for a in args:
        total += a
    return total

print varargs_only(), varargs_only(1, 2, 3)
g = globals()
print "f" in g, f.__name__, f.func_name if hasattr(f, "func_name") else f.__name__
