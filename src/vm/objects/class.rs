//! Classes (built-in and user-defined), instances and exception state.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use super::Dict;
use crate::vm::value::{Str, Value};

/// Which built-in type a class is (its instances are native values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinType {
    /// `object`
    Object,
    /// `type`
    Type,
    /// `NoneType`
    NoneType,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `complex`
    Complex,
    /// `str`
    Str,
    /// `bytes`
    Bytes,
    /// `tuple`
    Tuple,
    /// `list`
    List,
    /// `dict`
    Dict,
    /// `set`
    Set,
    /// `frozenset`
    FrozenSet,
    /// `range`
    Range,
    /// `slice`
    Slice,
    /// `function`
    Function,
    /// `builtin_function_or_method`
    BuiltinFunction,
    /// `method`
    Method,
    /// `generator`
    Generator,
    /// Built-in iterator types.
    Iterator,
    /// `module`
    Module,
    /// `code`
    Code,
    /// `cell`
    Cell,
    /// `property`
    Property,
    /// `staticmethod`
    StaticMethod,
    /// `classmethod`
    ClassMethod,
    /// `super`
    Super,
    /// `NotImplementedType`
    NotImplementedType,
    /// `ellipsis`
    Ellipsis,
    /// `BaseException`: instances carry [`ExcData`].
    BaseException,
}

/// A class.
#[derive(Debug)]
pub struct Class {
    /// `__name__`
    pub name: Str,
    /// `__qualname__`
    pub qualname: Str,
    /// `__module__` (`builtins` for built-in types).
    pub module: Str,
    /// `__bases__`
    pub bases: Vec<Rc<Class>>,
    /// `__mro__` without the class itself.
    pub mro_tail: Vec<Rc<Class>>,
    /// The class namespace.
    pub dict: RefCell<Dict>,
    /// For built-in types, which one; for user classes, the nearest built-in base.
    pub builtin: Option<BuiltinType>,
    /// The metaclass when it is not `type`.
    pub meta: RefCell<Option<Rc<Class>>>,
    /// A 2.7 classic class (no new-style base); only its error wording differs.
    pub classic: bool,
    /// Results of MRO lookups, valid while no class namespace changes.
    cache: RefCell<LookupCache>,
    /// How calling the class makes an instance, and the class epoch it was
    /// worked out in.
    ctor: RefCell<Option<(u64, Ctor)>>,
}

/// How calling a class makes an instance, as far as the class decides it.
#[derive(Debug, Clone)]
pub enum Ctor {
    /// Anything but the two cases below.
    General,
    /// `object.__new__`, then this Python `__init__`.
    Init(Rc<super::Function>),
    /// `object.__new__` and `object.__init__`.
    NoInit,
}

/// A name and what the MRO lookup found for it.
type Found = (Str, Option<Value>);

/// Memoised MRO lookups (CPython's type attribute cache): by hash, then name.
#[derive(Debug, Default)]
struct LookupCache {
    epoch: u64,
    found: HashMap<i64, Vec<Found>, BuildHasherDefault<super::dict::MixHasher>>,
}

impl Class {
    /// A new class; computes the C3 MRO. `Err` names the inconsistency.
    pub fn new(
        name: Str,
        qualname: Str,
        module: Str,
        bases: Vec<Rc<Class>>,
        dict: Dict,
        builtin: Option<BuiltinType>,
    ) -> Result<Class, String> {
        let mut dict = dict;
        dict.mark_class_ns();
        let mro_tail = c3(&bases)?;
        let builtin = builtin.or_else(|| {
            mro_tail
                .iter()
                .find_map(|c| c.builtin.filter(|b| *b != BuiltinType::Object))
        });
        Ok(Class {
            name,
            qualname,
            module,
            bases,
            mro_tail,
            dict: RefCell::new(dict),
            builtin,
            meta: RefCell::new(None),
            cache: RefCell::default(),
            ctor: RefCell::default(),
            classic: false,
        })
    }

    /// A class without bases (and so without an MRO to compute).
    pub fn base_only(name: Str, module: Str) -> Class {
        let mut dict = Dict::new();
        dict.mark_class_ns();
        Class {
            qualname: name.clone(),
            name,
            module,
            bases: Vec::new(),
            mro_tail: Vec::new(),
            dict: RefCell::new(dict),
            builtin: None,
            meta: RefCell::new(None),
            cache: RefCell::default(),
            ctor: RefCell::default(),
            classic: false,
        }
    }

