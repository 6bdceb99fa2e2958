//! Iterators over built-in values.

use std::cell::RefCell;
use std::rc::Rc;

use super::Generator;
use crate::vm::value::Value;

/// The state of a built-in iterator.
#[derive(Debug)]
pub enum IterState {
    /// Over a list (sees appends made while iterating, like CPython).
    List {
        /// The list.
        list: Value,
        /// Next index.
        idx: usize,
    },
    /// Over a fixed sequence of values (tuple, str characters, dict keys snapshot).
    Items {
        /// The values.
        items: Vec<Value>,
        /// Next index.
        idx: usize,
    },
    /// Over a range.
    Range {
        /// Next value.
        cur: i64,
        /// Stop (exclusive).
        stop: i64,
        /// Step (non-zero).
        step: i64,
    },
    /// `enumerate(it, start)`
    Enumerate {
        /// The underlying iterator.
        inner: Value,
        /// Next count.
        n: i64,
    },
    /// `zip(*its)`
    Zip {
        /// The underlying iterators.
        inners: Vec<Value>,
    },
    /// `map(f, *its)`
    Map {
        /// The function.
        func: Value,
        /// The underlying iterators.
        inners: Vec<Value>,
    },
    /// `filter(f, it)`
    Filter {
        /// The predicate (`None` = truthiness).
        func: Value,
        /// The underlying iterator.
        inner: Value,
    },
    /// `iter(callable, sentinel)`
    Callable {
        /// The callable.
        func: Value,
        /// The sentinel.
        sentinel: Value,
    },
    /// 3.6's `aiter_wrapper`: an awaitable that resolves at once to the
    /// asynchronous iterator `__aiter__` returned.
    AIterWrapper(Value),
    /// A value yielded by an async generator (`ASYNC_GEN_WRAP`), as opposed to
    /// one passed up by an `await` inside it; never visible to Python code.
    AsyncGenWrapped(Value),
    /// The awaitable of `asend`/`athrow`/`aclose`/`__anext__`.
    AsyncGenOp {
        /// The async generator.
        gen: Rc<RefCell<Generator>>,
        /// What the first step does.
        kind: AsyncGenOpKind,
        /// Whether the first step has been taken.
        started: bool,
        /// Whether it has completed.
        done: bool,
        /// `anext(g, default)`: the value StopAsyncIteration turns into.
        default: Option<Value>,
    },
    /// Exhausted.
    Done,
}

/// The first step of an async generator operation.
#[derive(Debug, Clone)]
pub enum AsyncGenOpKind {
    /// `asend(v)` / `__anext__()` (None)
    Send(Value),
    /// `athrow(exc)`
    Throw(Value),
    /// `aclose()`
    Close,
}

impl IterState {
    /// The type name CPython reports.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::List { .. } => "list_iterator",
            IterState::Items { .. } => "iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Callable { .. } => "callable_iterator",
            IterState::AIterWrapper(_) => "aiter_wrapper",
            IterState::AsyncGenWrapped(_) => "async_generator_wrapped_value",
            IterState::AsyncGenOp {
                kind: AsyncGenOpKind::Throw(_) | AsyncGenOpKind::Close,
                ..
            } => "async_generator_athrow",
            IterState::AsyncGenOp { .. } => "async_generator_asend",
            IterState::Done => "iterator",
        }
    }
}
