# 2.7 calls: keyword (name, value) pairs, defaults, bound methods held in
# variables, classic and new-style methods, and argument errors.


def point(x, y=0, z=-1):
    return (x, y, z)


print point(1), point(1, 2), point(1, 2, 3)
print point(z=3, x=1), point(1, z=5), point(y=4, x=2, z=0)


class Acc(object):
    def __init__(self, start=0):
        self.total = start

    def add(self, n, times=1):
        self.total += n * times
        return self.total


class Old:
    def __init__(self, v):
        self.v = v

    def get(self, plus=0):
        return self.v + plus


acc = Acc(start=10)
add = acc.add
print add(1), add(2, times=3), add(times=2, n=5), acc.add(n=1)
o = Old(5)
get = o.get
print get(), get(plus=2), o.get(1)


def cell_param(a, b=2):
    def inner():
        return a * b

    a += 1
    return inner()


print cell_param(3), cell_param(3, b=5), cell_param(b=1, a=0)


def changed(p, q=1):
    return p + q


print changed(1), changed(1, 2), changed(q=0, p=7)


def errors():
    calls = (
        lambda: point(),
        lambda: point(1, 2, 3, 4),
        lambda: point(1, x=2),
        lambda: point(1, w=2),
        lambda: point(y=1),
        lambda: add(),
        lambda: add(1, 2, 3),
        lambda: add(1, n=2),
        lambda: o.get(1, 2),
    )
    for call in calls:
        try:
            call()
        except TypeError as e:
            print "TypeError:", e


errors()


def raises(n, key=None):
    if n == 0:
        raise ValueError("bottom " + str(key))
    return raises(n - 1, key=key)


try:
    raises(3, key="k")
except ValueError as e:
    print "caught", e
