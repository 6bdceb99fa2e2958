# Lists, tuples, dicts and sets: building, unpacking, methods, sorting.
items = [5, 3, 8, 1]
items.append(7)
items.extend([2, 9])
items.sort()
print(items, items.pop(), items.index(8), len(items))
first, *rest, last = items
print(first, rest, last)
pair = (1, "one")
num, word = pair
print(num, word, pair + (2,), pair * 2)
ages = {"ann": 31, "bob": 25, "cy": 40}
ages["dee"] = 19
del ages["bob"]
print(ages, sorted(ages), ages.get("bob", -1), "cy" in ages)
for key, value in sorted(ages.items(), key=lambda kv: kv[1]):
    print(key, value)
merged = {**ages, "eve": 22}
print(merged, list(merged.values()))
evens = {0, 2, 4, 6}
odds = set(range(1, 7, 2))
print(evens | odds, evens & {2, 3, 4}, evens - {0}, 3 in odds)
matrix = [[1, 2, 3], [4, 5, 6]]
matrix[1][2] = 60
print(matrix, [row[0] for row in matrix], tuple(zip(*matrix)))
