# Implicit chaining: an error inside an except block.
def cleanup():
    raise RuntimeError("cleanup failed")

try:
    1 / 0
except ZeroDivisionError:
    cleanup()
