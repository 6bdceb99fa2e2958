//! The reference VM against the real interpreters: every CPU-bound program in
//! `benches/vm/*.py` is compiled by each local interpreter (`py_compile` into a
//! temporary directory); the same `.pyc` is then run by that interpreter and by
//! `pycasm run` (release binary), alternately, best of N each, with
//! `PYTHONHASHSEED=0`. Times are the child's CPU time (user + system, from
//! `/proc/self/stat`, 10 ms resolution), which a loaded machine disturbs far less
//! than wall time; wall time where that is not available. Both must print the same stdout. The table gives both times
//! and their ratio, and the geometric mean of the ratios per version.
//!
//! `cargo bench --bench vm [-- FILTER...]`: a filter is a program name (`calls`) or
//! a version (`3.12`); with several, a row must match one of each kind given.
//! `PYCASM_VM_BENCH_RUNS` sets N (default 5); `PYCASM_VM_BIN` runs another `pycasm`
//! binary (e.g. a saved build, to compare two). Interpreters are found like the tests
//! find them (`PYCASM_PYTHON_3_12`, `PYCASM_PYENV_ROOT`); a missing one is skipped
//! with a `SKIP` line, and a program the VM cannot run yet is reported as such.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use pycasm::python::{self, Interpreter};
use pycasm::Version;

/// What one program did on one version.
enum Row {
    Timed { py: Duration, vm: Duration },
    VmFails(String),
    PyFails(String),
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs = std::env::var("PYCASM_VM_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(5);
    let vm = std::env::var_os("PYCASM_VM_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_pycasm")),
        PathBuf::from,
    );
    let programs: Vec<PathBuf> = programs()
        .into_iter()
        .filter(|p| wanted(&filters, &stem(p), true))
        .collect();
    let tmp = tempfile::tempdir().expect("temporary directory");

    println!("VM benchmark: best of {runs} runs each (CPU time), PYTHONHASHSEED=0");
    println!("| program | version | CPython | pycasm run | ratio |");
    println!("|---|---|---:|---:|---:|");
    let mut summary = Vec::new();
    for version in Version::ALL {
        if !wanted(&filters, &version.to_string(), false) {
            continue;
        }
        let Some(py) = python::find(version) else {
            eprintln!(
                "SKIP {version}: no interpreter (set {} or PYCASM_PYENV_ROOT)",
                python::env_var(version)
            );
            continue;
        };
        let mut ratios = Vec::new();
        for src in &programs {
            let row = bench_one(&py, &vm, src, tmp.path(), runs);
            let name = stem(src);
            match row {
                Row::Timed { py, vm } => {
                    let ratio = vm.as_secs_f64() / py.as_secs_f64();
                    ratios.push(ratio);
                    println!(
                        "| {name} | {version} | {:.3} s | {:.3} s | {ratio:.2}x |",
                        py.as_secs_f64(),
                        vm.as_secs_f64()
                    );
                }
                Row::VmFails(why) => {
                    println!("| {name} | {version} | | | VM cannot run this yet: {why} |")
                }
                Row::PyFails(why) => println!("| {name} | {version} | | | CPython fails: {why} |"),
            }
        }
        if !ratios.is_empty() {
            let geo = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
            summary.push(format!(
                "{version}: geometric mean {geo:.2}x over {} of {} programs",
                ratios.len(),
                programs.len()
            ));
        }
    }
    for line in summary {
        println!("{line}");
    }
}

/// Whether a filter list admits `key` (a program name if `is_program`, else a version).
fn wanted(filters: &[String], key: &str, is_program: bool) -> bool {
    let is_version = |f: &String| f.chars().next().is_some_and(|c| c.is_ascii_digit());
    let relevant: Vec<&String> = filters
        .iter()
        .filter(|f| is_version(f) != is_program)
        .collect();
    relevant.is_empty() || relevant.iter().any(|f| f.as_str() == key)
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/vm");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("benches/vm")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The first line of a failed run's stderr (or its status).
fn why(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or_else(|| format!("{}", out.status), |l| l.trim().to_string())
}

/// The CPU time (user + system) of this process's waited-for children, from
/// `/proc/self/stat` (in USER_HZ = 1/100 s), if available.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name: state is field 3; cutime and cstime are 16, 17.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let cutime: u64 = fields.get(13)?.parse().ok()?;
    let cstime: u64 = fields.get(14)?.parse().ok()?;
    Some(Duration::from_millis((cutime + cstime) * 10))
}

/// Run `cmd`; its CPU time where the platform reports it (steadier than wall time
/// on a loaded machine), else the wall time.
fn timed(cmd: &mut Command) -> (Duration, Output) {
    let cpu0 = children_cpu();
    let start = Instant::now();
    let out = cmd
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("spawn");
    let wall = start.elapsed();
    let cpu = cpu0.zip(children_cpu()).map(|(a, b)| b.saturating_sub(a));
    (cpu.filter(|c| !c.is_zero()).unwrap_or(wall), out)
}

fn bench_one(py: &Interpreter, vm: &Path, src: &Path, tmp: &Path, runs: usize) -> Row {
    let pyc = tmp.join(format!("{}-{}.pyc", stem(src), py.version));
    let compile = Command::new(&py.path)
        .args([
            "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        ])
        .arg(src)
        .arg(&pyc)
        .output()
        .expect("spawn");
    if !compile.status.success() {
        return Row::PyFails(format!("does not compile: {}", why(&compile)));
    }
    let mut best_py = Duration::MAX;
    let mut best_vm = Duration::MAX;
    for _ in 0..runs {
        // Alternate the two so that load on the machine hits both alike.
        let (t_py, out_py) = timed(Command::new(&py.path).arg(&pyc));
        if !out_py.status.success() {
            return Row::PyFails(why(&out_py));
        }
        let (t_vm, out_vm) = timed(Command::new(vm).arg("run").arg(&pyc));
        if !out_vm.status.success() {
            return Row::VmFails(why(&out_vm));
        }
        if out_vm.stdout != out_py.stdout {
            return Row::VmFails("stdout differs from CPython's".to_string());
        }
        best_py = best_py.min(t_py);
        best_vm = best_vm.min(t_vm);
    }
    Row::Timed {
        py: best_py,
        vm: best_vm,
    }
}
