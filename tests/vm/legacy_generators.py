# Generators and the block stack: yield inside try/except/finally/with,
# throw() into a suspended handler, exception state saved per generator,
# close() running finally clauses, return values through yield from.
import sys


class Res:
    def __init__(self, log, name):
        self.log = log
        self.name = name

    def __enter__(self):
        self.log.append("open " + self.name)
        return self

    def __exit__(self, *exc):
        self.log.append("close %s %s" % (self.name, exc[0].__name__ if exc[0] else "-"))
        return False


def worker(log):
    with Res(log, "w"):
        try:
            x = yield "ready"
            while True:
                try:
                    x = yield x * 2
                except ValueError as e:
                    log.append("handled %s" % e)
                    x = yield "recovered"
        finally:
            log.append("worker finally")


log = []
g = worker(log)
print(next(g), g.send(3), g.send(5))
print(g.throw(ValueError("bad")))
print(g.send(7))
try:
    g.throw(KeyError("fatal"))
except KeyError as e:
    print("propagated", repr(e))
print(log)


def in_handler():
    try:
        raise IndexError("outer")
    except IndexError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]


h = in_handler()
print(next(h))
try:
    raise TypeError("caller")
except TypeError:
    print(next(h), sys.exc_info()[0].__name__)
print(next(h), sys.exc_info()[0])


def inner():
    try:
        yield 1
        yield 2
    finally:
        print("  inner finally")
    return "inner result"


def outer():
    for _ in range(2):
        r = yield from inner()
        print("  got", r)
        try:
            yield "between"
        finally:
            print("  outer finally")


print(list(outer()))
o = outer()
print(next(o), next(o))
o.close()
print("closed")


def loop_with_break():
    for i in range(10):
        try:
            if i == 2:
                break
            yield i
        finally:
            print("  step", i)
    yield "after"


print(list(loop_with_break()))


def unfinished():
    try:
        yield 1
    except GeneratorExit:
        print("  exiting")
        raise


u = unfinished()
next(u)
u.close()
print("end", list(u))
