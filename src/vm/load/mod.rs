//! Loading: a [`Code`] object becomes a [`LoadedCode`] whose instructions are
//! decoded once into the internal [`Op`] set, with constants converted to values,
//! jump targets as instruction indices, the exception table in instruction indices
//! and a line per instruction.

mod legacy;
mod op;
mod op27;
mod translate;
mod translate27;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub use op::{CmpOp, Intrinsic1, Intrinsic2, Op, SetupKind, Target, UnpackKind};
pub use op27::Op27;

use super::interp::{AttrCache, GlobalCache};
use super::value::{Str, Value};
use super::VmError;
use crate::code::exctable::ExceptionTable;
use crate::code::linetable::LineTable;
use crate::code::{instr, Code, Const, Locals, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use crate::version::Version;

/// `CO_VARARGS`
pub const CO_VARARGS: u32 = 0x04;
/// `CO_VARKEYWORDS`
pub const CO_VARKEYWORDS: u32 = 0x08;
/// `CO_GENERATOR`
pub const CO_GENERATOR: u32 = 0x20;
/// `CO_COROUTINE`
pub const CO_COROUTINE: u32 = 0x80;

/// An exception-table entry in instruction indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    /// First covered instruction.
    pub start: u32,
    /// End of the covered range (exclusive).
    pub end: u32,
    /// Handler instruction.
    pub target: u32,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Push the raising instruction's offset first.
    pub lasti: bool,
}

