# Exceptions: try/except/else/finally, raise from, custom classes, assert.
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

def risky(n):
    if n < 0:
        raise AppError(n, "negative")
    if n == 0:
        raise ZeroDivisionError("zero")
    return 10 / n

for n in (2, 0, -3):
    try:
        r = risky(n)
    except ZeroDivisionError as e:
        print("zero:", e)
    except AppError as e:
        print("app:", e.code, e)
    else:
        print("ok", r)
    finally:
        print("finally", n)

def convert(s):
    try:
        return int(s)
    except ValueError as e:
        raise AppError(1, "bad int") from e

try:
    convert("x")
except AppError as e:
    print(type(e.__cause__).__name__, e.__cause__)

try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)

def cleanup():
    try:
        return "try"
    finally:
        print("cleanup runs")

print(cleanup())
try:
    {}["missing"]
except (KeyError, IndexError) as e:
    print("lookup", repr(e))
