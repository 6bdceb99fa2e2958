//! Exception groups and `except*`: construction checks, `message`/`exceptions`,
//! `split`/`subgroup`/`derive`, `CHECK_EG_MATCH` and `PREP_RERAISE_STAR`
//! (`Objects/exceptions.c`, `Python/ceval.c: exception_group_match`), plus the
//! exception methods `add_note` and `with_traceback`.

use std::rc::Rc;

use super::{Frame, PyResult, Vm};
use crate::vm::objects::{Args, BuiltinFn, BuiltinImpl, Class, Instance, TbEntry};
use crate::vm::value::{Str, Value};

/// What a split keeps.
enum Cond {
    /// Instances of these classes.
    Types(Vec<Rc<Class>>),
    /// Exceptions for which the predicate is true.
    Pred(Value),
    /// These leaf exceptions (by identity).
    Ids(Vec<usize>),
}

/// The (match, rest) parts of a split.
type Split = (Option<Rc<Instance>>, Option<Rc<Instance>>);

fn ident(e: &Rc<Instance>) -> usize {
    Rc::as_ptr(e) as usize
}

impl Vm {
    fn base_group(&self) -> Rc<Class> {
        self.types.exc("BaseExceptionGroup")
    }

    /// Whether `v` is an exception group.
    pub fn is_group(&self, v: &Value) -> bool {
        matches!(v, Value::Instance(i) if i.class().is_subclass(&self.base_group()))
    }

    /// The class a group constructor call really makes, after CPython's checks:
    /// `BaseExceptionGroup(msg, excs)` becomes an `ExceptionGroup` when every
    /// member is an `Exception`. `None` when `cls` is not a group class.
    pub fn group_class(&self, cls: &Rc<Class>, args: &Args) -> PyResult<Option<Rc<Class>>> {
        let base = self.base_group();
        if !cls.is_subclass(&base) {
            return Ok(None);
        }
        let name = &cls.name;
        if args.pos.len() != 2 {
            return Err(self.type_error(format!(
                "{name} expected 2 arguments, got {}",
                args.pos.len()
            )));
        }
        if !matches!(args.pos[0], Value::Str(_)) {
            return Err(self.type_error(format!(
                "argument 1 must be str, not {}",
                self.type_name(&args.pos[0])
            )));
        }
        let items = match &args.pos[1] {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            _ => return Err(self.type_error("second argument (exceptions) must be a sequence")),
        };
        if items.is_empty() {
            return Err(
                self.value_error("second argument (exceptions) must be a non-empty sequence")
            );
        }
        let exception = self.types.exc("Exception");
        let mut all_exceptions = true;
        for (i, e) in items.iter().enumerate() {
            match e {
                Value::Instance(inst) if inst.exc.is_some() => {
                    all_exceptions &= inst.class().is_subclass(&exception);
                }
                _ => {
                    return Err(self.value_error(format!(
                        "Item {i} of second argument (exceptions) is not an exception"
                    )))
                }
            }
        }
        if Rc::ptr_eq(cls, &base) {
            return Ok(Some(if all_exceptions {
                self.types.exc("ExceptionGroup")
            } else {
                base
            }));
        }
        if cls.is_subclass(&exception) && !all_exceptions {
            return Err(if cls.name.as_str() == "ExceptionGroup" {
                self.type_error("Cannot nest BaseExceptions in an ExceptionGroup")
            } else {
                self.type_error(format!("Cannot nest BaseExceptions in '{name}'"))
            });
        }
        Ok(Some(cls.clone()))
    }

    /// The members of a group (`exceptions`).
    fn group_members(&self, eg: &Rc<Instance>) -> Vec<Rc<Instance>> {
        let args = eg
            .exc
            .as_ref()
            .map(|d| d.borrow().args.clone())
            .unwrap_or_default();
        let items = match args.get(1) {
            Some(Value::List(l)) => l.borrow().clone(),
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|v| match v {
                Value::Instance(i) => Some(i),
                _ => None,
            })
            .collect()
    }

