//! Differential tests of the reference VM: every program in `tests/vm/*.py` is
//! compiled by the real interpreter of each version; the .pyc is run there (with
//! `PYTHONHASHSEED=0`) and by `pycasm run`; stdout, the exit status and the
//! traceback text on stderr must agree, caret lines (`^^^^`/`~~~`, 3.11+) included.
//!
//! `EXPECTED` lists, per version, the programs that must pass; any other program is
//! still run and reported, so that a newly passing one can be added. A random and
//! mutated bytecode property test checks that the VM never panics or hangs.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use pycasm::code::Code;
use pycasm::pyc::PycFile;
use pycasm::vm::{self, RunOptions};
use pycasm::Version;

mod support;

use support::{outcome, Outcome};

/// The whole shared corpus (every `tests/vm/*.py` but the 2.7-only `py27_*`).
const ALL: &[&str] = &[
    "algorithms",
    "arith",
    "async_gens",
    "attr_caches",
    "bigint_algos",
    "bigints",
    "builtin_subclass",
    "builtins_tour",
    "calculator",
    "call_binding",
    "class_hierarchy",
    "classes",
    "closures",
    "closures_deco",
    "comprehensions",
    "containers",
    "context_managers",
    "control_exceptions",
    "control_flow",
    "coroutines",
    "descriptors",
    "dict_set_work",
    "dict_views",
    "exc_groups",
    "exc_hierarchy",
    "exceptions",
    "exceptions2",
    "exec_eval",
    "float_format",
    "floats",
    "fstrings",
    "functions",
    "gen_finalize",
    "gen_pipeline",
    "generators",
    "global_caches",
    "instance_dicts",
    "instance_operators",
    "iterators",
    "legacy_async",
    "legacy_blocks",
    "legacy_errors",
    "legacy_generators",
    "legacy_uncaught",
    "legacy_unpack",
    "match_advanced",
    "math_funcs",
    "matching",
    "math_sys",
    "metaclasses",
    "misc_builtins",
    "mro",
    "namespaces",
    "native_methods",
    "operators",
    "output",
    "percent_format",
    "recursion",
    "recursion_algos",
    "reflected_order",
    "scheduler",
    "scoping",
    "sets",
    "sort_keys",
    "sorting",
    "str_build_format",
    "str_surrogates",
    "string_methods",
    "strings",
    "sum_phases",
    "sys_exit",
    "text_processing",
    "text_report",
    "type_params",
    "uncaught",
    "uncaught_attr",
    "uncaught_carets",
    "uncaught_chain",
    "uncaught_context",
    "uncaught_group",
    "uncaught_recursion",
    "uncaught_subscr",
    "unicode_repr",
    "user_keys",
    "walrus",
    "with_stmt",
];

/// Programs using syntax newer than 3.6/3.7 (positional-only parameters, the
/// walrus operator, `=` in f-strings, `match`, `except*`, type parameters): their
/// interpreters must refuse to compile them.
const NEWER_SYNTAX_3_7: &[&str] = &[
    "control_flow",
    "exc_groups",
    "fstrings",
    "functions",
    "match_advanced",
    "matching",
    "text_processing",
    "type_params",
    "walrus",
];

/// 3.8 and 3.9 cannot compile `match`, `except*` or type parameters.
const NEWER_SYNTAX_3_9: &[&str] = &["exc_groups", "match_advanced", "matching", "type_params"];

/// 3.10 cannot compile `except*` or type parameters.
const NEWER_SYNTAX_3_10: &[&str] = &["exc_groups", "type_params"];

/// What 2.7 must pass: the `py27_*` programs (print statements, so 2.7 only)
/// and every program of the shared corpus that 2.7 compiles.
const V2_7: &[&str] = &[
    "py27_algorithms",
    "py27_arith",
    "py27_calls",
    "py27_classes",
    "py27_classic",
    "py27_containers",
    "py27_exceptions",
    "py27_functions",
    "py27_gen_finalize",
    "py27_generators",
    "py27_long",
    "py27_print",
    "py27_recursion",
    "py27_scoping",
    "py27_strings",
    "py27_sys_exit",
    "py27_uncaught",
    "py27_unicode",
    "py27_with",
    "algorithms",
    "arith",
    "attr_caches",
    "comprehensions",
    "global_caches",
    "instance_dicts",
    "instance_operators",
    "legacy_uncaught",
    "namespaces",
    "native_methods",
    "percent_format",
    "recursion",
    "sets",
    "sort_keys",
    "sorting",
    "str_build_format",
    "str_surrogates",
    "string_methods",
    "sum_phases",
    "sys_exit",
    "uncaught",
    "uncaught_attr",
    "uncaught_carets",
    "uncaught_context",
    "uncaught_recursion",
    "uncaught_subscr",
    "reflected_order",
    "unicode_repr",
    "math_funcs",
];

