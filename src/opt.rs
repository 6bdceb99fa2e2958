//! Optimizing whole .pyc files: every code object through its control-flow graph and
//! the passes, then written back.

use crate::cfg::Cfg;
use crate::code::{instr, Code};
use crate::marshal::{self, edit::CodeEdit, Item};
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
    /// Per pass (same order): instructions it removed; a pass that turns instructions
    /// into `NOP`s removes none, the `nop` pass removes those.
    pub removed_per_pass: Vec<isize>,
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
        for (i, (name, n)) in o.per_pass.iter().enumerate() {
            let removed = o.removed_per_pass.get(i).copied().unwrap_or(0);
            match self.per_pass.iter().position(|(m, _)| m == name) {
                Some(j) => {
                    self.per_pass[j].1 += n;
                    self.removed_per_pass[j] += removed;
                }
                None => {
                    self.per_pass.push((name, *n));
                    self.removed_per_pass.push(removed);
                }
            }
        }
    }
}

/// Optimize every code object of a file with `passes`. Only bytecode, line tables
/// and exception tables change; every other object keeps its marshal form and its
/// references, so a code object the passes leave alone is written back byte for byte.
pub fn optimize_file(pyc: &PycFile, passes: &[Box<dyn Pass>]) -> Result<(PycFile, Stats), String> {
    let version = pyc.header.version;
    let mut stats = Stats {
        per_pass: passes.iter().map(|p| (p.name(), 0)).collect(),
        removed_per_pass: vec![0; passes.len()],
        ..Stats::default()
    };
    let mut edits: Vec<Option<CodeEdit>> = Vec::new();
    let mut error = None;
    let body = &pyc.body;
    for id in body.preorder(body.root()) {
        if !matches!(body.item(id), Item::Code(_)) || error.is_some() {
            continue;
        }
        match Code::from_marshal(body, id, version) {
            Ok(code) => edits.push(optimize_code(&code, passes, &mut stats)),
            Err(e) => error = Some(e.to_string()),
        }
    }
    if let Some(e) = error {
        return Err(e);
    }
    let body = marshal::edit::edit_code_objects(&pyc.body, &edits).map_err(|e| e.to_string())?;
    Ok((
        PycFile {
            header: pyc.header,
            body,
        },
        stats,
    ))
}

/// Optimize one code object's own bytecode (not those nested in its constants); `None`
/// when nothing changed or its graph could not be built or written.
pub fn optimize_code(code: &Code, passes: &[Box<dyn Pass>], stats: &mut Stats) -> Option<CodeEdit> {
    let count = |c: &Code| instr::decode(&c.code, c.version).map_or(0, |v| v.len());
    let result = Cfg::build(code)
        .map_err(|e| e.to_string())
        .and_then(|mut cfg| {
            let report = passes::optimize(&mut cfg, code, passes);
            let new = cfg.linearize(code).map_err(|e| e.to_string())?;
            Ok((new, report))
        });
    let (new, report) = match result {
        Ok(r) => r,
        Err(_) => {
            stats.skipped += 1;
            return None;
        }
    };
    stats.codes += 1;
    stats.instructions.0 += count(code);
    stats.instructions.1 += count(&new);
    stats.code_bytes.0 += code.code.len();
    stats.code_bytes.1 += new.code.len();
    for (i, (_, n)) in report.changed.iter().enumerate() {
        if *n > 0 {
            stats.per_pass[i].1 += 1;
        }
        stats.removed_per_pass[i] += report.removed[i];
    }
    // A graph no pass touched keeps the original bytes (which up to 3.9 the graph
    // cannot always reproduce exactly, see tests/emit.rs).
    let touched = report.changed.iter().any(|(_, n)| *n > 0);
    let unchanged = !touched
        || (new.code == code.code
            && new.linetable == code.linetable
            && new.exceptiontable == code.exceptiontable);
    (!unchanged).then(|| CodeEdit {
        code: new.code,
        linetable: new.linetable,
        exceptiontable: code
            .version
            .has_exception_table()
            .then_some(new.exceptiontable),
        stacksize: code.stacksize as i32,
    })
}
