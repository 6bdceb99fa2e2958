# Integer arithmetic, big ints, floor division and modulo signs.
print(1 + 2, 7 - 10, 6 * 7, 2 ** 10, 2 ** 0)
for a in (7, -7):
    for b in (3, -3):
        print(a, b, a // b, a % b, divmod(a, b))
print(2 ** 64, 2 ** 100 - 1, -(2 ** 70), (2 ** 64) // 3, (2 ** 64) % 1000)
print(9223372036854775807 + 1, -9223372036854775808 - 1, 3037000500 * 3037000500)
print(10 ** 30 // 10 ** 10, 10 ** 20 % 7, abs(-(10 ** 25)))
n = 1
for i in range(1, 30):
    n *= i
print("29! =", n)
print(1 << 70, (1 << 70) >> 65, -1 >> 3, 255 & 15, 8 | 3, 6 ^ 3, ~5)
print(int("123"), int("-0x1f", 16), int("0b101", 0), int(3.99), int(-3.99))
print(hex(255), bin(10), oct(64), hex(-255), hex(2 ** 70))
print(pow(3, 200, 1000), pow(2, -1), round(2.5), round(3.5), round(-2.5), round(1234, -2))
print(True + True, False * 5, 7 / 2, 1 / 8, -7 / 2)
print(min(3, 1, 2), max([4, 9, 2]), sum(range(101)), abs(-3))
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x)
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1))
