//! `import` of compiled files: dotted names, packages (`__init__`), namespace
//! packages (directories without one), relative imports and `from` lists, found
//! on the search path (`Vm::path`: the main file's directory, then `--path`).
//!
//! In each directory a name `n` is a regular package (`n/__init__.pyc`,
//! `n/__pycache__/__init__.TAG.pyc`, `n/__init__.pyasm`), else a module
//! (`n.pyc`, `__pycache__/n.TAG.pyc`, `n.pyasm`); a directory `n` without an
//! `__init__` becomes a namespace package when no entry of the path has either.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::vm::interp::{Error, Frame, PyResult, Vm};
use crate::vm::objects::{Dict, Module};
use crate::vm::value::{DictRef, Str, Value};

/// What a name resolves to in the search path.
enum Found {
    /// A module or regular package's `__init__`, with the package directory.
    File(PathBuf, Option<PathBuf>),
    /// A namespace package: its directory.
    Namespace(PathBuf),
}

impl Vm {
    /// `IMPORT_NAME`: import `name` (relative to `globals`' package when
    /// `level > 0`) and return what the statement binds: the top-level package
    /// for a plain `import a.b`, the module itself for a `from` import.
    pub fn import_name(
        &mut self,
        globals: &DictRef,
        name: &Str,
        fromlist: &Value,
        level: i64,
    ) -> PyResult<Value> {
        let full = if level > 0 {
            self.resolve_relative(globals, name.as_str(), level)?
        } else {
            name.to_string()
        };
        if full.is_empty() {
            return Err(self.exc("ValueError", "Empty module name"));
        }
        let module = self.import_module(&Str::from(full.as_str()))?;
        let names = match fromlist {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            if level == 0 {
                if let Some((top, _)) = full.split_once('.') {
                    return self.import_module(&Str::from(top));
                }
            }
            return Ok(module);
        }
        // `from package import submodule` imports the submodule.
        if let Value::Module(m) = &module {
            if m.dict.borrow().get_str("__path__").is_some() {
                let mut items = names;
                if items
                    .iter()
                    .any(|n| matches!(n, Value::Str(s) if s.as_str() == "*"))
                {
                    let all = m.dict.borrow().get_str("__all__");
                    if let Some(all) = all {
                        items.extend(self.collect(&all)?);
                    }
                }
                for item in items {
                    let Value::Str(item) = item else { continue };
                    if item.as_str() == "*" || m.dict.borrow().get_str(item.as_str()).is_some() {
                        continue;
                    }
                    let sub = format!("{full}.{item}");
                    match self.import_module(&Str::from(sub.as_str())) {
                        Err(Error::Py(e)) if self.is_missing_module(&e, &sub) => {}
                        other => {
                            other?;
                        }
                    }
                }
            }
        }
        Ok(module)
    }

    /// `from module import *` into `ns`: the names of `__all__`, else the
    /// public ones.
    pub fn import_star(&mut self, module: &Value, ns: &DictRef) -> PyResult<()> {
        let Value::Module(m) = module else {
            return Ok(());
        };
        let all = m.dict.borrow().get_str("__all__");
        let Some(all) = all else {
            for (k, val) in m.dict.borrow().items() {
                if let Value::Str(s) = &k {
                    if !s.as_str().starts_with('_') {
                        ns.borrow_mut().set_str(s.as_str(), val);
                    }
                }
            }
            return Ok(());
        };
        for name in self.collect(&all)? {
            let Value::Str(name) = name else {
                return Err(self.type_error(format!(
                    "Item in {}.__all__ must be str, not {}",
                    m.name,
                    self.type_name(&name)
                )));
            };
            let v = self.getattr(module, &name)?;
            ns.borrow_mut().set_str(name.as_str(), v);
        }
        Ok(())
    }

