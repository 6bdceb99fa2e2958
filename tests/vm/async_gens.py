# Async generators: async for, asend/athrow/aclose, async comprehensions and
# cleanup, driven by a tiny hand-written event loop.
class Sleep:
    def __init__(self, label):
        self.label = label
    def __await__(self):
        got = yield self.label
        return got

def run(coro):
    trace = []
    value = None
    while True:
        try:
            signal = coro.send(value)
        except StopIteration as stop:
            if trace:
                print("  suspended at", trace)
            return stop.value
        trace.append(signal)
        value = len(trace)

async def ticker(n):
    for i in range(n):
        await Sleep(f"tick{i}")
        yield i * 10

async def consume():
    out = []
    async for v in ticker(3):
        out.append(v)
    return out
print(run(consume()))

async def comprehension():
    squares = [v * v async for v in ticker(4)]
    evens = {v async for v in ticker(5) if v % 20 == 0}
    mapping = {v: str(v) async for v in ticker(2)}
    return squares, sorted(evens), mapping
print(run(comprehension()))

async def echo():
    received = []
    try:
        while True:
            try:
                x = yield len(received)
                received.append(x)
            except ValueError as e:
                received.append(f"err:{e}")
                yield "recovered"
    finally:
        print("echo closing with", received)

async def drive():
    g = echo()
    print(await g.asend(None), await g.asend("a"), await g.asend("b"))
    print(await g.athrow(ValueError("bad")))
    print(await g.asend("c"))
    await g.aclose()
    try:
        await g.asend("after close")
    except StopAsyncIteration:
        print("StopAsyncIteration after close")
    return "drive done"
print(run(drive()))

async def anext_demo():
    g = ticker(2)
    a = await g.__anext__()
    b = await anext(g)
    try:
        await anext(g)
    except StopAsyncIteration:
        c = "exhausted"
    d = await anext(ticker(0), "default")
    return a, b, c, d
print(run(anext_demo()))

async def failing():
    yield 1
    raise KeyError("inside")

async def catch():
    seen = []
    try:
        async for v in failing():
            seen.append(v)
    except KeyError as e:
        seen.append(repr(e))
    return seen
print(run(catch()))

async def pipeline():
    async def double(src):
        async for v in src:
            yield v * 2
    async def only_big(src):
        async for v in src:
            if v > 10:
                yield v
    return [v async for v in only_big(double(ticker(4)))]
print(run(pipeline()))

g = ticker(1)
print(type(g).__name__, g.__name__, hasattr(g, "__aiter__"), g.__aiter__() is g)

async def early_break():
    async def gen():
        try:
            yield 1
            yield 2
        finally:
            print("gen finally")
    g = gen()
    async for v in g:
        print("got", v)
        break
    await g.aclose()
    return "broke"
print(run(early_break()))
