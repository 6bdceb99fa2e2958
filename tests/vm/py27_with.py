# The with statement: context managers, exceptions, suppression.
class Ctx(object):
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print "enter", self.name
        return self
    def __exit__(self, typ, val, tb):
        print "exit", self.name, typ.__name__ if typ else None, val
        return self.suppress

with Ctx("a") as c:
    print "inside", c.name

with Ctx("b", suppress=True):
    raise ValueError("suppressed")
print "after b"

try:
    with Ctx("c"):
        raise KeyError("k")
except KeyError, e:
    print "propagated", e

def in_function():
    with Ctx("d"):
        return "returned"
print in_function()

for i in range(3):
    with Ctx("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        print "body", i

with Ctx("outer"):
    with Ctx("inner"):
        print "nested"