/// Which programs must pass on a version.
enum Expect {
    /// These ones (2.7: its own `py27_*` programs and the shared ones it compiles).
    Only(&'static [&'static str]),
    /// The whole corpus but these.
    AllBut(&'static [&'static str]),
}

impl Expect {
    fn must_pass(&self, name: &str) -> bool {
        match self {
            Expect::Only(list) => list.contains(&name),
            Expect::AllBut(missing) => ALL.contains(&name) && !missing.contains(&name),
        }
    }
}

/// Programs that must pass, per version, and the programs the version's
/// interpreter must fail to compile (skipped).
const EXPECTED: &[(&str, Expect, &[&str])] = &[
    ("2.7", Expect::Only(V2_7), &[]),
    ("3.6", Expect::AllBut(&[]), NEWER_SYNTAX_3_7),
    ("3.7", Expect::AllBut(&[]), NEWER_SYNTAX_3_7),
    ("3.8", Expect::AllBut(&[]), NEWER_SYNTAX_3_9),
    ("3.9", Expect::AllBut(&[]), NEWER_SYNTAX_3_9),
    ("3.10", Expect::AllBut(&[]), NEWER_SYNTAX_3_10),
    ("3.11", Expect::AllBut(&[]), &["type_params"]),
    ("3.12", Expect::AllBut(&[]), &[]),
    ("3.13", Expect::AllBut(&[]), &[]),
];

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vm");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vm")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

/// Why a program did not pass.
enum Failure {
    /// The interpreter refused to compile it (a `SyntaxError`).
    NotCompiled(String),
    /// The VM's behaviour differs (described).
    Differs(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotCompiled(e) => write!(f, "does not compile: {e}"),
            Failure::Differs(e) => f.write_str(e),
        }
    }
}

/// Compile and run one program on both sides.
fn check(py: &Path, src: &Path, tmp: &Path) -> Result<(), Failure> {
    let stem = src
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let pyc = tmp.join(format!("{stem}.pyc"));
    let compiled = outcome(Command::new(py).args([
        "-c",
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        &src.to_string_lossy(),
        &pyc.to_string_lossy(),
    ]));
    if compiled.status != Some(0) {
        return Err(if compiled.stderr.contains("SyntaxError") {
            Failure::NotCompiled(compiled.stderr)
        } else {
            Failure::Differs(format!("compiling failed: {}", compiled.stderr))
        });
    }
    // Both sides run the same .pyc (set constants are ordered by marshal).
    let expected = outcome(Command::new(py).arg(&pyc));
    let got = outcome(
        Command::new(env!("CARGO_BIN_EXE_pycasm"))
            .args(["run", "--max-instructions", "50000000"])
            .arg(&pyc),
    );
    if got.stdout != expected.stdout {
        return Err(Failure::Differs(format!(
            "stdout differs\n--- python\n{}\n--- vm\n{}\n--- vm stderr\n{}",
            expected.stdout, got.stdout, got.stderr
        )));
    }
    if got.status != expected.status {
        return Err(Failure::Differs(format!(
            "status {:?} (python {:?}); vm stderr:\n{}",
            got.status, expected.status, got.stderr
        )));
    }
    if got.stderr != expected.stderr {
        return Err(Failure::Differs(format!(
            "stderr differs\n--- python\n{}\n--- vm\n{}",
            expected.stderr, got.stderr
        )));
    }
    Ok(())
}

