//! Opcodes of CPython ≤ 3.10 whose meaning differs from the 3.11+ opcode of the
//! same name, or that later versions removed: the block stack (`SETUP_*`,
//! `END_FINALLY`, `WITH_CLEANUP_*`, 3.8's `*_FINALLY`), `COMPARE_OP` forms of
//! `in`/`is`/exception match, `BUILD_*_UNPACK`, and the ≤ 3.10 forms of the
//! coroutine and pattern-matching opcodes.

use super::op::{Op, SetupKind, UnpackKind};
use crate::version::Version;

/// The [`Op`] for a ≤ 3.10 opcode `name`, when it has a ≤ 3.10 meaning of its own;
/// `None` falls through to the version-neutral mapping.
pub fn translate_legacy(name: &str, a: u32, target: u32, v: Version) -> Option<Op> {
    // ≤ 3.7: `return`/`break`/`continue` travel through the blocks at run time.
    let why_codes = v <= Version::V3_7;
    Some(match name {
        "SETUP_LOOP" => Op::Setup(SetupKind::Loop, target),
        "SETUP_EXCEPT" => Op::Setup(SetupKind::Except, target),
        "SETUP_FINALLY" => Op::Setup(SetupKind::Finally, target),
        "SETUP_WITH" => Op::SetupWith(target),
        "SETUP_ASYNC_WITH" => Op::SetupAsyncWith(target),
        "POP_BLOCK" => Op::PopBlock { unwind: why_codes },
        "POP_EXCEPT" => Op::PopExceptBlock,
        "BREAK_LOOP" => Op::BreakLoop,
        "CONTINUE_LOOP" => Op::ContinueLoop(target),
        "RETURN_VALUE" if why_codes => Op::ReturnThroughBlocks,
        "END_FINALLY" => Op::EndFinally { why_codes },
        "WITH_CLEANUP_START" => Op::WithCleanupStart { why_codes },
        "WITH_CLEANUP_FINISH" => Op::WithCleanupFinish { why_codes },
        "BEGIN_FINALLY" => Op::BeginFinally,
        "CALL_FINALLY" => Op::CallFinally(target),
        "POP_FINALLY" => Op::PopFinally(a != 0),
        "RERAISE" => Op::Reraise3,
        "WITH_EXCEPT_START" => Op::WithExceptStart7,
        "BUILD_LIST_UNPACK" => unpack(UnpackKind::List, a, false),
        "BUILD_TUPLE_UNPACK" => unpack(UnpackKind::Tuple, a, false),
        "BUILD_TUPLE_UNPACK_WITH_CALL" => unpack(UnpackKind::Tuple, a, true),
        "BUILD_SET_UNPACK" => unpack(UnpackKind::Set, a, false),
        "BUILD_MAP_UNPACK" => unpack(UnpackKind::Map, a, false),
        "BUILD_MAP_UNPACK_WITH_CALL" => unpack(UnpackKind::Map, a, true),
        "STORE_ANNOTATION" => Op::StoreAnnotation(a),
        "GET_AWAITABLE" => Op::GetAwaitable,
        "BEFORE_ASYNC_WITH" => Op::BeforeAsyncWith,
        "GET_AITER" => Op::GetAIter {
            awaitable: v <= Version::V3_6,
        },
        "GET_ANEXT" => Op::GetANext,
        "END_ASYNC_FOR" => Op::EndAsyncForBlocks,
        "MATCH_KEYS" => Op::MatchKeys { push_bool: true },
        "MATCH_CLASS" => Op::MatchClass {
            count: a,
            push_bool: true,
        },
        "COPY_DICT_WITHOUT_KEYS" => Op::CopyDictWithoutKeys,
        _ => return None,
    })
}

fn unpack(kind: UnpackKind, count: u32, call: bool) -> Op {
    Op::BuildUnpack { kind, count, call }
}
