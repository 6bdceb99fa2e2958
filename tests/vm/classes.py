# Classes: inheritance, super(), class attributes, properties, special methods.
class Animal:
    kind = "animal"
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return f"{self.name} makes a sound"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

class Dog(Animal):
    kind = "dog"

    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        return super().speak() + " (woof)"

class Puppy(Dog):
    def speak(self):
        return "tiny " + super().speak()

a, d, p = Animal("generic"), Dog("rex", "lab"), Puppy("bit", "pug")
for x in (a, d, p):
    print(x, x.speak(), x.kind)
print(Animal.count, isinstance(p, Animal), isinstance(a, Dog), issubclass(Puppy, Dog))
print([c.__name__ for c in Puppy.__mro__], type(p).__name__, p.breed)

class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __hash__(self):
        return hash((self.x, self.y))
    def __bool__(self):
        return bool(self.x or self.y)

v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, 3 * v, v == Vec(4, 6), v != Vec(0, 0), len(v), v[1], list(v))
print(sorted([Vec(2, 1), Vec(1, 5), Vec(1, 2)]), bool(Vec(0, 0)), max(Vec(1, 1), Vec(0, 9)))

class Temp:
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        self._c = v
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def unit():
        return "C"
    @classmethod
    def make(cls, c):
        t = cls()
        t.celsius = c
        return t

t = Temp.make(100)
print(t.celsius, t.fahrenheit, Temp.unit(), t.unit())
t.celsius = -40
print(t.fahrenheit)

class Stack:
    def __init__(self):
        self.items = []
    def push(self, x):
        self.items.append(x)
        return self
    def __contains__(self, x):
        return x in self.items
    def __str__(self):
        return "Stack" + str(self.items)

s = Stack().push(1).push(2)
print(s, 2 in s, 5 in s, str(s), hasattr(s, "items"), getattr(s, "nope", "default"))
class Counter:
    def __init__(self): self.n = 0
    def __call__(self): self.n += 1; return self.n
c = Counter(); c(); c()
print(c(), callable(c), callable(1))
try:
    a.missing
except AttributeError as e:
    print("AttributeError:", e)
