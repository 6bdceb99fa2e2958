# sum() consumes its iterable as it adds (a generator's side effects interleave
# with __add__ calls) and, from 3.12, follows CPython's int -> float -> generic
# phases: compensated float sums, ints added plainly once the total is a float.


def gen(n):
    for i in range(n):
        print("yield %d" % i)
        yield i * 0.5 if i % 2 else i


class Num(object):
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        print("add %r" % (other,))
        return self.v + other

    def __radd__(self, other):
        print("radd %r" % (other,))
        return other + self.v


print(sum(gen(5)))
print(sum([0.1] * 10))
print(sum([1, 2, 0.1, 0.2, 3]))
print(sum([0.1, 0.2, 10 ** 17, 0.3]))
print(sum([], 1.5), sum([1e100, 1.0, -1e100]), sum([True, 0.5, False, 0.25]))
print(sum([0.5, Num(2), 0.1, 0.2, 0.3]))
print(sum([Num(1), 0.1, 0.2]))
print(sum([[1], [2], [3]], []), sum(range(10), 5), sum(range(10), 0.1))
print(sum((x * 0.1 for x in range(20)), 0.0))
print(sum([2 ** 70, 0.5, 1]))
try:
    sum(5)
except TypeError as e:
    print("TypeError", e)
try:
    sum(["a", "b"])
except TypeError as e:
    print("TypeError")
