//! `pycasm dis` against the real interpreters.
//!
//! - For a sample of each local interpreter's stdlib, `support/dis_oracle.py` runs
//!   inside that interpreter and reports every code object's instructions (name,
//!   argument, meaning), line starts (`dis.findlinestarts`), 3.11+ positions and the
//!   `repr()` of every constant. The printed `.pyasm` is split into instruction lines
//!   and must agree on all of it.
//! - Every file of the 3.14 corpus disassembles.
//! - Float and string `repr` agree with `python3` on random values.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pycasm::code::{Code, Const, PyStr};
use pycasm::dis::{self, repr};
use pycasm::pyc::PycFile;
use pycasm::python::Interpreter;
use pycasm::Version;
use serde_json::Value as Json;

mod support;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Files compared per version.
const SAMPLE: usize = 60;

/// One instruction line of our output.
#[derive(Debug)]
struct Line {
    position: Option<String>,
    opname: String,
    operand: String,
}

/// One block: its instructions and, for each label, the index of the instruction it
/// stands before (`len` for the end).
#[derive(Debug, Default)]
struct Block {
    name: String,
    lines: Vec<Line>,
    labels: HashMap<String, usize>,
}

/// Split `.pyasm` text into blocks of instruction lines.
fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur: Option<Block> = None;
    for raw in text.lines() {
        let t = raw.trim();
        if let Some(name) = t.strip_prefix(".code @") {
            cur = Some(Block {
                name: name.to_string(),
                ..Block::default()
            });
            continue;
        }
        let Some(b) = cur.as_mut() else { continue };
        if t == ".end" {
            blocks.push(cur.take().expect("block"));
            continue;
        }
        if t.is_empty() || t.starts_with('.') || t.starts_with(';') {
            continue;
        }
        if let Some(label) = t.strip_suffix(':') {
            b.labels.insert(label.to_string(), b.lines.len());
            continue;
        }
        let mut rest = t;
        let mut position = None;
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            let (p, r) = rest.split_once(' ').expect("position then opcode");
            position = Some(p.to_string());
            rest = r.trim_start();
        }
        let (opname, mut operand) = rest.split_once(' ').unwrap_or((rest, ""));
        operand = operand.trim();
        for opt in [" [ext=", " [cache=", "[ext=", "[cache="] {
            if let Some(i) = operand.rfind(opt) {
                operand = operand[..i].trim_end();
            }
        }
        b.lines.push(Line {
            position,
            opname: opname.to_string(),
            operand: operand.to_string(),
        });
    }
    blocks
}

fn name_text(s: &str, v: Version) -> String {
    let mut out = String::new();
    repr::name_repr(&mut out, &PyStr::from(s), v);
    out
}

