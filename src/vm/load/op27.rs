//! The 2.7 instructions of the internal instruction set (`Op::Py27`).

/// CPython 2.7 instructions without a 3.x equivalent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op27 {
    /// `PRINT_ITEM` / `PRINT_ITEM_TO` (stream on top, item below it).
    PrintItem {
        /// The `_TO` form.
        to: bool,
    },
    /// `PRINT_NEWLINE` / `PRINT_NEWLINE_TO`
    PrintNewline {
        /// The `_TO` form.
        to: bool,
    },
    /// `BINARY_DIVIDE` / `INPLACE_DIVIDE`: classic division.
    ClassicDivide {
        /// The `/=` form.
        inplace: bool,
    },
    /// `SLICE+n`: bit 0 = a start, bit 1 = a stop on the stack.
    Slice(u8),
    /// `STORE_SLICE+n`
    StoreSlice(u8),
    /// `DELETE_SLICE+n`
    DeleteSlice(u8),
    /// `CALL_FUNCTION[_VAR][_KW]`: `npos` positionals, then `nkw` (name, value)
    /// pairs, then the `*args` sequence and the `**kw` mapping.
    CallFunction {
        /// Positional arguments.
        npos: u32,
        /// Keyword (name, value) pairs.
        nkw: u32,
        /// A `*args` sequence.
        var: bool,
        /// A `**kw` mapping.
        kw: bool,
    },
    /// `MAKE_FUNCTION n` / `MAKE_CLOSURE n`: `n` defaults below the code object
    /// (and the closure tuple between them).
    MakeFunction {
        /// Number of defaults.
        ndefaults: u32,
        /// A closure tuple is on the stack.
        closure: bool,
    },
    /// `WITH_CLEANUP` (2.7's one-step `__exit__` call).
    WithCleanup,
    /// `BUILD_CLASS` (name, bases, namespace).
    BuildClass,
    /// `BUILD_MAP n`: an empty dict presized for `n` items.
    BuildMap(u32),
    /// `STORE_MAP` (dict, value, key).
    StoreMap,
    /// `DUP_TOPX n`
    DupTopX(u32),
    /// `UNARY_CONVERT` (backquotes: `repr`).
    Convert,
    /// `RAISE_VARARGS n`: `raise [type[, value[, traceback]]]`.
    Raise(u32),
    /// `EXEC_STMT`: `exec code [in globals[, locals]]` (locals on top).
    ExecStmt,
}