    /// `message` and `exceptions` of a group.
    pub fn group_attr(&self, obj: &Value, name: &str) -> Option<Value> {
        let Value::Instance(i) = obj else { return None };
        if !self.is_group(obj) {
            return None;
        }
        match name {
            "message" => i.exc.as_ref()?.borrow().args.first().cloned(),
            "exceptions" => Some(Value::tuple(
                self.group_members(i)
                    .into_iter()
                    .map(Value::Instance)
                    .collect(),
            )),
            _ => None,
        }
    }

    /// `str(eg)`: `msg (n sub-exceptions)`.
    pub fn group_str(&mut self, i: &Rc<Instance>) -> PyResult<String> {
        let msg = match i
            .exc
            .as_ref()
            .and_then(|d| d.borrow().args.first().cloned())
        {
            Some(m) => self.to_str(&m)?,
            None => String::new(),
        };
        let n = self.group_members(i).len();
        let s = if n == 1 { "" } else { "s" };
        Ok(format!("{msg} ({n} sub-exception{s})"))
    }

    /// Methods of exception instances that live on the built-in classes
    /// (`add_note`, `with_traceback`, and for groups `split`/`subgroup`/`derive`).
    pub fn exc_method(&self, obj: &Value, name: &str) -> Option<Value> {
        let Value::Instance(i) = obj else { return None };
        i.exc.as_ref()?;
        let func: BuiltinImpl = match name {
            "add_note" if self.version >= crate::version::Version::V3_11 => add_note,
            "with_traceback" => with_traceback,
            "split" if self.is_group(obj) => eg_split,
            "subgroup" if self.is_group(obj) => eg_subgroup,
            "derive" if self.is_group(obj) => eg_derive,
            _ => return None,
        };
        let name = match name {
            "add_note" => "add_note",
            "with_traceback" => "with_traceback",
            "split" => "split",
            "subgroup" => "subgroup",
            _ => "derive",
        };
        Some(Value::Builtin(Rc::new(BuiltinFn {
            name,
            func,
            receiver: Some(obj.clone()),
        })))
    }

    fn cond_of(&self, v: &Value) -> PyResult<Cond> {
        let mut classes = Vec::new();
        let ok = match v {
            Value::Class(c) => {
                classes.push(c.clone());
                c.is_exception()
            }
            Value::Tuple(t) => t.iter().all(|x| match x {
                Value::Class(c) if c.is_exception() => {
                    classes.push(c.clone());
                    true
                }
                _ => false,
            }),
            Value::Function(_) | Value::BoundMethod(_) | Value::Builtin(_) => {
                return Ok(Cond::Pred(v.clone()))
            }
            _ => false,
        };
        if ok {
            Ok(Cond::Types(classes))
        } else {
            Err(self.type_error(
                "expected an exception type, a tuple of exception types, or a callable (other than a class)",
            ))
        }
    }

    fn cond_matches(&mut self, e: &Rc<Instance>, cond: &Cond) -> PyResult<bool> {
        Ok(match cond {
            Cond::Types(ts) => {
                let c = e.class();
                ts.iter().any(|t| c.is_subclass(t))
            }
            Cond::Pred(p) => {
                let r = self.call_pos(p, vec![Value::Instance(e.clone())])?;
                self.truthy(&r)?
            }
            Cond::Ids(ids) => ids.contains(&ident(e)),
        })
    }

    /// `exceptiongroup_split_recursive`: (match, rest).
    fn split_rec(&mut self, e: &Rc<Instance>, cond: &Cond, with_rest: bool) -> PyResult<Split> {
        if self.cond_matches(e, cond)? {
            return Ok((Some(e.clone()), None));
        }
        if !self.is_group(&Value::Instance(e.clone())) {
            return Ok((None, with_rest.then(|| e.clone())));
        }
        let (mut matched, mut rest) = (Vec::new(), Vec::new());
        for m in self.group_members(e) {
            let (a, b) = self.split_rec(&m, cond, with_rest)?;
            matched.extend(a);
            rest.extend(b);
        }
        let m = self.group_subset(e, matched)?;
        let r = if with_rest {
            self.group_subset(e, rest)?
        } else {
            None
        };
        Ok((m, r))
    }

