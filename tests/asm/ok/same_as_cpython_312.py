def f(n):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            total += i
    return total
print(f(10))
