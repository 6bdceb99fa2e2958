//! One CPython instruction to one [`Op`]: the only place that knows how each
//! version encodes its arguments (pyc-formats §10).

use super::op::{CmpOp, Intrinsic1, Intrinsic2, Op};
use crate::code::Instruction;
use crate::opcode::OpcodeTable;
use crate::version::Version;
use crate::vm::value::num::BinOp;

fn binop(sym: &str) -> Option<(BinOp, bool)> {
    let (base, inplace) = match sym.strip_suffix('=') {
        Some(b) => (b, true),
        None => (sym, false),
    };
    let op = match base {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::TrueDiv,
        "//" => BinOp::FloorDiv,
        "%" => BinOp::Mod,
        "**" => BinOp::Pow,
        "<<" => BinOp::LShift,
        ">>" => BinOp::RShift,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        "@" => BinOp::MatMul,
        _ => return None,
    };
    Some((op, inplace))
}

/// The operator of a ≤ 3.10 `BINARY_*` / `INPLACE_*` opcode.
fn legacy_binop(name: &str) -> Option<BinOp> {
    let base = name
        .strip_prefix("BINARY_")
        .or_else(|| name.strip_prefix("INPLACE_"))?;
    Some(match base {
        "ADD" => BinOp::Add,
        "SUBTRACT" => BinOp::Sub,
        "MULTIPLY" => BinOp::Mul,
        "TRUE_DIVIDE" => BinOp::TrueDiv,
        "FLOOR_DIVIDE" => BinOp::FloorDiv,
        "MODULO" => BinOp::Mod,
        "POWER" => BinOp::Pow,
        "LSHIFT" => BinOp::LShift,
        "RSHIFT" => BinOp::RShift,
        "AND" => BinOp::And,
        "OR" => BinOp::Or,
        "XOR" => BinOp::Xor,
        "MATRIX_MULTIPLY" => BinOp::MatMul,
        _ => return None,
    })
}

fn cmpop(sym: &str) -> Option<CmpOp> {
    Some(match sym {
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        _ => return None,
    })
}

