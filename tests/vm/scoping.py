# Name resolution: globals, nonlocal, class scopes, del, shadowing.
x = "global x"
def read_global():
    return x
def shadow():
    x = "local x"
    return x
def modify():
    global x
    x = "modified"
print(read_global(), shadow(), x)
modify()
print(x)
def outer():
    y = 1
    def mid():
        nonlocal y
        y += 1
        def inner():
            nonlocal y
            y *= 10
            return y
        return inner()
    r = mid()
    return r, y
print(outer())
class K:
    a = 1
    b = [a * i for i in range(3)] if False else None
    c = a + 1
    def method(self):
        return K.a, self.c
print(K.c, K().method(), K.b)
counter = 0
def bump():
    global counter
    for _ in range(3):
        counter += 1
bump(); bump()
print(counter)
def unbound_local():
    try:
        print(z)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    z = 1
unbound_local()
v = 5
del v
try:
    v
except NameError as e:
    print("NameError:", e)
def closure_loop():
    fns = []
    for i in range(3):
        def f(i=i):
            return i
        fns.append(f)
    return [g() for g in fns]
print(closure_loop())
def make():
    items = []
    def add(v):
        items.append(v)
        return len(items)
    return add, items
add, items = make()
add(1); add(2)
print(items)
lam = lambda: x
x = "late binding"
print(lam())
def default_eval(a=[]):
    a.append(1)
    return len(a)
print(default_eval(), default_eval(), default_eval([]))
