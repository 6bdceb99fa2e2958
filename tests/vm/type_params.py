# Type parameter syntax (3.12+): generic functions and classes, bounds and
# constraints, ParamSpec, TypeVarTuple and `type` aliases.
def first[T](xs: list[T]) -> T:
    return xs[0]

def pair[K, V](k: K, v: V) -> tuple[K, V]:
    return (k, v)

class Box[T]:
    def __init__(self, item: T):
        self.item = item
    def get(self) -> T:
        return self.item
    def map[U](self, fn) -> "Box[U]":
        return Box(fn(self.item))

def clamp[N: (int, float)](x: N, lo: N, hi: N) -> N:
    return max(lo, min(x, hi))

def with_bound[T: int](x: T) -> T:
    return x

def call_with[**P, R](fn, *args: P.args, **kwargs: P.kwargs) -> R:
    return fn(*args, **kwargs)

def star[*Ts](*args):
    return args

type Celsius = float
type Pairs[A, B] = tuple

print(first([3, 2, 1]), pair("k", 9), Box(5).map(lambda v: v * 2).get(), clamp(15, 0, 10))
print(call_with(pow, 2, 10), star(1, "a"), with_bound(7))
(T,) = first.__type_params__
print(T.__name__, type(T).__name__, repr(T), T.__bound__, T.__constraints__)
K, V = pair.__type_params__
print(K.__name__, V.__name__, [p.__name__ for p in Box.__type_params__])
(N,) = clamp.__type_params__
print(N.__constraints__, N.__bound__, with_bound.__type_params__[0].__bound__)
P, R = call_with.__type_params__
print(type(P).__name__, P.__name__, type(R).__name__, repr(P))
(Ts,) = star.__type_params__
print(type(Ts).__name__, Ts.__name__, repr(Ts))
print(type(Celsius).__name__, Celsius.__name__, Celsius.__value__, Celsius.__type_params__, repr(Celsius))
print(Pairs.__name__, [p.__name__ for p in Pairs.__type_params__], Pairs.__value__)
print(Box.__name__, [c.__name__ for c in Box.__mro__], Box.__bases__[0].__name__)
class Stack[T]:
    def __init__(self):
        self.items: list[T] = []
    def push(self, x: T) -> None:
        self.items.append(x)
    def pop(self) -> T:
        return self.items.pop()
s = Stack[int]()
s.push(1)
s.push(2)
print(s.pop(), s.items, type(s).__name__, Stack.__type_params__[0].__name__)
