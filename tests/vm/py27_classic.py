# 2.7 classic classes (no new-style base): their types, reprs and error wordings.


class A:
    x = 1

    def f(self):
        return 2


class B(A):
    def __init__(self, v):
        self.v = v


class N(object):
    pass


class M:
    __metaclass__ = type


a = A()
b = B(5)
print type(a), type(A), type(B), type(b), type(N()), type(N), type(M), type(M())
print a.__class__ is A, b.__class__ is B, a.__class__.__name__, b.__class__.__name__
print type(a) is type(b), type(a) == A, type(A).__name__, type(a).__name__
print repr(a).split(' at ')[0], repr(A).split(' at ')[0], str(A), str(B), repr(b).split(' at ')[0]
print str(a).split(' at ')[0], repr(N).split(' at ')[0], str(M)
print isinstance(a, A), isinstance(b, A), isinstance(a, B), issubclass(B, A), issubclass(A, B)
print A.__name__, B.__bases__ == (A,), A.__bases__, A.__module__, b.v, b.f(), A.f(a)
print A.__dict__['x'], sorted(k for k in A.__dict__ if not k.startswith('__'))


class R:
    def __repr__(self):
        return 'R()'

    def __str__(self):
        return 'an R'


print repr(R()), str(R()), [R()], type(R())
print hasattr(a, 'x'), hasattr(a, 'nope'), getattr(a, 'nope', 'dflt')

try:
    a.nope
except AttributeError as e:
    print 'AttributeError:', e
try:
    A.nope
except AttributeError as e:
    print 'AttributeError:', e
try:
    a()
except AttributeError as e:
    print 'AttributeError:', e
try:
    A(1)
except TypeError as e:
    print 'TypeError:', e
try:
    N(1)
except TypeError as e:
    print 'TypeError:', e
try:
    B()
except TypeError as e:
    print 'TypeError:', e
