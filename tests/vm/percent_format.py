# %-formatting and str.format in detail.
print("%s %r %a %d %i %u" % ("str", "repr", "ascïi", 42, -7, 3))
print("%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%c|%%" % (42, 42, 42, 42, 42, 255, 255, 255, 8, 8, 65))
print("%f|%.2f|%10.3f|%-10.1f|%e|%.1E|%g|%G|%10.4g" % (3.14159, 3.14159, 3.14159, 3.14159, 31415.9, 31415.9, 0.00001234, 1e20, 2.5))
print("%(name)s is %(age)d years; %(name)r" % {"name": "Ann", "age": 33}, "%s" % (1,), "%s" % [1, 2], "%s%%" % 50)
print("%.3s" % "abcdef", "%5.1s|" % "xyz", "%r" % (None,))
print("%d" % 3.99, "%x" % 2 ** 70, "%s" % True, "%d" % True, "%.0f %.0f %.0f" % (0.5, 1.5, 2.5), "%i" % -0)
for bad in (lambda: "%d" % "x", lambda: "%s %s" % (1,), lambda: "%s" % (1, 2), lambda: "%z" % 1, lambda: "%(k)s" % {}):
    try:
        bad()
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
print("{} {} {}".format(1, "two", 3.0), "{1} {0} {1}".format("a", "b"), "{x}-{y}".format(x=1, y=2), "{0[0]} {0[k]}".format({0: "zero", "k": "kay"}))
class P:
    def __init__(self):
        self.name, self.pos = "pt", (3, 4)
print("{p.name} at {p.pos[0]},{p.pos[1]}".format(p=P()), "{:>8}|{:<8}|{:^8}|{:*^9}".format("r", "l", "c", "s"))
print("{:d} {:5d} {:<5d}| {:+d} {:,} {:_b} {:#x} {:08.3f} {:.2e} {:.3g} {:%} {:.1%}".format(1, 2, 3, 4, 1234567, 10, 255, 3.14159, 12345.678, 0.00012345, 0.5, 0.123))
print("{!r} {!s} {!a} {!r:>6}".format("q", "q", "ü", "q"), "{{}} {{{}}}".format(5), "{:{w}.{p}f}".format(2.71828, w=10, p=3))
print("{0:{1}}|".format("pad", 6), "{:=+8}".format(42), "{:=8}".format(-42), "{:0=8}".format(-42), "{:x<4}".format(7))
print(format(255, "x"), format(255, "#010b"), format(-1.5, "+.1f"), format("text", ".2"), format(12, "c"), format(True, "d"), format(3, ".2f"))
d = {"a": 1, "b": [1, 2]}
print("{a} and {b[1]}".format(**d), "{} {}".format(*"xy"), "{0!r:^10}".format("hi"), "%-6s|%6s|" % ("ab", "cd"))
for bad in (lambda: "{} {}".format(1), lambda: "{x}".format(), lambda: "{:d}".format("s"), lambda: "{0:q}".format(1), lambda: "{".format()):
    try:
        bad()
    except (IndexError, KeyError, ValueError) as e:
        print(type(e).__name__, e)
print("|".join("%-4s%3d" % (name, n) for name, n in [("ab", 1), ("cde", 22), ("f", 333)]))
print("%s" % {"k": 1}, "%(a)s %(a)r" % {"a": "x"}, "%c" % "z", "%5.2f%%" % 99.555, "%.2f" % 2.675, "%e" % 0)
