# Binding of call arguments: keywords in any order, defaults, keyword-only
# parameters, bound methods held in variables, cells that are parameters, and the
# errors of each kind of mismatch.


def point(x, y=0, z=-1):
    return (x, y, z)


def kwo(a, *, key, flag=False):
    return (a, key, flag)


print(point(1), point(1, 2), point(1, 2, 3))
print(point(z=3, x=1), point(1, z=5), point(y=4, x=2, z=0))
print(kwo(1, key=2), kwo(flag=True, key="k", a=0))


class Acc(object):
    def __init__(self, start=0):
        self.total = start

    def add(self, n, times=1):
        self.total += n * times
        return self.total

    @staticmethod
    def twice(v, extra=0):
        return 2 * v + extra

    @classmethod
    def named(cls, label="acc"):
        return cls.__name__ + ":" + label


acc = Acc(start=10)
add = acc.add
print(add(1), add(2, times=3), add(times=2, n=5), acc.add(n=1))
print(Acc.twice(4), Acc.twice(4, extra=1), acc.twice(v=1), Acc.named(), acc.named(label="x"))


def cell_param(a, b=2):
    def inner():
        return a * b

    a += 1
    return inner()


print(cell_param(3), cell_param(3, b=5), cell_param(b=1, a=0))


def changed(p, q=1):
    return p + q


print(changed(1), changed(1, 2), changed(q=0, p=7))


def gen(n, step=1):
    while n > 0:
        yield n
        n -= step


print(list(gen(5)), list(gen(step=2, n=7)))


def depth(n):
    return 0 if n == 0 else 1 + depth(n=n - 1)


print(depth(200))


def errors():
    calls = (
        lambda: point(),
        lambda: point(1, 2, 3, 4),
        lambda: point(1, x=2),
        lambda: point(1, w=2),
        lambda: point(y=1),
        lambda: kwo(1),
        lambda: kwo(1, 2),
        lambda: kwo(1, key=1, a=2),
        lambda: add(),
        lambda: add(1, 2, 3),
        lambda: add(1, n=2),
        lambda: Acc.add(n=1),
        lambda: Acc.twice(),
        lambda: changed(),
    )
    for call in calls:
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)


errors()


def raises(n, key=None):
    if n == 0:
        raise ValueError("bottom " + str(key))
    return raises(n - 1, key=key)


try:
    raises(3, key="k")
except ValueError as e:
    print("caught", e)
