//! Command-line parsing and dispatch; one module per command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` that ends the process quietly when stdout is closed (`pycasm ... | head`).
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::cli::emit_line(format_args!($($t)*))
    };
}

mod asm;
mod cfg;
mod dis;
mod files;
mod info;
mod opt;
mod roundtrip;
mod run;
mod verify;

/// pycasm: assemble, disassemble, check and optimize CPython bytecode (2.7, 3.6-3.14).
#[derive(Debug, Parser)]
#[command(name = "pycasm", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Disassemble .pyc files into .pyasm text.
    Dis(dis::Args),
    /// Assemble a .pyasm file into a .pyc.
    Asm(asm::Args),
    /// Show a .pyc's version, header fields and code object tree.
    Info(info::Args),
    /// Read and rewrite every .pyc in memory and compare the bytes.
    Roundtrip(roundtrip::Args),
    /// Optimize .pyc files through the control-flow graph passes.
    Opt(opt::Args),
    /// Print the control-flow graph of each code object (Graphviz).
    Cfg(cfg::Args),
    /// Verify stack depths and structure of .pyc and .pyasm files.
    Verify(verify::Args),
    /// Run a .pyc or .pyasm on the reference VM.
    Run(run::Args),
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Dis(a) => dis::run(a),
        Command::Asm(a) => asm::run(a),
        Command::Info(a) => info::run(a),
        Command::Roundtrip(a) => roundtrip::run(a),
        Command::Opt(a) => opt::run(a),
        Command::Cfg(a) => cfg::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Run(a) => run::run(a),
    }
}

/// Write one line to stdout; exit quietly if the reader went away.
pub fn emit_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .is_err()
    {
        std::process::exit(0);
    }
}
