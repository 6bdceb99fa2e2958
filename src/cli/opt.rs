//! `pycasm opt`: optimize .pyc files through the control-flow graph passes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::files;
use pycasm::opt::{self, Stats};
use pycasm::passes;
use pycasm::pyc::PycFile;

/// Arguments of `pycasm opt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A .pyc file, or a directory of them (searched recursively).
    input: PathBuf,
    /// Where to write: a file for a file, a directory for a directory.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Replace the input files (atomically).
    #[arg(long)]
    in_place: bool,
    /// Passes to run, comma separated (default: all). `--passes list` lists them.
    #[arg(long)]
    passes: Option<String>,
    /// Print figures per file.
    #[arg(short, long)]
    verbose: bool,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    if args.passes.as_deref() == Some("list") {
        for p in passes::all() {
            outln!("{}", p.name());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let selected = match &args.passes {
        Some(list) => passes::by_names(list)?,
        None => passes::all(),
    };
    match (&args.output, args.in_place) {
        (Some(_), true) => return Err("give either -o or --in-place, not both".into()),
        (None, false) => return Err("say where to write: -o OUT, or --in-place".into()),
        _ => {}
    }
    let is_dir = args.input.is_dir();
    let target = |p: &Path| -> Result<PathBuf, String> {
        match (&args.output, args.in_place) {
            (Some(_), true) => Err("give either -o or --in-place, not both".into()),
            (None, true) => Ok(p.to_path_buf()),
            (Some(out), false) if is_dir => Ok(out.join(p.strip_prefix(&args.input).unwrap_or(p))),
            (Some(out), false) => Ok(out.clone()),
            (None, false) => Err("say where to write: -o OUT, or --in-place".into()),
        }
    };
    let inputs = files::collect_pyc(std::slice::from_ref(&args.input))?;
    let bar = files::progress(inputs.len());
    let results: Vec<(PathBuf, Result<Stats, String>)> = inputs
        .par_iter()
        .map(|p| {
            let r = (|| {
                let out = target(p)?;
                let pyc = PycFile::read(p).map_err(|e| e.to_string())?;
                let (new, stats) = opt::optimize_file(&pyc, &selected)?;
                let bytes = new.to_bytes().map_err(|e| e.to_string())?;
                if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                files::write_atomic(&out, &bytes)?;
                Ok(stats)
            })();
            bar.inc(1);
            (p.clone(), r)
        })
        .collect();
    bar.finish_and_clear();
    let mut total = Stats::default();
    let mut failed = 0;
    for (p, r) in &results {
        match r {
            Ok(s) => {
                if args.verbose {
                    outln!("{}: {}", p.display(), summary(s));
                }
                total.add(s);
            }
            Err(e) => {
                failed += 1;
                eprintln!("FAILED {}: {e}", p.display());
            }
        }
    }
    outln!(
        "{} files, {failed} failed: {}",
        results.len(),
        summary(&total)
    );
    for (i, (name, n)) in total.per_pass.iter().enumerate() {
        let removed = total.removed_per_pass.get(i).copied().unwrap_or(0);
        outln!("  {name:<16} changed {n:>7} code objects, removed {removed:>7} instructions");
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn summary(s: &Stats) -> String {
    let pct = |a: usize, b: usize| {
        if a == 0 {
            0.0
        } else {
            100.0 * (a as f64 - b as f64) / a as f64
        }
    };
    format!(
        "{} code objects ({} skipped), instructions {} -> {} (-{:.1}%), bytecode bytes {} -> {} (-{:.1}%)",
        s.codes,
        s.skipped,
        s.instructions.0,
        s.instructions.1,
        pct(s.instructions.0, s.instructions.1),
        s.code_bytes.0,
        s.code_bytes.1,
        pct(s.code_bytes.0, s.code_bytes.1)
    )
}
