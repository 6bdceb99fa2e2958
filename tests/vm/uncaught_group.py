# An uncaught exception group: CPython's boxed traceback layout.
def fail(n):
    if n == 1:
        raise ValueError("one")
    raise TypeError(f"two {n}")

def collect():
    errors = []
    for n in (1, 2):
        try:
            fail(n)
        except Exception as e:
            errors.append(e)
    inner = ExceptionGroup("inner", [KeyError("k")])
    errors.append(inner)
    raise ExceptionGroup("several things failed", errors)

print("starting")
collect()
