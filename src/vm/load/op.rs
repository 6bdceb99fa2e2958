//! The version-neutral internal instruction set.
//!
//! Each variant carries typed operands; jumps hold instruction indices. Version
//! differences in encoding (flag bits, NULL placement, `FOR_ITER` exhaustion
//! targets) are resolved by the loader, so the interpreter never asks which version
//! it runs.

use super::op27::Op27;
use crate::vm::value::num::BinOp;

/// An instruction index (position in [`LoadedCode::ops`](super::LoadedCode)).
pub type Target = u32;

/// A rich comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Whether an ordering satisfies the operator.
    pub fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => o == Less,
            CmpOp::Le => o != Greater,
            CmpOp::Eq => o == Equal,
            CmpOp::Ne => o != Equal,
            CmpOp::Gt => o == Greater,
            CmpOp::Ge => o != Less,
        }
    }

    /// The operator symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The dunder method and its reflection.
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
        }
    }
}

/// A `CALL_INTRINSIC_1` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intrinsic1 {
    /// `INTRINSIC_PRINT` (interactive echo)
    Print,
    /// `INTRINSIC_IMPORT_STAR`
    ImportStar,
    /// `INTRINSIC_STOPITERATION_ERROR`
    StopIterationError,
    /// `INTRINSIC_UNARY_POSITIVE`
    UnaryPositive,
    /// `INTRINSIC_LIST_TO_TUPLE`
    ListToTuple,
    /// `INTRINSIC_ASYNC_GEN_WRAP` (3.11: the `ASYNC_GEN_WRAP` opcode)
    AsyncGenWrap,
    /// `INTRINSIC_TYPEVAR`
    TypeVar,
    /// `INTRINSIC_PARAMSPEC`
    ParamSpec,
    /// `INTRINSIC_TYPEVARTUPLE`
    TypeVarTuple,
    /// `INTRINSIC_SUBSCRIPT_GENERIC`
    SubscriptGeneric,
    /// `INTRINSIC_TYPEALIAS`
    TypeAlias,
}

/// A `CALL_INTRINSIC_2` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intrinsic2 {
    /// `INTRINSIC_PREP_RERAISE_STAR` (3.11: the `PREP_RERAISE_STAR` opcode)
    PrepReraiseStar,
    /// `INTRINSIC_TYPEVAR_WITH_BOUND`
    TypeVarWithBound,
    /// `INTRINSIC_TYPEVAR_WITH_CONSTRAINTS`
    TypeVarWithConstraints,
    /// `INTRINSIC_SET_FUNCTION_TYPE_PARAMS`
    SetFunctionTypeParams,
}

/// The kind of block a ≤ 3.10 `SETUP_*` instruction pushes (`PyTryBlock.b_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupKind {
    /// `SETUP_LOOP` (≤ 3.7): target of `break`, stop for `continue`.
    Loop,
    /// `SETUP_EXCEPT` (≤ 3.7): entered only by exceptions.
    Except,
    /// `SETUP_FINALLY` (and the block `SETUP_WITH`/`SETUP_ASYNC_WITH` push in
    /// 3.x): entered by exceptions, and ≤ 3.7 by `return`/`break`/`continue`.
    Finally,
    /// 2.7's own `SETUP_WITH` block type (like `Finally`, but an exception
    /// entering it also sets `sys.exc_info()`).
    With,
}

/// The container a ≤ 3.8 `BUILD_*_UNPACK` instruction builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnpackKind {
    /// `BUILD_LIST_UNPACK`
    List,
    /// `BUILD_TUPLE_UNPACK` (`_WITH_CALL`)
    Tuple,
    /// `BUILD_SET_UNPACK`
    Set,
    /// `BUILD_MAP_UNPACK` (`_WITH_CALL`)
    Map,
}

