//! The assembler: `.pyasm` text to code objects (`docs/language.md`).
//!
//! [`assemble`] takes a parsed file to a [`PycFile`](crate::pyc::PycFile); the
//! [`assemble`](mod@assemble) module lays out instructions (offsets, jump arguments,
//! `EXTENDED_ARG`), and `resolve` gives the parse tree its meaning.

#[allow(clippy::module_inception)]
pub mod assemble;
pub mod ast;
mod lexer;
mod literal;
mod parser;
mod resolve;

pub use parser::parse;
pub use resolve::{assemble, Assembled};
