//! Modules run by name: `pycasm run --import NAME` (like `python -c "import
//! NAME"`: the top-level code runs under the module's own name) and
//! `pycasm run --sweep DIR`, which imports every compiled module under `DIR`
//! with `DIR` as the search path and sorts the results into modules that ran
//! to completion, stopped on a module that does not exist (a C extension, or a
//! built-in module the VM lacks: `ModuleNotFoundError`), and other failures.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::interp::{Error, Vm};
use super::objects::Instance;
use super::value::{Str, Value};
use super::{traceback, value, RunOptions, VmError};
use crate::version::Version;

/// How importing one module ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Its top-level code ran to the end.
    Completed,
    /// A `ModuleNotFoundError`: the message, e.g. `No module named 'os'`.
    MissingModule(String),
    /// Any other exception (`Type: message`) or a VM failure (`vm: ...`).
    Failed(String),
}

/// One module of a sweep.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The compiled file.
    pub file: PathBuf,
    /// Its dotted module name.
    pub module: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// Import `name` from `opts.path` as a program: output to `out`, an uncaught
/// exception's traceback to `err`; returns the exit status like
/// [`run_module`](super::run_module).
pub fn import_main(
    name: &str,
    version: Version,
    opts: &RunOptions,
    out: Box<dyn Write>,
    err: &mut dyn Write,
) -> Result<i32, VmError> {
    value::use_siphash24(version <= Version::V3_10);
    let mut vm = Vm::new(opts, out);
    vm.version = version;
    let result = vm.import_module(&Str::from(name));
    vm.flush();
    match result {
        Ok(_) => Ok(0),
        Err(Error::Fatal(e)) => Err(*e),
        Err(Error::Py(exc)) => Ok(traceback::report_uncaught(&mut vm, &exc, err)),
    }
}

/// Import `name` in a fresh VM, discarding its output, and classify the end.
pub fn import_outcome(name: &str, version: Version, opts: &RunOptions) -> Outcome {
    value::use_siphash24(version <= Version::V3_10);
    let mut vm = Vm::new(opts, Box::new(std::io::sink()));
    vm.version = version;
    match vm.import_module(&Str::from(name)) {
        Ok(_) => Outcome::Completed,
        Err(Error::Fatal(e)) => Outcome::Failed(format!("vm: {e}")),
        Err(Error::Py(exc)) => classify(&mut vm, &exc),
    }
}

fn classify(vm: &mut Vm, exc: &Rc<Instance>) -> Outcome {
    let class = exc.class();
    let message = match exc.exc.as_ref().map(|d| d.borrow().args.clone()) {
        Some(args) if args.len() == 1 => vm
            .to_str(&args[0])
            .unwrap_or_else(|_| "<unprintable>".to_string()),
        Some(args) if !args.is_empty() => vm
            .repr(&Value::tuple(args))
            .unwrap_or_else(|_| "<unprintable>".to_string()),
        _ => String::new(),
    };
    if class.is_subclass(&vm.types.exc("ModuleNotFoundError"))
        || from_import_of_absent_submodule(vm, &message)
    {
        Outcome::MissingModule(message)
    } else {
        Outcome::Failed(format!("{}: {message}", class.name))
    }
}

/// `cannot import name 'x' from 'p' (unknown location)` where `p` is a
/// package without a file (a namespace package): `p.x` is a submodule that is
/// not on the path (CPython words it this way, too).
fn from_import_of_absent_submodule(vm: &Vm, message: &str) -> bool {
    let Some(rest) = message.strip_prefix("cannot import name '") else {
        return false;
    };
    let Some(package) = rest
        .split_once("' from '")
        .and_then(|(_, p)| p.strip_suffix("' (unknown location)"))
    else {
        return false;
    };
    match vm.modules.get(&Value::str(package)) {
        Ok(Some(Value::Module(m))) => m.dict.borrow().get_str("__path__").is_some(),
        _ => false,
    }
}

