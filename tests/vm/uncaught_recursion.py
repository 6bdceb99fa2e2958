# Unbounded recursion: RecursionError with the repeated-line summary.
def walk(node):
    return walk([node])

print("start")
walk(None)
