# Assignment expressions.
data = [3, 8, 1, 9, 4, 12, 7]
if (n := len(data)) > 5:
    print(f"list is long ({n} elements)")
print([y for x in data if (y := x * 2) > 10], y)
print([(x, sq) for x in range(6) if (sq := x * x) % 2 == 0])
stream = iter(["alpha", "beta", "", "gamma"])
while (word := next(stream)):
    print("word", word)
total = 0
print([total := total + x for x in data], total)
def first_match(pred, xs):
    for x in xs:
        if (r := pred(x)) is not None:
            return x, r
print(first_match(lambda v: v // 3 if v % 3 == 0 and v > 5 else None, data))
chunks, buf = [], "abcdefghij"
while (chunk := buf[:3]):
    chunks.append(chunk)
    buf = buf[3:]
print(chunks)
print((a := 5, b := a + 1), a, b, [last := v for v in "xyz"][-1], last)
values = {"x": "10", "y": "oops", "z": "7"}
parsed = {k: num for k, v in values.items() if (num := int(v) if v.isdigit() else None) is not None}
print(parsed)
def fib_until(limit):
    a, b = 0, 1
    while (c := a + b) < limit:
        yield c
        a, b = b, c
print(list(fib_until(100)))
if any((hit := x) > 8 for x in data):
    print("first over 8:", hit)
print(max(data, key=lambda v: (m := v % 5, -v)), (lambda: (z := 3) * z)())
