//! The `.pyasm` parser against `docs/language.md`: every construct gives the expected
//! AST, every syntax error a diagnostic at the right line and column, and no input
//! makes it panic or hang.

mod support_parse {
    //! A compact text form of the AST, so that expectations fit on a line.

    use pycasm::asm::ast::{Expr, File, Instr, Item, OpName, PosSpec, Stmt, StrPrefix};

    pub fn expr(e: &Expr) -> String {
        let list = |v: &[pycasm::asm::ast::Spanned<Expr>]| {
            v.iter()
                .map(|x| expr(&x.node))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match e {
            Expr::Ident(s) => s.clone(),
            Expr::Int(v) => v.to_string(),
            Expr::Long(v) => format!("{v}L"),
            Expr::Float(f) => format!("float({f:?})"),
            Expr::Imag(f) => format!("imag({f:?})"),
            Expr::Str(cps, prefix) => {
                let p = match prefix {
                    StrPrefix::Plain => "",
                    StrPrefix::Unicode => "u",
                    StrPrefix::Bytes => "B?",
                };
                let body: String = cps
                    .iter()
                    .map(|&c| match char::from_u32(c) {
                        Some(ch) if !ch.is_control() => ch.to_string(),
                        _ => format!("\\u{{{c:x}}}"),
                    })
                    .collect();
                format!("{p}'{body}'")
            }
            Expr::Bytes(b) => format!("b'{}'", b.escape_ascii()),
            Expr::Neg(x) => format!("neg({})", expr(&x.node)),
            Expr::BinOp(a, op, b) => format!("({} {op} {})", expr(&a.node), expr(&b.node)),
            Expr::Tuple(v) => format!("tuple({})", list(v)),
            Expr::List(v) => format!("[{}]", list(v)),
            Expr::Set(v) => format!("set{{{}}}", list(v)),
            Expr::Dict(kv) => {
                let items: Vec<String> = kv
                    .iter()
                    .map(|(k, v)| format!("{}: {}", expr(&k.node), expr(&v.node)))
                    .collect();
                format!("dict{{{}}}", items.join(", "))
            }
            Expr::Call(name, v) => format!("{name}({})", list(v)),
            Expr::Ellipsis => "...".into(),
            Expr::CodeRef(n) => format!("@{n}"),
            Expr::Raw(n) => format!("#{n}"),
            Expr::Op(o) => format!("op`{o}`"),
            Expr::Flags(f) => format!("flags({})", f.join("|")),
        }
    }

    pub fn instr(i: &Instr) -> String {
        let mut out = String::new();
        if let Some(p) = &i.position {
            out += &match p.node {
                PosSpec::None => "<->".to_string(),
                PosSpec::At {
                    line,
                    end_line,
                    cols,
                } => {
                    let end = end_line.map(|e| format!("-{e}")).unwrap_or_default();
                    let col = |c: Option<u64>| c.map_or("?".into(), |c| c.to_string());
                    let cols = cols
                        .map(|(a, b)| format!(":{}-{}", col(a), col(b)))
                        .unwrap_or_default();
                    format!("<{line}{end}{cols}>")
                }
            };
            out.push(' ');
        }
        out += &match &i.op.node {
            OpName::Name(n) => n.clone(),
            OpName::Raw(n) => format!("#{n}"),
        };
        for o in &i.operands {
            out += &format!(" {}", expr(&o.node));
        }
        for o in &i.options {
            out += &format!(" [{}={}]", o.node.0, expr(&o.node.1.node));
        }
        out
    }

    pub fn stmt(s: &Stmt) -> String {
        match s {
            Stmt::Directive(d) => {
                let args: Vec<String> = d.args.iter().map(|a| expr(&a.node)).collect();
                format!(".{} {}", d.name.node, args.join(" ; "))
            }
            Stmt::Label(l) => format!("{}:", l.node),
            Stmt::Instr(i) => instr(i),
        }
    }

    pub fn file(f: &File) -> Vec<String> {
        let mut out = Vec::new();
        for item in &f.items {
            match item {
                Item::Directive(d) => out.push(stmt(&Stmt::Directive(d.clone()))),
                Item::Code(c) => {
                    out.push(format!(".code @{}", c.name.node));
                    out.extend(c.body.iter().map(|s| format!("  {}", stmt(s))));
                    out.push(".end".into());
                }
            }
        }
        out
    }
}

mod support_spans {
    //! Every span of a parse result lies within the source, on character boundaries.

