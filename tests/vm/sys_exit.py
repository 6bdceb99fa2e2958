# sys.exit with a status and argv.
import sys
print("argv length", len(sys.argv))
def main():
    print("exiting with 3")
    sys.exit(3)
main()
print("not reached")
