# Float arithmetic and CPython's repr.
vals = [0.1, 0.2, 0.1 + 0.2, 1.0, -0.0, 1e16, 1e15, 1.5e-7, 0.0001, 0.00001, 123.456,
        1 / 3, 2 / 3, 1e300 * 10, -1e300 * 10, 2.5e-300, 100.0, 1e22, 12345678901234567890.0]
for v in vals:
    print(v, repr(v), str(v))
print(float("1.5"), float("-inf"), float("  3e2 "), float(7))
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2, 7.5 % -2)
print(2.0 ** 0.5, 10 ** -2, 3.0 * 1.1, 1e308 + 1e308)
print(round(3.14159, 2), round(2.675, 2), round(-1.5), round(0.5))
print(f"{3.14159:.2f} {2.5:e} {1234567.891:,.2f} {0.25:%} {1e-5:g} {123456789.0:g}")
print("%.3f %10.4f %-8.2e| %g %G" % (1 / 3, 2.5, 12345.6789, 0.0001234, 1e20))
print(format(1.0, ".3"), format(123.456, ".2"), format(1e100, ""), 1.0 == 1, 0.1 * 3 == 0.3)
print(int(1e20), float(2 ** 80), 3.0.is_integer(), (0.5).as_integer_ratio())
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, float("inf") > 1e308)
print(sum([0.1] * 10), max(1.5, 2), min(-0.5, 0))
