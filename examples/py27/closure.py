def make_counter(start):
    count = [start]
    def step(by):
        count[0] = count[0] + by
        return count[0]
    return step

c = make_counter(10)
c(1)
print c(5)
