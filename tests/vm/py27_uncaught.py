# An uncaught exception: 2.7's traceback on stderr, exit status 1.
def inner(d):
    return d["missing"]

def outer():
    print "calling"
    return inner({})

outer()
