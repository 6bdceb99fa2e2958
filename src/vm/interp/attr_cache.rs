//! Inline caches of `LOAD_ATTR` and `STORE_ATTR` (CPython's attribute
//! specialisation, simplified). Each instruction remembers, for the last few
//! classes it saw and the class epoch it saw them in (any change to any class
//! namespace, class creation included, moves the epoch), what the lookup amounts
//! to for that class, and where the name sat in the last instance dict. A hit
//! goes straight to the instance dict or the class attribute; anything else takes
//! the general path (`getattr`/`setattr`), which refills the cache.

use std::rc::Rc;

use super::fast::Fast;
use super::{Frame, PyResult, Vm};
use crate::vm::objects::{class_epoch, Class, Instance};
use crate::vm::value::{Str, Value};

/// How many classes one instruction remembers (a call site in a base-class
/// method sees instances of every subclass).
const WAYS: usize = 4;

/// The cache of one attribute instruction.
#[derive(Debug, Default)]
pub struct AttrCache {
    entries: [Entry; WAYS],
    /// The entry to replace next when none is stale.
    next: usize,
}

/// What one instruction remembers about one class.
#[derive(Debug, Default)]
struct Entry {
    /// The class the entry describes (`Rc::as_ptr`); 0 when empty. A class freed
    /// and another made at its address cannot match: making a class moves the
    /// epoch.
    class: usize,
    /// [`class_epoch`] when the entry was made.
    epoch: u64,
    /// The owner is the class itself rather than an instance of it.
    on_class: bool,
    /// Where the name was in the last instance dict probed.
    hint: usize,
    kind: Kind,
}

/// What an attribute access amounts to for one class.
#[derive(Debug, Default, Clone)]
enum Kind {
    /// Nothing simpler than the general path.
    #[default]
    General,
    /// Load: the instance dict, then this class attribute, which needs no binding.
    Dict(Option<Value>),
    /// Load: the instance dict, then this function of the class, bound.
    Method(Value),
    /// Load: a property; call this getter.
    Property(Value),
    /// Store: into the instance dict.
    Store,
    /// Load from the class itself: this value as it is.
    ClassAttr(Value),
}

/// The operands of `Op::LoadAttr`.
#[derive(Debug, Clone, Copy)]
pub(super) struct LoadAttr {
    /// `co_names` index.
    pub name: u32,
    /// Method-call form.
    pub method: bool,
    /// Whether the NULL of the non-method case goes above the value (3.13+).
    pub null_after: bool,
    /// The instruction's cache.
    pub cache: u32,
}

/// What a cached load found.
enum Found {
    Value(Value),
    Method(Value),
}

impl AttrCache {
    /// The entry for `class` (or the class itself, `on_class`), if current.
    #[inline]
    fn find(&mut self, class: &Rc<Class>, on_class: bool) -> Option<&mut Entry> {
        let ptr = Rc::as_ptr(class) as usize;
        let epoch = class_epoch();
        self.entries
            .iter_mut()
            .find(|e| e.class == ptr && e.on_class == on_class && e.epoch == epoch)
    }

    /// Remember `entry`, in place of a stale one if there is one.
    fn fill(&mut self, entry: Entry) -> &mut Entry {
        let i = match self.entries.iter().position(|e| e.epoch != entry.epoch) {
            Some(i) => i,
            None => {
                let i = self.next;
                self.next = (i + 1) % WAYS;
                i
            }
        };
        self.entries[i] = entry;
        &mut self.entries[i]
    }
}

/// The instance dict's value for `name`, trying the cached position first.
#[inline]
fn probe(inst: &Instance, name: &Str, hint: &mut usize) -> Option<Value> {
    let d = inst.dict.try_borrow().ok()?;
    if let Some(v) = d.name_at(*hint, name) {
        return Some(v.clone());
    }
    let i = d.name_pos(name)?;
    *hint = i;
    d.value_at(i)
}

/// Push what a load produced, in the form the instruction asks for.
fn push_loaded(f: &mut Frame, owner: Value, found: Found, method: bool, null_after: bool) {
    match found {
        Found::Method(func) if method => {
            f.stack.push(func);
            f.stack.push(owner);
        }
        Found::Method(func) => f.stack.push(Value::BoundMethod(Rc::new((owner, func)))),
        Found::Value(v) => push_value(f, v, method, null_after),
    }
}

/// Push an attribute value; the method-call form adds its NULL.
fn push_value(f: &mut Frame, v: Value, method: bool, null_after: bool) {
    if !method {
        f.stack.push(v);
    } else if null_after {
        f.stack.push(v);
        f.stack.push(Value::Null);
    } else {
        f.stack.push(Value::Null);
        f.stack.push(v);
    }
}

