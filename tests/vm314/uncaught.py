# An uncaught exception raised in a handler, with the one it handled as its
# context; both tracebacks run through nested calls.
def parse(text):
    return int(text)

def load(items):
    total = 0
    for item in items:
        total += parse(item)
    return total

def main():
    try:
        load(["1", "x"])
    except ValueError:
        values = {"a": 1}
        return values["b"]

print("start")
main()
