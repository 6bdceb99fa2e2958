# An uncaught exception raised in a finally clause while another propagates out
# of a with block inside a loop: the traceback shows both, chained.


class Closing:
    def __enter__(self):
        return self

    def __exit__(self, typ, val, tb):
        print("exit sees", typ.__name__ if typ else None)
        return False


def cleanup(items):
    for item in items:
        with Closing():
            try:
                if item == "bad":
                    raise ValueError("bad item")
                print("item", item)
            finally:
                if item == "bad":
                    print("finally with", item)
                    {}["missing"]


def process():
    try:
        cleanup(["a", "b", "bad", "c"])
    except KeyError:
        raise RuntimeError("cleanup failed")


process()
