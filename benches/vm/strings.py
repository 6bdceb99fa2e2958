# String building: concatenation, join, formatting, slicing and str methods.


def build(n):
    out = ""
    for i in range(n):
        out += str(i % 10)
        if len(out) > 200:
            out = out[100:]
    return out


def words(n):
    parts = []
    for i in range(n):
        w = "w%d" % (i % 97)
        if i % 3 == 0:
            w = w.upper()
        parts.append(w + "-" + str(i % 7))
    text = " ".join(parts)
    return len(text), text.count("W1"), text[:40]


def render(n):
    lines = []
    for i in range(n):
        name = "item" + str(i)
        lines.append("{0}: {1:>6} {2:.2f}".format(name, i * 3, i / 7.0))
    joined = "\n".join(lines)
    return len(joined), joined.split("\n")[-1], joined.replace("item", "it").find("it99")


print(build(1400000))
print(words(400000))
print(render(200000))
