//! Optimizing whole .pyc files: every code object through its control-flow graph and
//! the passes, then written back.

use crate::cfg::Cfg;
use crate::code::{instr, Code, Const};
use crate::marshal;
use crate::passes::{self, Pass};
use crate::pyc::PycFile;

/// What an optimization did to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Code objects optimized.
    pub codes: usize,
    /// Code objects left as they were (their graph could not be built or written).
    pub skipped: usize,
    /// Instructions before and after.
    pub instructions: (usize, usize),
    /// Bytes of bytecode before and after.
    pub code_bytes: (usize, usize),
    /// Per pass: code objects it changed.
    pub per_pass: Vec<(&'static str, usize)>,
}

impl Stats {
    /// Add another file's figures.
    pub fn add(&mut self, o: &Stats) {
        self.codes += o.codes;
        self.skipped += o.skipped;
        self.instructions.0 += o.instructions.0;
        self.instructions.1 += o.instructions.1;
        self.code_bytes.0 += o.code_bytes.0;
        self.code_bytes.1 += o.code_bytes.1;
        for (name, n) in &o.per_pass {
            match self.per_pass.iter_mut().find(|(m, _)| m == name) {
                Some(e) => e.1 += n,
                None => self.per_pass.push((name, *n)),
            }
        }
    }
}

/// Optimize every code object of a file with `passes`.
pub fn optimize_file(pyc: &PycFile, passes: &[Box<dyn Pass>]) -> Result<(PycFile, Stats), String> {
    let code = Code::from_pyc(pyc).map_err(|e| e.to_string())?;
    let mut stats = Stats {
        per_pass: passes.iter().map(|p| (p.name(), 0)).collect(),
        ..Stats::default()
    };
    let code = optimize_tree(&code, passes, &mut stats);
    let mut body = code.to_marshal();
    marshal::compact::share_repeats(&mut body, pyc.header.version);
    Ok((
        PycFile {
            header: pyc.header,
            body,
        },
        stats,
    ))
}

/// Optimize a code object and, first, those nested in its constants.
pub fn optimize_tree(code: &Code, passes: &[Box<dyn Pass>], stats: &mut Stats) -> Code {
    let mut out = code.clone();
    out.consts = code
        .consts
        .iter()
        .map(|k| optimize_const(k, passes, stats))
        .collect();
    let count = |c: &Code| instr::decode(&c.code, c.version).map_or(0, |v| v.len());
    let before = count(&out);
    let result = Cfg::build(&out)
        .map_err(|e| e.to_string())
        .and_then(|mut cfg| {
            let report = passes::optimize(&mut cfg, &out, passes);
            let new = cfg.linearize(&out).map_err(|e| e.to_string())?;
            Ok((new, report))
        });
    match result {
        Ok((new, report)) => {
            stats.codes += 1;
            stats.instructions.0 += before;
            stats.instructions.1 += count(&new);
            stats.code_bytes.0 += out.code.len();
            stats.code_bytes.1 += new.code.len();
            for (i, (_, n)) in report.changed.iter().enumerate() {
                if *n > 0 {
                    stats.per_pass[i].1 += 1;
                }
            }
            new
        }
        Err(_) => {
            stats.skipped += 1;
            out
        }
    }
}

fn optimize_const(k: &Const, passes: &[Box<dyn Pass>], stats: &mut Stats) -> Const {
    let seq = |v: &[Const], stats: &mut Stats| {
        v.iter().map(|x| optimize_const(x, passes, stats)).collect()
    };
    match k {
        Const::Code(c) => Const::Code(Box::new(optimize_tree(c, passes, stats))),
        Const::Tuple(v) => Const::Tuple(seq(v, stats)),
        Const::FrozenSet(v) => Const::FrozenSet(seq(v, stats)),
        other => other.clone(),
    }
}
