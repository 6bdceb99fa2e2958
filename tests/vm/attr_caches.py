# Attribute access sites that run many times while the classes behind them
# change: every answer must follow the change (inline caches must not go stale).


def get_x(o):
    return o.x


def set_x(o, v):
    o.x = v


def call_m(o):
    return o.m()


def get_m(o):
    return o.m


def show(label, f, *args):
    try:
        print("%s: %r" % (label, f(*args)))
    except AttributeError as e:
        print("%s: AttributeError %s" % (label, e))


def warm(f, *args):
    for _ in range(5):
        try:
            f(*args)
        except AttributeError:
            pass


class Base(object):
    x = "base x"

    def m(self):
        return "Base.m"


class Sub(Base):
    pass


# Class attributes, instance attributes, and changes to both.
o = Sub()
warm(get_x, o)
show("class attr", get_x, o)
Base.x = "base x 2"
show("base changed", get_x, o)
Sub.x = "sub x"
show("sub shadows", get_x, o)
o.x = "instance x"
warm(get_x, o)
show("instance", get_x, o)
del o.x
show("instance deleted", get_x, o)
del Sub.x
show("sub deleted", get_x, o)
setattr(Base, "x", "base x via setattr")
show("setattr on class", get_x, o)
del Base.x
show("nothing left", get_x, o)
set_x(o, 1)
warm(set_x, o, 2)
show("stored", get_x, o)

# Methods: through the instance, shadowed by the instance, replaced on the class.
warm(call_m, o)
show("method", call_m, o)


def other_m(self):
    return "other_m on %s" % type(self).__name__


Base.m = other_m
show("base method replaced", call_m, o)
Sub.m = lambda self: "Sub lambda"
show("sub method", call_m, o)
o.m = lambda: "instance function, no self"
show("instance function", call_m, o)
show("instance function attr", lambda: get_m(o)())
del o.m
show("instance function deleted", call_m, o)
del Sub.m
show("back to base", call_m, o)
show("bound method", lambda: get_m(o)())

# Several classes through one site; dicts with their keys in different orders.


class A(object):
    def __init__(self):
        self.x = "A.x"
        self.y = 1


class B(object):
    def __init__(self):
        self.y = 2
        self.x = "B.x"


class P(object):
    @property
    def x(self):
        return "P.x property"


class Q(object):
    x = "Q.x class"

    def __getattr__(self, name):
        return "Q.__getattr__(%s)" % name


class R(object):
    def __getattr__(self, name):
        return "R.__getattr__(%s)" % name


objs = [A(), B(), P(), Q(), R(), A(), B()]
for _ in range(3):
    print(" ".join(str(get_x(ob)) for ob in objs))
late = B()
late.z = 3
del late.y
print(get_x(late))

# A property takes precedence over the instance dict, even when added later.


class Late(object):
    pass


lt = Late()
lt.x = "in dict"
warm(get_x, lt)
show("before property", get_x, lt)
Late.x = property(lambda self: "property wins")
show("property added", get_x, lt)
try:
    set_x(lt, "no setter")
except AttributeError:
    print("store refused by a property without a setter")
show("dict untouched", lambda: lt.__dict__["x"])


def setter(self, v):
    self.__dict__["shadow"] = v


Late.x = property(lambda self: "getter, shadow=%r" % self.__dict__.get("shadow"), setter)
set_x(lt, "through setter")
show("property with setter", get_x, lt)
del Late.x
show("property removed", get_x, lt)

# A non-data descriptor yields to the instance dict; a data descriptor does not.


class NonData(object):
    def __get__(self, obj, cls):
        return "non-data descriptor"


class Data(object):
    def __get__(self, obj, cls):
        return "data descriptor"

    def __set__(self, obj, v):
        obj.__dict__["seen"] = v


class D(object):
    pass


d = D()
warm(get_x, d)
D.x = NonData()
show("non-data", get_x, d)
d.x = "dict beats non-data"
show("non-data shadowed", get_x, d)
D.x = Data()
show("data", get_x, d)
set_x(d, "to descriptor")
show("data set", lambda: d.__dict__["seen"])
del D.x
show("descriptor gone", get_x, d)

