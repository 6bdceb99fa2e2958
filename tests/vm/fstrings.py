# f-strings: conversions, nested and computed format specs, self-documenting '='.
name, n, pi, items = "Ada", 42, 3.14159265, [1, 2, 3]
print(f"{name!r} {name!s} {name!a} {'é'!a} {n!r:>6}")
print(f"{n:5d}|{n:<5d}|{n:^5d}|{n:05d}|{n:+d}|{-n: d}|{n:x}|{n:#X}|{n:#o}|{n:#b}|{n:c}")
width, prec = 12, 3
print(f"[{pi:{width}.{prec}f}] [{pi:<{width}}] [{name:{'>'}{width}}] [{pi:.{prec}}]")
print(f"{n=}", f"{pi = :.2f}", f"{items[1]=}", f"{name.upper()=}", f"{n * 2 = }", f"{name=!s}")
print(f"{{literal}} {{{n}}} {'nested ' + f'{n:>4}'}", f"{3 + 4}", f"{[x * x for x in items]}")
print(f"{1_000_000:,}", f"{1234567:_}", f"{0.25:.1%}", f"{1e-3:.2e}", f"{12345.6789:,.2f}")
d = {"k": "v", "n": 3}
print(f"{d['k']} {d['n']:03}", f"{len(d)} keys", f"{'yes' if d else 'no'}", f"{(lambda x: x * 2)(4)}")
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __format__(self, spec):
        if spec == "short":
            return f"${self.cents // 100}"
        return f"${self.cents / 100:{spec or '.2f'}}"
    def __repr__(self):
        return f"Money({self.cents})"
    def __str__(self):
        return f"{self.cents / 100:.2f} dollars"
m = Money(12345)
print(f"{m}", f"{m:short}", f"{m:.1f}", f"{m!r}", f"{m!s}", format(m, ".0f"), "{:short}".format(m))
rows = [("apple", 1.5, 3), ("banana", 0.25, 12), ("cherry", 10.0, 1)]
print(f"{'item':<10}|{'price':>8}|{'qty':>4}")
for item, price, qty in rows:
    print(f"{item:<10}|{price:>8.2f}|{qty:>4}|{price * qty:>8.2f}")
print(f"{'total':<10}|{sum(p * q for _, p, q in rows):>13.2f}")
x = 10
print(f"{x:{'>' if x > 5 else '<'}{x}}|", f"{'abc':.2}", f"{'abc':>{x}.1}", f"{True}", f"{None!r}")
print(f"{b'bytes'}", f"{(1, 2)}", f"{ {1: 2} }", f"{x if x else 0:>3}", f"""{
    x
    + 1
}""", f'{"double"}', rf"\n{x}", fr"{x}\t")
