# Imports: packages, submodules, relative imports, namespace packages, errors.
import pkg
import pkg.sub
from pkg import helper
from pkg.sub.leaf import value, shout
import ns.mod
from ns import other
import pkg.sub.leaf as leaf_alias
from pkg.stars import *
from pkg.helper import *

print(pkg.NAME, pkg.sub.LEVEL, helper.twice(4), value, shout("x"))
print(ns.mod.WHO, other.WHO, pkg.helper is helper, leaf_alias is pkg.sub.leaf)
print(pkg.__name__, pkg.sub.leaf.__name__, pkg.sub.leaf.__package__, helper.__package__)
print(pkg.sub.__package__, ns.__name__, hasattr(pkg, "__path__"), hasattr(helper, "__path__"))
print(pkg.order)
print(VISIBLE, extra.X, "HIDDEN" in globals(), twice(21), sorted(k for k in globals() if not k.startswith("_")))
try:
    import pkg.missing
except ModuleNotFoundError as e:
    print("missing:", e)
try:
    from pkg import nothing
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
try:
    import helper.x
except ModuleNotFoundError as e:
    print(e)
try:
    import pkg.helper.deeper
except ModuleNotFoundError as e:
    print(e)
