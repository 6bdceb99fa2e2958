//! Heap objects behind [`Value`](super::value::Value): dicts and sets, classes and
//! instances, functions, generators, iterators, modules.

mod class;
mod dict;
mod dict27;
mod entries;
mod finalize;
mod function;
mod iter;
mod settable;

pub use class::{BuiltinType, Class, Ctor, ExcData, InstDict, Instance, TbEntry};
pub use dict::{class_epoch, Dict, MixHasher, Unhashable};
pub use finalize::{finalize_pending, take_doomed};
pub use function::{Args, BuiltinFn, BuiltinImpl, Function, Generator, Module, NativeMethod};
pub use iter::{AsyncGenOpKind, IterState};
pub use settable::Set;
