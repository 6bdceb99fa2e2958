//! `pycasm verify`: stack-depth and structure verification of .pyc and .pyasm files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::files;
use pycasm::code::Code;
use pycasm::pyc::PycFile;
use pycasm::verify;

/// Arguments of `pycasm verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// .pyc and .pyasm files, or directories (searched recursively for both).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// From 3.10, also fail when co_stacksize differs from the computed depth.
    #[arg(long)]
    exact: bool,
    /// Also print warnings.
    #[arg(short, long)]
    warnings: bool,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut inputs = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            inputs.extend(files::collect_pyc(std::slice::from_ref(p))?);
            inputs.extend(collect_pyasm(p));
        } else {
            inputs.push(p.clone());
        }
    }
    let bar = files::progress(inputs.len());
    let results: Vec<(PathBuf, Result<Vec<verify::Finding>, String>)> = inputs
        .par_iter()
        .map(|p| {
            let r = check(p, args.exact);
            bar.inc(1);
            (p.clone(), r)
        })
        .collect();
    bar.finish_and_clear();
    let (mut failed, mut warned) = (0, 0);
    for (p, r) in &results {
        match r {
            Err(e) => {
                failed += 1;
                outln!("FAILED {}: {e}", p.display());
            }
            Ok(findings) => {
                let errors = findings.iter().filter(|f| f.error).count();
                failed += usize::from(errors > 0);
                warned += usize::from(errors == 0 && !findings.is_empty());
                for f in findings.iter().filter(|f| f.error || args.warnings) {
                    let at = f.offset.map_or(String::new(), |o| format!(" at byte {o}"));
                    let kind = if f.error { "error" } else { "warning" };
                    outln!("{}: {}{at}: {kind}: {}", p.display(), f.code, f.message);
                }
            }
        }
    }
    outln!(
        "{} files, {} verified, {failed} failed ({warned} with warnings only)",
        results.len(),
        results.len() - failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn check(path: &Path, exact: bool) -> Result<Vec<verify::Finding>, String> {
    if path.extension().is_some_and(|e| e == "pyasm") {
        // The assembler verifies as it assembles; its diagnostics are the findings.
        let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let (file, mut diags) = pycasm::asm::parse(&source);
        if !diags.iter().any(|d| d.is_error()) {
            match pycasm::asm::assemble(&file, None) {
                Ok(a) => diags.extend(a.warnings),
                Err(d) => diags.extend(d),
            }
        }
        return Ok(diags
            .iter()
            .map(|d| {
                let (line, col) = d.line_col(&source);
                verify::Finding {
                    code: format!("line {line}:{col}"),
                    offset: None,
                    message: d.message.clone(),
                    error: d.is_error(),
                }
            })
            .collect());
    }
    let pyc = PycFile::read(path).map_err(|e| e.to_string())?;
    let code = Code::from_pyc(&pyc).map_err(|e| e.to_string())?;
    Ok(verify::verify_tree(&code, exact))
}

fn collect_pyasm(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
        .collect();
    v.sort();
    v
}
