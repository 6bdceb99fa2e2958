//! `pycasm asm`: assemble a `.pyasm` file into a `.pyc`.
//!
//! The output goes next to the input with a `.pyc` extension unless `-o` says
//! otherwise; it is written to a temporary file in the same directory and renamed,
//! so a failed run never leaves a partial `.pyc`, and the input is never overwritten.
//! Diagnostics go to stderr, rendered with the source line; any error exits non-zero.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pycasm::asm;
use pycasm::diag::{self, Diagnostic};
use pycasm::Version;

/// Arguments of `pycasm asm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The `.pyasm` file.
    file: PathBuf,
    /// Where to write the `.pyc` (default: beside the input).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The CPython version to assemble for (overrides `.version`), e.g. 3.12.
    #[arg(long)]
    target: Option<Version>,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let input = &args.file;
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let source = String::from_utf8(bytes)
        .map_err(|e| format!("{}: not UTF-8 text: {e}", input.display()))?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| input.with_extension("pyc"));
    if same_file(input, &output) {
        return Err(format!(
            "{}: refusing to overwrite the input; choose another -o",
            output.display()
        ));
    }
    let name = input.display().to_string();
    let (file, mut diags) = asm::parse(&source);
    let parsed_ok = !diags.iter().any(Diagnostic::is_error);
    let result = if parsed_ok {
        asm::assemble(&file, args.target)
    } else {
        Err(Vec::new())
    };
    let pyc = match result {
        Ok(a) => {
            diags.extend(a.warnings);
            Some(a.pyc)
        }
        Err(more) => {
            diags.extend(more);
            None
        }
    };
    if !diags.is_empty() {
        eprint!("{}", diag::render(&name, &source, &diags));
    }
    let Some(pyc) = pyc else {
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("error: {name}: {n} error(s); nothing written");
        return Ok(ExitCode::FAILURE);
    };
    let data = pyc.to_bytes().map_err(|e| format!("{name}: {e}"))?;
    super::files::write_atomic(&output, &data)?;
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