impl Vm {
    /// `LOAD_ATTR` through its cache, when that finds the attribute without
    /// running any code; [`Fast::Slow`] (frame untouched) otherwise.
    #[inline]
    pub(super) fn fast_load_attr(&mut self, f: &mut Frame, at: LoadAttr) -> Fast {
        let (Some(owner), Some(name), Some(cache)) = (
            f.stack.last(),
            f.code.names.get(at.name as usize),
            f.code.attr_caches.get(at.cache as usize),
        ) else {
            return Fast::Slow;
        };
        let Ok(mut c) = cache.try_borrow_mut() else {
            return Fast::Slow;
        };
        let found = match owner {
            Value::Instance(inst) => {
                let Some(Entry { hint, kind, .. }) = c.find(&inst.class.borrow(), false) else {
                    return Fast::Slow;
                };
                match kind {
                    Kind::Dict(class_value) => match probe(inst, name, hint) {
                        Some(v) => Found::Value(v),
                        None => match class_value {
                            Some(v) => Found::Value(v.clone()),
                            None => return Fast::Slow,
                        },
                    },
                    Kind::Method(func) => match probe(inst, name, hint) {
                        Some(v) => Found::Value(v),
                        None => Found::Method(func.clone()),
                    },
                    // As the call instructions: dropped generators are closed
                    // (by `step`) before the program runs anything.
                    Kind::Property(_) if crate::vm::objects::finalize_pending() => {
                        return Fast::Slow
                    }
                    Kind::Property(getter) => {
                        let getter = getter.clone();
                        drop(c);
                        return self.fast_property(f, &getter, at);
                    }
                    _ => return Fast::Slow,
                }
            }
            Value::Class(cls) => match c.find(cls, true) {
                Some(Entry {
                    kind: Kind::ClassAttr(v),
                    ..
                }) => Found::Value(v.clone()),
                _ => return Fast::Slow,
            },
            _ => return Fast::Slow,
        };
        drop(c);
        // The two common forms overwrite the owner's slot in place.
        match (found, f.stack.last_mut()) {
            (Found::Value(v), Some(top)) if !at.method => *top = v,
            (Found::Method(func), Some(top)) if at.method => {
                let owner = std::mem::replace(top, func);
                f.stack.push(owner);
            }
            (found, _) => {
                let Some(owner) = f.stack.pop() else {
                    return Fast::Slow;
                };
                push_loaded(f, owner, found, at.method, at.null_after);
            }
        }
        Fast::Done
    }

    /// A property's getter called on the owner on top of the stack.
    fn fast_property(&mut self, f: &mut Frame, getter: &Value, at: LoadAttr) -> Fast {
        let Some(owner) = f.stack.pop() else {
            return Fast::Slow;
        };
        match self.call_n(getter, [owner]) {
            Ok(v) => {
                push_value(f, v, at.method, at.null_after);
                Fast::Done
            }
            Err(e) => Fast::Raise(e),
        }
    }

    /// `STORE_ATTR` into an instance dict through its cache; [`Fast::Slow`]
    /// (frame untouched) when the cache does not say so.
    #[inline]
    pub(super) fn fast_store_attr(&mut self, f: &mut Frame, name: u32, slot: u32) -> Fast {
        let n = f.stack.len();
        let (Some(Value::Instance(inst)), Some(name), Some(cache)) = (
            f.stack.last(),
            f.code.names.get(name as usize),
            f.code.attr_caches.get(slot as usize),
        ) else {
            return Fast::Slow;
        };
        if n < 2 {
            return Fast::Slow;
        }
        let Ok(mut c) = cache.try_borrow_mut() else {
            return Fast::Slow;
        };
        let Some(e) = c.find(&inst.class.borrow(), false) else {
            return Fast::Slow;
        };
        if !matches!(e.kind, Kind::Store) {
            return Fast::Slow;
        }
        let inst = inst.clone();
        let Ok(mut d) = inst.dict.try_borrow_mut() else {
            return Fast::Slow;
        };
        f.stack.pop();
        let Some(v) = f.stack.pop() else {
            return Fast::Slow;
        };
        if let Err(v) = d.replace_name_at(e.hint, name, v) {
            if let Some(i) = d.set_name_pos(name, v) {
                e.hint = i;
            }
        }
        Fast::Done
    }

