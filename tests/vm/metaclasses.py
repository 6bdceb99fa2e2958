# Metaclasses: registries, __prepare__, __new__/__init__ of type subclasses,
# __call__ on the metaclass, __instancecheck__/__subclasscheck__ and type(name, bases, ns).
class Registry(type):
    classes = []
    def __new__(mcls, name, bases, ns, **kwargs):
        ns["created_by"] = mcls.__name__
        cls = super().__new__(mcls, name, bases, ns)
        Registry.classes.append(name)
        return cls
    def __init__(cls, name, bases, ns, **kwargs):
        super().__init__(name, bases, ns)
        cls.tag = kwargs.get("tag", "none")

class Base(metaclass=Registry):
    pass

class Child(Base, tag="kid"):
    def hello(self):
        return "hello from " + type(self).__name__

print(Registry.classes, Child.created_by, Child.tag, Base.tag, type(Child).__name__, type(Base) is Registry)
print(Child().hello(), isinstance(Child, Registry), isinstance(Child(), Base), Registry.__mro__[1] is type)

class Ordered(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        print("prepare", name)
        return {"prepared": True}
    def __new__(mcls, name, bases, ns):
        fields = [k for k in ns if not k.startswith("__")]
        cls = super().__new__(mcls, name, bases, dict(ns))
        cls.fields = fields
        return cls

class Record(metaclass=Ordered):
    z = 1
    a = 2
    def m(self):
        pass
print(Record.fields, Record.prepared)

class Singleton(type):
    def __call__(cls, *args, **kwargs):
        if "instance" not in cls.__dict__:
            cls.instance = super().__call__(*args, **kwargs)
        return cls.instance

class Config(metaclass=Singleton):
    def __init__(self, value):
        print("init", value)
        self.value = value
c1 = Config(1)
c2 = Config(2)
print(c1 is c2, c2.value)

class Duck(type):
    def __instancecheck__(cls, obj):
        return hasattr(obj, "quack")
    def __subclasscheck__(cls, sub):
        return hasattr(sub, "quack")

class Quacker(metaclass=Duck):
    pass
class Mallard:
    def quack(self):
        return "quack"
print(isinstance(Mallard(), Quacker), isinstance(3, Quacker), issubclass(Mallard, Quacker), issubclass(int, Quacker))

Point = type("Point", (), {"x": 0, "y": 0, "norm": lambda self: abs(self.x) + abs(self.y)})
p = Point()
p.x, p.y = 3, -4
print(Point.__name__, p.norm(), type(p) is Point, Point.__bases__, type(Point))
Sub = type("Sub", (Point,), {})
print(Sub.__mro__[1].__name__, Sub().norm(), type(3), type("s") is str)

class Meta(type):
    def describe(cls):
        return f"<class {cls.__name__} with {sorted(k for k in vars(cls) if not k.startswith('__'))}>"
    def __repr__(cls):
        return f"Meta:{cls.__name__}"
    def __len__(cls):
        return len(cls.items)
    def __getitem__(cls, i):
        return cls.items[i]
    def __iter__(cls):
        return iter(cls.items)

class Colors(metaclass=Meta):
    items = ["red", "green", "blue"]
    def paint(self):
        pass
print(Colors.describe(), repr(Colors), len(Colors), Colors[1], list(Colors))

class AutoProps(type):
    def __new__(mcls, name, bases, ns):
        for field in ns.get("fields", ()):
            def getter(self, _f=field):
                return self._data[_f]
            ns[field] = property(getter)
        return super().__new__(mcls, name, bases, ns)

class Person(metaclass=AutoProps):
    fields = ("name", "age")
    def __init__(self, **kw):
        self._data = kw
bob = Person(name="Bob", age=40)
print(bob.name, bob.age)

class InitSub:
    kinds = []
    def __init_subclass__(cls, kind=None, **kw):
        super().__init_subclass__(**kw)
        InitSub.kinds.append((cls.__name__, kind))
class A(InitSub, kind="a"): pass
class B(A): pass
print(InitSub.kinds)
try:
    class Bad(metaclass=Registry, bogus=1, tag="t"):
        pass
    print("Bad ok", Bad.tag)
except TypeError as e:
    print("TypeError", e)
