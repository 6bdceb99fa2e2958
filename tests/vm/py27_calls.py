# 2.7 calls: keyword (name, value) pairs, defaults, bound methods held in
# variables, classic and new-style methods, and argument errors.


def point(x, y=0, z=-1):
    return (x, y, z)


print point(1), point(1, 2), point(1, 2, 3)
print point(z=3, x=1), point(1, z=5), point(y=4, x=2, z=0)


class Tally(object):
    def __init__(self, base=100):
        self.count = base

    def bump(self, by, label="step"):
        self.count -= by
        return label, self.count


class Old:
    def __init__(self, v):
        self.v = v

    def get(self, plus=0):
        return self.v + plus


t = Tally(base=50)
bump = t.bump
print bump(1), bump(by=4, label="x"), t.bump(label="y", by=2)
o = Old(5)
get = o.get
print get(), get(plus=2), o.get(1)


def scaler(factor, shift=0):
    factor = factor * 10

    def apply(v):
        return v * factor + shift

    return apply(1), apply(2)


print scaler(2), scaler(shift=1, factor=3)


def errors():
    calls = (
        lambda: point(y=1),
        lambda: bump(1, by=2),
        lambda: point(1, w=2),
        lambda: o.get(1, 2),
        lambda: point(),
        lambda: bump(),
        lambda: point(1, x=2),
        lambda: bump(1, 2, 3),
        lambda: point(1, 2, 3, 4),
    )
    for call in calls:
        try:
            call()
        except TypeError as e:
            print "TypeError:", e


errors()


class Walker(object):
    def down(self, n, seen=()):
        if n == 0:
            raise KeyError(seen)
        return self.down(n - 1, seen=seen + (n,))


try:
    Walker().down(3)
except KeyError as e:
    print "caught", e