/// One internal instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// No effect (`NOP`, `RESUME`, `CACHE`, `EXTENDED_ARG`, `NOT_TAKEN`, ...).
    Nop,
    /// `POP_TOP`
    PopTop,
    /// `PUSH_NULL`
    PushNull,
    /// `COPY n`
    Copy(u32),
    /// `SWAP n`
    Swap(u32),
    /// `LOAD_CONST i` (also `RETURN_CONST` is split into this and a return)
    LoadConst(u32),
    /// `LOAD_SMALL_INT n`
    LoadSmallInt(u32),
    /// `RETURN_VALUE`
    ReturnValue,
    /// `RETURN_CONST i`
    ReturnConst(u32),
    /// `LOAD_FAST` / `LOAD_FAST_CHECK` (unbound check either way)
    LoadFast(u32),
    /// `LOAD_FAST_AND_CLEAR` (pushes NULL for an unbound local)
    LoadFastAndClear(u32),
    /// `LOAD_FAST_LOAD_FAST`
    LoadFastPair(u32, u32),
    /// `STORE_FAST`
    StoreFast(u32),
    /// `STORE_FAST_STORE_FAST` (first receives TOS)
    StoreFastPair(u32, u32),
    /// `STORE_FAST_LOAD_FAST`
    StoreFastLoadFast(u32, u32),
    /// `DELETE_FAST`
    DeleteFast(u32),
    /// `MAKE_CELL i`
    MakeCell(u32),
    /// `COPY_FREE_VARS n`
    CopyFreeVars(u32),
    /// `LOAD_DEREF i`
    LoadDeref(u32),
    /// `LOAD_CLOSURE i` (pushes the cell itself)
    LoadClosure(u32),
    /// `STORE_DEREF i`
    StoreDeref(u32),
    /// `DELETE_DEREF i`
    DeleteDeref(u32),
    /// `LOAD_FROM_DICT_OR_DEREF i`
    LoadFromDictOrDeref(u32),
    /// `LOAD_CLASSDEREF i` (3.11: the class namespace, then the cell)
    LoadClassDeref(u32),
    /// `LOAD_NAME`
    LoadName(u32),
    /// `STORE_NAME`
    StoreName(u32),
    /// `DELETE_NAME`
    DeleteName(u32),
    /// `LOAD_LOCALS`
    LoadLocals,
    /// `LOAD_FROM_DICT_OR_GLOBALS`
    LoadFromDictOrGlobals(u32),
    /// `LOAD_GLOBAL`; `null`: push a NULL, before (3.11/3.12) or after (3.13+).
    LoadGlobal {
        /// `co_names` index.
        name: u32,
        /// Whether a NULL is pushed.
        null: bool,
        /// Whether the NULL goes above the value (3.13+).
        null_after: bool,
        /// Its inline cache (`LoadedCode::global_caches`), numbered by the loader.
        cache: u32,
    },
    /// `STORE_GLOBAL`
    StoreGlobal(u32),
    /// `DELETE_GLOBAL`
    DeleteGlobal(u32),
    /// `LOAD_ATTR`; `method`: push [meth, self] or [NULL, attr] / [attr, NULL].
    LoadAttr {
        /// `co_names` index.
        name: u32,
        /// Method-call form.
        method: bool,
        /// Whether the NULL of the non-method case goes above the value (3.13+).
        null_after: bool,
        /// Its inline cache (`LoadedCode::attr_caches`), numbered by the loader.
        cache: u32,
    },
    /// `LOAD_SUPER_ATTR` (stack: super, class, self).
    LoadSuperAttr {
        /// `co_names` index.
        name: u32,
        /// Method-call form.
        method: bool,
        /// Whether the NULL of the non-method case goes above the value (3.13+).
        null_after: bool,
    },
    /// `STORE_ATTR`
    StoreAttr {
        /// `co_names` index.
        name: u32,
        /// Its inline cache (`LoadedCode::attr_caches`), numbered by the loader.
        cache: u32,
    },
    /// `DELETE_ATTR`
    DeleteAttr(u32),
    /// `BINARY_OP`
    BinaryOp {
        /// The operator.
        op: BinOp,
        /// The augmented-assignment form (`+=`).
        inplace: bool,
    },
    /// `BINARY_SUBSCR`
    BinarySubscr,
    /// `STORE_SUBSCR`
    StoreSubscr,
    /// `DELETE_SUBSCR`
    DeleteSubscr,
    /// `BINARY_SLICE`
    BinarySlice,
    /// `STORE_SLICE`
    StoreSlice,
    /// `UNARY_NEGATIVE`
    UnaryNegative,
    /// `UNARY_NOT`
    UnaryNot,
    /// `UNARY_INVERT`
    UnaryInvert,
    /// `TO_BOOL`
    ToBool,
    /// `COMPARE_OP`
    CompareOp {
        /// The comparison.
        op: CmpOp,
        /// Coerce the result to bool (3.13+ flag).
        to_bool: bool,
    },
    /// `IS_OP invert`
    IsOp(bool),
    /// `CONTAINS_OP invert`
    ContainsOp(bool),
    /// `BUILD_TUPLE n`
    BuildTuple(u32),
    /// `BUILD_LIST n`
    BuildList(u32),
    /// `BUILD_SET n`
    BuildSet(u32),
    /// `BUILD_MAP n`
    BuildMap(u32),
    /// `BUILD_CONST_KEY_MAP n`
    BuildConstKeyMap(u32),
    /// `BUILD_STRING n`
    BuildString(u32),
    /// `BUILD_SLICE n`
    BuildSlice(u32),
    /// `LIST_APPEND i`
    ListAppend(u32),
    /// `SET_ADD i`
    SetAdd(u32),
    /// `MAP_ADD i`; ≤ 3.7 has the key on top, later versions the value.
    MapAdd {
        /// Stack position of the dict (after popping the pair).
        index: u32,
        /// The key is TOS (≤ 3.7).
        key_on_top: bool,
    },
    /// `LIST_EXTEND i`
    ListExtend(u32),
    /// `SET_UPDATE i`
    SetUpdate(u32),
    /// `DICT_UPDATE i`
    DictUpdate(u32),
    /// `DICT_MERGE i`
    DictMerge(u32),
    /// `UNPACK_SEQUENCE n`
    UnpackSequence(u32),
    /// `UNPACK_EX (after << 8) | before`
    UnpackEx(u32),
    /// Unconditional jump.
    Jump(Target),
    /// `POP_JUMP_IF_FALSE`
    PopJumpIfFalse(Target),
    /// `POP_JUMP_IF_TRUE`
    PopJumpIfTrue(Target),
    /// `POP_JUMP_IF_NONE`
    PopJumpIfNone(Target),
    /// `POP_JUMP_IF_NOT_NONE`
    PopJumpIfNotNone(Target),
    /// `JUMP_IF_FALSE_OR_POP` (≤ 3.11)
    JumpIfFalseOrPop(Target),
    /// `JUMP_IF_TRUE_OR_POP` (≤ 3.11)
    JumpIfTrueOrPop(Target),
    /// `GET_ITER`
    GetIter,
    /// `GET_YIELD_FROM_ITER`
    GetYieldFromIter,
    /// `FOR_ITER`: on exhaustion jump to `exit`, popping the iterator unless
    /// `keep_iter` (3.14 leaves it for `POP_ITER`).
    ForIter {
        /// Where to continue once the iterator is exhausted.
        exit: Target,
        /// Leave the iterator on the stack.
        keep_iter: bool,
    },
    /// `END_FOR` (pops the value and the iterator)
    EndFor,
    /// `POP_ITER`
    PopIter,
    /// `CALL argc` (3.11+ stack shape; NULL placement handled uniformly)
    Call(u32),
    /// `KW_NAMES i` (3.11/3.12: names for the next call)
    KwNames(u32),
    /// `CALL_KW argc` (names tuple on the stack)
    CallKw(u32),
    /// `CALL_FUNCTION_EX` with a kwargs mapping on the stack.
    CallFunctionEx(bool),
    /// `CALL_FUNCTION_EX` without a NULL slot below the callable (≤ 3.10).
    CallFunctionExPlain(bool),
    /// `CALL_FUNCTION argc` / `CALL_FUNCTION_KW argc` (≤ 3.10): no NULL slot;
    /// `kw`: a tuple of keyword names on top.
    CallPlain {
        /// Arguments, keywords included.
        argc: u32,
        /// Keyword names on the stack.
        kw: bool,
    },
    /// `MAKE_FUNCTION flags` with the qualname above the code object (≤ 3.10).
    MakeFunctionQualname(u32),
    /// `SETUP_LOOP` / `SETUP_EXCEPT` / `SETUP_FINALLY` (≤ 3.10): push a block.
    Setup(SetupKind, Target),
    /// `SETUP_ASYNC_WITH target` (3.5-3.10): push a finally block below TOS.
    SetupAsyncWith(Target),
    /// `BREAK_LOOP` (≤ 3.7)
    BreakLoop,
    /// `CONTINUE_LOOP target` (≤ 3.7: through the blocks to the loop start)
    ContinueLoop(Target),
    /// `RETURN_VALUE` of ≤ 3.7: leaves through the `finally` blocks.
    ReturnThroughBlocks,
    /// `END_FINALLY`: TOS is None/NULL, an exception triple (re-raised) or an
    /// int: a why code (≤ 3.7, `why_codes`) or a `CALL_FINALLY` return (3.8).
    EndFinally {
        /// Ints are why codes (≤ 3.7) rather than return addresses (3.8).
        why_codes: bool,
    },
    /// `WITH_CLEANUP_START` (≤ 3.8): call `__exit__`.
    WithCleanupStart {
        /// TOS may be a why code (≤ 3.7).
        why_codes: bool,
    },
    /// `WITH_CLEANUP_FINISH` (≤ 3.8): a true `__exit__` result silences the
    /// exception.
    WithCleanupFinish {
        /// Signal silencing with a why code (≤ 3.7) rather than by unwinding the
        /// handler block and pushing NULL (3.8).
        why_codes: bool,
    },
    /// `BEGIN_FINALLY` (3.8): push NULL.
    BeginFinally,
    /// `CALL_FINALLY target` (3.8): push the return index, jump.
    CallFinally(Target),
    /// `POP_FINALLY preserve_tos` (3.8)
    PopFinally(bool),
    /// `COMPARE_OP exception match` (≤ 3.8)
    ExcMatch,
    /// `BUILD_*_UNPACK n` (≤ 3.8); `call`: the `_WITH_CALL` form.
    BuildUnpack {
        /// What is built.
        kind: UnpackKind,
        /// How many iterables or mappings.
        count: u32,
        /// Arguments of a call (the callable sits below them).
        call: bool,
    },
    /// `STORE_ANNOTATION i` (3.6)
    StoreAnnotation(u32),
    /// `END_ASYNC_FOR` (3.8-3.10): pops the exception triple and the handler block.
    EndAsyncForBlocks,
    /// `COPY_DICT_WITHOUT_KEYS` (3.10)
    CopyDictWithoutKeys,
    /// `SETUP_WITH target` (≤ 3.10)
    SetupWith(Target),
    /// `POP_BLOCK` (≤ 3.10); `unwind`: also drop values above the block's
    /// level (≤ 3.7).
    PopBlock {
        /// Truncate the stack to the block's level.
        unwind: bool,
    },
    /// `POP_EXCEPT` (≤ 3.10): pop the handler block and the saved exception.
    PopExceptBlock,
    /// `RERAISE` (3.9/3.10): pops type, value, traceback.
    Reraise3,
    /// `JUMP_IF_NOT_EXC_MATCH target` (3.9/3.10)
    JumpIfNotExcMatch(Target),
    /// `WITH_EXCEPT_START` (3.9/3.10: exit function 7 slots down)
    WithExceptStart7,
    /// `ROT_THREE` / `ROT_FOUR`: move TOS down to position n.
    Rot(u32),
    /// `DUP_TOP_TWO`
    DupTopTwo,
    /// `YIELD_FROM` (≤ 3.10)
    YieldFrom,
    /// `MAKE_FUNCTION`; `Some(flags)` when the attributes come with it (≤ 3.12).
    MakeFunction(Option<u32>),
    /// `SET_FUNCTION_ATTRIBUTE flag`
    SetFunctionAttribute(u32),
    /// `RETURN_GENERATOR`
    ReturnGenerator,
    /// `YIELD_VALUE`
    YieldValue,
    /// `YIELD_VALUE` of a ≤ 3.10 async generator: wraps the value as
    /// `ASYNC_GEN_WRAP` does
    YieldAsyncGenValue,
    /// `SEND`: on return jump to `target`; 3.11 also pops the receiver there
    /// (3.12+ leave it for `END_SEND`).
    Send {
        /// Where to continue when the receiver returns.
        target: Target,
        /// Pop the receiver on return (3.11).
        pop_receiver: bool,
    },
    /// `END_SEND`
    EndSend,
    /// `CLEANUP_THROW`
    CleanupThrow,
    /// `RAISE_VARARGS n`
    RaiseVarargs(u32),
    /// `RERAISE n`
    Reraise(u32),
    /// `PUSH_EXC_INFO`
    PushExcInfo,
    /// `POP_EXCEPT`
    PopExcept,
    /// `CHECK_EXC_MATCH`
    CheckExcMatch,
    /// `LOAD_ASSERTION_ERROR`
    LoadAssertionError,
    /// `BEFORE_WITH`
    BeforeWith,
    /// `WITH_EXCEPT_START`
    WithExceptStart,
    /// `FORMAT_VALUE flags` (≤ 3.12)
    FormatValue(u32),
    /// `CONVERT_VALUE n`
    ConvertValue(u32),
    /// `FORMAT_SIMPLE`
    FormatSimple,
    /// `FORMAT_WITH_SPEC`
    FormatWithSpec,
    /// `LOAD_BUILD_CLASS`
    LoadBuildClass,
    /// `SETUP_ANNOTATIONS`
    SetupAnnotations,
    /// `IMPORT_NAME i`
    ImportName(u32),
    /// `IMPORT_FROM i`
    ImportFrom(u32),
    /// `CALL_INTRINSIC_1`
    CallIntrinsic1(Intrinsic1),
    /// `CALL_INTRINSIC_2` (stack: value2, value1)
    CallIntrinsic2(Intrinsic2),
    /// `CHECK_EG_MATCH`
    CheckEgMatch,
    /// `GET_LEN`
    GetLen,
    /// `MATCH_MAPPING`
    MatchMapping,
    /// `MATCH_SEQUENCE`
    MatchSequence,
    /// `MATCH_KEYS`: pushes the values tuple or None; 3.10 also pushes a bool.
    MatchKeys {
        /// Push whether the keys matched (3.10).
        push_bool: bool,
    },
    /// `MATCH_CLASS count`: 3.11+ pushes the attributes tuple or None; 3.10
    /// pops only the names and leaves (attributes, True) or (subject, False).
    MatchClass {
        /// Positional sub-patterns.
        count: u32,
        /// The 3.10 form.
        push_bool: bool,
    },
    /// `GET_AWAITABLE`
    GetAwaitable,
    /// `BEFORE_ASYNC_WITH`
    BeforeAsyncWith,
    /// `GET_AITER`; `awaitable`: 3.6 pushes an awaitable resolving to the
    /// asynchronous iterator.
    GetAIter {
        /// The 3.6 form.
        awaitable: bool,
    },
    /// `GET_ANEXT`
    GetANext,
    /// `END_ASYNC_FOR` (3.11-3.13: pops the exception and the awaitable)
    EndAsyncFor,
    /// `IMPORT_STAR` (≤ 3.11; pops the module, pushes nothing)
    ImportStar,
    /// A CPython 2.7 instruction (`interp/exec27.rs`).
    Py27(Op27),
    /// `LOAD_SPECIAL` (3.14): pops the owner, pushes its special method (by
    /// name) as [bound method, NULL].
    LoadSpecial(&'static str),
    /// `LOAD_COMMON_CONSTANT` (3.14): a built-in object by name.
    LoadCommonConstant(&'static str),
    /// `WITH_EXCEPT_START` (3.14): the exit function and its self (or NULL)
    /// lie 5 and 4 slots down.
    WithExceptStartSelf,
    /// An opcode this VM does not implement yet (its CPython name).
    Unsupported(&'static str),
    /// An opcode number the version's table does not know.
    Unknown(u8),
}
