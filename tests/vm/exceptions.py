# try/except/else/finally, raising, chaining, custom exceptions.
class AppError(Exception):
    pass

class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"missing {key}")
        self.key = key

def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise NotFound(k)

for k in ("a", "b"):
    try:
        print("found", lookup({"a": 1}, k))
    except AppError as e:
        print("error:", e, e.key, type(e).__name__, isinstance(e, Exception))
    else:
        print("no error")
    finally:
        print("finally", k)

def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
        return None
    else:
        return result
    finally:
        print("divide done")

print(divide(1, 2), divide(1, 0))
for exc in (ValueError("v"), TypeError("t"), IndexError("i"), KeyError("k")):
    try:
        raise exc
    except (ValueError, TypeError) as e:
        print("group 1", repr(e))
    except LookupError as e:
        print("lookup", repr(e), str(e))

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    print(e, type(e.__cause__).__name__, e.__cause__)

try:
    try:
        [][1]
    except IndexError:
        {}["x"]
except KeyError as e:
    print("context:", type(e.__context__).__name__, e.__context__)

def reraise():
    try:
        int("x")
    except ValueError:
        print("re-raising")
        raise

try:
    reraise()
except ValueError as e:
    print("outer caught:", e)

def finally_return():
    try:
        return "try"
    finally:
        print("finally runs")

print(finally_return())
for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("cleanup", i)
e = Exception("a", 1)
print(e.args, str(e), repr(e), str(Exception()), repr(ValueError()))
try:
    assert 1 == 2, "math is broken"
except AssertionError as e:
    print("AssertionError:", e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    "a" + 1
except TypeError as e:
    print(e)
try:
    [1, 2, 3][10]
except IndexError as e:
    print(e)
try:
    int("12x")
except ValueError as e:
    print(e)
