# 2.7's unicode next to its byte-string str: literals, reprs, mixing, codecs.
s = u'abc'
print s, repr(s), type(s), type(u''), [s, u'\xe9', u'\u20ac', u'\U0001f600']
print repr(u'\t\n\'"'), repr(u"'"), repr(u'\x7f\x00'), unicode.__name__

# Mixing str and unicode gives unicode.
print repr('a' + u'b'), repr(u'a' + 'b'), repr(u'ab' * 2), repr(3 * u'x')
print repr('%s!' % u'x'), repr(u'%d' % 3), repr('%s %s' % ('a', u'b')), repr('%r' % u'q')
print repr('%(k)s' % {'k': u'v'}), repr(u'%s' % 'x'), type('%d' % 3)

# Constructors and codecs.
print repr(unicode(5)), repr(unicode('abc')), repr(unicode()), repr(unicode(u'z'))
print repr(unicode('caf\xc3\xa9', 'utf-8')), repr(unicode('\xe9', 'latin-1'))
print repr(u'\xe9\u20ac'.encode('utf-8')), repr('caf\xc3\xa9'.decode('utf-8')), type(u'x'.encode())
print repr(u'\xe9'.encode('latin-1')), repr('abc'.encode('utf-8')), repr(u'abc'.decode('ascii'))
print repr(u'\xe9'.encode('ascii', 'replace')), repr(u'\xe9x'.encode('ascii', 'ignore'))
print repr('a\xffb'.decode('utf-8', 'replace')), repr('a\xffb'.decode('utf-8', 'ignore'))
print repr(str(u'abc')), type(str(u'x'))


class Named(object):
    def __unicode__(self):
        return u'named'

    def __str__(self):
        return 'plain'


print repr(unicode(Named())), repr(str(Named()))

# Methods of unicode return unicode; a unicode argument does too.
print repr(u'a b c'.split()), repr('a,b'.split(u',')), repr(u','.join(['a', 'b']))
print repr(','.join([u'a', 'b'])), repr(','.join(['a', 'b'])), repr(u''.join([]))
print repr(u'Hello'.upper()), repr(u'x'.center(5)), repr(u'a-b'.partition('-'))
print repr(u'abc'.replace('b', 'X')), repr('abc'.replace('b', u'X')), repr(u'  pad '.strip())
print repr(u'a\nb'.splitlines()), repr(u'ab'.title()), repr(u'x'.zfill(3)), repr(u'abc'.rjust(5, u'*'))
print u'abc'.startswith('a'), u'abc'.find('c'), u'abc'.count(u'b'), u'12'.isdigit(), u'ab'.isalpha()
print u'12'.isnumeric(), u'1a'.isdecimal(), hasattr('12', 'isnumeric'), hasattr(u'', 'isidentifier')
print repr('{}'.format(u'x')), repr(u'{}-{}'.format('x', 1)), repr(u'{0!r}'.format(u'y'))

# basestring and isinstance.
print isinstance(u'', basestring), isinstance('', basestring), isinstance(1, basestring)
print isinstance(u'', str), isinstance('', unicode), isinstance(u'', unicode)
print issubclass(str, basestring), issubclass(unicode, basestring), issubclass(int, basestring)
print unicode.__mro__ == (unicode, basestring, object), type(u'') is unicode, type('') is str
try:
    basestring()
except TypeError as e:
    print 'TypeError:', e

# Equal ASCII str and unicode are the same key.
print 'a' == u'a', u'a' != 'a', hash('a') == hash(u'a'), hash(u'abc') == hash('abc')
d = {u'k': 1}
d['k'] += 1
print d, d[u'k'], u'k' in {'k': 0}, sorted([u'b', 'a', u'c']), max(u'abc'), min(['b', u'a'])
print len(u'\xe9t\xe9'), len(u'\U0001f600'), [c for c in u'ab'], repr(u'abc'[1]), repr(u'abc'[::-1])
print repr(u'h\xe9llo'[1:3]), u'\xe9' in u'caf\xe9', list(u'\xe9a'), repr(tuple(u'xy'))
print repr(unichr(233)), repr(unichr(0x20ac)), repr(chr(233)), ord(u'\u20ac'), ord(unichr(65))
try:
    chr(300)
except ValueError as e:
    print 'ValueError:', e
print repr(u'%s=%s' % (u'\xe9', 1)), repr([u'\u20ac' + 'x']), repr(map(unicode, [1, 2]))

# Errors ordinary programs meet.
for f in (lambda: str(u'\xe9'), lambda: u'\xe9\xe8'.encode('ascii'), lambda: u'a\u20ac'.encode()):
    try:
        f()
    except UnicodeEncodeError as e:
        print 'UnicodeEncodeError:', e
for f in (lambda: '\xe9' + u'a', lambda: u'a' + '\xe9', lambda: '\xff'.decode('utf-8'),
          lambda: 'ab\xc3'.decode('utf-8'), lambda: unicode('\x80'), lambda: 'x\xe9'.decode()):
    try:
        f()
    except UnicodeDecodeError as e:
        print 'UnicodeDecodeError:', e
try:
    u'x'.encode('no-such-codec')
except LookupError as e:
    print 'LookupError:', e
print isinstance(UnicodeError(), ValueError), issubclass(UnicodeEncodeError, UnicodeError)

# print writes ASCII unicode as its text; anything else does not fit stdout.
print u'plain', u'text'
print u'caf\xe9'
