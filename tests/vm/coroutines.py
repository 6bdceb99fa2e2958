# Coroutines driven by hand: await, custom awaitables, async with, async for.
class Sleep:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        for i in range(self.n):
            yield f"tick {i}"
        return self.n

class Resource:
    async def __aenter__(self):
        print("acquire")
        await Sleep(1)
        return "res"
    async def __aexit__(self, typ, val, tb):
        print("release", typ.__name__ if typ else None)
        return typ is KeyError

class Ticker:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Sleep(1)
        return self.i * 10

async def worker(name, n):
    got = await Sleep(n)
    return f"{name} slept {got}"

async def main():
    a = await worker("a", 2)
    b = await worker("b", 1)
    async with Resource() as r:
        print("using", r)
    async with Resource():
        raise KeyError("swallowed")
    items = []
    async for x in Ticker(3):
        items.append(x)
    return [a, b, items]

def run(coro):
    try:
        while True:
            print("yielded", coro.send(None))
    except StopIteration as e:
        return e.value

print(run(main()))

async def failing():
    await Sleep(1)
    raise ValueError("inside coroutine")

try:
    run(failing())
except ValueError as e:
    print("caught", e)
