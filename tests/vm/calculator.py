# A tokenizer, recursive-descent parser and evaluator for arithmetic expressions.
class Token:
    def __init__(self, kind, text):
        self.kind, self.text = kind, text
    def __repr__(self):
        return f"Token({self.kind}, {self.text!r})"

class ParseError(Exception):
    pass

def tokenize(src):
    tokens, i = [], 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or ch == ".":
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            tokens.append(Token("num", src[i:j]))
            i = j
        elif ch.isalpha():
            j = i
            while j < len(src) and src[j].isalnum():
                j += 1
            tokens.append(Token("name", src[i:j]))
            i = j
        elif ch in "+-*/()^,":
            tokens.append(Token("op", ch))
            i += 1
        else:
            raise ParseError(f"unexpected character {ch!r} at {i}")
    tokens.append(Token("end", ""))
    return tokens

class Parser:
    FUNCS = {"max": max, "min": min, "abs": abs}
    def __init__(self, tokens, env):
        self.tokens, self.pos, self.env = tokens, 0, env
    def peek(self):
        return self.tokens[self.pos]
    def take(self, text=None):
        tok = self.tokens[self.pos]
        if text is not None and tok.text != text:
            raise ParseError(f"expected {text!r}, got {tok.text!r}")
        self.pos += 1
        return tok
    def expr(self):
        value = self.term()
        while self.peek().text in ("+", "-"):
            op = self.take().text
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value
    def term(self):
        value = self.power()
        while self.peek().text in ("*", "/"):
            op = self.take().text
            rhs = self.power()
            if op == "/" and rhs == 0:
                raise ZeroDivisionError("division by zero in expression")
            value = value * rhs if op == "*" else value / rhs
        return value
    def power(self):
        base = self.unary()
        if self.peek().text == "^":
            self.take()
            return base ** self.power()
        return base
    def unary(self):
        if self.peek().text == "-":
            self.take()
            return -self.unary()
        return self.atom()
    def atom(self):
        tok = self.take()
        if tok.kind == "num":
            return float(tok.text) if "." in tok.text else int(tok.text)
        if tok.kind == "name":
            if self.peek().text == "(":
                self.take("(")
                args = [self.expr()]
                while self.peek().text == ",":
                    self.take()
                    args.append(self.expr())
                self.take(")")
                return self.FUNCS[tok.text](*args)
            if tok.text not in self.env:
                raise ParseError(f"unknown name {tok.text}")
            return self.env[tok.text]
        if tok.text == "(":
            v = self.expr()
            self.take(")")
            return v
        raise ParseError(f"unexpected {tok!r}")

def evaluate(src, **env):
    p = Parser(tokenize(src), env)
    v = p.expr()
    p.take("")
    return v

for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-4 + 10 / 4", "max(1, x, 3) * y",
            "abs(-2.5) + min(7, 8)", "2 ^ 100", "1 / 0", "3 +", "4 $ 4", "z + 1", "(1 + 2"]:
    try:
        print(f"{src!r:>24} = {evaluate(src, x=5, y=2)}")
    except (ParseError, ZeroDivisionError) as e:
        print(f"{src!r:>24} ! {type(e).__name__}: {e}")
print(tokenize("a1 + 2.5")[:3])
