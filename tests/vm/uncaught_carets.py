# An uncaught error deep in an expression: 3.11+ draw carets under the failing
# part of the line (anchored at the operator or the subscript).
def ratio(values, key):
    total = sum(values.values())
    return values[key] / (total - total)

def report(values):
    scale = 100
    return {k: scale * ratio(values, k) for k in values}

print("computing")
print(report({"a": 1, "b": 3}))
