# Context managers: enter/exit order, suppression, exceptions, return inside.
class Managed:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None, val)
        return self.swallow

with Managed("a") as m:
    print("inside", m.name)

with Managed("outer"), Managed("inner") as i:
    print("nested", i.name)

with Managed("swallow", swallow=True):
    raise ValueError("ignored")
print("after swallow")

try:
    with Managed("propagate"):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))

def early_return():
    with Managed("ret"):
        return "returned"

print(early_return())
