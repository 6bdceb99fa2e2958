# Function annotations: 3.14 evaluates them lazily through __annotate__.
def scale(value: float, factor: int = 2) -> float:
    return value * factor

def plain(x):
    return x

print(scale(1.5), scale(2, 3))
print(scale.__annotations__)
print(plain.__annotations__, plain(7))
ann = scale.__annotations__
print(ann is scale.__annotations__, sorted(ann), ann["return"].__name__)

class Point:
    x: int
    y: int = 0
    label: str = "p"

    def norm(self) -> int:
        return abs(self.x) + abs(self.y)

print(Point.__annotations__, Point.y, Point.label)
print(Point.norm.__annotations__)
