# async with / async for driven by hand: exceptions, suppression, break and
# return inside them, awaiting in finally.


class Step:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        got = yield self.value
        return got


class Guard:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    async def __aenter__(self):
        await Step("enter " + self.name)
        return self.name.upper()

    async def __aexit__(self, typ, val, tb):
        await Step("exit %s %s" % (self.name, typ.__name__ if typ else None))
        return self.swallow


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await Step("tick %d" % self.n)
        return self.n


async def body():
    out = []
    async with Guard("a") as a:
        out.append(a)
    async with Guard("b", swallow=True):
        raise ValueError("swallowed")
    async for i in Countdown(5):
        if i == 3:
            continue
        if i == 1:
            break
        out.append(i)
    try:
        async with Guard("c"):
            raise KeyError("escapes")
    except KeyError as e:
        out.append("caught %r" % e)
    try:
        async for i in Countdown(2):
            raise IndexError(i)
    except IndexError as e:
        out.append("from loop %s" % e)
    finally:
        out.append(await Step("in finally"))
    return out


async def early_return():
    async with Guard("r"):
        async for i in Countdown(3):
            return "returned at %d" % i


def drive(coro):
    sent = None
    n = 0
    while True:
        try:
            req = coro.send(sent)
        except StopIteration as stop:
            return stop.value
        print("  yielded", req)
        n += 1
        sent = n


print(drive(body()))
print(drive(early_return()))


async def failing():
    async with Guard("f"):
        async for i in Countdown(2):
            await Step(i)
            raise RuntimeError("failure %d" % i)


drive(failing())
