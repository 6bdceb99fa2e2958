# Classes: methods, class and static methods, properties, inheritance, super().
class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        return 0

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @property
    def perimeter(self):
        return 2 * (self.w + self.h)

class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

    def describe(self):
        return "square! " + super().describe()

    @classmethod
    def unit(cls):
        return cls(1)

    @staticmethod
    def sides():
        return 4

shapes = [Shape("blob"), Rect(2, 3.5), Square(3), Square.unit()]
for s in shapes:
    print(s, s.describe())
print(shapes[1].perimeter, Square.sides(), Shape.count)
print(isinstance(shapes[2], Rect), issubclass(Square, Shape), Square.__mro__[1].__name__)
