//! `pycasm info`: header fields and the code object tree of a .pyc.

use std::path::PathBuf;
use std::process::ExitCode;

use pycasm::code::{instr, Code, Locals};
use pycasm::marshal::Item;
use pycasm::pyc::{Invalidation, PycFile};

/// Arguments of `pycasm info`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .pyc files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Run the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut status = ExitCode::SUCCESS;
    for (i, file) in args.files.iter().enumerate() {
        if i > 0 {
            outln!("");
        }
        if let Err(e) = show(file) {
            eprintln!("error: {}: {e}", file.display());
            status = ExitCode::FAILURE;
        }
    }
    Ok(status)
}

fn show(file: &std::path::Path) -> Result<(), String> {
    let data = std::fs::read(file).map_err(|e| e.to_string())?;
    let pyc = PycFile::parse(&data).map_err(|e| e.to_string())?;
    let h = &pyc.header;
    outln!("file:         {}", file.display());
    outln!(
        "version:      {} (magic {}, {})",
        h.version,
        h.magic,
        hex(&data[..4])
    );
    let kind = match h.invalidation {
        Invalidation::Timestamp { .. } => "timestamp",
        Invalidation::Hash {
            check_source: true, ..
        } => "hash, checked",
        Invalidation::Hash { .. } => "hash, unchecked",
    };
    outln!(
        "header:       {} bytes, flags 0x{:x} ({kind})",
        h.len(),
        h.flags
    );
    match h.invalidation {
        Invalidation::Timestamp { mtime, source_size } => {
            outln!("mtime:        {} ({mtime})", utc(mtime));
            if let Some(size) = source_size {
                outln!("source size:  {size} bytes");
            }
        }
        Invalidation::Hash { source_hash, .. } => outln!("source hash:  {source_hash:016x}"),
    }
    let (mut objects, mut flagged, mut refs) = (0usize, 0usize, 0usize);
    let body = &pyc.body;
    for id in body.preorder(body.root()) {
        objects += 1;
        flagged += usize::from(body.takes_ref_slot(id));
        refs += usize::from(matches!(body.item(id), Item::Ref(_) | Item::StringRef(_)));
    }
    outln!(
        "marshal:      version {}, {} bytes, {objects} objects, {flagged} flagged, {refs} references",
        h.version.marshal_version(),
        data.len() - h.len()
    );
    let code = Code::from_pyc(&pyc).map_err(|e| e.to_string())?;
    let mut count = 0;
    code.walk(&mut |_, _| count += 1);
    outln!("code objects: {count}");
    outln!("");
    code.walk(&mut |c, depth| outln!("{}{}", "  ".repeat(depth), summary(c)));
    Ok(())
}

fn summary(c: &Code) -> String {
    let name = c.qualname.as_ref().unwrap_or(&c.name);
    let instrs = match instr::decode(&c.code, c.version) {
        Ok(v) => format!("{} instructions", v.len()),
        Err(e) => format!("undecodable code ({e})"),
    };
    let (cells, frees) = match &c.locals {
        Locals::Split {
            cellvars, freevars, ..
        } => (cellvars.len(), freevars.len()),
        l => (l.cellvars().len(), l.freevars().len()),
    };
    let mut args = c.argcount.to_string();
    if c.posonlyargcount > 0 {
        args += &format!(" ({} pos-only)", c.posonlyargcount);
    }
    if c.kwonlyargcount > 0 {
        args += &format!(" +{} kw-only", c.kwonlyargcount);
    }
    format!(
        "{name}  line {}  args {args}  locals {}  cells {cells}  free {frees}  stack {}  flags 0x{:x}  {instrs}, {} bytes, {} consts, {} names",
        c.firstlineno,
        c.nlocals(),
        c.stacksize,
        c.flags,
        c.code.len(),
        c.consts.len(),
        c.names.len()
    )
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Unix time as `YYYY-MM-DD HH:MM:SS UTC`.
fn utc(t: u32) -> String {
    let days = i64::from(t / 86_400);
    let secs = t % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