    use pycasm::asm::ast::{Expr, File, Item, Span, Spanned, Stmt};
    use pycasm::diag::Diagnostic;

    fn ok(src: &str, s: Span) -> bool {
        s.start <= s.end && src.get(s.range()).is_some()
    }

    fn expr(src: &str, e: &Spanned<Expr>) -> bool {
        let all = |v: &[Spanned<Expr>]| v.iter().all(|x| expr(src, x));
        ok(src, e.span)
            && match &e.node {
                Expr::Neg(x) => expr(src, x),
                Expr::BinOp(a, _, b) => expr(src, a) && expr(src, b),
                Expr::Tuple(v) | Expr::List(v) | Expr::Set(v) | Expr::Call(_, v) => all(v),
                Expr::Dict(kv) => kv.iter().all(|(k, v)| expr(src, k) && expr(src, v)),
                _ => true,
            }
    }

    fn stmt(src: &str, s: &Stmt) -> bool {
        match s {
            Stmt::Directive(d) => {
                ok(src, d.span) && ok(src, d.name.span) && d.args.iter().all(|a| expr(src, a))
            }
            Stmt::Label(l) => ok(src, l.span),
            Stmt::Instr(i) => {
                ok(src, i.span)
                    && ok(src, i.op.span)
                    && i.position.as_ref().is_none_or(|p| ok(src, p.span))
                    && i.operands.iter().all(|o| expr(src, o))
                    && i.options
                        .iter()
                        .all(|o| ok(src, o.span) && expr(src, &o.node.1))
            }
        }
    }

