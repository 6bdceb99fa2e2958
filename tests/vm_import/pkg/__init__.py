NAME = "pkg"
order = ["pkg"]
from . import helper
order.append("pkg done")
