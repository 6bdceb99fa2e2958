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
