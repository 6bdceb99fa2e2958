//! `pycasm cfg`: the control-flow graph of each code object.

use std::path::PathBuf;
use std::process::ExitCode;

use pycasm::cfg::Cfg;
use pycasm::code::Code;
use pycasm::pyc::PycFile;

/// Arguments of `pycasm cfg`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .pyc file.
    file: PathBuf,
    /// Write Graphviz `dot` (default: a plain-text listing).
    #[arg(long)]
    dot: bool,
    /// Only the code object with this name or qualified name.
    #[arg(long)]
    only: Option<String>,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let pyc = PycFile::read(&args.file).map_err(|e| e.to_string())?;
    let root = Code::from_pyc(&pyc).map_err(|e| e.to_string())?;
    let mut status = ExitCode::SUCCESS;
    let mut n = 0;
    root.walk(&mut |c, _| {
        let name = c
            .qualname
            .as_ref()
            .unwrap_or(&c.name)
            .to_string_lossy()
            .into_owned();
        if args
            .only
            .as_ref()
            .is_some_and(|o| *o != name && *o != c.name.to_string_lossy())
        {
            return;
        }
        n += 1;
        match Cfg::build(c) {
            Ok(cfg) if args.dot => outln!("{}", cfg.to_dot(&format!("{name}#{n}"))),
            Ok(cfg) => outln!("{}", cfg.to_text(&name)),
            Err(e) => {
                eprintln!("error: {name}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    });
    Ok(status)
}
