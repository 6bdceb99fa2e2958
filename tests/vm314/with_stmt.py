# Context managers: the value of __enter__ unpacked, suppression by exception
# type, a return inside `with`, and an exception that escapes.
class Recorder:
    log = []

    def __init__(self, tag, suppress=()):
        self.tag = tag
        self.suppress = suppress

    def __enter__(self):
        Recorder.log.append("+" + self.tag)
        return self.tag, len(Recorder.log)

    def __exit__(self, kind, exc, tb):
        Recorder.log.append("-" + self.tag)
        return kind is not None and issubclass(kind, self.suppress)

with Recorder("a") as (tag, depth):
    print("body", tag, depth)

with Recorder("b", (KeyError,)):
    {}["nope"]
print("suppressed", Recorder.log)

def first_word(text):
    with Recorder("f") as info:
        return text.split()[0], info[0]

print(first_word("hello world"))
try:
    with Recorder("c", (KeyError,)):
        1 / 0
except ZeroDivisionError as e:
    print("escaped:", e)
print(Recorder.log)