    /// How calling the class makes an instance: memoised while no class
    /// namespace changes, else worked out by `make`.
    pub fn ctor(&self, make: impl FnOnce() -> Ctor) -> Ctor {
        let epoch = super::dict::class_epoch();
        if let Ok(m) = self.ctor.try_borrow() {
            if let Some((e, c)) = &*m {
                if *e == epoch {
                    return c.clone();
                }
            }
        }
        let c = make();
        if let Ok(mut m) = self.ctor.try_borrow_mut() {
            *m = Some((epoch, c.clone()));
        }
        c
    }

    /// [`Class::lookup`] with a `Str` name (its hash cached).
    pub fn lookup_name(&self, name: &Str) -> Option<Value> {
        self.lookup_key(name.hash(), name.as_str(), Some(name))
    }

    /// Look `name` up in the class and its MRO.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.lookup_hashed(crate::vm::value::hash_str(name), name)
    }

    fn lookup_hashed(&self, h: i64, name: &str) -> Option<Value> {
        self.lookup_key(h, name, None)
    }

    /// The cached MRO lookup; `key` is `name` as a `Str` when there is one.
    fn lookup_key(&self, h: i64, name: &str, key: Option<&Str>) -> Option<Value> {
        let Ok(mut cache) = self.cache.try_borrow_mut() else {
            return self.lookup_uncached(h, name);
        };
        let epoch = super::dict::class_epoch();
        if cache.epoch != epoch {
            cache.found.clear();
            cache.epoch = epoch;
        }
        let bucket = cache.found.entry(h).or_default();
        let same = |n: &Str| key.is_some_and(|k| k.ptr_eq(n)) || n.as_str() == name;
        if let Some((_, v)) = bucket.iter().find(|(n, _)| same(n)) {
            return v.clone();
        }
        let v = self.lookup_uncached(h, name);
        let n = key.cloned().unwrap_or_else(|| Str::from(name));
        bucket.push((n, v.clone()));
        v
    }

    fn lookup_uncached(&self, h: i64, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.borrow().get_hashed_str(h, name) {
            return Some(v);
        }
        self.mro_tail
            .iter()
            .find_map(|c| c.dict.borrow().get_hashed_str(h, name))
    }

    /// Look `name` up in the MRO of `self` after the class `after` (for `super()`).
    pub fn lookup_after(self: &Rc<Class>, after: &Rc<Class>, name: &str) -> Option<Value> {
        let h = crate::vm::value::hash_str(name);
        let mut mro = std::iter::once(self).chain(&self.mro_tail);
        mro.by_ref().find(|c| Rc::ptr_eq(c, after))?;
        mro.find_map(|c| c.dict.borrow().get_hashed_str(h, name))
    }

    /// The full MRO, the class first.
    pub fn mro(self: &Rc<Class>) -> Vec<Rc<Class>> {
        let mut v = vec![self.clone()];
        v.extend(self.mro_tail.iter().cloned());
        v
    }

    /// Whether `self` is `other` or a subclass of it.
    pub fn is_subclass(self: &Rc<Class>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro_tail.iter().any(|c| Rc::ptr_eq(c, other))
    }

    /// Whether instances are exceptions.
    pub fn is_exception(&self) -> bool {
        self.builtin == Some(BuiltinType::BaseException)
    }
}

