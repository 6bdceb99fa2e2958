# globals(), locals(), vars(), dir() and module-level names.
x = 1
def f(a, b=2):
    c = a + b
    def inner():
        return c
    return sorted(locals().items(), key=lambda kv: kv[0] if kv[0] != "inner" else "z")[:3]
print(f(5))
g = globals()
print(g["x"], "f" in g, g["__name__"])
g["created"] = 42
print(created)
class Conf:
    debug = True
    level = 3
    print(sorted(k for k in locals() if not k.startswith("__")))
class Obj:
    def __init__(self):
        self.a, self.b = 1, 2
    def method(self):
        pass
o = Obj()
print(vars(o), sorted(vars(Conf))[-2:], [n for n in dir(o) if not n.startswith("__")])
print([n for n in dir(Conf) if not n.startswith("_")], "append" in dir([]), "upper" in dir(""))
vars(o)["c"] = 3
print(o.c)
def scope():
    y = 10
    print(sorted(locals()), "x" in globals())
scope()
print(sorted(k for k in dir() if not k.startswith("__"))[:5])
