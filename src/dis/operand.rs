//! Operands: what an instruction's argument means, and whether the symbolic form
//! gives the same argument back (otherwise `#N`).
//!
//! Encodings (pyc-formats §10.3-10.5): `LOAD_GLOBAL` 3.11+ `namei << 1 | null`,
//! `LOAD_ATTR` 3.12+ `namei << 1 | method`, `LOAD_SUPER_ATTR` `namei << 2 | twoarg << 1
//! | method`, `COMPARE_OP` 3.12 `cmp << 4 | mask`, 3.13+ `cmp << 5 | bool << 4 | mask`,
//! the 3.13+ local pairs `first << 4 | second`.

use crate::code::Instruction;
use crate::opcode::{JumpKind, OpInfo, OpcodeTable, Operand};
use crate::version::Version;

/// An operand as it will be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// No operand.
    Nothing,
    /// `#N`: the raw argument.
    Raw(u32),
    /// A plain number.
    Number(u32),
    /// `co_consts[i]`.
    Const(usize),
    /// `co_names[i]`, then a suffix (` null`, ` method`, ` method twoarg`, ...).
    Name(usize, &'static str),
    /// A local: `co_varnames[i]` (3.11+: localsplus).
    Local(usize),
    /// A cell or free variable: `(co_cellvars + co_freevars)[i]` (3.11+: localsplus).
    Free(usize),
    /// Two locals (3.13+).
    Pair(usize, usize),
    /// A jump target, as a byte offset (a label).
    Label(u32),
    /// A symbol: comparison, binary operator, intrinsic, common constant, special
    /// method.
    Text(&'static str),
    /// `bool(<)`: a 3.13+ comparison coerced to bool.
    BoolCmp(&'static str),
}

/// The tables operands are checked against: for each table, the index of the first
/// equal entry (see [`super::exact::first_indices`]).
pub struct Tables<'a> {
    /// The version.
    pub version: Version,
    /// `co_consts`.
    pub consts: &'a [usize],
    /// `co_names`.
    pub names: &'a [usize],
    /// Locals (varnames, or localsplus in 3.11+).
    pub locals: &'a [usize],
    /// Cell and free variables (localsplus in 3.11+).
    pub frees: &'a [usize],
}

impl Tables<'_> {
    fn sym(first: &[usize], i: u32) -> Option<usize> {
        let i = i as usize;
        (first.get(i) == Some(&i)).then_some(i)
    }
}

/// CPython's outcome mask of each comparison (`Python/flowgraph.c`, 3.12+): 1
/// unordered, 2 less, 4 greater, 8 equal.
fn cmp_mask(op: &str) -> Option<u32> {
    Some(match op {
        "<" => 2,
        "<=" => 10,
        "==" => 8,
        "!=" => 7,
        ">" => 4,
        ">=" => 12,
        _ => return None,
    })
}

/// Whether `info` is a real opcode that the text can name (CACHE and EXTENDED_ARG
/// are inserted by the assembler, so a stray one is written as a raw opcode).
pub fn nameable(info: Option<&OpInfo>, table: &OpcodeTable) -> Option<&'static str> {
    let info = info?;
    let raw = info.name == "CACHE" || u16::from(table.extended_arg) == info.code;
    (!raw).then_some(info.name)
}

/// The printed operand of `ins`, whose opcode is described by `info` when the text
/// can name it ([`nameable`]; `None` otherwise); `is_boundary` says whether a byte
/// offset starts an instruction (or is the end of the code).
pub fn classify(
    ins: &Instruction,
    info: Option<&OpInfo>,
    t: &Tables<'_>,
    is_boundary: &dyn Fn(u64) -> bool,
) -> Arg {
    let raw = || {
        if ins.arg == 0 {
            Arg::Nothing
        } else {
            Arg::Raw(ins.arg)
        }
    };
    let Some(info) = info else {
        return raw();
    };
    let table = t.version.opcodes();
    if !info.has_arg {
        // 3.10 leaves stray argument bytes on argument-less instructions.
        return raw();
    }
    let arg = ins.arg;
    let or_raw = |a: Option<Arg>| a.unwrap_or(Arg::Raw(arg));
    match info.operand {
        Operand::None | Operand::Number | Operand::SmallInt => Arg::Number(arg),
        Operand::Const => or_raw(Tables::sym(t.consts, arg).map(Arg::Const)),
        Operand::Name => or_raw(Tables::sym(t.names, arg).map(|i| Arg::Name(i, ""))),
        Operand::NameNullBit => {
            let suffix = if arg & 1 != 0 { " null" } else { "" };
            or_raw(Tables::sym(t.names, arg >> 1).map(|i| Arg::Name(i, suffix)))
        }
        Operand::NameMethodBit => {
            let suffix = if arg & 1 != 0 { " method" } else { "" };
            or_raw(Tables::sym(t.names, arg >> 1).map(|i| Arg::Name(i, suffix)))
        }
        Operand::NameSuperAttr => {
            let suffix = ["", " method", " twoarg", " method twoarg"][(arg & 3) as usize];
            or_raw(Tables::sym(t.names, arg >> 2).map(|i| Arg::Name(i, suffix)))
        }
        Operand::Local => or_raw(Tables::sym(t.locals, arg).map(Arg::Local)),
        Operand::Free => or_raw(Tables::sym(t.frees, arg).map(Arg::Free)),
        Operand::LocalPair => {
            let (a, b) = (arg >> 4, arg & 15);
            let pair = (a < 16)
                .then(|| {
                    Some(Arg::Pair(
                        Tables::sym(t.locals, a)?,
                        Tables::sym(t.locals, b)?,
                    ))
                })
                .flatten();
            or_raw(pair)
        }
        Operand::Compare => or_raw(compare(t.version, table, arg)),
        Operand::BinaryOp => or_raw(text(table.binary_ops, arg)),
        Operand::Intrinsic1 => or_raw(text(table.intrinsic1, arg)),
        Operand::Intrinsic2 => or_raw(text(table.intrinsic2, arg)),
        Operand::CommonConstant => or_raw(text(table.common_constants, arg)),
        Operand::SpecialMethod => or_raw(text(table.special_methods, arg)),
        Operand::Jump => {
            let target = match info.jump {
                Some(JumpKind::Pseudo) | None => None,
                Some(kind) => ins.jump_offset(t.version, kind),
            };
            or_raw(
                target
                    .filter(|&o| is_boundary(o))
                    .map(|o| Arg::Label(o as u32)),
            )
        }
    }
}

fn text(names: &'static [&'static str], arg: u32) -> Option<Arg> {
    names.get(arg as usize).map(|s| Arg::Text(s))
}

/// `COMPARE_OP`'s argument in the version's encoding; 3.12+ only when the mask is
/// the one CPython writes for the operator.
fn compare(version: Version, table: &OpcodeTable, arg: u32) -> Option<Arg> {
    let ops = table.cmp_op;
    if version < Version::V3_12 {
        return ops.get(arg as usize).map(|s| Arg::Text(s));
    }
    let (index, coerce) = if version == Version::V3_12 {
        (arg >> 4, false)
    } else {
        (arg >> 5, arg & 0x10 != 0)
    };
    let op: &'static str = ops.get(index as usize)?;
    if cmp_mask(op)? != arg & 0xf {
        return None;
    }
    Some(if coerce {
        Arg::BoolCmp(op)
    } else {
        Arg::Text(op)
    })
}
