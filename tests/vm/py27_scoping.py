# Global and local scopes, class bodies, name errors.
counter = 0

def bump():
    global counter
    counter += 1
    return counter

bump(); bump()
print counter

x = "global"
def shadow():
    x = "local"
    return x
print shadow(), x

class K(object):
    x = "class"
    y = x + "!"
    def m(self):
        return x
print K.y, K().m()

def uses_undefined():
    return not_defined_anywhere

try:
    uses_undefined()
except NameError, e:
    print e

def unbound():
    print v
    v = 1
try:
    unbound()
except UnboundLocalError, e:
    print e

print sorted(k for k in locals().keys() if not k.startswith("__"))
print [n for n in dir(K) if not n.startswith("__")]

# The exec statement with code objects: its namespaces, the tuple form, errors.
def bump():
    global counter
    counter = counter + 1
    return 'ignored'
ns = {'counter': 10}
exec bump.__code__ in ns
print ns['counter'], sorted(ns.keys())
exec bump.func_code in ns, {}
print ns['counter']
exec(bump.__code__, ns)
print ns['counter']
counter = 100
exec bump.__code__
print counter
for bad in (lambda: None,):
    try:
        exec bump.__code__ in 5
    except TypeError as e:
        print 'TypeError', e
    try:
        exec 42
    except TypeError as e:
        print 'TypeError', e
def outer():
    x = 1
    def inner():
        return x
    return inner
try:
    exec outer().__code__ in {}
except TypeError as e:
    print 'TypeError', e
