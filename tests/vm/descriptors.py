# Descriptors, __setattr__/__getattribute__/__getattr__, __set_name__,
# __init_subclass__, __new__ and object's methods.
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name[1:]} must be int")
        setattr(obj, self.name, value)

class Lazy:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.fn.__name__] = value
        return value

class Item:
    qty = Typed()
    price = Typed()
    def __init__(self, qty, price):
        self.qty, self.price = qty, price
    @Lazy
    def total(self):
        print("computing total")
        return self.qty * self.price

it = Item(3, 7)
print(it.qty, it.price, it.total, it.total, type(Item.qty).__name__)
try:
    it.qty = "many"
except TypeError as e:
    print("TypeError:", e)

class Logged:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __setattr__(self, name, value):
        self.log.append(name)
        super().__setattr__(name, value)
    def __getattr__(self, name):
        return f"<missing {name}>"

lg = Logged()
lg.a = 1
lg.b = 2
print(lg.log, lg.a, lg.zzz)

class Upper:
    def __init__(self):
        self.word = "hi"
    def __getattribute__(self, name):
        v = object.__getattribute__(self, name)
        return v.upper() if isinstance(v, str) else v
print(Upper().word)

class Plugin:
    registry = []
    def __init_subclass__(cls, tag="none", **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append((cls.__name__, tag))

class A(Plugin, tag="alpha"):
    pass
class B(Plugin):
    pass
print(Plugin.registry)

class Singleton:
    _instance = None
    def __new__(cls, *args):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self, v):
        self.v = v
s1, s2 = Singleton(1), Singleton(2)
print(s1 is s2, s1.v)

class Plain:
    def __repr__(self):
        return "Plain+" + super().__repr__()[:7]
print(repr(Plain()), str(Plain())[:12])

# A property's AttributeError falls back to __getattr__, at a call site run
# often enough to be cached, and a plain property raising stays an error.
class Lazy:
    @property
    def ready(self):
        raise AttributeError("not yet")
    def __getattr__(self, name):
        return "fallback:" + name
class Strict:
    @property
    def ready(self):
        raise AttributeError("not yet")
for _ in range(3):
    print(Lazy().ready)
    try:
        Strict().ready
    except AttributeError as e:
        print("AttributeError", e)
