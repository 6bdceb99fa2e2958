# Class hierarchies: abstract-style bases, overriding, super() chains, class
# attributes, __slots__, classmethod factories, __repr__/__eq__ and isinstance.
class Shape:
    count = 0
    def __init__(self, name):
        self.name = name
        Shape.count += 1
        type(self).created = getattr(type(self), "created", 0) + 1
    def area(self):
        raise NotImplementedError(f"{type(self).__name__}.area")
    def describe(self):
        return f"{self.name} with area {self.area():.2f}"
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "name")
        return f"{type(self).__name__}({fields})"
    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)
    def __lt__(self, other):
        return self.area() < other.area()

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
    @classmethod
    def square(cls, side):
        return cls(side, side)

class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

class Circle(Shape):
    PI = 3.14159
    def __init__(self, r):
        super().__init__("circle")
        self.r = r
    def area(self):
        return self.PI * self.r ** 2
    def describe(self):
        return "round " + super().describe()

shapes = [Rect(2, 3), Square(2), Circle(1), Rect.square(3)]
for s in shapes:
    print(repr(s), s.describe(), isinstance(s, Rect), type(s).__name__)
print(Shape.count, Rect.created, Square.created, Circle.created, sorted(shapes)[0], max(shapes))
print(Rect(1, 2) == Rect(1, 2), Rect(1, 1) == Square(1), Square.__mro__[1:3] == (Rect, Shape))
try:
    Shape("abstract").describe()
except NotImplementedError as e:
    print("NotImplementedError:", e)

class Animal:
    sound = "..."
    def speak(self):
        return f"{type(self).__name__} says {self.sound}"
class Dog(Animal):
    sound = "woof"
class Puppy(Dog):
    def speak(self):
        return super().speak() + " (squeaky)"
class Cat(Animal):
    sound = "meow"
    def speak(self):
        return Animal.speak(self).upper()
print([a.speak() for a in (Animal(), Dog(), Puppy(), Cat())])
Dog.sound = "WOOF"
p = Puppy()
p.sound = "yip"
print(Puppy().speak(), p.speak(), "sound" in vars(p), "sound" in Puppy.__dict__)

class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
pt = Point(1, 2)
try:
    pt.z = 3
except AttributeError as e:
    print("AttributeError:", e)
print(pt.x, pt.y, Point.__slots__)

class Base:
    def __init__(self):
        self.log = ["Base"]
class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")
class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")
class Both(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Both")
print(Both().log, [c.__name__ for c in Both.__mro__])

class Temperature:
    def __init__(self, c):
        self._c = c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @fahrenheit.setter
    def fahrenheit(self, f):
        self._c = (f - 32) * 5 / 9
    @property
    def celsius(self):
        return self._c
    @staticmethod
    def describe_scale():
        return "C/F"
t = Temperature(100)
t.fahrenheit = 32
print(t.celsius, t.fahrenheit, Temperature.describe_scale(), t.describe_scale())
try:
    t.celsius = 5
except AttributeError as e:
    print("AttributeError:", e)

class Node:
    def __init__(self, value, *children):
        self.value, self.children = value, list(children)
    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c
    def __len__(self):
        return 1 + sum(len(c) for c in self.children)
    def __contains__(self, v):
        return any(x == v for x in self)
tree = Node(1, Node(2, Node(4)), Node(3, Node(5), Node(6)))
print(list(tree), len(tree), 5 in tree, 9 in tree, sum(tree))
print(issubclass(bool, int), issubclass(Square, (Circle, Rect)), isinstance(3, (str, int)), type(tree).__qualname__)
class Outer:
    class Inner:
        pass
    def method(self):
        class Local:
            pass
        return Local
print(Outer.Inner.__qualname__, Outer().method().__qualname__, Outer.method.__qualname__, Outer.Inner.__module__)
print(vars(Rect(4, 5)))
