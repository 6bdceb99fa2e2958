# New-style and classic classes, inheritance, special methods, properties.
class Animal(object):
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "%s makes a sound" % self.name
    def __repr__(self):
        return "%s(%r)" % (self.__class__.__name__, self.name)

class Dog(Animal):
    kind = "dog"
    def speak(self):
        return "%s barks; %s" % (self.name, super(Dog, self).speak())

d = Dog("rex")
print d.speak(), d.kind, Animal.kind, d, [d]
print isinstance(d, Animal), issubclass(Dog, Animal), type(d).__name__

class Old:
    x = 1
    def get(self):
        return self.x

o = Old()
o.x = 5
print o.get(), Old.x, Old().get()

class Vector(object):
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)
    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)
    def __div__(self, k):
        return Vector(self.x / k, self.y / k)
    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)
    def __len__(self):
        return 2
    def __nonzero__(self):
        return bool(self.x or self.y)
    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)
    def __getitem__(self, i):
        return (self.x, self.y)[i]

v = Vector(1, 2) + Vector(3, 4)
print v, v * 3, v / 2, v == Vector(4, 6), len(v), v[0], list(v)
print bool(Vector(0, 0)), bool(v)
if not Vector(0, 0):
    print "zero vector is false"

class Temp(object):
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        self._c = v
    @staticmethod
    def unit():
        return "C"
    @classmethod
    def make(cls):
        return cls()

t = Temp.make()
t.celsius = 25
print t.celsius, Temp.unit(), t.unit()

def tagging(name, bases, ns):
    ns["tag"] = name.lower()
    return type(name, bases, ns)

class Tagged(object):
    __metaclass__ = tagging

print Tagged.tag

class Base(object):
    def hello(self):
        return "base"
class Left(Base):
    def hello(self):
        return "left+" + super(Left, self).hello()
class Right(Base):
    def hello(self):
        return "right+" + super(Right, self).hello()
class Both(Left, Right):
    pass
print Both().hello(), [c.__name__ for c in Both.__mro__]

class Counter(object):
    instances = 0
    def __init__(self):
        Counter.instances += 1
for _ in range(3):
    Counter()
print Counter.instances
print hasattr(d, "name"), getattr(d, "missing", "default")
