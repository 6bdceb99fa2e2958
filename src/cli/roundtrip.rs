//! `pycasm roundtrip`: read and rewrite .pyc files in memory, compare the bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use super::files;
use pycasm::code::roundtrip as code_level;
use pycasm::pyc::PycFile;

/// How deep to go before writing back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    /// Header and marshal object tree.
    Marshal,
    /// Also every code object through the version-neutral model: instructions,
    /// line tables and exception tables decoded and encoded again.
    Code,
    /// Through text: `dis`, then `asm`, then compare the bytes.
    Text,
}

/// Arguments of `pycasm roundtrip`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// .pyc files or directories (searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Which layer to round-trip through.
    #[arg(long, value_enum, default_value = "text")]
    level: Level,
}

enum Outcome {
    Identical,
    Differ(String),
    Unreadable(String),
}

fn check(path: &std::path::Path, level: Level) -> Outcome {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => return Outcome::Unreadable(e.to_string()),
    };
    let pyc = match PycFile::parse(&data) {
        Ok(p) => p,
        Err(e) => return Outcome::Unreadable(e.to_string()),
    };
    let marshal = match pyc.to_bytes() {
        Ok(out) => compare(&data, &out),
        Err(e) => Outcome::Differ(format!("cannot write back: {e}")),
    };
    match (level, marshal) {
        (Level::Code, Outcome::Identical) => match code_level::check(&pyc) {
            Ok(()) => Outcome::Identical,
            Err(why) => Outcome::Differ(why),
        },
        (Level::Text, Outcome::Identical) => match pycasm::dis::round_trip(&pyc, &data) {
            Ok(()) => Outcome::Identical,
            Err(why) => Outcome::Differ(why),
        },
        (_, outcome) => outcome,
    }
}

fn compare(a: &[u8], b: &[u8]) -> Outcome {
    if a == b {
        return Outcome::Identical;
    }
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    Outcome::Differ(format!(
        "first difference at byte {at} ({} bytes read, {} written)",
        a.len(),
        b.len()
    ))
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let paths = files::collect_pyc(&args.paths)?;
    let bar = files::progress(paths.len());
    let outcomes: Vec<Outcome> = paths
        .par_iter()
        .map(|p| {
            let o = check(p, args.level);
            bar.inc(1);
            o
        })
        .collect();
    bar.finish_and_clear();
    let (mut same, mut differ, mut bad) = (0, 0, 0);
    for (p, o) in paths.iter().zip(&outcomes) {
        match o {
            Outcome::Identical => same += 1,
            Outcome::Differ(why) => {
                differ += 1;
                outln!("DIFFER {}: {why}", p.display());
            }
            Outcome::Unreadable(why) => {
                bad += 1;
                outln!("UNREADABLE {}: {why}", p.display());
            }
        }
    }
    outln!(
        "{} files, {same} identical, {differ} differ, {bad} unreadable",
        paths.len()
    );
    Ok(if differ + bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
