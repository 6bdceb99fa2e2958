# The iterator protocol with user classes, built-in iterator helpers.
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1

class Tree:
    def __init__(self, value, *children):
        self.value, self.children = value, children
    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c

print(list(Countdown(5)), sum(Countdown(100)), max(Countdown(3)))
t = Tree(1, Tree(2, Tree(4)), Tree(3))
print(list(t), [v * 10 for v in t], 4 in t, sorted(t, reverse=True))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "end"))
calls = [0]
def tick():
    calls[0] += 1
    return calls[0]
print(list(iter(tick, 4)))
print(list(zip(Countdown(3), "abc", t)), list(enumerate(Countdown(2), start=10)))
print(list(map(lambda a, b: a * b, [1, 2, 3], Countdown(3))), list(filter(lambda x: x % 2, Countdown(6))))
print(list(reversed(range(5))), list(reversed([1, 2])), list(reversed("abc")), list(reversed((1, 2))))
a, b, *c = Countdown(5)
print(a, b, c)
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * i
print(list(Seq()), 4 in Seq(), [x for x in Seq()])
def chunks(xs, n):
    for i in range(0, len(xs), n):
        yield xs[i:i + n]
print(list(chunks(list(range(10)), 3)), dict(enumerate("xyz")))
gen = (x * x for x in range(3))
print(list(gen), list(gen))
print(sorted([3, 1, 2], key=lambda x: -x), min([], default="empty"), max([1, 5, 3], key=lambda v: -v))
print(all(Countdown(3)), any(Countdown(0)), sum(Countdown(4), 100), list(range(2, -3, -1)))
class Returning:
    def __init__(self):
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.i += 1
        if self.i > 2:
            raise StopIteration("result")
        return self.i
def delegate():
    r = yield from Returning()
    yield r
print(list(delegate()))