#[test]
fn programs_match_cpython() {
    let programs = corpus();
    assert!(
        programs.len() >= 60,
        "expected the program corpus in tests/vm"
    );
    let mut failures = Vec::new();
    for (ver, expected, newer_syntax) in EXPECTED {
        let version: Version = ver.parse().expect("version");
        let named: &[&str] = match expected {
            Expect::Only(list) => list,
            Expect::AllBut(_) => ALL,
        };
        for name in named.iter().chain(newer_syntax.iter()) {
            assert!(
                programs
                    .iter()
                    .any(|p| p.file_stem().is_some_and(|s| s == *name)),
                "{ver}: expected program {name}.py is missing"
            );
        }
        let Some(py) = support::interpreter(version) else {
            continue;
        };
        let tmp = tempfile::tempdir().expect("temp dir");
        let (mut passed, mut compiled) = (0, 0);
        for src in &programs {
            let name = src
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let too_new = newer_syntax.contains(&name.as_str());
            let must = expected.must_pass(name.as_str()) && !too_new;
            match check(&py.path, src, tmp.path()) {
                Err(Failure::NotCompiled(_)) if too_new => continue,
                Err(Failure::NotCompiled(_)) if !must => {
                    eprintln!("{ver} {name}: skipped, the interpreter does not compile it");
                    continue;
                }
                _ if too_new => failures.push(format!(
                    "{ver} {name}: listed as newer syntax, but the interpreter compiles it"
                )),
                Ok(()) => {
                    passed += 1;
                    if !must {
                        eprintln!("{ver} {name}: passes but is not in EXPECTED; add it");
                    }
                }
                Err(e) if must => failures.push(format!("{ver} {name}: {e}")),
                Err(_) => eprintln!("{ver} {name}: not expected to pass yet"),
            }
            compiled += 1;
        }
        eprintln!("{ver}: {passed}/{compiled} programs match");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Compile `source` with the 3.12 interpreter into `dir/name.pyc`.
fn compile_312(dir: &Path, name: &str, source: &str) -> Option<PathBuf> {
    let py = pycasm::python::find(Version::V3_12)?;
    let src = dir.join(format!("{name}.py"));
    std::fs::write(&src, source).expect("write source");
    let pyc = dir.join(format!("{name}.pyc"));
    let ok = Command::new(&py.path)
        .args([
            "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        ])
        .arg(&src)
        .arg(&pyc)
        .status()
        .ok()?
        .success();
    ok.then_some(pyc)
}

fn pycasm(args: &[&std::ffi::OsStr]) -> Outcome {
    outcome(Command::new(env!("CARGO_BIN_EXE_pycasm")).args(args))
}

#[test]
fn budget_trace_pyasm_and_unsupported_opcodes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(spin) = compile_312(tmp.path(), "spin", "while True:\n    pass\n") else {
        eprintln!("SKIP 3.12: no interpreter");
        return;
    };
    let r = pycasm(&[
        "run".as_ref(),
        "--max-instructions".as_ref(),
        "1000".as_ref(),
        spin.as_os_str(),
    ]);
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("instruction budget of 1000 exhausted"),
        "{}",
        r.stderr
    );

    let hello =
        compile_312(tmp.path(), "hello", "x = 6 * 7\nprint('answer', x)\n").expect("compiles");
    let r = pycasm(&["run".as_ref(), "--trace".as_ref(), hello.as_os_str()]);
    assert_eq!(r.stdout, "answer 42\n");
    assert!(
        r.stderr.contains("RESUME") && r.stderr.contains("LOAD_CONST"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("line    2"), "{}", r.stderr);

    // The .pyasm text of a program runs directly (assembled in memory).
    let pyasm = tmp.path().join("hello.pyasm");
    let d = pycasm(&[
        "dis".as_ref(),
        hello.as_os_str(),
        "-o".as_ref(),
        pyasm.as_os_str(),
    ]);
    assert_eq!(d.status, Some(0), "{}", d.stderr);
    let r = pycasm(&["run".as_ref(), pyasm.as_os_str()]);
    assert_eq!(
        (r.stdout.as_str(), r.status),
        ("answer 42\n", Some(0)),
        "{}",
        r.stderr
    );

    // An opcode the VM cannot run is a clean error naming it: an invalid intrinsic
    // put into the assembly text of `+x`.
    let pos = compile_312(tmp.path(), "pos", "x = 5\nprint(+x)\n").expect("compiles");
    let pos_asm = tmp.path().join("pos.pyasm");
    let d = pycasm(&[
        "dis".as_ref(),
        pos.as_os_str(),
        "-o".as_ref(),
        pos_asm.as_os_str(),
    ]);
    assert_eq!(d.status, Some(0), "{}", d.stderr);
    let text = std::fs::read_to_string(&pos_asm).expect("read pyasm");
    assert!(text.contains("INTRINSIC_UNARY_POSITIVE"), "{text}");
    let bad = tmp.path().join("bad.pyasm");
    std::fs::write(
        &bad,
        text.replace("INTRINSIC_UNARY_POSITIVE", "INTRINSIC_1_INVALID"),
    )
    .expect("write pyasm");
    let r = pycasm(&["run".as_ref(), bad.as_os_str()]);
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("CALL_INTRINSIC_1") && r.stderr.contains("3.12"),
        "{}",
        r.stderr
    );

    // exec/eval of source text is a VM error (no compiler), not a Python exception.
    let src = compile_312(tmp.path(), "src", "exec('print(1)')\n").expect("compiles");
    let r = pycasm(&["run".as_ref(), src.as_os_str()]);
    assert_eq!(r.status, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("no compiler"), "{}", r.stderr);
}

#[test]
fn heap_limit_raises_memory_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(pyc) = compile_312(
        tmp.path(),
        "grow",
        "x = []\nwhile True:\n    x.append('a' * 10000 + str(len(x)))\n",
    ) else {
        eprintln!("SKIP: no 3.12 interpreter");
        return;
    };
    let r = pycasm(&[
        "run".as_ref(),
        "--max-memory".as_ref(),
        "64".as_ref(),
        pyc.as_os_str(),
    ]);
    assert_eq!(r.status, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.starts_with("Traceback (most recent call last):"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("line 3, in <module>"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().last(), Some("MemoryError"), "{}", r.stderr);
}

#[test]
fn imports_sibling_modules() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let helper = "print('helper loading')\nSCALE = 3\ndef scale(x):\n    return x * SCALE\nclass Box:\n    def __init__(self, v):\n        self.v = v\n";
    let main = "import helper\nimport helper as h\nfrom helper import scale, Box\nprint(helper.scale(2), h.SCALE, scale(5), Box(7).v, helper is h)\ntry:\n    import no_such_module\nexcept ImportError as e:\n    print(type(e).__name__, e)\n";
    let Some(_) = compile_312(tmp.path(), "helper", helper) else {
        eprintln!("SKIP 3.12: no interpreter");
        return;
    };
    let main_pyc = compile_312(tmp.path(), "main", main).expect("compiles");
    let py = pycasm::python::find(Version::V3_12).expect("interpreter");
    let expected = outcome(Command::new(&py.path).arg(&main_pyc));
    let got = pycasm(&["run".as_ref(), main_pyc.as_os_str()]);
    assert_eq!(got.stdout, expected.stdout, "{}", got.stderr);
    assert_eq!(got.status, expected.status);
}

/// Run a code object with a budget on a thread with a large stack; the result says
/// whether it finished without panicking.
fn run_guarded(code: Code, budget: u64) -> bool {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let opts = RunOptions {
                argv: vec!["fuzz".into()],
                trace: false,
                max_instructions: Some(budget),
                path: Vec::new(),
                ..Default::default()
            };
            let mut err = Vec::new();
            let _ = vm::run_module(&code, &opts, Box::new(std::io::sink()), &mut err);
        })
        .expect("thread")
        .join()
        .is_ok()
}

