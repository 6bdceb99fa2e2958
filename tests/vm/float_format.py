# Float formatting edge cases: repr, str, format specs, rounding and special values.
vals = [0.0, -0.0, 1.0, 0.1, 1 / 3, 2 / 3, 1e16, 1.5e-7, 123456789.125, 1e22, 1e-5, 1e-4,
        2.5, 3.5, -2.5, 1.005, 0.125, float("inf"), float("-inf"), 5e-324, 1.7976931348623157e308]
for v in vals:
    print(repr(v), str(v), format(v, ""), format(v, ".3g"), format(v, "e"), format(v, ".2f"))
for v in vals[:-4]:
    print(f"{v:10.4f}|{v:<12.3e}|{v:^+12.2g}|{v:%}|{v:.0f}|{v:g}|{v:.10g}")
print(round(2.5), round(3.5), round(-0.5), round(1.005, 2), round(2.675, 2), round(123.456, -1))
print(round(1234.5678, 1), round(0.5), round(1.5), round(-1.5), round(1e300, 2), round(7, -1))
print(f"{1234567.891:,.2f}", f"{1234567.891:_.3f}", f"{0.000123:.2e}", f"{12.0:#g}", f"{1e100:g}")
print(f"{3.14159:08.3f}", f"{-3.14159:08.3f}", f"{3.14159: .2f}", f"{42.0:=+10.1f}", f"{0.5:.0%}")
nan = float("nan")
print(nan, nan == nan, nan != nan, [nan] == [nan], f"{nan:f}", f"{float('inf'):e}", -nan)
print(float("1e500"), float("-1e500"), float("  3.25  "), float("1_000.5"), float(".5"), float("5."))
print(1e16 + 1, 0.1 + 0.2, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-15, 1 / 7 * 7)
print(divmod(7.5, 2), divmod(-7.5, 2), 7.5 % -2, -7.5 // 2, 2 ** 0.5, 10 ** -2, (-8) ** (1 / 3))
print(int(3.99), int(-3.99), int(1e20), float(2 ** 60), 1e20 == 10 ** 20, 0.1 * 3, 3 * 0.1 == 0.3)
print((0.1).is_integer(), (2.0).is_integer(), (7.25).as_integer_ratio(), (0.1).as_integer_ratio())
print(sum([0.1] * 10), max(1.5, 2), min(-0.0, 0.0), sorted([3.5, -1e-3, 2, 1e2]))
print("%.3f %10.2e %-8.1f| %g %G %r" % (3.14159, 123456.789, 2.25, 1e-10, 1e20, 0.3))
print("{:.1f} {:>8.3f} {:+.2e} {:.2%}".format(9.95, 2 / 3, -1234.5, 0.123456))
print(str(1e15), str(1e16), str(123456789012345678.0), repr(1e-4), repr(0.0001234), 1.0e-10)
