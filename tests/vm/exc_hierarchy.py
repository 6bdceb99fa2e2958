# The built-in exception hierarchy, exception attributes and handler ordering.
def classify(fn):
    try:
        fn()
    except ZeroDivisionError as e:
        return f"zero: {e}"
    except ArithmeticError as e:
        return f"arith {type(e).__name__}: {e}"
    except KeyError as e:
        return f"key: {e!r}"
    except LookupError as e:
        return f"lookup {type(e).__name__}: {e}"
    except (TypeError, ValueError) as e:
        return f"type/value {type(e).__name__}: {e}"
    except Exception as e:
        return f"other {type(e).__name__}: {e}"
    else:
        return "no error"
    finally:
        print("  checked", fn.__name__ if hasattr(fn, "__name__") else fn)

def overflow():
    import math
    return math.exp(1000)

cases = [lambda: 1 / 0, lambda: 1 % 0, lambda: 2.0 // 0, overflow, lambda: {}["k"], lambda: [][3],
         lambda: "abc".index("z"), lambda: int("x1"), lambda: len(5), lambda: None.attr, lambda: 1,
         lambda: undefined_name, lambda: [1, 2].remove(3), lambda: next(iter([])), lambda: {1: 2}.pop(5),
         lambda: "a" + 1, lambda: (1, 2)[5], lambda: ().x, lambda: chr(-1)]
for c in cases:
    print(classify(c))

for cls in (ZeroDivisionError, KeyError, IndexError, StopIteration, KeyboardInterrupt, SystemExit,
            UnicodeDecodeError, FileNotFoundError, RecursionError, NotImplementedError, ModuleNotFoundError,
            UnboundLocalError, TimeoutError, BrokenPipeError, GeneratorExit, StopAsyncIteration):
    print(cls.__name__, [c.__name__ for c in cls.__mro__[1:]])

class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[1]}"

class NotFound(AppError, LookupError):
    pass

try:
    raise NotFound(404, "no such page")
except LookupError as e:
    print(type(e).__name__, e, e.args, e.code, repr(e), isinstance(e, AppError))

e = ValueError("a", 2)
print(str(e), repr(e), e.args, str(ValueError()), repr(ValueError("x")), str(KeyError("k")), str(KeyError()))
print(isinstance(FileNotFoundError(), OSError), issubclass(BlockingIOError, OSError), IOError is OSError, EnvironmentError is OSError)
si = StopIteration(5)
print(si.value, StopIteration().value, SystemExit(3).code, repr(SystemExit()))

def nested():
    try:
        try:
            raise ValueError("inner")
        except ValueError as e:
            raise TypeError("outer") from e
    except TypeError as e:
        return (repr(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
print(nested())

def suppressed():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise KeyError("k") from None
    except KeyError as e:
        return e.__cause__, repr(e.__context__), e.__suppress_context__
print(suppressed())

def order():
    log = []
    for i in range(3):
        try:
            try:
                if i == 1:
                    raise ValueError(i)
                log.append(f"body{i}")
                if i == 2:
                    continue
            except ValueError:
                log.append(f"except{i}")
                return log
            finally:
                log.append(f"finally{i}")
        finally:
            log.append(f"outer{i}")
    return log
print(order())

def finally_return():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(finally_return())

try:
    try:
        raise ValueError("first")
    finally:
        print("in finally")
except ValueError as e:
    print("caught", e)

err = None
try:
    raise RuntimeError("bound")
except RuntimeError as err:
    pass
try:
    print(err)
except NameError as e:
    print("NameError:", e)

class WithNotes(Exception):
    pass
x = WithNotes("base")
x.add_note("note one")
x.add_note("note two")
print(x.__notes__, x.with_traceback(None) is x, BaseException("a").args)
try:
    raise Exception
except Exception as e:
    print(repr(e), e.args)
try:
    raise 5
except TypeError as e:
    print(e)
