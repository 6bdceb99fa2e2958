# A tiny program; the .pyc files beside it are this file as compiled by real interpreters.
def greet(name, punctuation="!"):
    return "Hello, " + name + punctuation


for who in ("world", "pycasm"):
    print(greet(who))
