# Recursion, including hitting the recursion limit.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

print(fact(20), fact(100))

def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)
    return moves

print(len(hanoi(10, "A", "B", "C", [])), hanoi(2, "A", "B", "C", []))

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))

print(ackermann(2, 3))

def forever(n):
    return forever(n + 1)

try:
    forever(0)
except RecursionError as e:
    print("RecursionError:", e)

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

print(depth(900))
def perms(xs):
    if len(xs) <= 1:
        return [xs]
    out = []
    for i, x in enumerate(xs):
        for p in perms(xs[:i] + xs[i + 1:]):
            out.append([x] + p)
    return out
print(len(perms([1, 2, 3, 4])), perms([1, 2, 3]))
nested = []
for _ in range(5000):
    nested = [nested]
try:
    repr(nested)
except RecursionError as e:
    print("RecursionError:", e)
other = []
for _ in range(5000):
    other = [other]
try:
    print(nested == other)
except RecursionError as e:
    print("RecursionError:", e)
