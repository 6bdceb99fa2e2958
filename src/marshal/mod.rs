//! Marshal, the serialization of .pyc bodies, for marshal versions 2 (2.7), 4 (3.6 to
//! 3.13) and 5 (3.14).
//!
//! The object model is lossless: `write(read(bytes)) == bytes` for anything CPython
//! writes, because a [`Tree`] keeps the type code, FLAG_REF bit and references that
//! the bytes used. [`Obj`] is the owned form of a tree, for building and editing.
//!
//! ```
//! use pycasm::{marshal, Version};
//! let bytes = b"\xe9\x2a\x00\x00\x00"; // FLAG_REF | 'i', 42
//! let tree = marshal::read(bytes, Version::V3_12).unwrap();
//! assert!(matches!(tree.item(tree.root()), marshal::Item::Int(42)));
//! assert_eq!(marshal::write(&tree, Version::V3_12).unwrap(), bytes);
//! ```

mod convert;
pub mod edit;
mod error;
mod object;
mod read;
pub mod shape;
mod tree;
mod write;

pub use error::{Error, ErrorKind};
pub use object::{CodeObj, Long, Obj, StrForm, TupleForm, Value};
pub use read::{parse_float_text, read, read_owned, read_prefix, MAX_DEPTH};
pub use tree::{CodeField, CodeHead, CodeRef, Item, Kids, KidsIter, LongDigits, NodeId, Tree};
pub use write::{type_code, write, write_into, write_obj};