/// Module code objects compiled once by the real interpreters: a small 3.12
/// program, and block-stack programs of 3.7 and 3.8 (whichever are installed).
fn seeds() -> &'static [Code] {
    static SEEDS: std::sync::OnceLock<Vec<Code>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        [
            (Version::V3_12, "closures"),
            (Version::V3_7, "legacy_blocks"),
            (Version::V3_8, "legacy_blocks"),
        ]
        .into_iter()
        .filter_map(|(v, name)| compile_seed(v, name))
        .collect()
    })
}

fn seed_code(which: usize) -> Option<Code> {
    let all = seeds();
    (!all.is_empty()).then(|| all[which % all.len()].clone())
}

fn compile_seed(version: Version, name: &str) -> Option<Code> {
    let py = pycasm::python::find(version)?;
    let tmp = tempfile::tempdir().ok()?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/vm/{name}.py"));
    let pyc = tmp.path().join("seed.pyc");
    let ok = Command::new(&py.path)
        .args([
            "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        ])
        .arg(&src)
        .arg(&pyc)
        .status()
        .ok()?
        .success();
    if !ok {
        return None;
    }
    Code::from_pyc(&PycFile::read(&pyc).ok()?).ok()
}

fn mutate(code: &Code, edits: &[(usize, u8)]) -> Code {
    fn walk(c: &mut Code, edits: &[(usize, u8)], salt: usize) {
        for &(pos, byte) in edits {
            if !c.code.is_empty() {
                let i = (pos + salt) % c.code.len();
                c.code[i] = byte;
            }
        }
        for (k, konst) in c.consts.iter_mut().enumerate() {
            if let pycasm::code::Const::Code(inner) = konst {
                walk(inner, edits, salt + k + 1);
            }
        }
    }
    let mut c = code.clone();
    walk(&mut c, edits, 0);
    c
}

#[test]
fn fuzz_seed_runs() {
    if pycasm::python::find(Version::V3_12).is_none() {
        eprintln!("SKIP 3.12: no interpreter");
        return;
    }
    for seed in seeds() {
        assert!(run_guarded(seed.clone(), 1_000_000));
    }
}

proptest! {
    // `PYCASM_VM_FUZZ_CASES` raises the case count for a longer local run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PYCASM_VM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn mutated_bytecode_never_panics(which in 0usize..3, edits in proptest::collection::vec((0usize..4096, any::<u8>()), 1..12)) {
        let Some(seed) = seed_code(which) else { return Ok(()); };
        let code = mutate(&seed, &edits);
        prop_assert!(run_guarded(code, 20_000), "the VM panicked");
    }

    #[test]
    fn random_bytecode_never_panics(which in 0usize..3, bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let Some(mut code) = seed_code(which) else { return Ok(()); };
        code.code = bytes;
        code.exceptiontable.clear();
        prop_assert!(run_guarded(code, 20_000), "the VM panicked");
    }
}