    /// `exceptiongroup_subset`: `orig.derive(excs)` with orig's traceback, cause,
    /// context and a copy of its notes.
    fn group_subset(
        &mut self,
        orig: &Rc<Instance>,
        excs: Vec<Rc<Instance>>,
    ) -> PyResult<Option<Rc<Instance>>> {
        if excs.is_empty() {
            return Ok(None);
        }
        let origv = Value::Instance(orig.clone());
        let derive = self.getattr(&origv, &Str::from("derive"))?;
        let list = Value::list(excs.into_iter().map(Value::Instance).collect());
        let eg = self.call_pos(&derive, vec![list])?;
        let Value::Instance(eg) = eg else {
            return Err(self.type_error("derive must return an instance of BaseExceptionGroup"));
        };
        if !self.is_group(&Value::Instance(eg.clone())) {
            return Err(self.type_error("derive must return an instance of BaseExceptionGroup"));
        }
        if let (Some(src), Some(dst)) = (&orig.exc, &eg.exc) {
            let src = src.borrow();
            let mut dst = dst.borrow_mut();
            dst.traceback = src.traceback.clone();
            dst.context = src.context.clone();
            dst.cause = src.cause.clone();
            dst.suppress_context = src.suppress_context;
        }
        let notes = orig.dict.borrow().get_str("__notes__");
        if let Some(Value::List(l)) = notes {
            let copy = Value::list(l.borrow().clone());
            eg.dict.borrow_mut().set_str("__notes__", copy);
        }
        Ok(Some(eg))
    }

    /// `CHECK_EG_MATCH`: (rest, match) of the exception against an `except*` type.
    pub fn check_eg_match(
        &mut self,
        f: &Frame,
        exc: Value,
        match_type: &Value,
    ) -> PyResult<(Value, Value)> {
        let cond = self.cond_of(match_type)?;
        if let Cond::Types(ts) = &cond {
            let base = self.base_group();
            if ts.iter().any(|t| t.is_subclass(&base)) {
                return Err(self.type_error(
                    "catching ExceptionGroup with except* is not allowed. Use except instead.",
                ));
            }
        }
        let Value::Instance(e) = &exc else {
            return Ok((Value::None, Value::None));
        };
        if self.cond_matches(e, &cond)? {
            if self.is_group(&exc) {
                return Ok((Value::None, exc));
            }
            // A naked exception: wrapped in a group whose traceback is this frame.
            let cls = self.types.exc("ExceptionGroup");
            let wrapped = self.new_exception(&cls, vec![Value::str(""), Value::tuple(vec![exc])]);
            if let Some(d) = &wrapped.exc {
                d.borrow_mut().traceback.push(TbEntry {
                    filename: f.code.filename.clone(),
                    line: f.line_at(f.pc.saturating_sub(1)),
                    name: f.code.name.clone(),
                    span: f.code.spans.get(f.pc.saturating_sub(1)).copied().flatten(),
                });
            }
            return Ok((Value::None, Value::Instance(wrapped)));
        }
        if self.is_group(&exc) {
            let (m, r) = self.split_rec(e, &cond, true)?;
            let v = |x: Option<Rc<Instance>>| x.map_or(Value::None, Value::Instance);
            return Ok((v(r), v(m)));
        }
        Ok((exc, Value::None))
    }

    fn leaf_ids(&self, e: &Rc<Instance>, out: &mut Vec<usize>) {
        if self.is_group(&Value::Instance(e.clone())) {
            for m in self.group_members(e) {
                self.leaf_ids(&m, out);
            }
        } else {
            out.push(ident(e));
        }
    }

    /// `_PyExc_PrepReraiseStar`: what an `except*` statement re-raises.
    pub fn prep_reraise_star(&mut self, orig: Value, excs: &Value) -> PyResult<Value> {
        let excs = self.collect(excs)?;
        if excs.is_empty() {
            return Ok(Value::None);
        }
        let Value::Instance(orig) = orig else {
            return Ok(Value::None);
        };
        if !self.is_group(&Value::Instance(orig.clone())) {
            return Ok(excs[0].clone());
        }
        let (mut raised, mut reraised) = (Vec::new(), Vec::new());
        for e in excs {
            let Value::Instance(i) = e else { continue };
            if same_metadata(&i, &orig) {
                reraised.push(i);
            } else {
                raised.push(i);
            }
        }
        let mut keep = Vec::new();
        for r in &reraised {
            self.leaf_ids(r, &mut keep);
        }
        let reraised_eg = if keep.is_empty() {
            None
        } else {
            self.split_rec(&orig, &Cond::Ids(keep), false)?.0
        };
        if raised.is_empty() {
            return Ok(reraised_eg.map_or(Value::None, Value::Instance));
        }
        raised.extend(reraised_eg);
        if raised.len() == 1 {
            return Ok(Value::Instance(raised.remove(0)));
        }
        let cls = self.types.exc("ExceptionGroup");
        let cls = if raised
            .iter()
            .all(|e| e.class().is_subclass(&self.types.exc("Exception")))
        {
            cls
        } else {
            self.base_group()
        };
        let list = Value::list(raised.into_iter().map(Value::Instance).collect());
        Ok(Value::Instance(
            self.new_exception(&cls, vec![Value::str(""), list]),
        ))
    }
}

