# The wording of common exceptions, which changed between versions.


def f(a, b=2, *, c):
    return a + b + c


class Thing:
    __slots__ = ()

    def method(self, x):
        return x


def unbound():
    print(value)
    value = 1


attempts = [
    lambda: f(),
    lambda: f(1, 2, 3),
    lambda: f(1, c=1, d=4),
    lambda: f(1, a=1, c=2),
    lambda: Thing().method(),
    lambda: Thing().missing,
    lambda: Thing.missing,
    lambda: None.attr,
    lambda: (5)(),
    lambda: len(5),
    lambda: iter(5),
    lambda: next([]),
    lambda: [1][5],
    lambda: (1,)[5],
    lambda: "abc"[10],
    lambda: {}["k"],
    lambda: {[]: 1},
    lambda: 1 / 0,
    lambda: 1 // 0,
    lambda: 1 % 0,
    lambda: 1.0 / 0,
    lambda: None + 1,
    lambda: "a" * "b",
    lambda: [] + (),
    lambda: -"x",
    lambda: 1 < "a",
    lambda: int("x"),
    lambda: float("y"),
    lambda: unbound(),
    lambda: undefined_name,
    lambda: [].pop(),
    lambda: [].remove(1),
    lambda: (1, 2).index(3),
    lambda: "abc".index("z"),
    lambda: {}.popitem(),
    lambda: set().pop(),
    lambda: sum(["a"]),
    lambda: max([]),
    lambda: chr(-1),
    lambda: int("5", 1),
    lambda: "%d" % "x",
    lambda: "{0}".format(),
    lambda: hash([]),
    lambda: abs("x"),
    lambda: round("x"),
    lambda: sorted([1, "a"]),
    lambda: "x".join([1]),
    lambda: list(1),
    lambda: dict([1]),
    lambda: tuple(None),
    lambda: 2 ** -1 % 0,
    lambda: divmod(1, 0),
    lambda: pow(0, -1),
    lambda: isinstance(1, 2),
    lambda: getattr(1, "x"),
    lambda: object().x,
    lambda: type("x", (), {}).y,
]

for i, attempt in enumerate(attempts):
    try:
        attempt()
    except Exception as e:
        print(i, type(e).__name__, e)
    else:
        print(i, "no error")

for obj in (1, None, object()):
    try:
        with obj:
            pass
    except Exception as e:
        print("with", type(e).__name__, e)
