//! The version-neutral code object and its codecs: instructions ([`instr`]), line
//! tables ([`linetable`]) and the 3.11+ exception table ([`exctable`]).

mod decode;
pub mod emit;
pub mod exctable;
pub mod instr;
pub mod layout;
pub mod linetable;
mod object;
mod pystr;
pub mod roundtrip;
pub mod stackdepth;

pub use instr::{DecodeError, EncodeError, Instruction};
pub use object::{
    visit_codes, Code, CodeError, Const, LocalPlus, Locals, CO_FAST_CELL, CO_FAST_FREE,
    CO_FAST_LOCAL,
};
pub use pystr::PyStr;
