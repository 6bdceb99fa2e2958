# More pattern matching: nested class patterns, value patterns, as-patterns,
# mappings with rest, sequences of sequences, and an evaluator over a tiny AST.
class Num:
    __match_args__ = ("value",)
    def __init__(self, value):
        self.value = value
class BinOp:
    __match_args__ = ("op", "left", "right")
    def __init__(self, op, left, right):
        self.op, self.left, self.right = op, left, right
class Neg:
    __match_args__ = ("operand",)
    def __init__(self, operand):
        self.operand = operand

def evaluate(node):
    match node:
        case Num(value=v):
            return v
        case Neg(Num(0)):
            return 0
        case Neg(inner):
            return -evaluate(inner)
        case BinOp("+", l, r):
            return evaluate(l) + evaluate(r)
        case BinOp("*", Num(0), _) | BinOp("*", _, Num(0)):
            return 0
        case BinOp("*", l, r):
            return evaluate(l) * evaluate(r)
        case BinOp(op, _, _):
            raise ValueError(f"unknown op {op}")

def simplify(node):
    match node:
        case BinOp("+", Num(0), x) | BinOp("+", x, Num(0)):
            return simplify(x)
        case BinOp("*", Num(1), x) | BinOp("*", x, Num(1)):
            return simplify(x)
        case BinOp(op, l, r):
            return BinOp(op, simplify(l), simplify(r))
        case Neg(Neg(x)):
            return simplify(x)
        case _:
            return node

def show(node):
    match node:
        case Num(v):
            return str(v)
        case Neg(x):
            return f"-{show(x)}"
        case BinOp(op, l, r):
            return f"({show(l)} {op} {show(r)})"

tree = BinOp("+", BinOp("*", Num(1), Num(7)), Neg(Neg(BinOp("+", Num(0), Num(5)))))
print(show(tree), evaluate(tree), show(simplify(tree)), evaluate(BinOp("*", Num(0), Neg(Num(3)))))
try:
    evaluate(BinOp("/", Num(1), Num(2)))
except ValueError as e:
    print(e)

class Color:
    RED = "red"
    GREEN = "green"

def paint(c):
    match c:
        case Color.RED:
            return "stop"
        case Color.GREEN:
            return "go"
        case str() as other if other.islower():
            return f"unknown lowercase {other}"
        case other:
            return f"unknown {other!r}"
print([paint(c) for c in ("red", "green", "blue", "BLUE", 3)])

def route(req):
    match req:
        case {"method": "GET", "path": "/"}:
            return "home"
        case {"method": "GET", "path": str(p)} if p.startswith("/users/"):
            return "user " + p.rsplit("/", 1)[1]
        case {"method": ("POST" | "PUT") as m, "body": {"name": str(name), **extra}}:
            return f"{m} name={name} extra={sorted(extra)}"
        case {"method": m, **rest}:
            return f"unhandled {m} {sorted(rest)}"
        case _:
            return "bad request"
for r in [{"method": "GET", "path": "/"}, {"method": "GET", "path": "/users/42"},
          {"method": "PUT", "body": {"name": "x", "a": 1, "b": 2}}, {"method": "DELETE", "path": "/x", "q": 1}, []]:
    print(route(r))

def shape(v):
    match v:
        case [[_, _], [_, _]] as m:
            return f"2x2 {m}"
        case [int() | float() as x, *_, int() | float() as y]:
            return f"numbers from {x} to {y}"
        case (1, *middle, 9):
            return f"1..9 with {middle}"
        case [str(a), str(b)]:
            return a + b
        case [*_]:
            return f"sequence of {len(v)}"
        case {"x": x, "y": y} if x == y:
            return "diagonal point"
        case bytes():
            return "binary"
        case bool(b):
            return f"bool {b}"
        case int(i) if i > 100:
            return "big"
        case _:
            return "?"
for v in ([[1, 2], [3, 4]], [1.5, "x", 2], (1, 5, 6, 9), ["a", "b"], "not a sequence", [[1]], {"x": 1, "y": 1},
          b"raw", True, 1000, 5, (1, 9)):
    print(repr(v), "->", shape(v))

def tokens(stream):
    out = []
    while stream:
        match stream:
            case ["let", name, "=", value, *rest]:
                out.append(("assign", name, value))
            case ["print", arg, *rest]:
                out.append(("print", arg))
            case [bad, *rest]:
                out.append(("error", bad))
        stream = rest
    return out
print(tokens("let x = 5 print x oops let y = 2".split()))
match {"a": 1, "b": 2}:
    case {"a": 1}:
        print("mapping matches with extra keys")
match (1, 2):
    case [1, 2]:
        print("tuple matches list pattern")
match 1.0:
    case 1:
        print("1.0 matches 1")
match None:
    case None:
        print("None matched")