/// C3 linearization of the bases (`Objects/typeobject.c: mro_implementation`).
fn c3(bases: &[Rc<Class>]) -> Result<Vec<Rc<Class>>, String> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases.iter().map(|b| b.mro()).collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|c| !seqs.iter().any(|s| s[1..].iter().any(|x| Rc::ptr_eq(x, c))));
        let Some(c) = candidate else {
            let names: Vec<String> = bases.iter().map(|b| b.name.to_string()).collect();
            return Err(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            ));
        };
        for s in &mut seqs {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// One traceback entry.
#[derive(Debug, Clone)]
pub struct TbEntry {
    /// `co_filename`
    pub filename: Str,
    /// The line, if known.
    pub line: Option<i32>,
    /// `co_name`
    pub name: Str,
    /// End line, start and end column of the failing instruction (3.11+).
    pub span: Option<(i32, u32, u32)>,
}

/// The state of an exception instance.
#[derive(Debug, Clone, Default)]
pub struct ExcData {
    /// `args`
    pub args: Vec<Value>,
    /// Traceback entries, innermost first (the order they were added).
    pub traceback: Vec<TbEntry>,
    /// `__context__`
    pub context: Option<Value>,
    /// `__cause__`
    pub cause: Option<Value>,
    /// `__suppress_context__`
    pub suppress_context: bool,
}

/// An instance of a user-defined or exception class.
// `repr(C)`: the fields an attribute access reads (the class, then the dict's
// inline entries) come first and share cache lines.
#[derive(Debug)]
#[repr(C)]
pub struct Instance {
    /// `__class__`
    pub class: RefCell<Rc<Class>>,
    /// `__dict__`
    pub dict: InstDict,
    /// Exception state, for exception instances.
    pub exc: Option<RefCell<ExcData>>,
    /// For instances of subclasses of built-in types (`class Stack(list)`), the
    /// built-in value that holds their contents.
    pub payload: RefCell<Option<Value>>,
}

impl Instance {
    /// A new instance of `class` with an empty dict.
    pub fn new(class: Rc<Class>) -> Instance {
        let exc = class
            .is_exception()
            .then(|| RefCell::new(ExcData::default()));
        Instance {
            class: RefCell::new(class),
            dict: InstDict::new(),
            exc,
            payload: RefCell::new(None),
        }
    }

    /// The class.
    pub fn class(&self) -> Rc<Class> {
        self.class.borrow().clone()
    }
}

/// An instance's attribute dict. It lives inside the instance (one allocation and
/// one pointer hop less for every attribute access) until `obj.__dict__` or
/// `vars(obj)` asks for it as a dict object; from then on it lives in that shared
/// dict, so that changes through either side show on the other.
#[derive(Debug)]
#[repr(C)]
pub struct InstDict {
    shared: std::cell::OnceCell<Rc<RefCell<Dict>>>,
    inline: RefCell<Dict>,
}

impl Default for InstDict {
    fn default() -> InstDict {
        InstDict::new()
    }
}

impl InstDict {
    /// An empty one.
    pub fn new() -> InstDict {
        InstDict {
            inline: RefCell::new(Dict::new()),
            shared: std::cell::OnceCell::new(),
        }
    }

    /// The cell that holds the attributes now.
    #[inline]
    fn cell(&self) -> &RefCell<Dict> {
        match self.shared.get() {
            Some(d) => d,
            None => &self.inline,
        }
    }

    /// Borrow the attributes.
    #[inline]
    pub fn borrow(&self) -> std::cell::Ref<'_, Dict> {
        self.cell().borrow()
    }

    /// Borrow the attributes mutably.
    #[inline]
    pub fn borrow_mut(&self) -> std::cell::RefMut<'_, Dict> {
        self.cell().borrow_mut()
    }

    /// [`InstDict::borrow`] that fails instead of panicking.
    #[inline]
    pub fn try_borrow(&self) -> Result<std::cell::Ref<'_, Dict>, std::cell::BorrowError> {
        self.cell().try_borrow()
    }

    /// [`InstDict::borrow_mut`] that fails instead of panicking.
    #[inline]
    pub fn try_borrow_mut(&self) -> Result<std::cell::RefMut<'_, Dict>, std::cell::BorrowMutError> {
        self.cell().try_borrow_mut()
    }

    /// The attributes as a dict object (`obj.__dict__`), made on first request.
    pub fn shared(&self) -> Rc<RefCell<Dict>> {
        self.shared
            .get_or_init(|| {
                // Nothing holds the inline dict while Python code runs; should
                // something read it now, it gets a copy.
                let d = match self.inline.try_borrow_mut() {
                    Ok(mut d) => std::mem::take(&mut *d),
                    Err(_) => self
                        .inline
                        .try_borrow()
                        .map(|d| d.clone())
                        .unwrap_or_default(),
                };
                Rc::new(RefCell::new(d))
            })
            .clone()
    }
}
