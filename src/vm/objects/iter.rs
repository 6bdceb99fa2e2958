//! Iterators over built-in values.

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
    /// Exhausted.
    Done,
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
            IterState::Done => "iterator",
        }
    }
}