    /// `IMPORT_FROM`: an attribute of the module, or its submodule of that name
    /// once imported (circular imports).
    pub fn import_from(&mut self, module: &Value, name: &Str) -> PyResult<Value> {
        if let Ok(v) = self.getattr(module, name) {
            return Ok(v);
        }
        let Value::Module(m) = module else {
            return Err(self.exc("ImportError", format!("cannot import name '{name}'")));
        };
        let sub = Value::str(&format!("{}.{name}", m.name));
        if let Ok(Some(v)) = self.modules.get(&sub) {
            return Ok(v);
        }
        let location = match m.dict.borrow().get_str("__file__") {
            Some(Value::Str(f)) => f.to_string(),
            _ => "unknown location".to_string(),
        };
        Err(self.exc(
            "ImportError",
            format!("cannot import name '{name}' from '{}' ({location})", m.name),
        ))
    }

    /// Whether `exc` is the `ModuleNotFoundError` for `name` itself.
    fn is_missing_module(&self, exc: &Rc<crate::vm::objects::Instance>, name: &str) -> bool {
        exc.class()
            .is_subclass(&self.types.exc("ModuleNotFoundError"))
            && exc.exc.as_ref().is_some_and(|d| {
                matches!(d.borrow().args.first(), Some(Value::Str(s))
                    if s.as_str() == format!("No module named '{name}'"))
            })
    }

    /// The absolute name of a `level`-dots import of `name` from `globals`.
    fn resolve_relative(&self, globals: &DictRef, name: &str, level: i64) -> PyResult<String> {
        let g = globals.borrow();
        let package = match g.get_str("__package__") {
            Some(Value::Str(p)) => p.to_string(),
            _ => match g.get_str("__name__") {
                Some(Value::Str(n)) if g.get_str("__path__").is_some() => n.to_string(),
                Some(Value::Str(n)) => n
                    .as_str()
                    .rsplit_once('.')
                    .map_or_else(String::new, |(p, _)| p.to_string()),
                _ => String::new(),
            },
        };
        drop(g);
        if package.is_empty() {
            return Err(self.exc(
                "ImportError",
                "attempted relative import with no known parent package",
            ));
        }
        let mut base = package.as_str();
        for _ in 1..level {
            match base.rsplit_once('.') {
                Some((parent, _)) => base = parent,
                None => {
                    return Err(self.exc(
                        "ImportError",
                        "attempted relative import beyond top-level package",
                    ))
                }
            }
        }
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }

    /// Import a module that is not built in: find it on the path (or in its
    /// parent package's `__path__`), run it, and bind it in the parent.
    pub(super) fn import_file(&mut self, name: &Str) -> PyResult<Value> {
        let full = name.as_str();
        let not_found =
            |vm: &Vm| vm.exc("ModuleNotFoundError", format!("No module named '{full}'"));
        let bad_part = |p: &str| p.is_empty() || p.contains(['/', '\\', '\0']);
        if full.split('.').any(bad_part) {
            return Err(not_found(self));
        }
        let (parent, short, dirs) = match full.rsplit_once('.') {
            Some((parent, short)) => {
                // importlib recurses in Python here: the same depth limit.
                self.enter()?;
                let p = self.import_module(&Str::from(parent));
                self.depth -= 1;
                let p = p?;
                // Importing the parent may have imported this module already.
                if let Ok(Some(m)) = self.modules.get(&Value::Str(name.clone())) {
                    return Ok(m);
                }
                let Some(dirs) = package_path(&p) else {
                    return Err(self.exc(
                        "ModuleNotFoundError",
                        format!("No module named '{full}'; '{parent}' is not a package"),
                    ));
                };
                (Some(p), short, dirs)
            }
            None => (None, full, self.path.clone()),
        };
        let tag = self.version.cache_tag();
        let Some(found) = find(&dirs, short, &tag) else {
            return Err(not_found(self));
        };
        let module = match found {
            Found::File(file, pkg_dir) => self.exec_module_file(name, &file, pkg_dir)?,
            Found::Namespace(dir) => {
                let module = new_module(self, name, Some(&dir), None);
                let _ = self
                    .modules
                    .insert(Value::Str(name.clone()), module.clone());
                module
            }
        };
        if let Some(Value::Module(p)) = parent {
            p.dict.borrow_mut().set_str(short, module.clone());
        }
        Ok(module)
    }

