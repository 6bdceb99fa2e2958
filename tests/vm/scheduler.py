# A discrete-event simulation with a hand-written binary heap and generators.
def heappush(heap, item):
    heap.append(item)
    i = len(heap) - 1
    while i > 0:
        parent = (i - 1) // 2
        if heap[i] < heap[parent]:
            heap[i], heap[parent] = heap[parent], heap[i]
            i = parent
        else:
            break

def heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    top, heap[0] = heap[0], last
    i, n = 0, len(heap)
    while True:
        l, r, small = 2 * i + 1, 2 * i + 2, i
        if l < n and heap[l] < heap[small]:
            small = l
        if r < n and heap[r] < heap[small]:
            small = r
        if small == i:
            return top
        heap[i], heap[small] = heap[small], heap[i]
        i = small

class Scheduler:
    def __init__(self):
        self.queue, self.now, self.seq, self.log = [], 0, 0, []
    def spawn(self, proc, name, delay=0):
        self.seq += 1
        heappush(self.queue, (self.now + delay, self.seq, name, proc))
    def run(self, until=100):
        while self.queue:
            t, _, name, proc = heappop(self.queue)
            if t > until:
                break
            self.now = t
            try:
                delay = next(proc)
            except StopIteration as stop:
                self.log.append((t, name, "done", stop.value))
                continue
            self.log.append((t, name, "wait", delay))
            self.spawn(proc, name, delay)

def worker(name, steps, pace):
    total = 0
    for i in range(steps):
        total += i
        yield pace
    return f"{name}:{total}"

s = Scheduler()
for name, steps, pace in (("a", 3, 5), ("b", 2, 7), ("c", 4, 2)):
    s.spawn(worker(name, steps, pace), name)
s.run()
for entry in s.log:
    print(*entry)
print("finished at", s.now)
data = [5, 3, 8, 1, 9, 2, 7]
h = []
for x in data:
    heappush(h, x)
print([heappop(h) for _ in range(len(data))])
