# Star and double-star unpacking in calls and displays, dict comprehension
# evaluation order, variable annotations.


def show(*args, **kwargs):
    return "%r %r" % (args, sorted(kwargs.items()))


a = [1, 2]
b = (3, 4)
c = {"x": 5}
d = {"y": 6}
print(show(*a, *b))
print(show(0, *a, 9, *b, **c, **d))
print(show(*"hi", z=1, **c))
print([*a, *b, *range(2)], (*a, *b), {*a, *b, 1})
print({**c, **d, "x": 7}, {"w": 0, **c})
first, *rest = [*b, *a]
print(first, rest)

order = []


def key(k):
    order.append("key %s" % k)
    return k


def value(v):
    order.append("value %s" % v)
    return v


squares = {key(i): value(i * i) for i in range(2)}
print(squares, order)

for bad in ("show(*1)", "show(**2)", "show(**c, **{'x': 1})", "[*None]", "{**[1]}"):
    try:
        eval_result = None
        if bad == "show(*1)":
            show(*1)
        elif bad == "show(**2)":
            show(**2)
        elif bad == "show(**c, **{'x': 1})":
            show(**c, **{"x": 1})
        elif bad == "[*None]":
            [*None]
        else:
            {**[1]}
    except TypeError as e:
        print(bad, "->", e)

count: int = 3
label: str
print(__annotations__)


class Point:
    x: int = 0
    y: float
    names: list = []


print(Point.__annotations__, Point.x)
