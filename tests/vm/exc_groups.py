# Exception groups and except*: matching, splitting, derive, nesting and re-raising.
def show(eg, indent=0):
    pad = "  " * indent
    print(f"{pad}{type(eg).__name__}({eg.message!r}) [{len(eg.exceptions)}]")
    for e in eg.exceptions:
        if isinstance(e, BaseExceptionGroup):
            show(e, indent + 1)
        else:
            print(f"{pad}  {type(e).__name__}: {e}")

eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3), KeyError(4)])
show(eg)
print(str(eg), repr(eg.exceptions[0]), eg.args[0], isinstance(eg, Exception))

match, rest = eg.split(ValueError)
show(match)
show(rest)
print(eg.subgroup(KeyError).exceptions, eg.subgroup(OSError), eg.split(Exception)[1])
print(eg.subgroup(lambda e: isinstance(e, ValueError) and e.args[0] > 1).exceptions)

nested = ExceptionGroup("outer", [ValueError("a"), ExceptionGroup("inner", [TypeError("b"), ValueError("c")])])
show(nested)
m, r = nested.split(ValueError)
show(m)
show(r)

def handle(exc):
    try:
        raise exc
    except* ValueError as g:
        print("ValueErrors:", [str(e) for e in g.exceptions], type(g).__name__)
    except* TypeError as g:
        print("TypeErrors:", [str(e) for e in g.exceptions])
    except* KeyError:
        print("some KeyError")

handle(ExceptionGroup("g", [ValueError("v1"), TypeError("t1"), ValueError("v2")]))
handle(nested)
handle(ValueError("naked"))
try:
    handle(ExceptionGroup("g", [OSError("disk"), ValueError("v")]))
except ExceptionGroup as g:
    print("escaped:", repr(g), [repr(e) for e in g.exceptions])

try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("from handler")
except BaseExceptionGroup as g:
    print("raised in handler:", type(g).__name__, [type(e).__name__ for e in g.exceptions])

try:
    try:
        raise ExceptionGroup("g", [ValueError(1)])
    except* ValueError as g:
        raise
except ExceptionGroup as g:
    print("bare raise:", repr(g))

class MyGroup(ExceptionGroup):
    def derive(self, excs):
        return MyGroup(self.message + "!", excs)
mg = MyGroup("mine", [ValueError(1), TypeError(2)])
a, b = mg.split(ValueError)
print(type(a).__name__, a.message, type(b).__name__, b.message)

beg = BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError()])
print(type(beg).__name__, type(BaseExceptionGroup("x", [ValueError()])).__name__)
try:
    ExceptionGroup("bad", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError:", e)
try:
    ExceptionGroup("empty", [])
except ValueError as e:
    print("ValueError:", e)

def count():
    n = 0
    for i in range(3):
        try:
            raise ExceptionGroup("loop", [ValueError(i)] * (i + 1))
        except* ValueError as g:
            n += len(g.exceptions)
    return n
print(count())
try:
    raise ExceptionGroup("g", [ValueError(1)])
except* (TypeError, ValueError) as g:
    print("tuple match", g.exceptions)
