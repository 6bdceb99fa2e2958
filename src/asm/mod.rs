//! The assembler: `.pyasm` text to code objects (`docs/language.md`).

pub mod ast;
