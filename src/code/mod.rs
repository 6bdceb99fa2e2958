//! The version-neutral code object and its codecs.

pub mod exctable;
pub mod linetable;