/// `is_same_exception_metadata`: a re-raise keeps the traceback, cause, context and
/// notes of the original.
fn same_metadata(a: &Rc<Instance>, b: &Rc<Instance>) -> bool {
    let (Some(x), Some(y)) = (&a.exc, &b.exc) else {
        return false;
    };
    let (x, y) = (x.borrow(), y.borrow());
    let same = |p: &Option<Value>, q: &Option<Value>| match (p, q) {
        (None, None) => true,
        (Some(p), Some(q)) => p.is(q),
        _ => false,
    };
    let tb_same = x.traceback.len() == y.traceback.len()
        && x.traceback
            .iter()
            .zip(&y.traceback)
            .all(|(p, q)| p.line == q.line && p.name == q.name && p.filename == q.filename);
    let notes = |i: &Rc<Instance>| i.dict.borrow().get_str("__notes__");
    tb_same
        && same(&x.cause, &y.cause)
        && same(&x.context, &y.context)
        && same(&notes(a), &notes(b))
}

fn receiver(vm: &Vm, args: &mut Args) -> PyResult<Rc<Instance>> {
    match (!args.pos.is_empty()).then(|| args.pos.remove(0)) {
        Some(Value::Instance(i)) => Ok(i),
        _ => Err(vm.type_error("descriptor needs an exception instance")),
    }
}

fn add_note(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let e = receiver(vm, &mut args)?;
    let note = match args.pos.first() {
        Some(n @ Value::Str(_)) => n.clone(),
        Some(other) => {
            return Err(vm.type_error(format!("note must be a str, not '{}'", vm.type_name(other))))
        }
        None => return Err(vm.type_error("add_note() takes exactly one argument (0 given)")),
    };
    let existing = e.dict.borrow().get_str("__notes__");
    match existing {
        Some(Value::List(l)) => l.borrow_mut().push(note),
        Some(_) => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
        None => e
            .dict
            .borrow_mut()
            .set_str("__notes__", Value::list(vec![note])),
    }
    Ok(Value::None)
}

fn with_traceback(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let e = receiver(vm, &mut args)?;
    if let (Some(Value::None), Some(d)) = (args.pos.first(), &e.exc) {
        d.borrow_mut().traceback.clear();
    }
    Ok(Value::Instance(e))
}

fn eg_split(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let e = receiver(vm, &mut args)?;
    let cond = vm.cond_of(args.pos.first().unwrap_or(&Value::None))?;
    let (m, r) = vm.split_rec(&e, &cond, true)?;
    let v = |x: Option<Rc<Instance>>| x.map_or(Value::None, Value::Instance);
    Ok(Value::tuple(vec![v(m), v(r)]))
}

fn eg_subgroup(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let e = receiver(vm, &mut args)?;
    let cond = vm.cond_of(args.pos.first().unwrap_or(&Value::None))?;
    let (m, _) = vm.split_rec(&e, &cond, false)?;
    Ok(m.map_or(Value::None, Value::Instance))
}

fn eg_derive(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let e = receiver(vm, &mut args)?;
    let msg = e
        .exc
        .as_ref()
        .and_then(|d| d.borrow().args.first().cloned())
        .unwrap_or(Value::None);
    let excs = args.pos.first().cloned().unwrap_or(Value::None);
    let base = Value::Class(vm.base_group());
    vm.call_pos(&base, vec![msg, excs])
}
