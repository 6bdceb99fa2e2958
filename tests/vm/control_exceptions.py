# Exceptions crossing generators, finally blocks, loops and with statements.
def f1():
    for i in range(3):
        try:
            try:
                if i == 1:
                    raise ValueError(i)
                yield i
            finally:
                yield f"finally {i}"
        except ValueError as e:
            yield f"caught {e}"
print(list(f1()))
def f2():
    try:
        for i in range(5):
            try:
                if i == 3:
                    return i
            finally:
                if i == 3:
                    print("inner finally")
    finally:
        print("outer finally")
print(f2())
def f3():
    while True:
        try:
            break
        finally:
            print("break finally")
    return "after"
print(f3())
class CM:
    def __init__(self, n): self.n = n
    def __enter__(self): print("enter", self.n); return self.n
    def __exit__(self, t, v, tb):
        print("exit", self.n, t.__name__ if t else None)
        return self.n == 2
def f4():
    with CM(1) as a, CM(2) as b:
        raise IndexError(a + b)
    return "suppressed"
print(f4())
def f5():
    try:
        with CM(3):
            yield 1
            raise KeyError("k")
    except KeyError as e:
        yield repr(e)
print(list(f5()))
def f6(n):
    try:
        if n == 0:
            raise RuntimeError("bottom")
        return f6(n - 1)
    except RuntimeError as e:
        if n < 2:
            raise RuntimeError(f"level {n}") from e
        return str(e) + " / " + str(e.__cause__)
print(f6(3))
try:
    try:
        raise TypeError("a")
    except TypeError:
        try:
            raise ValueError("b")
        except ValueError:
            raise KeyError("c")
except KeyError as e:
    print(repr(e), repr(e.__context__), repr(e.__context__.__context__))
x = 0
for i in range(10):
    try:
        if i % 2:
            continue
        x += i
        if i > 6:
            break
    finally:
        x += 100
print(x)
def gen_close():
    try:
        yield 1
    except GeneratorExit:
        print("closing")
        raise
g = gen_close(); next(g); g.close(); print("closed")
def lam_default(a, f=lambda x: x * 2):
    return f(a)
print(lam_default(4), lam_default(4, f=str))
print([(lambda: i)() for i in range(3)])