    pub fn all_within(src: &str, f: &File, diags: &[Diagnostic]) -> bool {
        let items = f.items.iter().all(|item| match item {
            Item::Directive(d) => stmt(src, &Stmt::Directive(d.clone())),
            Item::Code(c) => {
                ok(src, c.span) && ok(src, c.name.span) && c.body.iter().all(|s| stmt(src, s))
            }
        });
        items
            && diags
                .iter()
                .all(|d| ok(src, d.span) && d.secondary.iter().all(|(s, _)| ok(src, *s)))
    }
}

use proptest::prelude::*;
use pycasm::asm::ast::{Expr, Item, Span, Stmt};
use pycasm::asm::parse;
use support_parse::{expr, file};

/// Parse a source that must be clean.
fn clean(src: &str) -> Vec<String> {
    let (f, d) = parse(src);
    assert!(d.is_empty(), "unexpected diagnostics: {d:#?}");
    file(&f)
}

/// The statements of a block holding `body`.
fn body(lines: &str) -> Vec<String> {
    let all = clean(&format!(".code @m\n{lines}\n.end\n"));
    all[1..all.len() - 1]
        .iter()
        .map(|s| s.trim().to_string())
        .collect()
}

/// The one operand of `LOAD_CONST x`, in compact form.
fn constant(x: &str) -> String {
    let b = body(&format!("LOAD_CONST {x}"));
    assert_eq!(b.len(), 1);
    b[0].strip_prefix("LOAD_CONST ").unwrap_or("").to_string()
}

/// Diagnostics as (line, column, message, hint).
fn diags(src: &str) -> Vec<(usize, usize, String, String)> {
    parse(src)
        .1
        .iter()
        .map(|d| {
            let (l, c) = d.line_col(src);
            (l, c, d.message.clone(), d.hint.clone().unwrap_or_default())
        })
        .collect()
}

/// The single diagnostic of `src`: line, column and message.
fn one(src: &str) -> (usize, usize, String) {
    let d = diags(src);
    assert_eq!(d.len(), 1, "{d:#?}");
    (d[0].0, d[0].1, d[0].2.clone())
}

const HELLO: &str = r#"; hello.pyasm: print a greeting (CPython 3.12)
.version 3.12

.code @<module>
    .filename "hello.py"
  1 RESUME 0
    PUSH_NULL
    LOAD_NAME print
    LOAD_CONST 'Hello, world!'
    CALL 1
    POP_TOP
    RETURN_CONST None
.end
"#;

#[test]
fn spec_example() {
    assert_eq!(
        clean(HELLO),
        [
            ".version 3.12",
            ".code @<module>",
            "  .filename 'hello.py'",
            "  <1> RESUME 0",
            "  PUSH_NULL",
            "  LOAD_NAME print",
            "  LOAD_CONST 'Hello, world!'",
            "  CALL 1",
            "  POP_TOP",
            "  RETURN_CONST None",
            ".end",
        ]
    );
}

#[test]
fn file_directives() {
    let src = ".version 3.10\n.header timestamp 0 0\n.header hash 0xdeadbeef checked\n\
               .magic 3495\n.marshal \"&c)z\"\n";
    assert_eq!(
        clean(src),
        [
            ".version 3.10",
            ".header timestamp ; 0 ; 0",
            ".header hash ; 3735928559 ; checked",
            ".magic 3495",
            ".marshal '&c)z'",
        ]
    );
    // `.version 3.10` is not the float 3.1.
    let (f, _) = parse(".version 3.10\n");
    let Item::Directive(d) = &f.items[0] else {
        panic!("not a directive")
    };
    assert_eq!(d.args[0].node, Expr::Ident("3.10".into()));
}

#[test]
fn blocks_and_names() {
    let src =
        ".code @<module>\n.end\n.code @f#2\n.end\n.code @code#3\n.end\n.code @C.<lambda>\n.end\n";
    assert_eq!(
        clean(src),
        [
            ".code @<module>",
            ".end",
            ".code @f#2",
            ".end",
            ".code @code#3",
            ".end",
            ".code @C.<lambda>",
            ".end"
        ]
    );
    let (f, _) = parse("; c\n.code @m ; the module\n  NOP\n.end\n");
    let Item::Code(c) = &f.items[0] else {
        panic!("not a block")
    };
    assert_eq!(c.name.span, Span::new(10, 12));
    assert_eq!(c.span, Span::new(4, 36));
}

#[test]
fn block_directives() {
    assert_eq!(
        body(
            ".varnames a b c\n.consts 1, 'x', (2, 3)\n.flags OPTIMIZED|NEWLOCALS\n\
             .flags OPTIMIZED | 0x4000000\n.flags 3\n.localsplus a:0x20 b:0x60\n\
             .names a 'a b'\n.argcount 2"
        ),
        [
            ".varnames a ; b ; c",
            ".consts 1 ; 'x' ; tuple(2, 3)",
            ".flags flags(OPTIMIZED|NEWLOCALS)",
            ".flags flags(OPTIMIZED|0x4000000)",
            ".flags 3",
            ".localsplus (a : 32) ; (b : 96)",
            ".names a ; 'a b'",
            ".argcount 2",
        ]
    );
}

#[test]
fn except_entries() {
    assert_eq!(
        body(".except L1 L2 -> L3 depth 2 lasti\n.except L1 L2 -> L4 depth 0"),
        [
            ".except L1 ; L2 ; op`->` ; L3 ; depth ; 2 ; lasti",
            ".except L1 ; L2 ; op`->` ; L4 ; depth ; 0",
        ]
    );
}

#[test]
fn labels() {
    assert_eq!(
        body("L1:\nloop: FOR_ITER done\n  JUMP_BACKWARD loop\ndone: 3 END_FOR\nend:"),
        [
            "L1:",
            "loop:",
            "FOR_ITER done",
            "JUMP_BACKWARD loop",
            "done:",
            "<3> END_FOR",
            "end:"
        ]
    );
}

#[test]
fn positions() {
    assert_eq!(
        body(
            "12 NOP\n-3 NOP\n12:4-20 NOP\n12-14:4-8 NOP\n12-14 NOP\n12:?-20 NOP\n\
             12:4-? NOP\n- NOP\n0 NOP\n-1--1 NOP"
        ),
        [
            "<12> NOP",
            "<-3> NOP",
            "<12:4-20> NOP",
            "<12-14:4-8> NOP",
            "<12-14> NOP",
            "<12:?-20> NOP",
            "<12:4-?> NOP",
            "<-> NOP",
            "<0> NOP",
            "<-1--1> NOP",
        ]
    );
}

#[test]
fn opcodes_and_operands() {
    assert_eq!(
        body(
            "#99\n12 #0x10 3\nLOAD_GLOBAL len null\nLOAD_FAST_LOAD_FAST a, b\nLOAD_FAST_LOAD_FAST a b\n\
             COMPARE_OP not in\nCOMPARE_OP exception match\nCOMPARE_OP bool(<)\nCOMPARE_OP <=\n\
             BINARY_OP +=\nBINARY_OP []\nBINARY_OP -\nBINARY_OP |\nBINARY_OP **=\nBINARY_OP @\n\
             LOAD_CONST #3\nJUMP_FORWARD L2\nLOAD_ATTR append method\n\
             LOAD_SUPER_ATTR __init__ method twoarg\nCALL_INTRINSIC_1 INTRINSIC_PRINT"
        ),
        [
            "#99",
            "<12> #16 3",
            "LOAD_GLOBAL len null",
            "LOAD_FAST_LOAD_FAST a b",
            "LOAD_FAST_LOAD_FAST a b",
            "COMPARE_OP not in",
            "COMPARE_OP exception match",
            "COMPARE_OP bool(op`<`)",
            "COMPARE_OP op`<=`",
            "BINARY_OP op`+=`",
            "BINARY_OP op`[]`",
            "BINARY_OP op`-`",
            "BINARY_OP op`|`",
            "BINARY_OP op`**=`",
            "BINARY_OP op`@`",
            "LOAD_CONST #3",
            "JUMP_FORWARD L2",
            "LOAD_ATTR append method",
            "LOAD_SUPER_ATTR __init__ method twoarg",
            "CALL_INTRINSIC_1 INTRINSIC_PRINT",
        ]
    );
}

#[test]
fn options() {
    assert_eq!(
        body("LOAD_CONST 1 [ext=2]\nLOAD_GLOBAL x null [cache=\"0100\", ext=1]\nNOP [ext=1]"),
        [
            "LOAD_CONST 1 [ext=2]",
            "LOAD_GLOBAL x null [cache='0100'] [ext=1]",
            "NOP [ext=1]",
        ]
    );
    // A top-level bracket of values is a list.
    assert_eq!(constant("[1, x]"), "[1, x]");
    assert_eq!(constant("[ ]"), "[]");
}

#[test]
fn numbers() {
    assert_eq!(constant("42"), "42");
    assert_eq!(constant("0x1f"), "31");
    assert_eq!(constant("0o17"), "15");
    assert_eq!(constant("0b101"), "5");
    assert_eq!(constant("1_000_000"), "1000000");
    assert_eq!(
        constant("123456789012345678901234567890"),
        "123456789012345678901234567890"
    );
    assert_eq!(constant("42L"), "42L");
    assert_eq!(constant("-7"), "neg(7)");
    assert_eq!(constant("- 7"), "neg(7)");
    assert_eq!(constant("1.5"), "float(1.5)");
    assert_eq!(constant("1e100"), "float(1e100)");
    assert_eq!(constant("1e+100"), "float(1e100)");
    assert_eq!(constant(".5"), "float(0.5)");
    assert_eq!(constant("1."), "float(1.0)");
    assert_eq!(constant("-0.0"), "neg(float(0.0))");
    assert_eq!(constant("inf"), "inf");
    assert_eq!(constant("-inf"), "neg(inf)");
    assert_eq!(constant("nan"), "nan");
    assert_eq!(constant("2j"), "imag(2.0)");
    assert_eq!(constant("1.5j"), "imag(1.5)");
    assert_eq!(constant("(1+2j)"), "(1 + imag(2.0))");
    assert_eq!(constant("(-0-1j)"), "(neg(0) - imag(1.0))");
    assert_eq!(
        constant("complex(1.5, -0.0)"),
        "complex(float(1.5), neg(float(0.0)))"
    );
    assert_eq!(
        constant("float.frombits(0x7ff8000000000001)"),
        "float.frombits(9221120237041090561)"
    );
}

#[test]
fn strings_and_bytes() {
    assert_eq!(constant("'text'"), "'text'");
    assert_eq!(constant("\"it's\""), "'it's'");
    assert_eq!(constant("u'text'"), "u'text'");
    assert_eq!(constant("U'x'"), "u'x'");
    assert_eq!(constant(r"'\udc80'"), r"'\u{dc80}'");
    assert_eq!(constant(r"'\x41\101\u00e9\U0001F600'"), "'AAé😀'");
    assert_eq!(constant(r"'a\n'"), r"'a\u{a}'");
    assert_eq!(constant(r"r'\n'"), r"'\n'");
    assert_eq!(constant("'é😀'"), "'é😀'");
    assert_eq!(constant(r"b'\x00\xffA'"), r"b'\x00\xffA'");
    assert_eq!(constant(r"B'\n'"), r"b'\n'");
    assert_eq!(constant(r"br'\n'"), r"b'\\n'");
    assert_eq!(constant(r"Rb'\n'"), r"b'\\n'");
    assert_eq!(constant("''"), "''");
    assert_eq!(constant("'a;b'"), "'a;b'");
}

#[test]
fn containers_and_other_constants() {
    assert_eq!(constant("()"), "tuple()");
    assert_eq!(constant("(1,)"), "tuple(1)");
    assert_eq!(constant("(1)"), "1");
    assert_eq!(constant("(1, 'a', (2, 3))"), "tuple(1, 'a', tuple(2, 3))");
    assert_eq!(constant("(1, 2,)"), "tuple(1, 2)");
    assert_eq!(constant("([],)"), "tuple([])");
    assert_eq!(constant("[[1], []]"), "[[1], []]");
    assert_eq!(constant("{1, 2}"), "set{1, 2}");
    assert_eq!(constant("{1}"), "set{1}");
    assert_eq!(constant("{}"), "dict{}");
    assert_eq!(
        constant("{1: 'a', 'b': (2,)}"),
        "dict{1: 'a', 'b': tuple(2)}"
    );
    assert_eq!(constant("frozenset()"), "frozenset()");
    assert_eq!(constant("frozenset({1, 2})"), "frozenset(set{1, 2})");
    assert_eq!(constant("set()"), "set()");
    assert_eq!(constant("slice(1, None, None)"), "slice(1, None, None)");
    assert_eq!(constant("..."), "...");
    assert_eq!(constant("@f"), "@f");
    assert_eq!(constant("(@f, @<lambda>)"), "tuple(@f, @<lambda>)");
    assert_eq!(constant("None"), "None");
    assert_eq!(constant("StopIteration"), "StopIteration");
    assert_eq!(constant("été_1"), "été_1");
    assert_eq!(body("LOAD_CONST x (1, 2)"), ["LOAD_CONST x tuple(1, 2)"]);
}

#[test]
fn comments_blank_lines_and_crlf() {
    let src = "\r\n; only a comment\n.code @m   ; trailing\r\n\n   \n\tNOP;x\r\n.end";
    assert_eq!(clean(src), [".code @m", "  NOP", ".end"]);
}

#[test]
fn operand_spans() {
    let src = ".code @m\n  LOAD_CONST -7, (1, 2)\n.end\n";
    let (f, _) = parse(src);
    let Item::Code(c) = &f.items[0] else {
        panic!("not a block")
    };
    let Stmt::Instr(i) = &c.body[0] else {
        panic!("not an instruction")
    };
    let text: Vec<&str> = i.operands.iter().map(|o| &src[o.span.range()]).collect();
    assert_eq!(text, ["-7", "(1, 2)"]);
    assert_eq!(&src[i.span.range()], "LOAD_CONST -7, (1, 2)");
    assert_eq!(&src[i.op.span.range()], "LOAD_CONST");
}

// ---------------------------------------------------------------- diagnostics

#[test]
fn unexpected_token_names_what_was_expected() {
    let d = diags(".code @m\n  LOAD_CONST )\n.end\n");
    assert_eq!(
        d,
        [(
            2,
            14,
            "unexpected `)`".into(),
            "expected an operand or end of line".into()
        )]
    );
    let d = diags(".code @m\n  LOAD_CONST 1,\n.end\n");
    assert_eq!(
        d,
        [(
            2,
            16,
            "unexpected end of line".into(),
            "expected an operand".into()
        )]
    );
    let d = diags(".code @m\n  LOAD_CONST (1, 2\n.end\n");
    assert_eq!(d[0].2, "unexpected end of line");
    assert_eq!(d[0].3, "expected `,` or `)`");
    let d = diags(".code @m\n  12\n.end\n");
    assert_eq!(d[0].3, "expected an opcode name, `-` or `:`");
    let d = diags(".code @m\n  12:4 NOP\n.end\n");
    assert_eq!((d[0].0, d[0].1, d[0].3.as_str()), (2, 8, "expected `-`"));
    let d = diags(".code @m\n  , NOP\n.end\n");
    assert_eq!(d[0].3, "expected a directive, label or instruction");
    let d = diags(".code @m\n  LOAD_CONST {1: 2, 3}\n.end\n");
    assert_eq!((d[0].1, d[0].3.as_str()), (22, "expected `:`"));
    let d = diags(".code @m\n  LOAD_CONST f(1 2)\n.end\n");
    assert_eq!((d[0].1, d[0].3.as_str()), (18, "expected `,` or `)`"));
}

#[test]
fn lexical_errors() {
    assert_eq!(
        diags(".code @m\n  LOAD_CONST 'abc\n.end\n"),
        [(
            2,
            14,
            "unterminated string literal".into(),
            "close it with the same quote on the same line".into()
        )]
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST $x\n.end\n"),
        (2, 14, "unexpected character `$`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST 1 $$$\n.end\n"),
        (2, 16, "unexpected characters `$$$`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST 12abc\n.end\n"),
        (2, 14, "invalid number literal `12abc`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST 1__0\n.end\n"),
        (2, 14, "invalid number literal `1__0`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST 012\n.end\n"),
        (
            2,
            14,
            "leading zeros in decimal integer literals are not permitted".into()
        )
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST #0xfffffffffffffffff\n.end\n"),
        (2, 14, "invalid raw number `#0xfffffffffffffffff`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST #\n.end\n"),
        (2, 14, "invalid raw number `#`".into())
    );
}

#[test]
fn string_escape_errors() {
    assert_eq!(
        one(".code @m\n  LOAD_CONST 'ab\\x4'\n.end\n"),
        (2, 17, "truncated `\\xXX` escape".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST '\\u12'\n.end\n"),
        (2, 15, "truncated `\\uXXXX` escape".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST '\\N{EM DASH}'\n.end\n"),
        (2, 15, "`\\N{...}` escapes are not supported".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST '\\U00110000'\n.end\n"),
        (2, 15, "illegal Unicode character `\\U00110000`".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST b'aé'\n.end\n"),
        (
            2,
            17,
            "bytes can only contain ASCII literal characters".into()
        )
    );
    // Python keeps an unknown escape (with a warning); so do we.
    let (f, d) = parse(".code @m\n  LOAD_CONST '\\q'\n.end\n");
    assert_eq!(d.len(), 1);
    assert!(!d[0].is_error());
    assert_eq!(d[0].message, "unknown escape `\\q`");
    assert_eq!(d[0].line_col(".code @m\n  LOAD_CONST '\\q'\n"), (2, 15));
    assert_eq!(file(&f)[1], "  LOAD_CONST '\\q'");
}

#[test]
fn block_structure_errors() {
    assert_eq!(
        diags(".code @m\n  NOP\n"),
        [(
            1,
            1,
            "`.code` block without `.end`".into(),
            "add `.end` after the block's last line".into()
        )]
    );
    let d = parse(".code @a\n  NOP\n.code @b\n  NOP\n.end\n");
    assert_eq!(d.1.len(), 1);
    assert_eq!(d.1[0].message, "`.code` block without `.end`");
    assert_eq!(d.1[0].secondary[0].0, Span::new(15, 20));
    assert_eq!(
        file(&d.0),
        [".code @a", "  NOP", ".end", ".code @b", "  NOP", ".end"]
    );
    assert_eq!(
        diags(".code @a\n.end\n.end\n"),
        [(
            3,
            1,
            "`.end` without `.code`".into(),
            "remove it, or start the block with `.code @NAME`".into()
        )]
    );
    assert_eq!(
        one("NOP\nNOP\n.code @m\n.end\n"),
        (1, 1, "instruction or label outside a `.code` block".into())
    );
    assert_eq!(
        one(".code\n.end\n"),
        (1, 1, "expected `@NAME` after `.code`".into())
    );
    assert_eq!(
        one(".code @m x\n.end\n"),
        (1, 10, "unexpected argument after `.code @NAME`".into())
    );
    assert_eq!(
        one(".code @m\n.end now\n"),
        (2, 6, "unexpected argument after `.end`".into())
    );
    // A broken `.code` line still opens its block, so its body is not "outside".
    let (f, d) = parse(".code @m)\n  NOP\n.end\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(file(&f), [".code @m", "  NOP", ".end"]);
}

#[test]
fn option_errors() {
    assert_eq!(
        one(".code @m\n  LOAD_CONST 1 [ext=1] 2\n.end\n"),
        (2, 24, "operand after the options".into())
    );
    assert_eq!(
        one(".code @m\n  LOAD_CONST [ext=1, 2]\n.end\n"),
        (2, 15, "`key=value` inside a list".into())
    );
    assert_eq!(
        one(".consts [ext=1]\n"),
        (1, 10, "options are only allowed on instructions".into())
    );
}

#[test]
fn number_range_errors() {
    assert_eq!(
        one(".code @m\n  99999999999999999999 NOP\n.end\n"),
        (2, 3, "line number out of range".into())
    );
    assert_eq!(
        one(".code @m\n  1:99999999999999999999-2 NOP\n.end\n"),
        (2, 5, "column number out of range".into())
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = format!(".code @m\n  LOAD_CONST {}1\n.end\n", "(".repeat(100_000));
    let d = diags(&deep);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].0, d[0].2.as_str()),
        (2, "nesting deeper than 200 levels")
    );
    let minus = format!(".code @m\n  LOAD_CONST ({}1,)\n.end\n", "-".repeat(100_000));
    assert_eq!(diags(&minus)[0].2, "nesting deeper than 200 levels");
    // 150 levels are fine.
    let ok = format!("{}1{}", "(".repeat(150), ",)".repeat(150));
    assert!(constant(&ok).starts_with("tuple(tuple("));
}

#[test]
fn huge_literals_are_fast_enough() {
    let digits = "7".repeat(100_000);
    let (f, d) = parse(&format!(".consts {digits} 0x{digits} 1.{digits}\n"));
    assert!(d.is_empty());
    assert_eq!(f.items.len(), 1);
    let d = diags(&format!(".consts {digits}1\n"));
    assert_eq!(d[0].2, "integer literal has more than 100000 digits");
}

#[test]
fn every_bad_line_is_reported() {
    let src = "\
.version 3.12
.code @m
  1 RESUME 0
    LOAD_CONST )
    LOAD_CONST 'abc
    NOP
    BUILD_TUPLE 2,
    LOAD_CONST $
    12:x NOP
    RETURN_VALUE
.end
.end
";
    let d = diags(src);
    let lines: Vec<(usize, &str)> = d.iter().map(|d| (d.0, d.2.as_str())).collect();
    assert_eq!(
        lines,
        [
            (4, "unexpected `)`"),
            (5, "unterminated string literal"),
            (7, "unexpected end of line"),
            (8, "unexpected character `$`"),
            (9, "unexpected `x`"),
            (12, "`.end` without `.code`"),
        ]
    );
    // The good lines are all there.
    let (f, _) = parse(src);
    assert_eq!(
        file(&f),
        [
            ".version 3.12",
            ".code @m",
            "  <1> RESUME 0",
            "  NOP",
            "  RETURN_VALUE",
            ".end"
        ]
    );
}

#[test]
fn diagnostics_render() {
    let src = ".code @m\n  LOAD_CONST )\n.end\n";
    let text = pycasm::diag::render("x.pyasm", src, &parse(src).1);
    assert!(text.contains("error: unexpected `)`"), "{text}");
    assert!(text.contains("x.pyasm:2:14"), "{text}");
    assert!(
        text.contains("hint: expected an operand or end of line"),
        "{text}"
    );
}

#[test]
fn exprs_print_as_written() {
    // The compact form used above, checked once against the AST itself.
    assert_eq!(expr(&Expr::Op("->".into())), "op`->`");
}

// ---------------------------------------------------------------- robustness

const SAMPLE: &str = r#".version 3.12
.header timestamp 1700000000 120
.code @<module>
    .filename "t.py"
    .flags 0
    .consts 1, 'x', (2, 3), -7, (1+2j), b'\x00', frozenset({1}), {1: 2}, ..., @f
  1 RESUME 0
  2:0-5 LOAD_CONST @f [ext=1]
    MAKE_FUNCTION 0
L1: 3-4:?-8 FOR_ITER L2
    COMPARE_OP bool(<)
    BINARY_OP +=
    JUMP_BACKWARD L1
L2: - END_FOR
    RETURN_CONST None
    .except L1 L2 -> L2 depth 1 lasti
.end
.code @f
    .varnames a b
    LOAD_FAST_LOAD_FAST a, b
    RETURN_VALUE
.end
"#;

fn check_robust(src: &str) -> Result<(), TestCaseError> {
    let (f, d) = parse(src);
    prop_assert!(
        support_spans::all_within(src, &f, &d),
        "span outside the source"
    );
    Ok(())
}

#[test]
fn sample_is_clean() {
    let (_, d) = parse(SAMPLE);
    assert!(d.is_empty(), "{d:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_text_never_panics(src in "[a-zA-Z0-9_ .@#:;,'\"\\\\()\\[\\]{}<>=!+*/|&^%?~$\n\t-]{0,200}") {
        check_robust(&src)?;
    }

    #[test]
    fn random_unicode_never_panics(src in any::<String>()) {
        check_robust(&src)?;
    }

    #[test]
    fn mutated_samples_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..8)
    ) {
        let mut src: Vec<char> = SAMPLE.chars().collect();
        let pool: Vec<char> = "()[]{},:;'\"\\-+|#@=?.\n 0x1j_eL".chars().collect();
        for (at, kind, c) in edits {
            let i = at.index(src.len() + 1);
            // Mostly characters that matter to the grammar.
            let c = if (c as u32) % 4 == 0 { c } else { pool[(c as usize) % pool.len()] };
            match kind {
                0 => src.insert(i, c),
                1 if i < src.len() => { src.remove(i); }
                _ if i < src.len() => src[i] = c,
                _ => src.push(c),
            }
        }
        let src: String = src.into_iter().collect();
        check_robust(&src)?;
    }
}
