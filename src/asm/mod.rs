//! The assembler: `.pyasm` text to code objects (`docs/language.md`).

pub mod ast;
mod lexer;
mod literal;
mod parser;

pub use parser::parse;
