total = 0
for i in range(1, 11):
    if i % 2 == 0:
        total = total + i
print "sum of even numbers up to 10:", total
