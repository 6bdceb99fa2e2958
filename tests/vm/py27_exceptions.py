# try/except/else/finally, raise forms, custom exceptions, sys.exc_info.
import sys

class AppError(Exception):
    pass

class NotFound(AppError):
    def __init__(self, key):
        AppError.__init__(self, "missing %s" % key)
        self.key = key

def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise NotFound(k)

try:
    lookup({}, "x")
except AppError, e:
    print "caught", e, e.key, repr(e), e.args

try:
    1 / 0
except ZeroDivisionError as e:
    print "zero:", e

try:
    raise ValueError, "old style raise"
except ValueError, e:
    print e

try:
    raise TypeError("new style")
except (ValueError, TypeError), e:
    print type(e).__name__, e

def f():
    try:
        return "try"
    finally:
        print "finally runs"

print f()

for i in range(3):
    try:
        if i == 1:
            continue
        print "body", i
    finally:
        print "cleanup", i

try:
    pass
except Exception:
    print "not here"
else:
    print "else branch"

try:
    [][1]
except IndexError, e:
    print "index:", e
try:
    {}["k"]
except KeyError, e:
    print "key:", e, repr(e)
try:
    undefined_name
except NameError, e:
    print "name:", e
try:
    int("x")
except ValueError, e:
    print "value:", e
try:
    None.attr
except AttributeError, e:
    print "attr:", e

def nested():
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise RuntimeError("outer")
    except RuntimeError, e:
        return str(e)
print nested()

try:
    try:
        raise ValueError("v")
    finally:
        print "inner finally"
except ValueError:
    print "outer caught"

def reraiser():
    try:
        raise IOError("io")
    except IOError:
        raise
try:
    reraiser()
except IOError, e:
    print "reraised", e

try:
    raise AppError("boom")
except AppError:
    t, v, tb = sys.exc_info()
    print t.__name__, v

while True:
    try:
        break
    finally:
        print "break through finally"
print "done"
