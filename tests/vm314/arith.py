# Integer, float and bitwise arithmetic, comparisons and subscripts.
a = 17
b = 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-a // b, -a % b, divmod(a, b), abs(-a))
big = 2 ** 100
print(big, big // 3, big % 1000, -big)
x = 1.5
x *= 4
print(x, round(2.675, 2), 0.1 + 0.2, x ** 0.5)
nums = [3, 1, 4, 1, 5, 9, 2, 6]
print(nums[2], nums[-1], nums[1:4], sum(nums), max(nums), min(nums))
print(a & b, a | b, a ^ b, a << 3, a >> 1, ~a)
print(7 > a, 3 >= 3, a == 17 and b != 5)
