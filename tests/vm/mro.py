# Multiple inheritance, the C3 MRO, cooperative super() and class bodies.
class Base:
    def __init__(self):
        self.trail = ["Base"]
    def who(self):
        return "Base"

class Left(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Left")
    def who(self):
        return "Left>" + super().who()

class Right(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Right")
    def who(self):
        return "Right>" + super().who()

class Diamond(Left, Right):
    def __init__(self):
        super().__init__()
        self.trail.append("Diamond")
    def who(self):
        return "Diamond>" + super().who()

d = Diamond()
print([c.__name__ for c in Diamond.__mro__])
print(d.trail, d.who())

class Config:
    defaults = {"debug": False}
    names = [k.upper() for k in defaults]
    size = len(names) * 10
    def describe(self):
        return f"{self.__class__.__name__} {self.size} {self.names}"
    class Nested:
        value = 42

print(Config().describe(), Config.Nested.value, Config.Nested.__qualname__)

class Shape:
    sides = 0
    def area(self):
        raise NotImplementedError("subclass must implement")
    def __str__(self):
        return f"{type(self).__name__} with {self.sides} sides, area {self.area():.2f}"

class Square(Shape):
    sides = 4
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2

class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2

for s in (Square(3), Circle(1)):
    print(s)
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
class Registry:
    items = []
    @classmethod
    def register(cls, x):
        cls.items.append(x)
        return cls
Registry.register(1).register(2)
print(Registry.items, Square.sides, Shape.sides, Circle(2).sides)
