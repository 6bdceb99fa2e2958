from . import order
order.append("helper")

def twice(x):
    return 2 * x
