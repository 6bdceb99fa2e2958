# exec and eval of code objects taken from functions, with explicit namespaces.
def body():
    result = base * 2
    print("in exec:", result)

def expr():
    return base + 1

ns = {"base": 21, "print": print}
exec(body.__code__, ns)
print("after exec:", sorted(k for k in ns if k != "__builtins__"), ns.get("result"))
base = 100
exec(body.__code__)
print(eval(expr.__code__, {"base": 1}), eval(body.__code__, {"base": 2, "print": print}))
g = {"base": 5}
exec(body.__code__, g, g)
print("__builtins__" in g)
def counter():
    total = 0
    for i in range(count):
        total += i
    print("counted", total)
exec(counter.__code__, {"count": 5})
exec(counter.__code__, {"count": 10}, {})
try:
    exec(counter.__code__, {})
except NameError as e:
    print("NameError:", e)
try:
    exec(42)
except TypeError as e:
    print("TypeError:", e)
try:
    exec(body.__code__, [])
except TypeError as e:
    print("TypeError:", e)
