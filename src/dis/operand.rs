//! Operands: what an instruction's argument means, and whether the symbolic form
//! gives the same argument back (otherwise `#N`).
//!
//! Encodings (pyc-formats §10.3-10.5): `LOAD_GLOBAL` 3.11+ `namei << 1 | null`,
//! `LOAD_ATTR` 3.12+ `namei << 1 | method`, `LOAD_SUPER_ATTR` `namei << 2 | twoarg << 1
//! | method`, `COMPARE_OP` 3.12 `cmp << 4 | mask`, 3.13+ `cmp << 5 | bool << 4 | mask`,
//! the 3.13+ local pairs `first << 4 | second`.

use crate::code::instr::Decoded;
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
    Const(u32),
    /// `co_names[i]`, then a suffix (` null`, ` method`, ` method twoarg`, ...).
    Name(u32, Suffix),
    /// A local: `co_varnames[i]` (3.11+: localsplus).
    Local(u32),
    /// A cell or free variable: `(co_cellvars + co_freevars)[i]` (3.11+: localsplus).
    Free(u32),
    /// Two locals (3.13+).
    Pair(u32, u32),
    /// A jump target (a label), as the index of the instruction there (the number of
    /// instructions for the end of the code).
    Label(u32),
    /// A symbol: comparison, binary operator, intrinsic, common constant, special
    /// method (a reference into the opcode table's list, which keeps `Arg` at 16
    /// bytes).
    Text(&'static &'static str),
    /// `bool(<)`: a 3.13+ comparison coerced to bool.
    BoolCmp(&'static &'static str),
}

/// The flags written after a name operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// None.
    Plain,
    /// ` null` (`LOAD_GLOBAL` 3.11+).
    Null,
    /// ` method` (`LOAD_ATTR` 3.12+, `LOAD_SUPER_ATTR`).
    Method,
    /// ` twoarg` (`LOAD_SUPER_ATTR`).
    Twoarg,
    /// ` method twoarg` (`LOAD_SUPER_ATTR`).
    MethodTwoarg,
}

impl Suffix {
    /// `LOAD_SUPER_ATTR`'s two flag bits (method, twoarg).
    const SUPER_ATTR: [Suffix; 4] = [
        Suffix::Plain,
        Suffix::Method,
        Suffix::Twoarg,
        Suffix::MethodTwoarg,
    ];
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
    #[inline]
    fn sym(first: &[usize], i: u32) -> Option<u32> {
        (first.get(i as usize) == Some(&(i as usize))).then_some(i)
    }
}

/// What [`classify`] needs of an opcode: how its argument reads, `None` when the
/// text cannot name it or it takes no argument (then a non-zero argument is raw).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpClass {
    /// The argument's meaning.
    pub operand: Option<Operand>,
    /// How it jumps, for [`Operand::Jump`].
    pub jump: Option<JumpKind>,
}

impl OpClass {
    /// The class of the opcode `info` describes when the text can name it
    /// ([`nameable`]; `None` otherwise).
    pub fn of(info: Option<&OpInfo>) -> OpClass {
        OpClass {
            operand: info.filter(|i| i.has_arg).map(|i| i.operand),
            jump: info.and_then(|i| i.jump),
        }
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

/// The printed operand of `ins`, whose opcode is of class `class`; `target` gives
/// the index of the instruction starting at a byte offset (the number of
/// instructions for the end of the code), if one does.
#[inline]
pub fn classify(
    ins: &Decoded,
    class: OpClass,
    t: &Tables<'_>,
    target: &impl Fn(u64) -> Option<u32>,
) -> Arg {
    let arg = ins.arg;
    let Some(operand) = class.operand else {
        // Also 3.10's stray argument bytes on argument-less instructions.
        return if arg == 0 {
            Arg::Nothing
        } else {
            Arg::Raw(arg)
        };
    };
    let or_raw = |a: Option<Arg>| a.unwrap_or(Arg::Raw(arg));
    match operand {
        Operand::None | Operand::Number | Operand::SmallInt => Arg::Number(arg),
        Operand::Const => or_raw(Tables::sym(t.consts, arg).map(Arg::Const)),
        Operand::Name => or_raw(Tables::sym(t.names, arg).map(|i| Arg::Name(i, Suffix::Plain))),
        Operand::NameNullBit => {
            let suffix = if arg & 1 != 0 {
                Suffix::Null
            } else {
                Suffix::Plain
            };
            or_raw(Tables::sym(t.names, arg >> 1).map(|i| Arg::Name(i, suffix)))
        }
        Operand::NameMethodBit => {
            let suffix = if arg & 1 != 0 {
                Suffix::Method
            } else {
                Suffix::Plain
            };
            or_raw(Tables::sym(t.names, arg >> 1).map(|i| Arg::Name(i, suffix)))
        }
        Operand::NameSuperAttr => {
            let suffix = Suffix::SUPER_ATTR[(arg & 3) as usize];
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
        Operand::Compare => or_raw(compare(t.version, t.version.opcodes(), arg)),
        Operand::BinaryOp => or_raw(text(t.version.opcodes().binary_ops, arg)),
        Operand::Intrinsic1 => or_raw(text(t.version.opcodes().intrinsic1, arg)),
        Operand::Intrinsic2 => or_raw(text(t.version.opcodes().intrinsic2, arg)),
        Operand::CommonConstant => or_raw(text(t.version.opcodes().common_constants, arg)),
        Operand::SpecialMethod => or_raw(text(t.version.opcodes().special_methods, arg)),
        Operand::Jump => {
            let offset = match class.jump {
                Some(JumpKind::Pseudo) | None => None,
                Some(kind) => ins.jump_offset(t.version, kind),
            };
            or_raw(offset.and_then(target).map(Arg::Label))
        }
    }
}

fn text(names: &'static [&'static str], arg: u32) -> Option<Arg> {
    names.get(arg as usize).map(Arg::Text)
}

/// `COMPARE_OP`'s argument in the version's encoding; 3.12+ only when the mask is
/// the one CPython writes for the operator.
fn compare(version: Version, table: &OpcodeTable, arg: u32) -> Option<Arg> {
    let ops = table.cmp_op;
    if version < Version::V3_12 {
        return ops.get(arg as usize).map(Arg::Text);
    }
    let (index, coerce) = if version == Version::V3_12 {
        (arg >> 4, false)
    } else {
        (arg >> 5, arg & 0x10 != 0)
    };
    let op: &'static &'static str = ops.get(index as usize)?;
    if cmp_mask(op)? != arg & 0xf {
        return None;
    }
    Some(if coerce {
        Arg::BoolCmp(op)
    } else {
        Arg::Text(op)
    })
}