/// Our repr of a constant, frozenset items sorted (set order is not stable across
/// processes) and code objects as a bare `@`, as the oracle writes them.
fn norm_repr(c: &Const, v: Version) -> String {
    let seq = |items: &[Const]| items.iter().map(|x| norm_repr(x, v)).collect::<Vec<_>>();
    match c {
        Const::Tuple(items) => {
            let inner = seq(items).join(", ");
            format!("({inner}{})", if items.len() == 1 { "," } else { "" })
        }
        Const::FrozenSet(items) if !items.is_empty() => {
            let mut parts = seq(items);
            parts.sort();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        _ => {
            let mut out = String::new();
            repr::const_repr(&mut out, c, v, &|_| "");
            out
        }
    }
}

/// Position text from the oracle's `[line, end_line, col, end_col]` (3.11+).
fn position_text(p: &Json) -> String {
    let get = |i: usize| p[i].as_i64();
    let Some(line) = get(0) else {
        return "-".into();
    };
    let end = get(1).unwrap_or(line);
    let mut s = line.to_string();
    if end != line {
        s += &format!("-{end}");
    }
    if get(2).is_some() || get(3).is_some() {
        let c = |x: Option<i64>| x.map_or("?".to_string(), |x| x.to_string());
        s += &format!(":{}-{}", c(get(2)), c(get(3)));
    }
    s
}

#[derive(Default)]
struct Tally {
    files: usize,
    blocks: usize,
    instructions: usize,
    consts: usize,
    raw: usize,
    line_checks: usize,
}

fn check_block(ours: &Block, theirs: &Json, code: &Code, v: Version, t: &mut Tally, at: &str) {
    let ins = theirs["instructions"].as_array().expect("instructions");
    assert_eq!(ours.lines.len(), ins.len(), "{at}: instruction count");
    let code_len = theirs["code_len"].as_u64().expect("code_len");
    let starts: Vec<u64> = ins.iter().map(|i| i[0].as_u64().expect("offset")).collect();
    let label_offset = |l: &str| -> u64 {
        let k = *ours
            .labels
            .get(l)
            .unwrap_or_else(|| panic!("{at}: no label {l}"));
        starts.get(k).copied().unwrap_or(code_len)
    };
    let mut carried_pos: Option<String> = None;
    let mut carried_line: Option<i64> = None;
    for (k, (my, th)) in ours.lines.iter().zip(ins).enumerate() {
        let here = format!("{at}: instruction {k} ({my:?} vs {th})");
        let opname = th[1].as_str().expect("opname");
        let arg = th[2].as_u64();
        let kind = th[3].as_str().expect("kind");
        let val = &th[4];
        if !my.opname.starts_with('#') {
            assert_eq!(my.opname, opname, "{here}");
        }
        t.instructions += 1;
        // The operand.
        if let Some(raw) = my.operand.strip_prefix('#') {
            let raw: u64 = raw.parse().expect("raw number");
            assert!(arg.is_none_or(|a| a == raw), "{here}: raw operand");
            t.raw += 1;
        } else {
            match kind {
                "const" => {
                    let c = &code.consts[arg.expect("arg") as usize];
                    let mut expected = val.as_str().expect("repr");
                    // 3.11's dis does not resolve KW_NAMES; compare with co_consts.
                    let resolved = theirs["consts"][arg.expect("arg") as usize].as_str();
                    if expected == "<unknown>" {
                        expected = resolved.expect("const");
                    }
                    assert_eq!(norm_repr(c, v), expected, "{here}");
                    if expected == "@" {
                        assert!(my.operand.starts_with('@'), "{here}");
                    } else if !expected.contains("frozenset(") {
                        assert_eq!(my.operand, expected, "{here}");
                    } else {
                        let mut printed = String::new();
                        repr::const_repr(&mut printed, c, v, &|_| "");
                        assert_eq!(my.operand, printed, "{here}");
                    }
                }
                "name" => {
                    let name = name_text(val.as_str().expect("name"), v);
                    let a = arg.expect("arg");
                    let suffix = match (opname, v) {
                        ("LOAD_GLOBAL", v) if v >= Version::V3_11 && a & 1 == 1 => " null",
                        ("LOAD_ATTR", v) if v >= Version::V3_12 && a & 1 == 1 => " method",
                        ("LOAD_SUPER_ATTR", _) => {
                            ["", " method", " twoarg", " method twoarg"][(a & 3) as usize]
                        }
                        _ => "",
                    };
                    assert_eq!(my.operand, format!("{name}{suffix}"), "{here}");
                }
                "local" | "free" => {
                    let name = name_text(val.as_str().expect("name"), v);
                    assert_eq!(my.operand, name, "{here}");
                }
                "local2" => {
                    let a = name_text(val[0].as_str().expect("name"), v);
                    let b = name_text(val[1].as_str().expect("name"), v);
                    assert_eq!(my.operand, format!("{a}, {b}"), "{here}");
                }
                "jump" => {
                    let target = val.as_u64().expect("target");
                    assert_eq!(label_offset(&my.operand), target, "{here}");
                }
                "cmp" | "text" => assert_eq!(my.operand, val.as_str().expect("argrepr"), "{here}"),
                _ => match arg {
                    Some(a) if my.operand.is_empty() => assert_eq!(a, 0, "{here}"),
                    Some(a) => assert_eq!(my.operand, a.to_string(), "{here}"),
                    None => assert_eq!(my.operand, "", "{here}"),
                },
            }
        }
        // The position.
        if v >= Version::V3_11 {
            if my.position.is_some() {
                carried_pos.clone_from(&my.position);
            }
            assert_eq!(
                carried_pos.as_deref(),
                Some(position_text(&th[6]).as_str()),
                "{here}: position"
            );
            t.line_checks += 1;
        } else {
            let start = th[5].as_i64();
            let mine = my.position.as_deref().and_then(|p| p.parse::<i64>().ok());
            if let Some(l) = start {
                assert_eq!(mine, Some(l), "{here}: findlinestarts says line {l}");
                carried_line = Some(l);
                t.line_checks += 1;
            }
            if let Some(m) = mine {
                assert_eq!(Some(m), carried_line, "{here}: line prefix");
            }
        }
    }
    // Every constant's repr.
    let consts = theirs["consts"].as_array().expect("consts");
    assert_eq!(consts.len(), code.consts.len(), "{at}: constants");
    for (c, r) in code.consts.iter().zip(consts) {
        assert_eq!(norm_repr(c, v), r.as_str().expect("repr"), "{at}: constant");
        t.consts += 1;
    }
}

fn compare_files(py: &Interpreter, files: &[PathBuf], t: &mut Tally) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/dis_oracle.py");
    let mut args = vec![script.to_str().expect("utf-8 path")];
    args.extend(files.iter().map(|f| f.to_str().expect("utf-8 path")));
    let out = py.run(&args, None).expect("oracle script runs");
    let dumped: Vec<Json> = serde_json::from_str(&out).expect("oracle output is JSON");
    for (file, theirs) in files.iter().zip(&dumped) {
        let pyc = PycFile::read(file).expect("pyc parses");
        let text = dis::disassemble(&pyc).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let text = String::from_utf8(text).expect("the text is UTF-8");
        let blocks = parse(&text);
        let root = Code::from_pyc(&pyc).expect("code");
        let mut codes = Vec::new();
        collect(&root, &mut codes);
        let theirs = theirs["codes"].as_array().expect("codes");
        assert_eq!(blocks.len(), theirs.len(), "{}: blocks", file.display());
        for ((b, th), code) in blocks.iter().zip(theirs).zip(&codes) {
            let at = format!("{}: @{}", file.display(), b.name);
            check_block(b, th, code, pyc.header.version, t, &at);
            t.blocks += 1;
        }
        t.files += 1;
    }
}

