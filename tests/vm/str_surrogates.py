# Lone surrogates in str: repr, len, indexing, ord/chr, hashing, encoding.
s = '\ud800'
print(repr(s), len(s), ascii(s), repr('a\udc80b'), len('a\udc80b'))
t = 'x\ud83d\ude00y'
print(repr(t), len(t), repr(t[1]), repr(t[1:3]), [repr(c) for c in t])
print(ord('\udfff'), repr(chr(0xd800)), chr(0xdc80) == '\udc80', repr(chr(0xe000)))
print(hash('\ud800') == hash(chr(0xd800)), hash('a\ud800') == hash('a' + '\ud800'))
print(sorted({'\ud800', 'a', 'b', '\udc00', 'z'}) == sorted(['a', 'b', 'z', '\ud800', '\udc00']))
print(list({'\ud800': 1, 'a\udc01': 2, 'q': 3}), {'\ud800', 'x\udfff', 'yy'} == {'yy', 'x\udfff', '\ud800'})
print(repr(s + 'x'), repr('x' + s), repr(s * 3), s in 'ab\ud800', repr('%s|%r' % (s, 1)))
print('\ud800'.encode('utf-8', 'surrogatepass'), 'a\udc80'.encode('utf-8', 'surrogateescape'))
print('\ud800x'.encode('utf-8', 'ignore'), '\ud800x'.encode('utf-8', 'replace'), '\ud800'.encode('utf-8', 'backslashreplace'))
for text in ('\ud800', 'ab\udc00\udc01c'):
    try:
        text.encode()
    except UnicodeEncodeError as e:
        print('UnicodeEncodeError:', e)
try:
    print('a\ud800')
except UnicodeEncodeError as e:
    print('print failed:', e)
print('end')
print('\ud800', 'after')
