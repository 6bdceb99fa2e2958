# Recursive algorithms: Hanoi, permutations, N-queens, Ackermann, flood fill,
# subset sums, memoized partitions and a recursive-descent parser.
def hanoi(n, a="A", b="B", c="C", moves=None):
    if moves is None:
        moves = []
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append(a + c)
        hanoi(n - 1, b, a, c, moves)
    return moves
print(len(hanoi(10)), hanoi(3))

def perms(xs):
    if len(xs) <= 1:
        return [xs]
    return [[x] + p for i, x in enumerate(xs) for p in perms(xs[:i] + xs[i + 1:])]
print(perms([1, 2, 3]), len(perms(list(range(6)))))

def queens(n, row=0, cols=(), diag1=(), diag2=()):
    if row == n:
        return 1
    total = 0
    for c in range(n):
        if c not in cols and row + c not in diag1 and row - c not in diag2:
            total += queens(n, row + 1, cols + (c,), diag1 + (row + c,), diag2 + (row - c,))
    return total
print([queens(n) for n in range(1, 9)])

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print(ackermann(2, 3), ackermann(3, 3))

grid = [list(r) for r in ["..#..", ".##..", "....#", "###.#", "....."]]
def fill(r, c, mark):
    if not (0 <= r < len(grid) and 0 <= c < len(grid[0])) or grid[r][c] != ".":
        return 0
    grid[r][c] = mark
    return 1 + fill(r + 1, c, mark) + fill(r - 1, c, mark) + fill(r, c + 1, mark) + fill(r, c - 1, mark)
print(fill(0, 0, "o"), ["".join(r) for r in grid])

def subset_sums(xs, target, chosen=()):
    if target == 0:
        yield chosen
        return
    if not xs or target < 0:
        return
    yield from subset_sums(xs[1:], target - xs[0], chosen + (xs[0],))
    yield from subset_sums(xs[1:], target, chosen)
print(list(subset_sums([3, 34, 4, 12, 5, 2], 9)))

memo = {}
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    if (n, k) not in memo:
        memo[(n, k)] = partitions(n - k, k) + partitions(n, k - 1)
    return memo[(n, k)]
print([partitions(n, n) for n in range(15)], partitions(100, 100))

def parse_expr(tokens, pos=0):
    value, pos = parse_term(tokens, pos)
    while pos < len(tokens) and tokens[pos] in "+-":
        op = tokens[pos]
        rhs, pos = parse_term(tokens, pos + 1)
        value = value + rhs if op == "+" else value - rhs
    return value, pos

def parse_term(tokens, pos):
    value, pos = parse_atom(tokens, pos)
    while pos < len(tokens) and tokens[pos] in "*/":
        op = tokens[pos]
        rhs, pos = parse_atom(tokens, pos + 1)
        value = value * rhs if op == "*" else value // rhs
    return value, pos

def parse_atom(tokens, pos):
    if tokens[pos] == "(":
        value, pos = parse_expr(tokens, pos + 1)
        return value, pos + 1
    if tokens[pos] == "-":
        value, pos = parse_atom(tokens, pos + 1)
        return -value, pos
    return int(tokens[pos]), pos + 1

def tokenize(s):
    out, num = [], ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            if num:
                out.append(num)
                num = ""
            if not ch.isspace():
                out.append(ch)
    if num:
        out.append(num)
    return out
for e in ["1 + 2 * 3", "(1 + 2) * 3", "-(4 - 10) * (2 + 3) / 2", "2 * (3 + (4 - 1)) - -1"]:
    print(e, "=", parse_expr(tokenize(e))[0])

def depth(tree):
    return 1 + max((depth(c) for c in tree), default=0) if isinstance(tree, list) else 0
print(depth([1, [2, [3, [4]], []], 5]))

def mutual_even(n):
    return True if n == 0 else mutual_odd(n - 1)
def mutual_odd(n):
    return False if n == 0 else mutual_even(n - 1)
print(mutual_even(300), mutual_odd(301))
def gray(n):
    return [""] if n == 0 else ["0" + c for c in gray(n - 1)] + ["1" + c for c in reversed(gray(n - 1))]
print(gray(3))
