def divide(a, b):
    try:
        r = a // b
    except ZeroDivisionError:
        print "division by zero"
        r = None
    finally:
        print "done"
    return r

print divide(7, 2)
print divide(1, 0)
