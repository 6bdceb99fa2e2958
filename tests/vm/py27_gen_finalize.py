# 2.7: generators finalized when their last reference goes away.


def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print "finally", tag


g = gen("del")
print g.next()
del g
print "after del"

g = gen("rebind")
g.next()
g = None
print "after rebind"


def local():
    h = gen("local")
    h.next()
    return "local returned"


print local()

for x in gen("break"):
    print "got", x
    break
print "after break"


def catcher():
    try:
        yield 1
    except GeneratorExit:
        print "GeneratorExit seen"
        raise


c = catcher()
c.next()
del c
print "after catcher"

unstarted = gen("never")
del unstarted
print "unstarted: nothing"

done = gen("done")
print list(done)
del done
print "exhausted: nothing more"

items = [gen("in a list")]
items[0].next()
items = []
print "after list"

a_glob = gen("global at exit")
a_glob.next()
_under = gen("underscore global at exit")
_under.next()
print "end"