    /// Run a module's code with fresh globals, registered in `modules` while it
    /// runs (so that cycles see it) and removed again if it fails.
    fn exec_module_file(
        &mut self,
        name: &Str,
        file: &Path,
        pkg_dir: Option<PathBuf>,
    ) -> PyResult<Value> {
        let code = super::modules::load_module_file(file).map_err(|e| {
            self.exc(
                "ImportError",
                format!("cannot load {}: {e}", file.display()),
            )
        })?;
        let loaded = crate::vm::load::load(&code).map_err(Error::from)?;
        let module = new_module(self, name, pkg_dir.as_deref(), Some(file));
        let Value::Module(m) = &module else {
            return Err(self.exc("SystemError", "module creation failed"));
        };
        let globals = m.dict.clone();
        let key = Value::Str(name.clone());
        let _ = self.modules.insert(key.clone(), module.clone());
        let mut frame = Frame::new(loaded, globals.clone(), Some(globals));
        self.enter()?;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        if let Err(e) = r {
            let _ = self.modules.remove(&key);
            return Err(e);
        }
        // A module may replace itself in `sys.modules`; keep what is there.
        Ok(match self.modules.get(&key) {
            Ok(Some(m)) => m,
            _ => module,
        })
    }
}

/// A module object with the attributes the import system sets.
fn new_module(vm: &Vm, name: &Str, pkg_dir: Option<&Path>, file: Option<&Path>) -> Value {
    let mut d = Dict::new();
    d.set_str("__name__", Value::Str(name.clone()));
    d.set_str("__doc__", Value::None);
    d.set_str("__builtins__", Value::Dict(vm.builtins.clone()));
    d.set_str("__spec__", Value::None);
    d.set_str("__loader__", Value::None);
    let package = match pkg_dir {
        Some(dir) => {
            d.set_str(
                "__path__",
                Value::list(vec![Value::str(&dir.display().to_string())]),
            );
            name.to_string()
        }
        None => name
            .as_str()
            .rsplit_once('.')
            .map_or_else(String::new, |(p, _)| p.to_string()),
    };
    d.set_str("__package__", Value::str(&package));
    if let Some(f) = file {
        d.set_str("__file__", Value::str(&f.display().to_string()));
    }
    Value::Module(Rc::new(Module {
        name: name.clone(),
        dict: Rc::new(RefCell::new(d)),
    }))
}

/// The directories of a package's `__path__`, or `None` for a plain module.
fn package_path(module: &Value) -> Option<Vec<PathBuf>> {
    let Value::Module(m) = module else {
        return None;
    };
    let path = m.dict.borrow().get_str("__path__")?;
    let items = match path {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        _ => return Some(Vec::new()),
    };
    Some(
        items
            .into_iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(PathBuf::from(s.as_str())),
                _ => None,
            })
            .collect(),
    )
}

/// The first file of `candidates` that exists.
fn first_file(candidates: [PathBuf; 3]) -> Option<PathBuf> {
    candidates.into_iter().find(|c| c.is_file())
}

/// Where `name` is in `dirs`.
fn find(dirs: &[PathBuf], name: &str, tag: &str) -> Option<Found> {
    let mut namespace = None;
    for dir in dirs {
        let pkg = dir.join(name);
        if pkg.is_dir() {
            let init = first_file([
                pkg.join("__init__.pyc"),
                pkg.join("__pycache__").join(format!("__init__.{tag}.pyc")),
                pkg.join("__init__.pyasm"),
            ]);
            if let Some(init) = init {
                return Some(Found::File(init, Some(pkg)));
            }
        }
        let module = first_file([
            dir.join(format!("{name}.pyc")),
            dir.join("__pycache__").join(format!("{name}.{tag}.pyc")),
            dir.join(format!("{name}.pyasm")),
        ]);
        if let Some(file) = module {
            return Some(Found::File(file, None));
        }
        if pkg.is_dir() && namespace.is_none() {
            namespace = Some(pkg);
        }
    }
    namespace.map(Found::Namespace)
}
