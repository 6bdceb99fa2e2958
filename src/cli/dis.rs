//! `pycasm dis`: .pyc files as `.pyasm` text.
//!
//! - `pycasm dis x.pyc` prints to stdout; `-o x.pyasm` writes a file;
//! - `pycasm dis DIR... -o OUTDIR` mirrors each tree (`a/b.pyc` -> `OUTDIR/a/b.pyasm`),
//!   files in parallel, with a progress bar on a terminal.
//!
//! Output files are written atomically (a temporary file in the same directory,
//! then a rename); an input is never overwritten. A file that cannot be
//! disassembled is reported and the others go on; the exit status is then 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::files;
use pycasm::pyc::PycFile;

/// Arguments of `pycasm dis`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// .pyc files or directories (searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output: a file for one .pyc, a directory otherwise. Without it, one .pyc is
    /// printed to stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Disassemble one file to text.
fn disassemble(path: &Path) -> Result<Vec<u8>, String> {
    let pyc = PycFile::read(path).map_err(|e| e.to_string())?;
    pycasm::dis::disassemble(&pyc).map_err(|e| e.to_string())
}

/// Write `text` to `dest` through a temporary file and a rename.
fn write_atomic(dest: &Path, text: &[u8], inputs: &[PathBuf]) -> Result<(), String> {
    let same = |p: &Path| {
        let a = std::fs::canonicalize(p).ok();
        let b = std::fs::canonicalize(dest).ok();
        a.is_some() && a == b
    };
    if inputs.iter().any(|p| same(p)) {
        return Err(format!(
            "{}: refusing to overwrite an input",
            dest.display()
        ));
    }
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(d) = dir {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let file_name = dest
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", dest.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dest.with_file_name(tmp_name);
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text))
        .and_then(|()| std::fs::rename(&tmp, dest));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", dest.display())
    })
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let single = args.paths.len() == 1 && !args.paths[0].is_dir();
    if single {
        let path = &args.paths[0];
        let text = disassemble(path).map_err(|e| format!("{}: {e}", path.display()))?;
        match &args.output {
            Some(out) => write_atomic(out, &text, &args.paths)?,
            None => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(&text).is_err() {
                    std::process::exit(0);
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out_dir) = &args.output else {
        return Err("several inputs or a directory need -o OUTDIR".into());
    };
    // (input file, output file) pairs, mirroring each directory argument's tree.
    let mut jobs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for root in &args.paths {
        for file in files::collect_pyc(std::slice::from_ref(root))? {
            let rel = if root.is_dir() {
                file.strip_prefix(root).unwrap_or(&file).to_path_buf()
            } else {
                PathBuf::from(file.file_name().unwrap_or_default())
            };
            jobs.push((file, out_dir.join(rel).with_extension("pyasm")));
        }
    }
    let bar = files::progress(jobs.len());
    let failures: Vec<String> = jobs
        .par_iter()
        .filter_map(|(input, output)| {
            let r = disassemble(input).and_then(|t| write_atomic(output, &t, &args.paths));
            bar.inc(1);
            r.err().map(|e| format!("{}: {e}", input.display()))
        })
        .collect();
    bar.finish_and_clear();
    for f in &failures {
        eprintln!("error: {f}");
    }
    eprintln!(
        "{} files, {} disassembled, {} failed",
        jobs.len(),
        jobs.len() - failures.len(),
        failures.len()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