/// A code object ready to run.
#[derive(Debug)]
pub struct LoadedCode {
    /// The bytecode's version.
    pub version: Version,
    /// `co_name`
    pub name: Str,
    /// `co_qualname` (`co_name` before 3.11).
    pub qualname: Str,
    /// `co_filename`
    pub filename: Str,
    /// `co_flags`
    pub flags: u32,
    /// `co_argcount`
    pub argcount: u32,
    /// `co_posonlyargcount`
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`
    pub kwonlyargcount: u32,
    /// `co_firstlineno`
    pub firstlineno: i32,
    /// Names of the localsplus slots.
    pub local_names: Vec<Str>,
    /// `CO_FAST_*` kind of each slot.
    pub local_kinds: Vec<u8>,
    /// Number of free variables (the last slots).
    pub nfree: u32,
    /// `co_consts` as values.
    pub consts: Vec<Value>,
    /// `co_names`
    pub names: Vec<Str>,
    /// The instructions.
    pub ops: Vec<Op>,
    /// Opcode name of each instruction (for `--trace` and errors).
    pub op_names: Vec<&'static str>,
    /// Byte offset of each instruction's opcode.
    pub offsets: Vec<u32>,
    /// Line of each instruction.
    pub lines: Vec<Option<i32>>,
    /// Per instruction, the rest of its source position (3.11+): end line, start
    /// and end column (UTF-8 byte offsets), for traceback carets.
    pub spans: Vec<Option<(i32, u32, u32)>>,
    /// The exception table.
    pub handlers: Vec<Handler>,
    /// One inline cache per `LOAD_ATTR`/`STORE_ATTR` (their `cache` field).
    pub attr_caches: Box<[RefCell<AttrCache>]>,
    /// One inline cache per `LOAD_GLOBAL` (their `cache` field).
    pub global_caches: Box<[Cell<GlobalCache>]>,
    /// ≤ 3.10 code with cell or free variables, whose frames make their cells on
    /// entry ([`crate::vm::interp::Frame::legacy_cells`]).
    pub makes_cells: bool,
}

impl LoadedCode {
    /// Whether calling the function makes a generator (or coroutine).
    pub fn is_generator(&self) -> bool {
        self.flags & (CO_GENERATOR | CO_COROUTINE | 0x200) != 0
    }

    /// The handler covering instruction `idx`.
    pub fn handler(&self, idx: u32) -> Option<&Handler> {
        self.handlers.iter().find(|h| h.start <= idx && idx < h.end)
    }
}

/// Load a code object and everything nested in its constants.
pub fn load(code: &Code) -> Result<Rc<LoadedCode>, VmError> {
    let v = code.version;
    let err = |what: String| VmError::Load {
        version: v,
        code: code.name.to_string_lossy().into_owned(),
        what,
    };
    let instrs = instr::decode(&code.code, v).map_err(|e| err(e.to_string()))?;
    let consts = code
        .consts
        .iter()
        .map(|c| const_value(c, v))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<Str> = code.names.iter().map(Str::intern_py).collect();
    let (local_names, local_kinds) = localsplus(&code.locals);
    let nfree = local_kinds
        .iter()
        .filter(|k| *k & CO_FAST_FREE != 0)
        .count() as u32;

    let unit = if v.is_wordcode() { 2 } else { 1 };
    let table = LineTable::decode(v.line_table_format(), &code.linetable, code.firstlineno)
        .map_err(|e| err(e.to_string()))?;
    let per_unit = table.positions(code.code.len());
    let offsets: Vec<u32> = instrs.iter().map(|i| i.op_offset(v)).collect();
    let lines = offsets
        .iter()
        .map(|&o| per_unit.get((o / unit) as usize).and_then(|p| p.line))
        .collect();
    let spans = offsets
        .iter()
        .map(|&o| {
            let p = per_unit.get((o / unit) as usize)?;
            Some((p.end_line?, p.col?, p.end_col?))
        })
        .collect();
    let unit_to_index = |u: u32| -> Option<u32> {
        let byte = u * unit;
        instrs
            .binary_search_by(|i| i.offset.cmp(&byte))
            .ok()
            .map(|i| i as u32)
    };
    let mut handlers = Vec::new();
    if !code.exceptiontable.is_empty() {
        let t = ExceptionTable::decode(&code.exceptiontable).map_err(|e| err(e.to_string()))?;
        for e in &t.entries {
            let start = instrs.partition_point(|i| i.offset < e.start * unit) as u32;
            let end = instrs.partition_point(|i| i.offset < e.end * unit) as u32;
            let target = unit_to_index(e.target).ok_or_else(|| {
                err(format!(
                    "exception handler at unit {} is not an instruction",
                    e.target
                ))
            })?;
            handlers.push(Handler {
                start,
                end,
                target,
                depth: e.depth,
                lasti: e.lasti,
            });
        }
    }
    let table = v.opcodes();
    let deref_base = match &code.locals {
        Locals::Split { varnames, .. } => varnames.len() as u32,
        Locals::Plus(_) => 0,
    };
    let mut ops = Vec::with_capacity(instrs.len());
    let mut op_names = Vec::with_capacity(instrs.len());
    let mut n_caches = 0;
    let mut n_globals = 0;
    for (i, ins) in instrs.iter().enumerate() {
        let (op, name) =
            translate::translate(ins, i as u32, v, table, instrs.len() as u32, deref_base);
        // ≤ 3.10 async generators wrap what they yield inside `YIELD_VALUE`
        // (3.11 compiles an `ASYNC_GEN_WRAP` before it).
        let op = match op {
            Op::YieldValue if v < Version::V3_11 && code.flags & 0x200 != 0 => {
                Op::YieldAsyncGenValue
            }
            op => op,
        };
        let op = number_cache(op, &mut n_caches, &mut n_globals);
        ops.push(op);
        op_names.push(name);
    }
    let makes_cells = v <= Version::V3_10
        && local_kinds
            .iter()
            .any(|k| k & (crate::code::CO_FAST_CELL | crate::code::CO_FAST_FREE) != 0);
    Ok(Rc::new(LoadedCode {
        makes_cells,
        version: v,
        name: Str::from(&code.name),
        qualname: Str::from(code.qualname.as_ref().unwrap_or(&code.name)),
        filename: Str::from(&code.filename),
        flags: code.flags,
        argcount: code.argcount,
        posonlyargcount: code.posonlyargcount,
        kwonlyargcount: code.kwonlyargcount,
        firstlineno: code.firstlineno,
        local_names,
        local_kinds,
        nfree,
        consts,
        names,
        ops,
        op_names,
        offsets,
        lines,
        spans,
        handlers,
        attr_caches: (0..n_caches).map(|_| RefCell::default()).collect(),
        global_caches: (0..n_globals).map(|_| Cell::default()).collect(),
    }))
}

/// Give an attribute or `LOAD_GLOBAL` instruction the next inline cache of its
/// kind.
fn number_cache(op: Op, next: &mut u32, next_global: &mut u32) -> Op {
    let slot = *next;
    match op {
        Op::LoadGlobal {
            name,
            null,
            null_after,
            ..
        } => {
            *next_global += 1;
            Op::LoadGlobal {
                name,
                null,
                null_after,
                cache: *next_global - 1,
            }
        }
        Op::LoadAttr {
            name,
            method,
            null_after,
            ..
        } => {
            *next += 1;
            Op::LoadAttr {
                name,
                method,
                null_after,
                cache: slot,
            }
        }
        Op::StoreAttr { name, .. } => {
            *next += 1;
            Op::StoreAttr { name, cache: slot }
        }
        op => op,
    }
}

/// Slot names and kinds; for the split layout (≤ 3.10) varnames, then cellvars,
/// then freevars.
fn localsplus(locals: &Locals) -> (Vec<Str>, Vec<u8>) {
    match locals {
        Locals::Plus(v) => (
            v.iter().map(|l| Str::intern_py(&l.name)).collect(),
            v.iter().map(|l| l.kind).collect(),
        ),
        Locals::Split {
            varnames,
            cellvars,
            freevars,
        } => {
            let mut names = Vec::new();
            let mut kinds = Vec::new();
            for (list, kind) in [
                (varnames, CO_FAST_LOCAL),
                (cellvars, CO_FAST_CELL),
                (freevars, CO_FAST_FREE),
            ] {
                for n in list {
                    names.push(Str::intern_py(n));
                    kinds.push(kind);
                }
            }
            (names, kinds)
        }
    }
}

fn const_value(c: &Const, v: Version) -> Result<Value, VmError> {
    let const_value = |c: &Const| const_value(c, v);
    Ok(match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Ellipsis => Value::Ellipsis,
        Const::StopIteration => Value::None,
        // A 2.7 `long` stays one whatever its value.
        Const::Long(i) if v == Version::V2_7 => Value::BigInt(Rc::new(i.clone())),
        Const::Int(i) | Const::Long(i) => Value::from_bigint(i.clone()),
        Const::Float(f) => Value::Float(*f),
        Const::Complex(r, i) => Value::Complex(*r, *i),
        // 2.7's `str` is a byte string: one character per byte.
        Const::Bytes(b) if v == Version::V2_7 => Value::Str(Str::from_latin1(b)),
        Const::Bytes(b) => Value::Bytes(b.as_slice().into()),
        // ... and its `u''` literals are `unicode`.
        Const::Str(s) if v == Version::V2_7 => Value::Str(Str::unicode(s.to_string_lossy())),
        // Lone surrogates, which Rust text cannot hold.
        Const::Str(s) if s.as_str().is_none() => Value::Str(Str::from_code_points(s.code_points())),
        Const::Str(s) => {
            let t = s.to_string_lossy();
            Value::Str(if Str::is_identifier_like(&t) {
                Str::intern(&t)
            } else {
                Str::from(t.as_ref())
            })
        }
        Const::Tuple(items) | Const::List(items) => Value::tuple(
            items
                .iter()
                .map(const_value)
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Const::Set(items) | Const::FrozenSet(items) => {
            let mut s = super::objects::Set::new();
            for it in items {
                let _ = s.add(const_value(it)?);
            }
            Value::FrozenSet(Rc::new(s))
        }
        Const::Dict(pairs) => {
            let mut d = super::objects::Dict::new();
            for (k, v) in pairs {
                let _ = d.insert(const_value(k)?, const_value(v)?);
            }
            Value::Dict(Rc::new(std::cell::RefCell::new(d)))
        }
        Const::Slice(parts) => {
            let [a, b, c] = &**parts;
            Value::Slice(Rc::new([const_value(a)?, const_value(b)?, const_value(c)?]))
        }
        Const::Code(code) => Value::Code(load(code)?),
    })
}
