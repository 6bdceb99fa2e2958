//! `pycasm run`: execute a `.pyc` or `.pyasm` on the reference VM.
//!
//! Program output goes to stdout; an uncaught exception prints a CPython-style
//! traceback to stderr and exits with status 1 (`sys.exit(n)` exits with `n`).
//! VM failures (unsupported opcode, bad bytecode, exhausted budget) are reported as
//! `error: ...` with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use pycasm::code::Code;
use pycasm::diag::{self, Diagnostic};
use pycasm::pyc::PycFile;
use pycasm::vm::{self, RunOptions};
use pycasm::{asm, Version};

/// Arguments of `pycasm run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The `.pyc` or `.pyasm` file.
    file: PathBuf,
    /// For `.pyasm`: the CPython version to assemble for (overrides `.version`).
    #[arg(long)]
    target: Option<Version>,
    /// Print each executed instruction (offset, line, top of stack) to stderr.
    #[arg(long)]
    trace: bool,
    /// Stop after this many instructions.
    #[arg(long)]
    max_instructions: Option<u64>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(last = true)]
    args: Vec<String>,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let name = args.file.display().to_string();
    let code = load(&args)?;
    let mut argv = vec![name.clone()];
    argv.extend(args.args.iter().cloned());
    let dir = match args.file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let opts = RunOptions {
        argv,
        trace: args.trace,
        max_instructions: args.max_instructions,
        path: vec![dir],
    };
    // Python recursion runs on the Rust stack: give it room for 1000 frames.
    let handle = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let out = Box::new(std::io::BufWriter::new(std::io::stdout()));
            let mut err = std::io::stderr();
            vm::run_module(&code, &opts, out, &mut err)
        })
        .map_err(|e| format!("cannot start the VM thread: {e}"))?;
    let result = handle
        .join()
        .map_err(|_| format!("{name}: the VM panicked"))?;
    match result {
        Ok(status) => Ok(ExitCode::from(status.clamp(0, 255) as u8)),
        Err(e) => {
            eprintln!("error: {name}: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

fn load(args: &Args) -> Result<Code, String> {
    let path = &args.file;
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