fn collect<'a>(c: &'a Code, out: &mut Vec<&'a Code>) {
    out.push(c);
    for k in &c.consts {
        pycasm::code::visit_codes(k, &mut |inner| collect(inner, out));
    }
}

#[test]
fn instructions_lines_and_constants_agree_with_each_interpreter() {
    for version in Version::ALL {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let files = support::sample_pycs(&py, SAMPLE);
        assert!(!files.is_empty(), "{version}: no .pyc files found");
        let mut t = Tally::default();
        for chunk in files.chunks(20) {
            compare_files(&py, chunk, &mut t);
        }
        eprintln!(
            "{version}: {} files, {} blocks, {} instructions ({} raw #N), {} constants, {} positions/line starts agree",
            t.files, t.blocks, t.instructions, t.raw, t.consts, t.line_checks
        );
    }
}

#[test]
fn the_314_corpus_disassembles() {
    let files = support::corpus_314();
    let mut ok = 0;
    for f in &files {
        let pyc = PycFile::read(f).expect("pyc parses");
        let text = dis::disassemble(&pyc).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = String::from_utf8(text).expect("the text is UTF-8");
        assert!(text.contains(".code @<module>"), "{}", f.display());
        ok += 1;
    }
    eprintln!("3.14: {ok} of {} corpus files disassembled", files.len());
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn python3() -> Option<Interpreter> {
    support::interpreter(Version::V3_13).or_else(|| support::interpreter(Version::V3_12))
}

#[test]
fn float_repr_matches_python() {
    let Some(py) = python3() else { return };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut values: Vec<f64> = Vec::new();
    for _ in 0..20_000 {
        let x = match rng.below(5) {
            0 => f64::from_bits(rng.next()),
            1 => (rng.next() % 1_000_000_000) as f64 / 10f64.powi(rng.below(12) as i32),
            2 => 10f64.powi(rng.below(40) as i32 - 20) * (1 + rng.below(9)) as f64,
            3 => (rng.next() >> 11) as f64 * 2f64.powi(rng.below(200) as i32 - 100),
            _ => rng.below(1 << 20) as f64 + 0.5,
        };
        if !x.is_nan() {
            values.push(if rng.below(2) == 0 { x } else { -x });
        }
    }
    values.extend([
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e16,
        1e-5,
        1e-4,
        1e15,
    ]);
    let hex: Vec<String> = values
        .iter()
        .map(|x| format!("{:016x}", x.to_bits()))
        .collect();
    let script = "import sys, struct\nfor h in sys.stdin.read().split():\n    print(repr(struct.unpack('>d', bytes.fromhex(h))[0]))";
    let theirs = run_stdin(&py, script, &hex.join("\n"));
    let mut mismatches = 0;
    for (x, r) in values.iter().zip(theirs.lines()) {
        let mut mine = String::new();
        repr::float_repr(&mut mine, *x);
        if mine != r {
            mismatches += 1;
            eprintln!("{x:e}: ours {mine}, python {r}");
        }
    }
    eprintln!("{} floats compared, {mismatches} mismatches", values.len());
    assert_eq!(mismatches, 0);
}

#[test]
fn str_and_bytes_repr_match_python() {
    let Some(py) = python3() else { return };
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let pools: [(u32, u32); 8] = [
        (0x20, 0x7e),
        (0x00, 0x1f),
        (0x7f, 0xff),
        (0x100, 0x2fff),
        (0x3000, 0xd7ff),
        (0xd800, 0xdfff),
        (0xe000, 0xffff),
        (0x10000, 0x10ffff),
    ];
    let mut strings: Vec<Vec<u32>> = Vec::new();
    for _ in 0..3000 {
        let n = rng.below(12) as usize;
        let s = (0..n)
            .map(|_| match rng.below(10) {
                0 => u32::from(b'\''),
                1 => u32::from(b'"'),
                2 => u32::from(b'\\'),
                _ => {
                    let (lo, hi) = pools[rng.below(pools.len() as u64) as usize];
                    lo + rng.below(u64::from(hi - lo + 1)) as u32
                }
            })
            .collect();
        strings.push(s);
    }
    let input: Vec<String> = strings
        .iter()
        .map(|s| {
            s.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let script = "import sys\nfor line in sys.stdin.read().split('\\n'):\n    cps = [int(x) for x in line.split(',') if x]\n    s = ''.join(map(chr, cps))\n    print(ascii(repr(s)))\n    print(ascii(repr(bytes(c & 0xff for c in cps))))";
    let theirs = run_stdin(&py, script, &input.join("\n"));
    let mut theirs = theirs.lines();
    let mut mismatches = 0;
    for cps in &strings {
        let s = PyStr::from_utf8_surrogatepass(&surrogatepass(cps)).expect("surrogatepass");
        let mut mine = String::new();
        repr::str_repr(&mut mine, &s);
        let bytes: Vec<u8> = cps.iter().map(|&c| c as u8).collect();
        let mut mine_b = String::new();
        repr::bytes_repr(&mut mine_b, &bytes, "b");
        for (m, t) in [(mine, theirs.next()), (mine_b, theirs.next())] {
            let t = py_ascii_literal(t.expect("a line per value"));
            if m != t {
                mismatches += 1;
                eprintln!("{cps:x?}: ours {m:?}, python {t:?}");
            }
        }
    }
    eprintln!(
        "{} strings and bytes compared, {mismatches} mismatches",
        2 * strings.len()
    );
    assert_eq!(mismatches, 0);
}

/// CPython's `surrogatepass` UTF-8.
fn surrogatepass(cps: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    for &c in cps {
        match char::from_u32(c) {
            Some(ch) => out.extend_from_slice(ch.to_string().as_bytes()),
            None => out.extend_from_slice(&[
                0xe0 | (c >> 12) as u8,
                0x80 | ((c >> 6) & 0x3f) as u8,
                0x80 | (c & 0x3f) as u8,
            ]),
        }
    }
    out
}

/// Undo `ascii(repr(s))`: the outer `ascii()` quotes and escapes non-ASCII
/// characters as `\xhh`, `\uhhhh`, `\Uhhhhhhhh`, and doubles backslashes.
fn py_ascii_literal(line: &str) -> String {
    let inner = &line[1..line.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().expect("escape");
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| {
            let h: String = chars.take(n).collect();
            u32::from_str_radix(&h, 16).expect("hex")
        };
        match e {
            'x' => out.push(char::from_u32(hex(2, &mut chars)).expect("char")),
            'u' => out.push(char::from_u32(hex(4, &mut chars)).expect("char")),
            'U' => out.push(char::from_u32(hex(8, &mut chars)).expect("char")),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            other => panic!("unexpected escape {other}"),
        }
    }
    out
}

fn run_stdin(py: &Interpreter, script: &str, input: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(&py.path)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python output");
    writer.join().expect("writer").expect("write");
    assert!(out.status.success(), "python failed");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `dis.dis` of every code object of each file into a `StringIO`, timed inside the
/// interpreter (start-up excluded).
const CPYTHON_DIS: &str = "import dis, io, marshal, sys, time
files = sys.stdin.read().split()
hl = 8 if sys.version_info[0] == 2 else (12 if sys.version_info[:2] == (3, 6) else 16)
datas = [open(f, 'rb').read() for f in files]
t = time.time()
for d in datas:
    dis.dis(marshal.loads(d[hl:]), file=io.StringIO())
print(time.time() - t)";

#[test]
#[ignore = "timing: run in release with --ignored --nocapture"]
fn speed_against_cpython_dis() {
    for version in [Version::V3_12, Version::V3_13] {
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let files = support::spread(support::stdlib_pycs(&py), 600);
        let datas: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(f).expect("read"))
            .collect();
        let start = std::time::Instant::now();
        let mut bytes = 0;
        for d in &datas {
            let pyc = PycFile::parse(d).expect("parse");
            bytes += dis::disassemble(&pyc).expect("dis").len();
        }
        let ours = start.elapsed().as_secs_f64();
        let start = std::time::Instant::now();
        for d in &datas {
            let pyc = PycFile::parse(d).expect("parse");
            std::hint::black_box(Code::from_pyc(&pyc).expect("code"));
        }
        let reading = start.elapsed().as_secs_f64();
        let list: Vec<&str> = files.iter().map(|f| f.to_str().expect("utf-8")).collect();
        let theirs: f64 = run_stdin(&py, CPYTHON_DIS, &list.join("\n"))
            .trim()
            .parse()
            .expect("seconds");
        eprintln!(
            "{version}: {} files, pycasm dis {ours:.3}s (of which {reading:.3}s reading the pyc and building code objects; {} MB of text), CPython dis.dis {theirs:.3}s: {:.0}x",
            files.len(),
            bytes >> 20,
            theirs / ours
        );
    }
}

#[test]
fn mutated_files_never_panic() {
    let mut sources: Vec<PathBuf> = Vec::new();
    for version in Version::ALL {
        if let Some(py) = pycasm::python::find(version) {
            sources.extend(support::spread(support::stdlib_pycs(&py), 3));
        }
    }
    sources.extend(support::spread(support::corpus_314(), 3));
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    let (mut tried, mut disassembled) = (0, 0);
    for src in &sources {
        let data = std::fs::read(src).expect("read");
        for _ in 0..300 {
            let mut d = data.clone();
            for _ in 0..=rng.below(4) {
                let i = 16 + rng.below((d.len() - 16) as u64) as usize;
                d[i] = rng.next() as u8;
            }
            if let Ok(pyc) = PycFile::parse(&d) {
                tried += 1;
                disassembled += usize::from(dis::disassemble(&pyc).is_ok());
            }
        }
    }
    eprintln!("{tried} mutated files parsed, {disassembled} disassembled, no panic");
}

#[test]
fn cli_prints_one_file_and_mirrors_a_tree() {
    let Some(py) = python3() else { return };
    let files = support::spread(support::stdlib_pycs(&py), 3);
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("pkg")).expect("mkdir");
    for (i, f) in files.iter().enumerate() {
        std::fs::copy(f, input.join("pkg").join(format!("m{i}.pyc"))).expect("copy");
    }
    std::fs::write(input.join("bad.pyc"), b"not a pyc").expect("write");
    let exe = env!("CARGO_BIN_EXE_pycasm");
    let one = std::process::Command::new(exe)
        .args(["dis"])
        .arg(input.join("pkg/m0.pyc"))
        .output()
        .expect("runs");
    assert!(one.status.success());
    let text = String::from_utf8(one.stdout).expect("utf-8");
    assert!(text.contains(".code @<module>"), "{text}");
    let out = tmp.path().join("out");
    let tree = std::process::Command::new(exe)
        .args(["dis"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&tree.stderr);
    assert_eq!(tree.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.pyc"), "{stderr}");
    for i in 0..files.len() {
        let written =
            std::fs::read_to_string(out.join(format!("pkg/m{i}.pyasm"))).expect("mirrored");
        assert!(written.starts_with("; "));
    }
    assert_eq!(
        std::fs::read_to_string(out.join("pkg/m0.pyasm")).expect("read"),
        text
    );
    let refuse = std::process::Command::new(exe)
        .args(["dis"])
        .arg(input.join("pkg/m0.pyc"))
        .arg("-o")
        .arg(input.join("pkg/m0.pyc"))
        .output()
        .expect("runs");
    assert!(!refuse.status.success());
    assert_eq!(
        std::fs::read(input.join("pkg/m0.pyc")).expect("read"),
        std::fs::read(&files[0]).expect("read")
    );
}

/// Disassemble, assemble, compare bytes; the reason when they differ.
fn round_trip(data: &[u8]) -> Result<(), String> {
    let pyc = PycFile::parse(data).map_err(|e| format!("parse: {e}"))?;
    dis::round_trip(&pyc, data)
}

/// Files round-tripped per version.
const ROUND_TRIP_SAMPLE: usize = 150;

#[test]
fn dis_then_asm_gives_back_the_same_bytes() {
    // Deeply nested (but valid) files recurse deeper than a test thread's 2 MiB allow
    // in debug builds; the command line runs its work on large stacks too.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(round_trip_samples)
        .expect("thread")
        .join()
        .expect("round trip");
}

fn round_trip_samples() {
    let mut failures = Vec::new();
    let mut total = 0;
    let mut sets: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for version in Version::ALL {
        if let Some(py) = support::interpreter(version) {
            sets.push((
                version.to_string(),
                support::sample_pycs(&py, ROUND_TRIP_SAMPLE),
            ));
        }
    }
    sets.push((
        "3.14 corpus".into(),
        support::spread(support::corpus_314(), ROUND_TRIP_SAMPLE),
    ));
    for (label, files) in &sets {
        let mut same = 0;
        for f in files {
            let data = std::fs::read(f).expect("read");
            match round_trip(&data) {
                Ok(()) => same += 1,
                Err(why) => failures.push(format!("{}: {why}", f.display())),
            }
        }
        total += files.len();
        eprintln!(
            "{label}: {same} of {} files identical after dis + asm",
            files.len()
        );
    }
    for f in failures.iter().take(20) {
        eprintln!("DIFFER {f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} files differ",
        failures.len()
    );
}

#[test]
#[ignore = "minutes: every stdlib file of every interpreter; run with --ignored"]
fn whole_stdlib_round_trips() {
    use rayon::prelude::*;
    let mut sets: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for version in Version::ALL {
        if let Some(py) = support::interpreter(version) {
            sets.push((version.to_string(), support::stdlib_pycs(&py)));
        }
    }
    sets.push(("3.14 corpus".into(), support::corpus_314()));
    let mut failed = 0;
    for (label, files) in &sets {
        let failures: Vec<String> = files
            .par_iter()
            .filter_map(|f| {
                let data = std::fs::read(f).ok()?;
                round_trip(&data)
                    .err()
                    .map(|why| format!("{}: {why}", f.display()))
            })
            .collect();
        eprintln!(
            "{label}: {} of {} files identical",
            files.len() - failures.len(),
            files.len()
        );
        for f in failures.iter().take(5) {
            eprintln!("  DIFFER {f}");
        }
        failed += failures.len();
    }
    assert_eq!(failed, 0);
}

/// The first-use tables (`dis::exact::first_indices`, `first_const_indices`) agree with
/// their definition, the index of the first equal item, at every size: searched
/// pairwise, by hashes, and through the open-addressing table.
#[test]
fn first_use_tables_find_the_first_equal_item() {
    let mut rng = Rng(0x5eed_1234);
    for n in 0..90usize {
        // Few distinct values, so that repeats are common; some long strings.
        let kinds = 1 + rng.next() as usize % (n + 1);
        let names: Vec<PyStr> = (0..n)
            .map(|_| {
                let k = rng.next() as usize % kinds;
                PyStr::from(format!("name{k}{}", "x".repeat(k % 30)).as_str())
            })
            .collect();
        let consts: Vec<Const> = (0..n)
            .map(|_| match rng.next() % 5 {
                0 => Const::None,
                1 => Const::Int((rng.next() % 4).into()),
                2 => Const::Float((rng.next() % 3) as f64),
                3 => Const::Bool(rng.next() % 2 == 0),
                _ => Const::Str(PyStr::from(format!("s{}", rng.next() % 7).as_str())),
            })
            .collect();
        let naive = |eq: &dyn Fn(usize, usize) -> bool| -> Vec<usize> {
            (0..n)
                .map(|i| (0..i).find(|&j| eq(j, i)).unwrap_or(i))
                .collect()
        };
        assert_eq!(
            dis::exact::first_indices(&names),
            naive(&|a, b| names[a] == names[b]),
            "names, {n} items"
        );
        assert_eq!(
            dis::exact::first_const_indices(&consts),
            naive(&|a, b| consts[a] == consts[b]),
            "constants, {n} items"
        );
    }
}
