# The print statement: soft spaces, trailing commas, >> redirection.
import sys

print "a", "b"
print "a",
print "b"
print "tab\t",
print "after tab"
print "newline\n",
print "after newline"
print 1, 2.5, None, True, [1, 2], (3,), {"k": 1}
print
print "",
print "x"
for i in range(5):
    print i,
print
print >>sys.stdout, "to stdout", 42
print >>sys.stderr, "to stderr"
class Out(object):
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
o = Out()
print >>o, "one", "two"
print >>o, 3,
print >>o, 4
print o.parts
sys.stdout.write("written\n")
print "a" "b", "c" + "d"
print "end",
