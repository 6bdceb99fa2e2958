//! Finding the real CPython interpreters that serve as oracles.
//!
//! For each version the interpreter is, in order: the path in `PYCASM_PYTHON_3_12`
//! (`PYCASM_PYTHON_<major>_<minor>`), `<root>/<x.y.z>/bin/python` for the newest
//! `x.y.*` directory under `PYCASM_PYENV_ROOT` (default `/root/.pyenv/versions`), or
//! nothing. 3.14 has no local interpreter unless one is named.

use std::path::{Path, PathBuf};

use crate::version::Version;

/// A located interpreter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreter {
    /// The version it runs.
    pub version: Version,
    /// The `python` executable.
    pub path: PathBuf,
}

/// The environment variable that names an interpreter for `version`.
pub fn env_var(version: Version) -> String {
    let (a, b) = version.major_minor();
    format!("PYCASM_PYTHON_{a}_{b}")
}

/// The pyenv-style root searched when no variable names an interpreter.
pub fn root() -> PathBuf {
    std::env::var_os("PYCASM_PYENV_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root/.pyenv/versions"))
}

/// Locate the interpreter of `version`, if there is one.
pub fn find(version: Version) -> Option<Interpreter> {
    if let Some(p) = std::env::var_os(env_var(version)) {
        let path = PathBuf::from(p);
        return path.is_file().then_some(Interpreter { version, path });
    }
    let (a, b) = version.major_minor();
    let prefix = format!("{a}.{b}.");
    let mut best: Option<(u32, PathBuf)> = None;
    for entry in std::fs::read_dir(root()).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(patch) = name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let exe = entry.path().join("bin/python");
        if exe.is_file() && best.as_ref().is_none_or(|(p, _)| patch > *p) {
            best = Some((patch, exe));
        }
    }
    best.map(|(_, path)| Interpreter { version, path })
}

/// Every supported version's interpreter that can be found.
pub fn find_all() -> Vec<Interpreter> {
    Version::ALL.into_iter().filter_map(find).collect()
}

impl Interpreter {
    /// The standard library directory (`lib/pythonX.Y` beside `bin/`).
    pub fn stdlib(&self) -> Option<PathBuf> {
        let (a, b) = self.version.major_minor();
        let dir = self
            .path
            .parent()?
            .parent()?
            .join(format!("lib/python{a}.{b}"));
        dir.is_dir().then_some(dir)
    }

    /// Run the interpreter with arguments; stdout on success, a message otherwise.
    pub fn run(&self, args: &[&str], cwd: Option<&Path>) -> Result<String, String> {
        let mut cmd = std::process::Command::new(&self.path);
        cmd.args(args)
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        if let Some(d) = cwd {
            cmd.current_dir(d);
        }
        let out = cmd
            .output()
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} {:?} failed ({}): {}",
                self.path.display(),
                args,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| e.to_string())
    }
}
