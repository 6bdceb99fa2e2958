# Loops, break/continue/else, conditionals, match-free branching, walrus.
for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print(i, end=" ")
else:
    print("no break")
print()
for i in range(3):
    pass
else:
    print("loop else", i)
n = 0
while True:
    n += 1
    if n > 4:
        break
print("n", n)
k = 10
while k > 0:
    k -= 3
else:
    print("while else", k)
x = 7
kind = "big" if x > 5 else "small"
print(kind, x > 5 and "yes" or "no", not x, x or 0, 0 or None, [] and 1)
if (y := x * 2) > 10:
    print("walrus", y)
values = [1, None, 0, "", "a"]
print([v for v in values if v is not None], [v is None for v in values])
total = 0
for a in range(4):
    for b in range(4):
        if b > a:
            break
        total += a * b
print(total)
def classify(v):
    if isinstance(v, bool):
        return "bool"
    elif isinstance(v, int):
        return "int"
    elif isinstance(v, (list, tuple)):
        return "seq"
    return "other"
print([classify(v) for v in (True, 3, [1], (2,), "s", 1.5)])
i = 0
while i < 3:
    i += 1
    try:
        if i == 2:
            break
    finally:
        print("finally in while", i)
print(1 if [] else 2, type(None).__name__, None is None)
