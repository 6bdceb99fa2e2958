# Comprehensions: list, set, dict, nested, conditional, generator arguments.
words = ["apple", "bob", "civic", "dog", "eve"]
lengths = [len(w) for w in words]
palins = [w for w in words if w == w[::-1]]
print(lengths, palins)
initials = {w[0] for w in words}
print(sorted(initials))
index = {w: i for i, w in enumerate(words) if i % 2 == 0}
print(index)
pairs = [(x, y) for x in range(3) for y in range(x)]
print(pairs)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix, [row[i] for i, row in enumerate(matrix)])
print(sum(x * x for x in range(10)), any(w.startswith("d") for w in words))
x = "unchanged"
flat = [x for row in matrix for x in row if x % 2]
print(flat, x)
