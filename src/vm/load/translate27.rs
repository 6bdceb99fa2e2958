//! CPython 2.7's opcodes that have no 3.x counterpart with the same stack shape
//! (pyc-formats §10 for 2.7); everything else goes through the shared table in
//! `translate.rs`.

use super::op::Op;
use super::op27::Op27;
use crate::code::Instruction;

/// The 2.7-specific translation of `name`, or `None` to use the shared one.
pub fn translate27(name: &'static str, ins: &Instruction) -> Option<Op> {
    let a = ins.arg;
    let call = |var: bool, kw: bool| {
        Op::Py27(Op27::CallFunction {
            npos: a & 0xff,
            nkw: (a >> 8) & 0xff,
            var,
            kw,
        })
    };
    Some(match name {
        "STOP_CODE" => Op::Unsupported("STOP_CODE"),
        "PRINT_ITEM" => Op::Py27(Op27::PrintItem { to: false }),
        "PRINT_ITEM_TO" => Op::Py27(Op27::PrintItem { to: true }),
        "PRINT_NEWLINE" => Op::Py27(Op27::PrintNewline { to: false }),
        "PRINT_NEWLINE_TO" => Op::Py27(Op27::PrintNewline { to: true }),
        "BINARY_DIVIDE" => Op::Py27(Op27::ClassicDivide { inplace: false }),
        "INPLACE_DIVIDE" => Op::Py27(Op27::ClassicDivide { inplace: true }),
        "SLICE+0" => Op::Py27(Op27::Slice(0)),
        "SLICE+1" => Op::Py27(Op27::Slice(1)),
        "SLICE+2" => Op::Py27(Op27::Slice(2)),
        "SLICE+3" => Op::Py27(Op27::Slice(3)),
        "STORE_SLICE+0" => Op::Py27(Op27::StoreSlice(0)),
        "STORE_SLICE+1" => Op::Py27(Op27::StoreSlice(1)),
        "STORE_SLICE+2" => Op::Py27(Op27::StoreSlice(2)),
        "STORE_SLICE+3" => Op::Py27(Op27::StoreSlice(3)),
        "DELETE_SLICE+0" => Op::Py27(Op27::DeleteSlice(0)),
        "DELETE_SLICE+1" => Op::Py27(Op27::DeleteSlice(1)),
        "DELETE_SLICE+2" => Op::Py27(Op27::DeleteSlice(2)),
        "DELETE_SLICE+3" => Op::Py27(Op27::DeleteSlice(3)),
        "CALL_FUNCTION" => call(false, false),
        "CALL_FUNCTION_VAR" => call(true, false),
        "CALL_FUNCTION_KW" => call(false, true),
        "CALL_FUNCTION_VAR_KW" => call(true, true),
        "MAKE_FUNCTION" => Op::Py27(Op27::MakeFunction {
            ndefaults: a,
            closure: false,
        }),
        "MAKE_CLOSURE" => Op::Py27(Op27::MakeFunction {
            ndefaults: a,
            closure: true,
        }),
        "WITH_CLEANUP" => Op::Py27(Op27::WithCleanup),
        "BUILD_CLASS" => Op::Py27(Op27::BuildClass),
        // The argument is a size hint (which decides the 2.7 table size).
        "BUILD_MAP" => Op::Py27(Op27::BuildMap(a)),
        "STORE_MAP" => Op::Py27(Op27::StoreMap),
        "DUP_TOPX" => Op::Py27(Op27::DupTopX(a)),
        "UNARY_CONVERT" => Op::Py27(Op27::Convert),
        "RAISE_VARARGS" => Op::Py27(Op27::Raise(a)),
        "YIELD_VALUE" => Op::YieldValue,
        "EXEC_STMT" => Op::Py27(Op27::ExecStmt),
        "PRINT_EXPR" => Op::Unsupported("PRINT_EXPR"),
        _ => return None,
    })
}
