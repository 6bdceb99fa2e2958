from .. import helper as h
from ..helper import twice
LEVEL = twice(h.twice(1))
