//! pycasm: a toolchain for CPython bytecode, 2.7 and 3.6 to 3.14.
//!
//! The layers, from bytes up (see `docs/architecture.md`):
//! - [`version`]: release lines, magic numbers;
//! - [`pyc`]: the .pyc header (PEP 552) and whole-file read/write;
//! - [`marshal`]: the lossless object model, reader and writer;
//! - [`opcode`]: generated per-version opcode tables;
//! - [`code`]: the version-neutral code object, instruction codec, line and
//!   exception tables;
//! - [`dis`]: the disassembler (`.pyc` to `.pyasm` text).

pub mod asm;
pub mod cfg;
pub mod code;
pub mod decimal;
pub mod diag;
pub mod dis;
pub mod fuzzing;
pub mod marshal;
pub mod opcode;
pub mod opt;
pub mod passes;
pub mod pyc;
pub mod python;
pub mod verify;
pub mod version;
pub mod vm;

pub use version::Version;
