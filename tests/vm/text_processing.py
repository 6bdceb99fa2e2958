# Text processing: word wrapping, justification, ciphers, run-length encoding,
# a CSV-ish parser, a template engine and a table renderer.
TEXT = ("Python bytecode is executed by a virtual machine that maintains a stack of values; "
        "each instruction pops its operands and pushes its result, and the exception table "
        "decides where control goes when an instruction raises.")

def wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines

def justify(line, width):
    words = line.split()
    if len(words) == 1:
        return line.ljust(width)
    gaps = len(words) - 1
    spaces = width - sum(map(len, words))
    out = ""
    for i, w in enumerate(words[:-1]):
        out += w + " " * (spaces // gaps + (1 if i < spaces % gaps else 0))
    return out + words[-1]

for line in wrap(TEXT, 36):
    print("|" + justify(line, 36) + "|")

def caesar(s, k):
    out = []
    for ch in s:
        if ch.isalpha():
            base = ord("A") if ch.isupper() else ord("a")
            out.append(chr((ord(ch) - base + k) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)
secret = caesar("Hello, World! Attack at dawn.", 13)
print(secret, caesar(secret, 13))

def rle(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{j - i}{s[i]}")
        i = j
    return "".join(out)

def unrle(s):
    out, num = [], ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            out.append(ch * int(num))
            num = ""
    return "".join(out)
enc = rle("aaaabbbcccccccccccdaa")
print(enc, unrle(enc), unrle(enc) == "aaaabbbcccccccccccdaa")

def parse_csv(text):
    rows = []
    for line in text.strip().splitlines():
        row, field, quoted, i = [], "", False, 0
        while i < len(line):
            ch = line[i]
            if quoted:
                if ch == '"' and i + 1 < len(line) and line[i + 1] == '"':
                    field += '"'
                    i += 1
                elif ch == '"':
                    quoted = False
                else:
                    field += ch
            elif ch == '"':
                quoted = True
            elif ch == ",":
                row.append(field)
                field = ""
            else:
                field += ch
            i += 1
        row.append(field)
        rows.append(row)
    return rows
rows = parse_csv('name,qty,note\n"Smith, J",3,"said ""hi"""\nDoe,10,\n')
print(rows)

def render(template, **values):
    out, i = [], 0
    while (start := template.find("{{", i)) != -1:
        end = template.index("}}", start)
        out.append(template[i:start])
        expr = template[start + 2:end].strip()
        name, _, filt = expr.partition("|")
        val = values.get(name.strip(), f"<{name.strip()}?>")
        if filt.strip() == "upper":
            val = str(val).upper()
        elif filt.strip() == "title":
            val = str(val).title()
        out.append(str(val))
        i = end + 2
    out.append(template[i:])
    return "".join(out)
print(render("Dear {{ name|title }}, you owe {{amount}} to {{ org | upper }}. {{missing}}",
             name="jane doe", amount=12.5, org="acme"))

table = [("Language", "Year", "Typing"), ("Python", 1991, "dynamic"), ("Rust", 2015, "static"), ("C", 1972, "static")]
widths = [max(len(str(r[i])) for r in table) for i in range(3)]
sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
print(sep)
for n, r in enumerate(table):
    print("| " + " | ".join(str(c).ljust(w) if isinstance(c, str) else str(c).rjust(w) for c, w in zip(r, widths)) + " |")
    if n == 0:
        print(sep.replace("-", "="))
print(sep)
freq = {}
for ch in TEXT.lower():
    if ch.isalpha():
        freq[ch] = freq.get(ch, 0) + 1
print("".join(sorted(freq, key=lambda c: (-freq[c], c))[:10]), sum(freq.values()))
print(TEXT.count("the"), TEXT.title()[:30], TEXT[::-1][:20], len(TEXT.split(";")), TEXT.find("stack"))
vowels = sum(1 for c in TEXT if c in "aeiouAEIOU")
print(vowels, "".join(w[0] for w in TEXT.split()).upper(), max(TEXT.split(), key=len))
def is_palindrome(s):
    cleaned = [c.lower() for c in s if c.isalnum()]
    return cleaned == cleaned[::-1]
print([is_palindrome(s) for s in ("A man, a plan, a canal: Panama", "hello", "No 'x' in Nixon")])
print("\n".join(f"{i:>3}: {w}" for i, w in enumerate(sorted(set(TEXT.lower().split()))[:5], 1)))
