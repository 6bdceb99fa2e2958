from ..helper import twice
from . import LEVEL
from .. import order
order.append("leaf")
value = twice(LEVEL)

def shout(s):
    return s.upper() + "!"
