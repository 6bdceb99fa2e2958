# Structural pattern matching.
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y

def describe(v):
    match v:
        case 0:
            return "zero"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float():
            return "number"
        case "hello" | "hi":
            return "greeting"
        case str(s):
            return "string " + s
        case []:
            return "empty list"
        case [x]:
            return f"one item {x}"
        case [x, y, *rest]:
            return f"starts {x},{y} rest {rest}"
        case {"type": "user", "name": name, **others}:
            return f"user {name} {others}"
        case {"type": t}:
            return f"typed {t}"
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point():
            return "some point"
        case (a, b):
            return f"pair {a} {b}"
        case None:
            return "none"
        case _:
            return "other"

for v in (0, -5, 3, 2.5, "hi", "abc", [], [1], [1, 2, 3, 4], {"type": "user", "name": "ann", "age": 3},
          {"type": "x"}, Point(0, 0), Point(0, 5), Point(2, 2), Point(1, 2), (1, 2), None, {1}):
    print(repr(v) if not isinstance(v, Point) else "Point", "->", describe(v))

def command(cmd):
    match cmd.split():
        case ["go", direction]:
            return "going " + direction
        case ["pick", "up", *items] if items:
            return "picking " + ", ".join(items)
        case ["quit" | "exit"]:
            return "bye"
        case _:
            return "unknown"

for c in ("go north", "pick up sword shield", "pick up", "exit", "dance"):
    print(c, "=>", command(c))
