# Defaults, keyword arguments, *args/**kwargs, keyword-only and positional-only.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, z=0))
print(f(*[1, 2, 3], **{"c": 4, "d": 5}))

def pos_only(x, y, /, z=0):
    return x + y + z

print(pos_only(1, 2), pos_only(1, 2, z=3))

def kwonly(*, key):
    return key

print(kwonly(key="k"))

def varargs(*a, **k):
    return a, k

print(varargs(), varargs(1, x=2))

def errors():
    for call in (lambda: f(), lambda: f(1, 2), lambda: kwonly(1), lambda: pos_only(1, y=2),
                 lambda: f(1, c=1, a=2), lambda: varargs(**{1: 2}) if False else len(1, 2)):
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)

errors()

def counter():
    count = 0
    def inc(n=1):
        nonlocal count
        count += n
        return count
    return inc

c = counter()
print(c(), c(), c(5))

def deco(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper

@deco
def greet(name, punct="!"):
    return "hi " + name + punct

print(greet("bob"), greet("amy", punct="?"))

def recursive_sum(xs):
    return 0 if not xs else xs[0] + recursive_sum(xs[1:])

print(recursive_sum(list(range(50))))
g = 10
def use_global():
    global g
    g += 1
    return g
print(use_global(), g)
print((lambda: None)(), f.__name__, greet.__name__)
