# Comprehensions, generator expressions and lambdas.
print([x * x for x in range(10)])
print([(x, y) for x in range(3) for y in range(3) if x != y])
print({x: x ** 2 for x in range(5)})
print(sorted({c for c in "mississippi"}))
print(sum(x for x in range(100) if x % 3 == 0))
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row if v % 2])
g = (i * 2 for i in range(4))
print(next(g), next(g), list(g))
add = lambda a, b=10: a + b
print(add(1), add(1, 2), (lambda *a: len(a))(1, 2, 3))
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[1]), max(pairs)[1])
x = 5
print([x for x in range(3)], x)
fns = [lambda i=i: i * 10 for i in range(3)]
print([f() for f in fns])
print(list(map(lambda t: t[0] + t[1], zip([1, 2], [10, 20]))))
