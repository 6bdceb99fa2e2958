def f(xs):
    out = []
    for x in xs:
        if x is None:
            continue
        out.append(x)
    try:
        return sorted(out, reverse=True)
    finally:
        print("done")
print(f([3, None, 1, 2]))