/// The dotted name of the compiled module `file` under the search root
/// `root` (`a/b/__pycache__/c.cpython-314.pyc` is `a.b.c`, a package's
/// `__init__` is the package), or `None` if it has no importable name.
pub fn module_name(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let mut parts: Vec<String> = Vec::new();
    let comps: Vec<_> = rel.components().collect();
    let (last, dirs) = comps.split_last()?;
    for c in dirs {
        let s = c.as_os_str().to_str()?;
        if s != "__pycache__" {
            parts.push(s.to_string());
        }
    }
    let stem = last.as_os_str().to_str()?.split('.').next()?.to_string();
    if stem != "__init__" {
        parts.push(stem);
    }
    let valid = |p: &String| {
        let mut chars = p.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    };
    (!parts.is_empty() && parts.iter().all(valid)).then(|| parts.join("."))
}

/// Every `.pyc` of `version` under the `roots` with its module name (relative
/// to the innermost root that holds it), sorted by file.
pub fn modules_under(roots: &[PathBuf], version: Version) -> Vec<(PathBuf, String)> {
    let tag = format!(".{}.pyc", version.cache_tag());
    let mut files: Vec<PathBuf> = roots
        .first()
        .map(|r| {
            walkdir::WalkDir::new(r)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| p.to_str().is_some_and(|s| s.ends_with(&tag)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let root = roots
                .iter()
                .filter(|r| f.starts_with(r))
                .max_by_key(|r| r.components().count())?;
            module_name(root, &f).map(|m| (f, m))
        })
        .collect()
}

/// The search path of a sweep of `root`: `root`, and `root/site-packages`
/// when present (the layout of an installed `lib/pythonX.Y`).
pub fn sweep_path(root: &Path) -> Vec<PathBuf> {
    let mut path = vec![root.to_path_buf()];
    let site = root.join("site-packages");
    if site.is_dir() {
        path.push(site);
    }
    path
}

/// Import every module of `version` under `root`, each in a fresh VM with
/// [`sweep_path`] as the search path and `budget` instructions at most.
pub fn sweep(root: &Path, version: Version, budget: u64) -> Vec<Entry> {
    let path = sweep_path(root);
    let opts = RunOptions {
        argv: vec![String::new()],
        trace: false,
        max_instructions: Some(budget),
        path: path.clone(),
        ..Default::default()
    };
    modules_under(&path, version)
        .into_iter()
        .map(|(file, module)| {
            let outcome = import_outcome(&module, version, &opts);
            Entry {
                file,
                module,
                outcome,
            }
        })
        .collect()
}

/// The report printed by `pycasm run --sweep`: one line per module, the
/// totals, and the most frequent missing modules and failure causes.
pub fn report(entries: &[Entry]) -> String {
    let mut out = String::new();
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut done, mut miss, mut failed) = (0, 0, 0);
    for e in entries {
        let line = match &e.outcome {
            Outcome::Completed => {
                done += 1;
                format!("completed  {}", e.module)
            }
            Outcome::MissingModule(m) => {
                miss += 1;
                *missing.entry(m.clone()).or_default() += 1;
                format!("missing    {}: {m}", e.module)
            }
            Outcome::Failed(why) => {
                failed += 1;
                *causes.entry(cause_kind(why)).or_default() += 1;
                format!("failed     {}: {why}", e.module)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} modules: {done} ran to completion, {miss} stopped on a missing module, {failed} failed otherwise\n",
        entries.len()
    ));
    for (title, table) in [("missing modules", missing), ("failure causes", causes)] {
        if table.is_empty() {
            continue;
        }
        let mut rows: Vec<(String, usize)> = table.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.push_str(&format!("{title}:\n"));
        for (what, n) in rows.iter().take(25) {
            out.push_str(&format!("  {n:5}  {what}\n"));
        }
    }
    out
}

/// A failure message without the location of a VM failure, for counting.
fn cause_kind(why: &str) -> String {
    let why = match why.find(" (in ") {
        Some(i) if why.starts_with("vm: ") => &why[..i],
        _ => why,
    };
    why.chars().take(120).collect()
}
