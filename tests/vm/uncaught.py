# An uncaught exception: traceback to stderr, exit status 1.
def level3(x):
    return {"a": 1}[x]

def level2(x):
    return level3(x) + 1

def level1():
    print("about to fail")
    return level2("missing")

level1()
