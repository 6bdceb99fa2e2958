//! The assembler: `.pyasm` text to code objects (`docs/language.md`).
//!
//! [`parse`] reads text into the [`ast`]; [`assemble`] takes a parsed file to a
//! [`PycFile`](crate::pyc::PycFile): `resolve` gives the parse tree its meaning, and
//! [`crate::code::layout`] lays out the instructions (offsets, jump arguments,
//! `EXTENDED_ARG`).

pub mod ast;
mod lexer;
mod literal;
mod parser;
mod resolve;

pub use parser::parse;
pub use resolve::{assemble, Assembled};
