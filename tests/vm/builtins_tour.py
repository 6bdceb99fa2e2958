# Built-in functions ordinary programs use.
print(abs(-3), abs(-2.5), abs(3 + 4j), divmod(17, 5), divmod(-17, 5), pow(2, 10), pow(2, 10, 1000), pow(2.0, -1))
print(round(3.14159, 2), round(-2.5), round(17, -1), min([4, 2, 8]), max(4, 2, 8), sum(range(101)), sum([[1], [2]], []))
print(bin(42), oct(42), hex(255), hex(-255), int("ff", 16), int("  42  "), int(3.9), int("1_000"), float("2.5e3"))
print(chr(65), ord("a"), str(42), repr("x"), ascii("ü"), bool(0), bool([0]), bool(""), bool(None))
print(list(enumerate("abc", 1)), list(zip("ab", [1, 2], (True, False))), list(zip("abc", [1])))
print(list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "x", [], [0]])), list(filter(str.isdigit, "a1b2")))
print(sorted("hello", reverse=True), list(reversed([1, 2, 3])), list(reversed(range(4))), list(reversed("abc")))
print(any([]), all([]), any([0, 0, 1]), all([1, 2, 0]), any(x > 3 for x in range(5)))
print(isinstance(True, int), isinstance(1, bool), isinstance([], (tuple, list)), issubclass(int, object), callable(len), callable(3))
class Obj:
    cls_attr = "c"
    def __init__(self):
        self.a = 1
o = Obj()
print(getattr(o, "a"), getattr(o, "missing", "dflt"), hasattr(o, "cls_attr"), vars(o))
setattr(o, "b", 2)
delattr(o, "a")
print(vars(o), getattr(Obj, "cls_attr"), type(o).__name__, type(o) is Obj)
it = iter([1, 2])
print(next(it), next(it), next(it, "done"), list(iter(lambda: 0, 0)))
counter = [0]
def tick():
    counter[0] += 1
    return counter[0]
print(list(iter(tick, 4)), len("abc"), len([1, 2]), len({1: 2}), len(range(0, 10, 3)))
print(list(range(10, 0, -3)), range(5)[2], range(0, 20, 5)[1:3], 3 in range(5), range(4) == range(0, 4), list(range(-3)))
print(slice(1, 5, 2), [0, 1, 2, 3, 4, 5][slice(1, 5, 2)], "abcdef"[slice(None, None, -2)], slice(3).stop)
print(hash(1) == hash(1.0), hash("a") == hash("a"), hash((1, 2)) == hash((1, 2)), hash(None) == hash(None))
print(format(3.14159, ".2f"), format(42, "08b"), format("x", "^5"), format(1234567, ","), format(0.5, "%"))
print(sorted({"b": 1, "a": 2}), dict(sorted({"b": 1, "a": 2}.items())), list({"x": 1}.items()))
print(tuple("ab"), list((1, 2)), set([1, 1, 2]), frozenset("aa"), dict(a=1), str(), int(), float(), list(), tuple(), dict())
print(complex(1, 2), complex(1, 2).real, (1 + 2j) * (3 - 1j), (1j) ** 2, abs(-0.0), -0.0 == 0.0)
print(max("apple", "fig", "banana", key=len), min([], default=None), max([1, 3, 2], key=lambda v: -v))
print(id(o) == id(o), o is o, None is None, [] is not [], type(None).__name__, type(...).__name__, NotImplemented)
print(bytes("hi", "utf-8"), b"a"[0], bytes(range(3)))
print(str(1.0), str(10 ** 20), str(True), str(None), str([1, "a"]), str({"k": (1,)}), repr({1, 2}), repr(()), repr((1,)))
print(int.__name__, str.upper("x"), list.__len__([1]), dict.fromkeys([1]), object().__class__.__name__, type(type).__name__)
print(sum([0.5, 0.25]), sum(range(5), 10), sum(x * x for x in range(4)), max(enumerate("bca"), key=lambda p: p[1]))
nums = [3, 1, 4, 1, 5, 9, 2, 6]
print(nums.index(4), nums.count(1), nums[::2], nums[-3:], sorted(nums)[len(nums) // 2], list(zip(nums, nums[1:]))[:3])
print(globals()["Obj"] is Obj, "nums" in globals(), __name__, isinstance(print, type(len)), len.__name__, repr(len))
def f(a, b=2, *args, c, d=4, **kw):
    return locals()
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6))
