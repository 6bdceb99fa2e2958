# Recursive algorithms: naive Fibonacci, N-queens by backtracking, Ackermann.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def queens(n):
    cols = [0] * n

    def ok(row, col):
        for r in range(row):
            c = cols[r]
            if c == col or abs(c - col) == row - r:
                return False
        return True

    def place(row):
        if row == n:
            return 1
        found = 0
        for col in range(n):
            if ok(row, col):
                cols[row] = col
                found += place(row + 1)
        return found

    return place(0)


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


print(fib(29))
print(queens(8))
print(sum(ack(2, 300) for _ in range(10)))
