# Generators finalized when their last reference goes away.


def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print("finally", tag)


g = gen("del")
print(next(g))
del g
print("after del")

g = gen("rebind")
next(g)
g = None
print("after rebind")


def local():
    h = gen("local")
    next(h)
    return "local returned"


print(local())

for x in gen("break"):
    print("got", x)
    break
print("after break")


def catcher():
    try:
        yield 1
    except GeneratorExit:
        print("GeneratorExit seen")
        raise


c = catcher()
next(c)
del c
print("after catcher")

unstarted = gen("never")
del unstarted
print("unstarted: nothing")

done = gen("done")
print(list(done))
del done
print("exhausted: nothing more")


def nested():
    try:
        yield from gen("inner")
    finally:
        print("outer finally")


n = nested()
next(n)
del n
print("after nested")

items = [gen("in a list")]
next(items[0])
items = []
print("after list")

pair = {"k": gen("in a dict")}
next(pair["k"])
del pair["k"]
print("after dict")


def ignores():
    try:
        yield 1
    finally:
        print("ignoring cleanup ran")


i = ignores()
next(i)
i.close()
del i
print("closed by hand first")


def returns_value():
    try:
        yield 1
    finally:
        return
r = returns_value()
next(r)
del r
a_glob = gen("global at exit")
next(a_glob)
_under = gen("underscore global at exit")
next(_under)
print("end")


def rebind_local():
    h = gen("local rebind")
    next(h)
    h = None
    print("after local rebind")
    k = gen("local del")
    next(k)
    del k
    return len("after local del")


print(rebind_local())
