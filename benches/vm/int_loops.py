# Loops over small ints: arithmetic, comparisons and branches in nested loops.


def collatz_total(limit):
    total = 0
    for n in range(1, limit):
        steps = 0
        while n != 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps += 1
        total += steps
    return total


def sieve_count(n):
    flags = [True] * n
    count = 0
    i = 2
    while i < n:
        if flags[i]:
            count += 1
            j = i * i
            while j < n:
                flags[j] = False
                j += i
        i += 1
    return count


def checksum(n):
    acc = 0
    for i in range(n):
        for j in range(8):
            acc = (acc * 31 + i ^ j) & 0xFFFFFF
            if acc > 8000000:
                acc -= i
    return acc


print(collatz_total(60000))
print(sieve_count(1000000))
print(checksum(125000))
