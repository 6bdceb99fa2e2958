# Loops: for/while with break, continue and else; range, enumerate, zip.
total = 0
for i in range(10):
    if i == 7:
        break
    if i % 2 == 0:
        continue
    total += i
else:
    print("no break")
print("total", total)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
for idx, (a, b) in enumerate(zip("abc", [10, 20, 30]), start=1):
    print(idx, a, b)
for x in []:
    print("never")
else:
    print("empty loop else")
count = 0
while count < 3:
    count += 1
else:
    print("while else", count)
grid = ""
for r in range(3):
    for c in range(4):
        grid += "#" if (r + c) % 2 else "."
    grid += "\n"
print(grid, end="")
