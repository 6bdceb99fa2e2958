//! The `pycasm` command line.

use std::process::ExitCode;

use clap::Parser;

mod cli;

// Marshal trees are millions of small objects; mimalloc reads them 1.5x faster than
// the system allocator (docs/performance.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Deeply nested constants and code objects recurse; give the worker threads room
    // (the reader and writer themselves are iterative).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build_global();
    let run = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || cli::run(args));
    let result = match run {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err("internal error".into())),
        Err(e) => Err(format!("cannot start: {e}")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
