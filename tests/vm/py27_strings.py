# Byte strings, formatting, methods.
s = "Hello, World"
print s.upper(), s.lower(), s.swapcase(), s.title()
print s.split(", "), s.replace("l", "L"), s.find("World"), s.count("l")
print s[0], s[-1], s[2:5], s[::-1], s[::2]
print len(s), "World" in s, s.startswith("Hell"), s.endswith("x")
print "-".join(["a", "b", "c"]), "  pad  ".strip(), "x".center(7, "*")
print "%s is %d years and %.2f%%" % ("Bob", 42, 99.5)
print "%5s|%-5s|%05d|%x|%o|%e" % ("ab", "cd", 42, 255, 8, 12345.678)
print "%(name)s=%(value)r" % {"name": "k", "value": "v"}
print "{0} and {1}".format("spam", "eggs"), "{:>6}".format("r"), "{:.3f}".format(3.14159)
print repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there\n")
print repr("caf\xc3\xa9"), len("caf\xc3\xa9"), "caf\xc3\xa9"
print str(123), str(1.5), str([1, "a"]), str(None), repr(None)
print "abc" * 3, "a" < "b", "abc" < "abd", cmp("a", "b")
print ord("A"), chr(66), "a,b,,c".split(","), "a b  c".split()
print "line1\nline2".splitlines(), "x=1".partition("="), "hello".zfill(8)
print "%r %r" % (1, 2 ** 70), "%d" % 2 ** 70, "%s" % 1.0, "%s" % (1 / 3.0)
words = "the quick brown fox jumps over the lazy dog".split()
print sorted(words), sorted(words, key=len), max(words, key=len)
print " ".join(w.capitalize() for w in words)
u = u"unicode text"
print u, len(u), u.upper()
print "%-10s|" % "left", "%10s|" % "right"
print "abc".isalpha(), "123".isdigit(), "  ".isspace(), "Abc".istitle()
