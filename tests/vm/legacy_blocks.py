# Control flow through try/except/finally and with blocks: break, continue and
# return crossing finally clauses and context managers, nested handlers.


class Tracker:
    def __init__(self, name, log, swallow=False):
        self.name = name
        self.log = log
        self.swallow = swallow

    def __enter__(self):
        self.log.append("enter " + self.name)
        return self

    def __exit__(self, typ, val, tb):
        self.log.append("exit %s %s" % (self.name, typ.__name__ if typ else None))
        return self.swallow


def break_in_finally_loop():
    log = []
    for i in range(5):
        try:
            if i == 3:
                break
            log.append(i)
        finally:
            log.append("f%d" % i)
    else:
        log.append("no break")
    return log


def continue_in_try():
    log = []
    for i in range(4):
        try:
            if i % 2:
                continue
            log.append(i)
        finally:
            log.append("f%d" % i)
    return log


def return_through_finally():
    log = []
    try:
        try:
            return log
        finally:
            log.append("inner")
    finally:
        log.append("outer")


def finally_overrides_return():
    try:
        return "try"
    finally:
        return "finally"


def return_in_loop_in_with():
    log = []
    with Tracker("a", log):
        for i in range(10):
            with Tracker("b%d" % i, log):
                if i == 1:
                    return log


def break_and_continue_in_with():
    log = []
    i = 0
    while True:
        i += 1
        with Tracker(str(i), log):
            if i == 2:
                continue
            if i == 4:
                break
            log.append("body %d" % i)
    else:
        log.append("unreachable")
    return log


def swallowed():
    log = []
    for i in range(3):
        with Tracker("s%d" % i, log, swallow=True):
            if i == 1:
                raise ValueError(i)
            log.append("ok %d" % i)
    return log


def handler_raises():
    try:
        try:
            raise KeyError("first")
        except KeyError as e:
            raise ValueError("second") from e
    except ValueError as e:
        return "%r caused by %r, context %r" % (e, e.__cause__, e.__context__)


def break_in_except():
    log = []
    for i in range(5):
        try:
            if i == 2:
                raise IndexError(i)
            log.append(i)
        except IndexError:
            log.append("caught")
            break
    return log


def continue_in_except():
    log = []
    for i in range(4):
        try:
            if i % 2 == 0:
                raise TypeError(i)
        except TypeError as e:
            log.append("t%s" % e)
            continue
        log.append(i)
    return log


def return_in_except():
    try:
        raise LookupError("x")
    except LookupError as e:
        return "returned %s" % e
    finally:
        print("  finally after return in except")


def nested_finally_exception():
    log = []
    try:
        try:
            raise RuntimeError("a")
        finally:
            log.append("cleanup 1")
    except RuntimeError as e:
        log.append("caught %s" % e)
    finally:
        log.append("cleanup 2")
    return log


def exception_replaced_in_finally():
    try:
        try:
            raise KeyError("lost")
        finally:
            raise ValueError("replaces")
    except Exception as e:
        return "%s %r context %r" % (type(e).__name__, e.args, e.__context__)


def loop_else_paths():
    out = []
    for n in (2, 9):
        for d in range(2, n):
            if n % d == 0:
                out.append("%d composite" % n)
                break
        else:
            out.append("%d prime" % n)
    k = 0
    while k < 3:
        k += 1
    else:
        out.append("while done %d" % k)
    return out


def gen_with_cleanup(log):
    try:
        with Tracker("g", log):
            for i in range(10):
                yield i
    finally:
        log.append("gen finally")


def generator_closed_early():
    log = []
    g = gen_with_cleanup(log)
    log.append(next(g))
    log.append(next(g))
    g.close()
    return log


def deep_unwind(n):
    try:
        if n == 0:
            raise ZeroDivisionError("bottom")
        return deep_unwind(n - 1)
    finally:
        print("  unwinding", n)


for fn in (
    break_in_finally_loop,
    continue_in_try,
    return_through_finally,
    finally_overrides_return,
    return_in_loop_in_with,
    break_and_continue_in_with,
    swallowed,
    handler_raises,
    break_in_except,
    continue_in_except,
    return_in_except,
    nested_finally_exception,
    exception_replaced_in_finally,
    loop_else_paths,
    generator_closed_early,
):
    print(fn.__name__, fn())

try:
    deep_unwind(3)
except ZeroDivisionError as e:
    print("deep", e)

with Tracker("last", []) as t:
    pass
print(t.log)
deep_unwind(1)
