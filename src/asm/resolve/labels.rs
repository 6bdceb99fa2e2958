//! Labels: names for instruction positions within one block.

use std::collections::HashMap;

use crate::asm::ast::{Span, Stmt};
use crate::diag::Diagnostic;

use super::suggest::nearest;

/// The labels of a block: each names the index of the instruction after it (the
/// number of instructions for a label at the end).
#[derive(Debug, Default)]
pub struct Labels {
    map: HashMap<String, (usize, Span)>,
}

impl Labels {
    /// Collect the labels of a block body; duplicates are reported with the first one.
    pub fn collect(body: &[Stmt], diags: &mut Vec<Diagnostic>) -> Labels {
        let mut map: HashMap<String, (usize, Span)> = HashMap::new();
        let mut index = 0;
        for stmt in body {
            match stmt {
                Stmt::Instr(_) => index += 1,
                Stmt::Label(l) => {
                    if let Some(&(_, first)) = map.get(&l.node) {
                        diags.push(
                            Diagnostic::error(l.span, format!("duplicate label `{}`", l.node))
                                .with_label("defined again here")
                                .with_secondary(first, "first defined here"),
                        );
                    } else {
                        map.insert(l.node.clone(), (index, l.span));
                    }
                }
                Stmt::Directive(_) => {}
            }
        }
        Labels { map }
    }

    /// The instruction index a label names, or an "undefined label" diagnostic.
    pub fn get(&self, name: &str, span: Span) -> Result<usize, Diagnostic> {
        match self.map.get(name) {
            Some(&(i, _)) => Ok(i),
            None => {
                let mut d = Diagnostic::error(span, format!("undefined label `{name}`"))
                    .with_label("no such label in this block");
                if let Some(near) = nearest(name, self.map.keys().map(String::as_str)) {
                    d = d.with_hint(format!("did you mean `{near}`?"));
                }
                Err(d)
            }
        }
    }
}
