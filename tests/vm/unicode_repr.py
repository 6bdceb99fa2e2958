# repr() escapes the characters str.isprintable() rejects: controls, format
# characters, separators other than the space, private use, unassigned code points.
samples = [
    u"plain ascii",
    u"caf\u00e9 \u4e2d\u6587",
    u"soft\u00adhyphen",
    u"zero\u200bwidth",
    u"line\u2028sep",
    u"ideographic\u3000space",
    u"private\ue000use",
    u"unassigned\u0378\ud7fc\ud7ff\uffff",
    u"arabic\u0600sign",
    u"emoji \U0001f600",
    u"plane 16 \U0010ffff",
    u"tab\tnew\nline",
    u"bom\ufeff",
]
for s in samples:
    print(repr(s), s.isprintable())
print([c.isprintable() for c in u" \x7f\xa0\xa1"])
print(repr(u"".join(chr(c) for c in range(0x2000, 0x2010))))
