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
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
