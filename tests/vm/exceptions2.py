# More exception flow: finally overriding, loops, generators, attributes.
def override():
    try:
        return 1
    finally:
        return 2
print(override())
def swallow():
    for i in range(3):
        try:
            raise ValueError(i)
        except ValueError as e:
            if i == 1:
                continue
            print("handled", e)
        finally:
            print("finally", i)
    return "done"
print(swallow())
try:
    try:
        raise KeyError("inner")
    finally:
        print("cleanup runs")
except KeyError as e:
    print("outer", repr(e))
class Custom(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
try:
    raise Custom(404, "not found")
except Custom as e:
    print(e, e.code, e.args, repr(e))
try:
    raise ValueError("no context") from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__)
def gen():
    try:
        yield 1
        raise RuntimeError("in generator")
    except RuntimeError as e:
        yield f"caught {e}"
print(list(gen()))
try:
    x = 1
    del x
    x
except NameError as e:
    print(type(e).__name__, e)
e = "before"
try:
    raise TypeError("t")
except TypeError as e:
    pass
try:
    e
except NameError as err:
    print("e was deleted:", err)
errors = []
for exc_type in (ZeroDivisionError, OverflowError, ArithmeticError):
    try:
        raise exc_type("boom")
    except ArithmeticError as err:
        errors.append(type(err).__name__)
print(errors, issubclass(ZeroDivisionError, ArithmeticError), isinstance(KeyError(), LookupError))
def nested():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise
    except ZeroDivisionError as e:
        return "re-raised: " + str(e)
print(nested())
try:
    raise Exception("multiple", "args", 3)
except Exception as e:
    print(e, e.args)
print(repr(StopIteration(5)), StopIteration(5).value, str(KeyError("k")), str(KeyError("a", "b")))
with_stmt_result = []
class Ctx:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        with_stmt_result.append(a[0].__name__ if a[0] else None)
        return False
for i in range(2):
    try:
        with Ctx():
            if i:
                raise IndexError
    except IndexError:
        pass
print(with_stmt_result)
