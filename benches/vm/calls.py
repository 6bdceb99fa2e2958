# Function and method calls: positional, keyword and default arguments, closures.


def add(a, b):
    return a + b


def scaled(x, factor=2, offset=0):
    return x * factor + offset


def make_counter():
    count = [0]

    def bump(step):
        count[0] += step
        return count[0]

    return bump


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)


def run(n):
    total = 0
    bump = make_counter()
    p = Point(0, 0)
    for i in range(n):
        total = add(total, i)
        total = scaled(total, offset=1) % 1000003
        bump(1)
        if i % 4 == 0:
            p = p.moved(1, -2)
        total += p.norm1() & 7
    return total, bump(0), p.x, p.y


print(run(1000000))