    /// `LOAD_ATTR`: the general path, which (re)fills the cache.
    pub(super) fn load_attr(&mut self, f: &mut Frame, at: LoadAttr) -> PyResult<()> {
        let LoadAttr {
            method, null_after, ..
        } = at;
        let owner = f.pop()?;
        let name = f.name(at.name)?;
        if let Some(cache) = f.code.attr_caches.get(at.cache as usize) {
            let getter = match cache.try_borrow_mut() {
                Ok(mut c) => match self.refill_load(&mut c, &owner, &name) {
                    Some(Entry {
                        kind: Kind::Property(g),
                        ..
                    }) => Some(g.clone()),
                    _ => None,
                },
                Err(_) => None,
            };
            if let Some(g) = getter {
                let v = self.call_n(&g, [owner])?;
                push_value(f, v, method, null_after);
                return Ok(());
            }
        }
        if method {
            if let Some(func) = self.builtin_method(&owner, &name) {
                push_loaded(f, owner, Found::Method(func), true, null_after);
                return Ok(());
            }
            if let Some(func) = self.lookup_method(&owner, &name) {
                push_loaded(f, owner, Found::Method(func), true, null_after);
                return Ok(());
            }
        }
        let v = self.getattr(&owner, &name)?;
        push_value(f, v, method, null_after);
        Ok(())
    }

    /// `STORE_ATTR`: the general path, which (re)fills the cache.
    pub(super) fn store_attr(&mut self, f: &mut Frame, name: u32, slot: u32) -> PyResult<()> {
        let owner = f.pop()?;
        let v = f.pop()?;
        let name = f.name(name)?;
        if let (Value::Instance(inst), Some(cache)) =
            (&owner, f.code.attr_caches.get(slot as usize))
        {
            if let Ok(mut c) = cache.try_borrow_mut() {
                let cls = inst.class();
                if c.find(&cls, false).is_none() {
                    let epoch = class_epoch();
                    let kind = self.store_kind(&cls, &name);
                    c.fill(Entry::new(&cls, false, kind, epoch));
                }
            }
        }
        self.setattr(&owner, &name, v)
    }

    /// The entry of `c` for `owner`'s class, made if missing.
    fn refill_load<'c>(
        &self,
        c: &'c mut AttrCache,
        owner: &Value,
        name: &Str,
    ) -> Option<&'c mut Entry> {
        let (cls, on_class) = match owner {
            Value::Instance(inst) => (inst.class(), false),
            Value::Class(cls) => (cls.clone(), true),
            _ => return None,
        };
        if c.find(&cls, on_class).is_some() {
            return c.find(&cls, on_class);
        }
        let epoch = class_epoch();
        let kind = if on_class {
            class_kind(&cls, name)
        } else {
            self.load_kind(&cls, name)
        };
        Some(c.fill(Entry::new(&cls, on_class, kind, epoch)))
    }

    /// What `generic_getattr` does for `name` on instances of `cls`, as far as
    /// the class decides it.
    fn load_kind(&self, cls: &Rc<Class>, name: &Str) -> Kind {
        if name.as_str() == "__class__"
            || cls.is_exception()
            || matches!(
                cls.lookup_name(&self.names.getattribute),
                Some(Value::Function(_))
            )
        {
            return Kind::General;
        }
        match cls.lookup_name(name) {
            None => Kind::Dict(None),
            // A getter's AttributeError must reach `__getattr__`: the general path.
            Some(Value::Property(_)) if cls.lookup_name(&self.names.getattr).is_some() => {
                Kind::General
            }
            Some(Value::Property(p)) => Kind::Property(p.0.clone()),
            Some(f @ Value::Function(_)) => Kind::Method(f),
            Some(Value::ClassMethod(_) | Value::StaticMethod(_) | Value::Instance(_)) => {
                Kind::General
            }
            Some(v) => Kind::Dict(Some(v)),
        }
    }

    /// What `setattr` does for `name` on instances of `cls`: [`Kind::Store`]
    /// when it is a plain store into the instance dict.
    fn store_kind(&self, cls: &Rc<Class>, name: &Str) -> Kind {
        let plain = !cls.is_exception()
            && !matches!(
                cls.lookup_name(&self.names.setattr),
                Some(Value::Function(_))
            )
            && !matches!(
                cls.lookup_name(name),
                Some(Value::Property(_) | Value::Instance(_))
            )
            && self.slot_allows(cls, name.as_str());
        if plain {
            Kind::Store
        } else {
            Kind::General
        }
    }
}

impl Entry {
    fn new(class: &Rc<Class>, on_class: bool, kind: Kind, epoch: u64) -> Entry {
        Entry {
            class: Rc::as_ptr(class) as usize,
            epoch,
            on_class,
            hint: 0,
            kind,
        }
    }
}

/// What `getattr` does for `name` on the class `cls` itself.
fn class_kind(cls: &Rc<Class>, name: &Str) -> Kind {
    if super::attr::CLASS_SPECIAL.contains(&name.as_str()) {
        return Kind::General;
    }
    match cls.lookup_name(name) {
        None | Some(Value::ClassMethod(_) | Value::StaticMethod(_) | Value::Instance(_)) => {
            Kind::General
        }
        Some(v) => Kind::ClassAttr(v),
    }
}
