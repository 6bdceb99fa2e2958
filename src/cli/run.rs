//! `pycasm run`: execute a `.pyc` or `.pyasm` on the reference VM.
//!
//! Program output goes to stdout; an uncaught exception prints a CPython-style
//! traceback to stderr and exits with status 1 (`sys.exit(n)` exits with `n`).
//! VM failures (unsupported opcode, bad bytecode, exhausted budget) are reported as
//! `error: ...` with status 2. `--import NAME` runs a module found on `--path`
//! under its own name; `--sweep DIR` imports every module under DIR and reports.

use std::path::PathBuf;
use std::process::ExitCode;

use pycasm::code::Code;
use pycasm::diag::{self, Diagnostic};
use pycasm::pyc::PycFile;
use pycasm::vm::{self, sweep, RunOptions};
use pycasm::{asm, Version};

/// Arguments of `pycasm run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The `.pyc` or `.pyasm` file.
    #[arg(required_unless_present_any = ["import", "sweep"])]
    file: Option<PathBuf>,
    /// For `.pyasm`: the CPython version to assemble for (overrides `.version`);
    /// with `--import`/`--sweep`: the version of the modules (default 3.14).
    #[arg(long)]
    target: Option<Version>,
    /// A directory searched by `import` after the main file's own (repeatable).
    #[arg(long = "path", value_name = "DIR")]
    paths: Vec<PathBuf>,
    /// Instead of a file, import module NAME from the `--path` directories:
    /// its top-level code runs under its own name (like `python -c "import NAME"`).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["file", "sweep"])]
    import: Option<String>,
    /// Import every compiled module under DIR (DIR and DIR/site-packages are the
    /// search path), each in a fresh VM with `--max-instructions` (default 20 M),
    /// and report which ran to completion, which stopped on a missing module and
    /// which failed otherwise.
    #[arg(long, value_name = "DIR", conflicts_with = "file")]
    sweep: Option<PathBuf>,
    /// Print each executed instruction (offset, line, top of stack) to stderr.
    #[arg(long)]
    trace: bool,
    /// Stop after this many instructions.
    #[arg(long)]
    max_instructions: Option<u64>,
    /// Raise `MemoryError` in the program once the process's heap exceeds this many MiB.
    #[arg(long, value_name = "MIB")]
    max_memory: Option<usize>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(last = true)]
    args: Vec<String>,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    if let Some(dir) = &args.sweep {
        return sweep(&args, dir);
    }
    let (name, job): (String, Job) = match (&args.import, &args.file) {
        (Some(module), _) => (module.clone(), Job::Import(module.clone())),
        (None, Some(file)) => (
            file.display().to_string(),
            Job::File(Box::new(load(&args, file)?)),
        ),
        (None, None) => return Err("a file, --import or --sweep is needed".into()),
    };
    let mut argv = vec![name.clone()];
    argv.extend(args.args.iter().cloned());
    let mut path = Vec::new();
    if let Some(file) = &args.file {
        path.push(match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        });
    }
    path.extend(args.paths.iter().cloned());
    let opts = RunOptions {
        argv,
        trace: args.trace,
        max_instructions: args.max_instructions,
        path,
        max_memory: args.max_memory.map(|mib| mib.saturating_mul(1 << 20)),
        heap_in_use: Some(|| resident_bytes().unwrap_or(0)),
    };
    if opts.max_memory.is_some() && resident_bytes().is_none() {
        return Err("--max-memory needs /proc/self/status (Linux) to measure memory".into());
    }
    let version = args.target.unwrap_or(Version::V3_14);
    let result = on_vm_thread(&name, move || {
        let out = Box::new(std::io::BufWriter::new(std::io::stdout()));
        let mut err = std::io::stderr();
        match job {
            Job::File(code) => vm::run_module(&code, &opts, out, &mut err),
            Job::Import(module) => sweep::import_main(&module, version, &opts, out, &mut err),
        }
    })?;
    match result {
        Ok(status) => Ok(ExitCode::from(status.clamp(0, 255) as u8)),
        Err(e) => {
            eprintln!("error: {name}: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// What `run` executes.
enum Job {
    File(Box<Code>),
    Import(String),
}

/// Run `work` on a thread whose stack holds 1000 Python frames (Python
/// recursion runs on the Rust stack).
fn on_vm_thread<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(work)
        .map_err(|e| format!("cannot start the VM thread: {e}"))?
        .join()
        .map_err(|_| format!("{name}: the VM panicked"))
}

fn sweep(args: &Args, dir: &std::path::Path) -> Result<ExitCode, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    let version = args.target.unwrap_or(Version::V3_14);
    let budget = args.max_instructions.unwrap_or(20_000_000);
    let root = dir.to_path_buf();
    let entries = on_vm_thread(&dir.display().to_string(), move || {
        sweep::sweep(&root, version, budget)
    })?;
    print!("{}", sweep::report(&entries));
    Ok(ExitCode::SUCCESS)
}

fn load(args: &Args, path: &std::path::Path) -> Result<Code, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let pyc = if path.extension().is_some_and(|e| e == "pyasm") {
        let source =
            String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text: {e}"))?;
        let (file, mut diags) = asm::parse(&source);
        let parsed_ok = !diags.iter().any(Diagnostic::is_error);
        let result = if parsed_ok {
            asm::assemble(&file, args.target)
        } else {
            Err(Vec::new())
        };
        match result {
            Ok(a) => a.pyc,
            Err(more) => {
                diags.extend(more);
                eprint!("{}", diag::render(&name, &source, &diags));
                return Err(format!("{name}: does not assemble"));
            }
        }
    } else {
        PycFile::parse(&bytes).map_err(|e| format!("{name}: {e}"))?
    };
    Code::from_pyc(&pyc).map_err(|e| format!("{name}: {e}"))
}

/// The process's resident memory (`VmRSS`), which `--max-memory` bounds. Read from
/// `/proc` rather than counted by the allocator: a counting allocator put an atomic
/// operation on every allocation and free of every run, limit or not.
fn resident_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: usize = line["VmRSS:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib.saturating_mul(1024))
}
