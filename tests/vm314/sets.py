# Set and dict orders: str hashes are SipHash-1-3 (PYTHONHASHSEED=0), as in 3.11+.
words = {"apple", "banana", "cherry", "date", "elderberry", "fig"}
print(words)
print({w[0] for w in words}, set("mississippi"))
print({1.5, 2, (3, "x"), "y", b"z"}, frozenset({"x", "y", "z"}) | {"w"})
counts = {}
for ch in "hello world":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, set(counts) - set("lo"))
