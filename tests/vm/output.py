# Writing to stdout and stderr: print's keywords, sys.stdout/stderr.write, file objects.
import sys
print("a", "b", sep="-", end="|\n")
print("to stderr", file=sys.stderr)
n = sys.stdout.write("written directly\n")
print(n)
sys.stderr.write("stderr directly\n")
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
c = Collector()
print("x", 1, 2.5, file=c)
print(c.parts)
print(*range(3), sep=", ")
print()
print("flush", flush=True)
