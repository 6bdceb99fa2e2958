def g():
    x = 3
    def h(): return x + 1
    return h
for i in range(3):
    if i == 1: continue
    print i
