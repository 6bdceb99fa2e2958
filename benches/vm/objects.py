# Objects: instance creation, attribute reads and writes, methods, properties,
# inheritance and special methods.


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    @property
    def size(self):
        return abs(self.x) + abs(self.y)


class Particle(object):
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel

    def step(self):
        self.pos = self.pos + self.vel
        if self.pos.size > 1000:
            self.vel = Vec(-self.vel.x, -self.vel.y)


class Heavy(Particle):
    def step(self):
        Particle.step(self)
        self.vel = Vec(self.vel.x, self.vel.y - 1 if self.vel.y > -5 else self.vel.y)


def simulate(n, steps):
    ps = []
    for i in range(n):
        cls = Heavy if i % 3 == 0 else Particle
        ps.append(cls(Vec(i, -i), Vec(i % 5 + 1, i % 7 - 3)))
    for _ in range(steps):
        for p in ps:
            p.step()
    total = Vec(0, 0)
    for p in ps:
        total = total + p.pos
    return total.x, total.y, total.dot(Vec(1, 1))


print(simulate(200, 3500))
