# Recursion: factorial, Ackermann, permutations, Hanoi, memoization.
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print fact(10), fact(30)

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))

print ackermann(2, 3)

def permutations(items):
    if len(items) <= 1:
        return [items]
    out = []
    for i in range(len(items)):
        for p in permutations(items[:i] + items[i + 1:]):
            out.append(items[i:i + 1] + p)
    return out

print permutations("abc"), len(permutations([1, 2, 3, 4]))

moves = []
def hanoi(n, src, dst, via):
    if n:
        hanoi(n - 1, src, via, dst)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src)
hanoi(4, "A", "C", "B")
print len(moves), moves[:5]

memo = {}
def fib(n):
    if n in memo:
        return memo[n]
    r = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = r
    return r
print fib(90)

def flatten(x):
    if isinstance(x, list):
        return sum([flatten(i) for i in x], [])
    return [x]
print flatten([1, [2, [3, [4, 5]], 6], [[7]]])

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print depth(500)
