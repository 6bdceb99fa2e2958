# Generators: yield, send, next(), generator expressions, iterator protocol.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1

print list(count_up(5)), sum(count_up(101))
g = count_up(3)
print g.next(), g.next(), next(g)
try:
    g.next()
except StopIteration:
    print "stopped"

def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value

acc = accumulator()
print acc.next(), acc.send(5), acc.send(10)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

out = []
for x in fib():
    if x > 100:
        break
    out.append(x)
print out

squares = (x * x for x in range(10))
print sum(squares), list(x for x in "abc")

class Countdown(object):
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def next(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1

print list(Countdown(4)), [c for c in Countdown(2)]

def chain(*seqs):
    for s in seqs:
        for x in s:
            yield x

print list(chain([1, 2], "ab", (3,)))
it = iter([1, 2, 3])
print it.next(), list(it)
print dict(zip("abc", count_up(3)))