# __getattr__, __getattribute__ and __setattr__ added and removed later.


class G(object):
    def m(self):
        return "G.m"


g = G()
g.x = "g.x"
warm(get_x, g)
warm(call_m, g)
warm(set_x, g, "g.x")
G.__getattribute__ = lambda self, name: "G.__getattribute__(%s)" % name
show("getattribute", get_x, g)
show("getattribute method", lambda: get_m(g))
G.__getattribute__ = lambda self, name: (lambda: "called through __getattribute__ " + name)
show("getattribute method call", call_m, g)
del G.__getattribute__
show("getattribute removed", get_x, g)
show("method again", call_m, g)
del g.x
show("missing", get_x, g)
G.__getattr__ = lambda self, name: "G.__getattr__(%s)" % name
show("getattr", get_x, g)
del G.__getattr__
log = []


def logging_setattr(self, name, v):
    log.append((name, v))


G.__setattr__ = logging_setattr
set_x(g, "logged")
show("setattr hook", lambda: (log, sorted(g.__dict__)))
del G.__setattr__
set_x(g, "stored again")
show("setattr removed", get_x, g)

# __slots__.


class S(object):
    __slots__ = ("x",)


class T(object):
    __slots__ = ("y",)


s = S()
warm(set_x, s, 1)
show("slot", get_x, s)
try:
    set_x(T(), 1)
    print("stored without a slot")
except AttributeError:
    print("no slot for x")


# Attributes of classes themselves.


class K(object):
    attr = "K.attr"

    @classmethod
    def cm(cls):
        return "cm of %s" % cls.__name__

    @staticmethod
    def sm():
        return "sm"


class KK(K):
    pass


def get_attr(c):
    return c.attr


def get_name(c):
    return c.__name__


for c in [K, KK, K, KK]:
    print("%s %s %s %s %s" % (get_attr(c), get_name(c), c.cm(), c.sm(), c.m if hasattr(c, "m") else "-"))
K.attr = "K.attr 2"
print(get_attr(KK))
KK.attr = "KK.attr"
print("%s %s" % (get_attr(K), get_attr(KK)))
del K.attr
del KK.attr
show("class attr gone", get_attr, K)
K.m = lambda self: "K.m"
print(K.m(K()))

# Names stored under a key that is not the interned name.
n = Base()
setattr(n, "".join(["x", "y"]), "joined key")
for _ in range(3):
    print(n.xy)
    n.xy = n.xy + "!"
print(sorted(n.__dict__.items()))

# A method function stored as a class attribute after instances exist, and a
# plain value replacing it.
Base.m = 42
show("class value, not callable", get_m, o)
Base.m = lambda self: "lambda method"
show("lambda method", call_m, o)

# Instantiation through one call site while the class changes.


class Made(object):
    def __init__(self, a, b=2):
        self.a = a
        self.b = b


def make(cls, *args):
    return cls(*args)


def make1(cls):
    return cls(1)


def describe(ob):
    return "%s %s" % (type(ob).__name__, sorted(ob.__dict__.items()))


for _ in range(3):
    print(describe(make1(Made)))


def other_init(self, a):
    self.other = a


Made.__init__ = other_init
print(describe(make1(Made)))
Made.__init__ = lambda self, a: 42
try:
    make1(Made)
except TypeError as e:
    print("TypeError %s" % e)
del Made.__init__


class Chain(object):
    def __init__(self, n):
        self.n = n
        self.next = Chain(n - 1) if n else None


c = Chain(5)
while c is not None:
    print(c.n)
    c = c.next


def plain_new(cls, *args):
    print("__new__ of %s with %r" % (cls.__name__, args))
    return object.__new__(cls)


class WithNew(Made):
    pass


print(describe(make(WithNew)))
WithNew.__new__ = staticmethod(plain_new)
print(describe(make(WithNew)))
WithNew.__init__ = lambda self: setattr(self, "init", True)
print(describe(make(WithNew)))
