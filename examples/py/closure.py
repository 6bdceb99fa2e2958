def make_counter(start):
    count = start
    def step(by):
        nonlocal count
        count = count + by
        return count
    return step

c = make_counter(10)
c(1)
print(c(5))
