# Context managers: class-based, suppressing, nested, exit-time exceptions and a
# generator-based manager written by hand.
class Resource:
    log = []
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        Resource.log.append(f"enter {self.name}")
        return self
    def __exit__(self, et, ev, tb):
        Resource.log.append(f"exit {self.name} {et.__name__ if et else None} {ev}")
        return self.suppress

with Resource("a") as a, Resource("b") as b:
    Resource.log.append(f"body {a.name}{b.name}")
with Resource("s", suppress=True):
    raise ValueError("swallowed")
try:
    with Resource("outer"):
        with Resource("inner", suppress=True):
            raise KeyError("x")
        raise TypeError("y")
except TypeError as e:
    Resource.log.append(f"caught {e}")
print("\n".join(Resource.log))

class GenCM:
    def __init__(self, gen):
        self.gen = gen
    def __enter__(self):
        return next(self.gen)
    def __exit__(self, et, ev, tb):
        if et is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(ev)
        except StopIteration:
            return True
        except BaseException as e:
            if e is ev:
                return False
            raise
        return False

def contextmanager(fn):
    def helper(*a, **k):
        return GenCM(fn(*a, **k))
    return helper

@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    except ZeroDivisionError:
        print("handled inside", name)
    finally:
        print(f"</{name}>")

with tag("p") as t:
    print("text", t)
with tag("div"):
    1 / 0
try:
    with tag("span"):
        raise KeyError("escapes")
except KeyError as e:
    print("outside got", repr(e))

class Timer:
    def __init__(self):
        self.ticks = 0
    def __enter__(self):
        self.ticks += 1
        return self.ticks
    def __exit__(self, *exc):
        self.ticks += 10
        return None
t = Timer()
for i in range(3):
    with t as n:
        if i == 1:
            continue
        print("iteration", i, n)
print(t.ticks)

def early():
    with Resource("ret"):
        return "returned"
print(early(), Resource.log[-1])

class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("from exit")
try:
    with ExitRaises():
        raise ValueError("original")
except RuntimeError as e:
    print(repr(e), repr(e.__context__))

class NoEnter:
    pass
try:
    with NoEnter():
        pass
except TypeError as e:
    print("TypeError:", e)

class Transaction:
    def __init__(self, store):
        self.store = store
    def __enter__(self):
        self.snapshot = dict(self.store)
        return self.store
    def __exit__(self, et, ev, tb):
        if et is not None:
            self.store.clear()
            self.store.update(self.snapshot)
            print("rolled back:", ev)
            return True
store = {"balance": 100}
with Transaction(store) as s:
    s["balance"] -= 30
with Transaction(store) as s:
    s["balance"] -= 500
    if s["balance"] < 0:
        raise ValueError("insufficient funds")
print(store)
