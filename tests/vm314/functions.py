# Functions: defaults, keyword-only, *args/**kwargs, unpacking calls, recursion.
def greet(name, greeting="Hello", *, punct="!"):
    return f"{greeting}, {name}{punct}"

def stats(*args, **kwargs):
    return len(args), sum(args), sorted(kwargs.items())

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def apply(func, /, *args, **kwargs):
    return func(*args, **kwargs)

print(greet("Ann"), greet("Bob", "Hi"), greet("Cy", punct="?"))
print(stats(1, 2, 3, x=1, y=2))
nums = [4, 5, 6]
opts = {"greeting": "Hey"}
print(stats(*nums), greet("Dee", **opts), apply(greet, "Eve", punct="."))
print(fact(20), apply(max, 3, 9, 2), apply(sorted, [3, 1, 2], reverse=True))
square = lambda x: x * x
print(list(map(square, range(5))), greet.__name__, fact.__defaults__)
