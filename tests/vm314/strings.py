# Strings, f-strings with conversions and format specs, methods.
name = "World"
n = 42
pi = 3.14159
print(f"Hello, {name}!", f"{n:5d}|{n:<5}|{n:^7}|{n:x}", f"{pi:.2f}")
print(f"{name!r} {name!s:>8} {n!a}", f"{n * 2 = }")
words = "the quick brown fox".split()
print(words, "-".join(words), len(words))
s = "Mississippi"
print(s.upper(), s.lower(), s.count("ss"), s.find("ss"), s.replace("ss", "SS"))
print(s[::-1], s[2:5], s.startswith("Miss"), "pp" in s)
print("%s has %d chars, %.3f" % (s, len(s), pi), "{}-{}".format(1, "a"))
width = 10
print(f"[{name:*^{width}}]", repr("it's"), str(1.0), ord("A"), chr(97))
