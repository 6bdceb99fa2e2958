# A tiny program; examples/pyc/ holds it as compiled by real interpreters.
def greet(name, punctuation="!"):
    return "Hello, " + name + punctuation


for who in ("world", "pycasm"):
    print(greet(who))