/// Translate instruction `idx` of `count`; also returns the opcode's name.
/// `deref_base` is added to cell/free indices (≤ 3.10 number them after
/// `co_varnames`; 3.11+ index localsplus directly).
pub fn translate(
    ins: &Instruction,
    idx: u32,
    v: Version,
    table: &OpcodeTable,
    count: u32,
    deref_base: u32,
) -> (Op, &'static str) {
    let Some(info) = table.by_code(ins.opcode) else {
        return (Op::Unknown(ins.opcode), "<unknown>");
    };
    let name = info.name;
    let a = ins.arg;
    let cell = a.saturating_add(deref_base);
    let target = ins.target.unwrap_or(u32::MAX);
    let after13 = v >= Version::V3_13;
    let _ = idx;
    if v == Version::V2_7 {
        if let Some(op) = super::translate27::translate27(name, ins) {
            return (checked(op, target, count), name);
        }
    }
    if v <= Version::V3_10 {
        if let Some(op) = super::legacy::translate_legacy(name, a, target, v) {
            return (checked(op, target, count), name);
        }
    }
    let op = match name {
        "JUMP_IF_NOT_EXC_MATCH" => Op::JumpIfNotExcMatch(target),
        "NOP" | "RESUME" | "CACHE" | "EXTENDED_ARG" | "NOT_TAKEN" | "PRECALL" => Op::Nop,
        "POP_TOP" => Op::PopTop,
        "PUSH_NULL" => Op::PushNull,
        "COPY" => Op::Copy(a),
        "SWAP" => Op::Swap(a),
        "LOAD_CONST" => Op::LoadConst(a),
        "LOAD_SMALL_INT" => Op::LoadSmallInt(a),
        "RETURN_VALUE" => Op::ReturnValue,
        "RETURN_CONST" => Op::ReturnConst(a),
        "LOAD_FAST" | "LOAD_FAST_CHECK" | "LOAD_FAST_BORROW" => Op::LoadFast(a),
        "LOAD_FAST_AND_CLEAR" => Op::LoadFastAndClear(a),
        "LOAD_FAST_LOAD_FAST" | "LOAD_FAST_BORROW_LOAD_FAST_BORROW" => {
            Op::LoadFastPair(a >> 4, a & 15)
        }
        "STORE_FAST" => Op::StoreFast(a),
        "STORE_FAST_STORE_FAST" => Op::StoreFastPair(a >> 4, a & 15),
        "STORE_FAST_LOAD_FAST" => Op::StoreFastLoadFast(a >> 4, a & 15),
        "DELETE_FAST" => Op::DeleteFast(a),
        "MAKE_CELL" => Op::MakeCell(a),
        "COPY_FREE_VARS" => Op::CopyFreeVars(a),
        "LOAD_DEREF" => Op::LoadDeref(cell),
        "LOAD_CLOSURE" => Op::LoadClosure(cell),
        "STORE_DEREF" => Op::StoreDeref(cell),
        "DELETE_DEREF" => Op::DeleteDeref(cell),
        "LOAD_FROM_DICT_OR_DEREF" => Op::LoadFromDictOrDeref(a),
        "LOAD_CLASSDEREF" => Op::LoadClassDeref(cell),
        "LOAD_NAME" => Op::LoadName(a),
        "STORE_NAME" => Op::StoreName(a),
        "DELETE_NAME" => Op::DeleteName(a),
        "LOAD_LOCALS" => Op::LoadLocals,
        "LOAD_FROM_DICT_OR_GLOBALS" => Op::LoadFromDictOrGlobals(a),
        "LOAD_GLOBAL" if v >= Version::V3_11 => Op::LoadGlobal {
            name: a >> 1,
            null: a & 1 != 0,
            null_after: after13,
            cache: 0,
        },
        "LOAD_GLOBAL" => Op::LoadGlobal {
            name: a,
            null: false,
            null_after: false,
            cache: 0,
        },
        "STORE_GLOBAL" => Op::StoreGlobal(a),
        "DELETE_GLOBAL" => Op::DeleteGlobal(a),
        "LOAD_ATTR" if v >= Version::V3_12 => Op::LoadAttr {
            name: a >> 1,
            method: a & 1 != 0,
            null_after: after13,
            cache: 0,
        },
        "LOAD_ATTR" => Op::LoadAttr {
            name: a,
            method: false,
            null_after: false,
            cache: 0,
        },
        "LOAD_METHOD" => Op::LoadAttr {
            name: a,
            method: true,
            null_after: false,
            cache: 0,
        },
        "LOAD_SUPER_ATTR" => Op::LoadSuperAttr {
            name: a >> 2,
            method: a & 1 != 0,
            null_after: after13,
        },
        "STORE_ATTR" => Op::StoreAttr { name: a, cache: 0 },
        "DELETE_ATTR" => Op::DeleteAttr(a),
        "BINARY_OP" => match table.binary_ops.get(a as usize).copied() {
            Some("[]") => Op::BinarySubscr,
            Some(sym) => match binop(sym) {
                Some((op, inplace)) => Op::BinaryOp { op, inplace },
                None => Op::Unsupported(name),
            },
            None => Op::Unsupported(name),
        },
        "BINARY_SUBSCR" => Op::BinarySubscr,
        "DUP_TOP" => Op::Copy(1),
        "ROT_TWO" => Op::Swap(2),
        "STORE_SUBSCR" => Op::StoreSubscr,
        "DELETE_SUBSCR" => Op::DeleteSubscr,
        "BINARY_SLICE" => Op::BinarySlice,
        "STORE_SLICE" => Op::StoreSlice,
        "UNARY_NEGATIVE" => Op::UnaryNegative,
        "UNARY_NOT" => Op::UnaryNot,
        "UNARY_INVERT" => Op::UnaryInvert,
        "TO_BOOL" => Op::ToBool,
        "COMPARE_OP" => {
            let (index, to_bool) = match v {
                Version::V3_12 => (a >> 4, false),
                _ if after13 => (a >> 5, a & 16 != 0),
                _ => (a, false),
            };
            match table.cmp_op.get(index as usize).copied() {
                Some(sym) => match (cmpop(sym), sym) {
                    (Some(op), _) => Op::CompareOp { op, to_bool },
                    // ≤ 3.8 compares membership, identity and exceptions here too.
                    (None, "in") => Op::ContainsOp(false),
                    (None, "not in") => Op::ContainsOp(true),
                    (None, "is") => Op::IsOp(false),
                    (None, "is not") => Op::IsOp(true),
                    (None, "exception match") => Op::ExcMatch,
                    _ => Op::Unsupported(name),
                },
                None => Op::Unsupported(name),
            }
        }
        "IS_OP" => Op::IsOp(a != 0),
        "CONTAINS_OP" => Op::ContainsOp(a != 0),
        "BUILD_TUPLE" => Op::BuildTuple(a),
        "BUILD_LIST" => Op::BuildList(a),
        "BUILD_SET" => Op::BuildSet(a),
        "BUILD_MAP" => Op::BuildMap(a),
        "BUILD_CONST_KEY_MAP" => Op::BuildConstKeyMap(a),
        "BUILD_STRING" => Op::BuildString(a),
        "BUILD_SLICE" => Op::BuildSlice(a),
        "LIST_APPEND" => Op::ListAppend(a),
        "SET_ADD" => Op::SetAdd(a),
        "MAP_ADD" => Op::MapAdd {
            index: a,
            key_on_top: v <= Version::V3_7,
        },
        "LIST_EXTEND" => Op::ListExtend(a),
        "SET_UPDATE" => Op::SetUpdate(a),
        "DICT_UPDATE" => Op::DictUpdate(a),
        "DICT_MERGE" => Op::DictMerge(a),
        "UNPACK_SEQUENCE" => Op::UnpackSequence(a),
        "UNPACK_EX" => Op::UnpackEx(a),
        "JUMP_FORWARD"
        | "JUMP_BACKWARD"
        | "JUMP_BACKWARD_NO_INTERRUPT"
        | "JUMP_ABSOLUTE"
        | "JUMP"
        | "JUMP_NO_INTERRUPT" => Op::Jump(target),
        "POP_JUMP_IF_FALSE" | "POP_JUMP_FORWARD_IF_FALSE" | "POP_JUMP_BACKWARD_IF_FALSE" => {
            Op::PopJumpIfFalse(target)
        }
        "POP_JUMP_IF_TRUE" | "POP_JUMP_FORWARD_IF_TRUE" | "POP_JUMP_BACKWARD_IF_TRUE" => {
            Op::PopJumpIfTrue(target)
        }
        "POP_JUMP_IF_NONE" | "POP_JUMP_FORWARD_IF_NONE" | "POP_JUMP_BACKWARD_IF_NONE" => {
            Op::PopJumpIfNone(target)
        }
        "POP_JUMP_IF_NOT_NONE"
        | "POP_JUMP_FORWARD_IF_NOT_NONE"
        | "POP_JUMP_BACKWARD_IF_NOT_NONE" => Op::PopJumpIfNotNone(target),
        "JUMP_IF_FALSE_OR_POP" => Op::JumpIfFalseOrPop(target),
        "JUMP_IF_TRUE_OR_POP" => Op::JumpIfTrueOrPop(target),
        "GET_ITER" => Op::GetIter,
        "GET_YIELD_FROM_ITER" => Op::GetYieldFromIter,
        "FOR_ITER" => {
            // Where exhaustion continues (pyc-formats §10.9).
            let skip = match v {
                Version::V3_12 | Version::V3_14 => 1,
                Version::V3_13 => 2,
                _ => 0,
            };
            Op::ForIter {
                exit: target.saturating_add(skip).min(count),
                keep_iter: v >= Version::V3_14,
            }
        }
        "END_FOR" if v >= Version::V3_13 => Op::PopTop,
        "END_FOR" => Op::EndFor,
        "POP_ITER" => Op::PopIter,
        "CALL" => Op::Call(a),
        "KW_NAMES" => Op::KwNames(a),
        "CALL_KW" => Op::CallKw(a),
        "CALL_FUNCTION_EX" if v <= Version::V3_10 => Op::CallFunctionExPlain(a & 1 != 0),
        "CALL_FUNCTION_EX" => Op::CallFunctionEx(v >= Version::V3_14 || a & 1 != 0),
        "CALL_FUNCTION" if v >= Version::V3_6 => Op::CallPlain { argc: a, kw: false },
        "CALL_FUNCTION_KW" => Op::CallPlain { argc: a, kw: true },
        "CALL_METHOD" => Op::Call(a),
        "MAKE_FUNCTION" if (Version::V3_6..=Version::V3_10).contains(&v) => {
            Op::MakeFunctionQualname(a)
        }
        "ROT_THREE" => Op::Rot(3),
        "ROT_FOUR" => Op::Rot(4),
        "ROT_N" => Op::Rot(a),
        "DUP_TOP_TWO" => Op::DupTopTwo,
        "YIELD_FROM" => Op::YieldFrom,
        "YIELD_VALUE" if v >= Version::V3_6 => Op::YieldValue,
        "GEN_START" => Op::Nop,
        "MAKE_FUNCTION" if after13 => Op::MakeFunction(None),
        "MAKE_FUNCTION" if v >= Version::V3_11 => Op::MakeFunction(Some(a)),
        "SET_FUNCTION_ATTRIBUTE" => Op::SetFunctionAttribute(a),
        "RETURN_GENERATOR" => Op::ReturnGenerator,
        "YIELD_VALUE" if v >= Version::V3_11 => Op::YieldValue,
        "SEND" => Op::Send {
            target,
            pop_receiver: v < Version::V3_12,
        },
        "END_SEND" => Op::EndSend,
        "CLEANUP_THROW" => Op::CleanupThrow,
        "RAISE_VARARGS" => Op::RaiseVarargs(a),
        "RERAISE" => Op::Reraise(a),
        "PUSH_EXC_INFO" => Op::PushExcInfo,
        "POP_EXCEPT" => Op::PopExcept,
        "CHECK_EXC_MATCH" => Op::CheckExcMatch,
        "LOAD_ASSERTION_ERROR" => Op::LoadAssertionError,
        "BEFORE_WITH" => Op::BeforeWith,
        "WITH_EXCEPT_START" if v >= Version::V3_14 => Op::WithExceptStartSelf,
        "WITH_EXCEPT_START" => Op::WithExceptStart,
        "LOAD_SPECIAL" => match table.special_methods.get(a as usize) {
            Some(m) => Op::LoadSpecial(m),
            None => Op::Unsupported(name),
        },
        "LOAD_COMMON_CONSTANT" => match table.common_constants.get(a as usize) {
            Some(c) => Op::LoadCommonConstant(c),
            None => Op::Unsupported(name),
        },
        "FORMAT_VALUE" => Op::FormatValue(a),
        "CONVERT_VALUE" => Op::ConvertValue(a),
        "FORMAT_SIMPLE" => Op::FormatSimple,
        "FORMAT_WITH_SPEC" => Op::FormatWithSpec,
        "LOAD_BUILD_CLASS" => Op::LoadBuildClass,
        "SETUP_ANNOTATIONS" => Op::SetupAnnotations,
        "IMPORT_NAME" => Op::ImportName(a),
        "IMPORT_FROM" => Op::ImportFrom(a),
        "CALL_INTRINSIC_1" => match table.intrinsic1.get(a as usize).copied() {
            Some("INTRINSIC_PRINT") => Op::CallIntrinsic1(Intrinsic1::Print),
            Some("INTRINSIC_IMPORT_STAR") => Op::CallIntrinsic1(Intrinsic1::ImportStar),
            Some("INTRINSIC_STOPITERATION_ERROR") => {
                Op::CallIntrinsic1(Intrinsic1::StopIterationError)
            }
            Some("INTRINSIC_UNARY_POSITIVE") => Op::CallIntrinsic1(Intrinsic1::UnaryPositive),
            Some("INTRINSIC_LIST_TO_TUPLE") => Op::CallIntrinsic1(Intrinsic1::ListToTuple),
            Some("INTRINSIC_ASYNC_GEN_WRAP") => Op::CallIntrinsic1(Intrinsic1::AsyncGenWrap),
            Some("INTRINSIC_TYPEVAR") => Op::CallIntrinsic1(Intrinsic1::TypeVar),
            Some("INTRINSIC_PARAMSPEC") => Op::CallIntrinsic1(Intrinsic1::ParamSpec),
            Some("INTRINSIC_TYPEVARTUPLE") => Op::CallIntrinsic1(Intrinsic1::TypeVarTuple),
            Some("INTRINSIC_SUBSCRIPT_GENERIC") => Op::CallIntrinsic1(Intrinsic1::SubscriptGeneric),
            Some("INTRINSIC_TYPEALIAS") => Op::CallIntrinsic1(Intrinsic1::TypeAlias),
            _ => Op::Unsupported(name),
        },
        "CALL_INTRINSIC_2" => match table.intrinsic2.get(a as usize).copied() {
            Some("INTRINSIC_PREP_RERAISE_STAR") => Op::CallIntrinsic2(Intrinsic2::PrepReraiseStar),
            Some("INTRINSIC_TYPEVAR_WITH_BOUND") => {
                Op::CallIntrinsic2(Intrinsic2::TypeVarWithBound)
            }
            Some("INTRINSIC_TYPEVAR_WITH_CONSTRAINTS") => {
                Op::CallIntrinsic2(Intrinsic2::TypeVarWithConstraints)
            }
            Some("INTRINSIC_SET_FUNCTION_TYPE_PARAMS") => {
                Op::CallIntrinsic2(Intrinsic2::SetFunctionTypeParams)
            }
            _ => Op::Unsupported(name),
        },
        "PREP_RERAISE_STAR" => Op::CallIntrinsic2(Intrinsic2::PrepReraiseStar),
        "ASYNC_GEN_WRAP" => Op::CallIntrinsic1(Intrinsic1::AsyncGenWrap),
        "CHECK_EG_MATCH" => Op::CheckEgMatch,
        "GET_LEN" => Op::GetLen,
        "GET_AWAITABLE" if v >= Version::V3_11 => Op::GetAwaitable,
        "BEFORE_ASYNC_WITH" if v >= Version::V3_11 => Op::BeforeAsyncWith,
        "GET_AITER" => Op::GetAIter { awaitable: false },
        "GET_ANEXT" if v >= Version::V3_11 => Op::GetANext,
        // 3.14's argument only names the loop head for monitoring (§10.17).
        "END_ASYNC_FOR" if v >= Version::V3_11 => Op::EndAsyncFor,
        "MATCH_MAPPING" => Op::MatchMapping,
        "MATCH_SEQUENCE" => Op::MatchSequence,
        "MATCH_KEYS" => Op::MatchKeys { push_bool: false },
        "MATCH_CLASS" => Op::MatchClass {
            count: a,
            push_bool: false,
        },
        "UNARY_POSITIVE" => Op::CallIntrinsic1(Intrinsic1::UnaryPositive),
        "LIST_TO_TUPLE" => Op::CallIntrinsic1(Intrinsic1::ListToTuple),
        "IMPORT_STAR" => Op::ImportStar,
        "PRINT_EXPR" => Op::CallIntrinsic1(Intrinsic1::Print),
        // ≤ 3.10: one opcode per operator (2.7's classic BINARY_DIVIDE stays
        // unsupported: its semantics differ).
        _ if name.starts_with("BINARY_") || name.starts_with("INPLACE_") => {
            match legacy_binop(name) {
                Some(op) => Op::BinaryOp {
                    op,
                    inplace: name.starts_with("INPLACE_"),
                },
                None => Op::Unsupported(name),
            }
        }
        _ => Op::Unsupported(name),
    };
    (checked(op, target, count), name)
}

/// `op`, unless it jumps to something that is not an instruction.
fn checked(op: Op, target: u32, count: u32) -> Op {
    // A jump whose target is not an instruction boundary cannot run.
    let bad_jump = match &op {
        Op::Jump(t)
        | Op::PopJumpIfFalse(t)
        | Op::PopJumpIfTrue(t)
        | Op::PopJumpIfNone(t)
        | Op::PopJumpIfNotNone(t)
        | Op::JumpIfFalseOrPop(t)
        | Op::JumpIfTrueOrPop(t)
        | Op::Send { target: t, .. }
        | Op::Setup(_, t)
        | Op::SetupWith(t)
        | Op::SetupAsyncWith(t)
        | Op::ContinueLoop(t)
        | Op::CallFinally(t)
        | Op::JumpIfNotExcMatch(t) => *t >= count,
        Op::ForIter { exit, .. } => *exit > count || target == u32::MAX,
        _ => false,
    };
    if bad_jump {
        Op::Unsupported("jump to a non-instruction")
    } else {
        op
    }
}
