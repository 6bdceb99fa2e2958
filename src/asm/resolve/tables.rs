//! The block's tables: `co_consts`, `co_names` and the variables, explicit or derived
//! from the instructions' operands in order of first use (`docs/language.md`), and the
//! index each operand gets in them.

use crate::asm::ast::Span;
use crate::code::{Const, LocalPlus, Locals, PyStr, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use crate::diag::Diagnostic;
use crate::opcode::Operand;
use crate::version::Version;

use super::directives::BlockDirs;
use super::operands::ArgSpec;

/// `CO_FAST_ARG_POS`, `CO_FAST_ARG_KW`, `CO_FAST_ARG_VAR` (3.14, pyc-formats §9.2).
const ARG_POS: u8 = 0x02;
const ARG_KW: u8 = 0x04;
const ARG_VAR: u8 = 0x08;

/// The resolved tables of a block.
#[derive(Debug)]
pub struct Tables {
    pub consts: Vec<Const>,
    pub names: Vec<PyStr>,
    pub locals: Locals,
    pub nlocals: u32,
    version: Version,
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The argument counts that decide 3.14's argument kind bits.
pub struct ArgShape {
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    pub flags: u32,
}

impl Tables {
    /// Build the tables from the directives and, where they are not given, from the
    /// operands in order.
    pub fn build(
        version: Version,
        dirs: &BlockDirs,
        specs: &[&ArgSpec],
        shape: &ArgShape,
    ) -> Tables {
        let consts = match &dirs.consts {
            Some((c, _)) => c.clone(),
            None => {
                let mut out = Vec::new();
                for s in specs {
                    if let ArgSpec::Const(k, _) = s {
                        push_unique(&mut out, k.clone());
                    }
                }
                out
            }
        };
        let names = match &dirs.names {
            Some((n, _)) => n.clone(),
            None => {
                let mut out = Vec::new();
                for s in specs {
                    if let ArgSpec::Name { name, .. } = s {
                        push_unique(&mut out, name.clone());
                    }
                }
                out
            }
        };
        let cellvars = dirs.cellvars.clone().unwrap_or_default();
        let freevars = dirs.freevars.clone().unwrap_or_default();
        let varnames = match &dirs.varnames {
            Some(v) => v.clone(),
            None => {
                let mut out = Vec::new();
                let split = !version.has_exception_table();
                for s in specs {
                    let used: &[&PyStr] = match s {
                        ArgSpec::Local(n, _) => &[n],
                        ArgSpec::LocalPair(a, _, b, _) => &[a, b],
                        _ => &[],
                    };
                    for n in used {
                        // 3.11+: a LOAD_FAST of a cell or free slot indexes that slot.
                        if split || !(cellvars.contains(n) || freevars.contains(n)) {
                            push_unique(&mut out, (*n).clone());
                        }
                    }
                }
                out
            }
        };
        let nlocals = dirs.nlocals.unwrap_or(varnames.len() as u32);
        let locals = if version.has_exception_table() {
            match &dirs.localsplus {
                Some(lp) => Locals::Plus(
                    lp.iter()
                        .map(|(name, kind)| LocalPlus {
                            name: name.clone(),
                            kind: *kind,
                        })
                        .collect(),
                ),
                None => Locals::Plus(derive_localsplus(
                    version, &varnames, &cellvars, &freevars, shape,
                )),
            }
        } else {
            Locals::Split {
                varnames,
                cellvars,
                freevars,
            }
        };
        Tables {
            consts,
            names,
            locals,
            nlocals,
            version,
        }
    }

    /// The final argument of an operand; labels are handled by the caller.
    pub fn arg(&self, spec: &ArgSpec) -> Result<u32, Diagnostic> {
        match spec {
            ArgSpec::Value(v) => Ok(*v),
            ArgSpec::Label(..) => Ok(0),
            ArgSpec::Const(k, span) => match self.consts.iter().position(|c| c == k) {
                Some(i) => Ok(i as u32),
                None => Err(Diagnostic::error(*span, "constant is not in `.consts`")
                    .with_hint("add it to `.consts`, or leave `.consts` out to derive it")),
            },
            ArgSpec::Name {
                name,
                span,
                shift,
                bits,
            } => match self.names.iter().position(|n| n == name) {
                Some(i) => shifted(i, *shift, *span).map(|x| x | bits),
                None => Err(
                    Diagnostic::error(*span, format!("`{name}` is not in `.names`"))
                        .with_hint("add it to `.names`, or leave `.names` out to derive it"),
                ),
            },
            ArgSpec::Local(name, span) => self.local(name, *span),
            ArgSpec::Free(name, span) => self.free(name, *span),
            ArgSpec::LocalPair(a, sa, b, sb) => {
                let i = self.local(a, *sa)?;
                let j = self.local(b, *sb)?;
                for (x, s) in [(i, sa), (j, sb)] {
                    if x >= 16 {
                        return Err(Diagnostic::error(
                            *s,
                            format!("local index {x} does not fit in 4 bits"),
                        )
                        .with_hint("pairs hold locals 0 to 15; use two instructions"));
                    }
                }
                Ok((i << 4) | j)
            }
            ArgSpec::RawIndex(kind, raw, index, span) => {
                let (len, what) = match kind {
                    Operand::Const => (self.consts.len(), "co_consts"),
                    Operand::Name => (self.names.len(), "co_names"),
                    Operand::Local => (self.local_count(), "the local variables"),
                    _ => (self.free_count(), "the cell and free variables"),
                };
                if (*index as usize) < len {
                    Ok(*raw)
                } else {
                    Err(Diagnostic::error(
                        *span,
                        format!("index {index} is out of range: {what} has {len} entries"),
                    )
                    .with_label("out of range"))
                }
            }
        }
    }

    fn local_count(&self) -> usize {
        match &self.locals {
            Locals::Split { varnames, .. } => varnames.len(),
            Locals::Plus(v) => v.len(),
        }
    }

    fn free_count(&self) -> usize {
        match &self.locals {
            Locals::Split {
                cellvars, freevars, ..
            } => cellvars.len() + freevars.len(),
            Locals::Plus(v) => v.len(),
        }
    }

    fn local(&self, name: &PyStr, span: Span) -> Result<u32, Diagnostic> {
        let found = match &self.locals {
            Locals::Split { varnames, .. } => varnames.iter().position(|n| n == name),
            Locals::Plus(v) => v.iter().position(|l| &l.name == name),
        };
        found.map(|i| i as u32).ok_or_else(|| {
            Diagnostic::error(span, format!("`{name}` is not a local variable"))
                .with_label("not in the local variables")
                .with_hint(
                    "add it to `.varnames` (or `.localsplus`), or leave those out to derive them",
                )
        })
    }

    fn free(&self, name: &PyStr, span: Span) -> Result<u32, Diagnostic> {
        let found = match &self.locals {
            Locals::Split {
                cellvars, freevars, ..
            } => cellvars.iter().chain(freevars).position(|n| n == name),
            Locals::Plus(v) => v
                .iter()
                .position(|l| &l.name == name && l.kind & (CO_FAST_CELL | CO_FAST_FREE) != 0)
                .or_else(|| v.iter().position(|l| &l.name == name)),
        };
        found.map(|i| i as u32).ok_or_else(|| {
            let hint = if self.version.has_exception_table() {
                "declare it with `.cellvars` or `.freevars` (or `.localsplus`)"
            } else {
                "declare it with `.cellvars` or `.freevars`"
            };
            Diagnostic::error(span, format!("`{name}` is not a cell or free variable"))
                .with_label("not a cell or free variable")
                .with_hint(hint)
        })
    }
}

fn shifted(i: usize, shift: u32, span: Span) -> Result<u32, Diagnostic> {
    u32::try_from(i)
        .ok()
        .and_then(|i| i.checked_shl(shift).filter(|x| x >> shift == i))
        .ok_or_else(|| Diagnostic::error(span, "name index out of range"))
}

/// The 3.11+ slots CPython's compiler lays out (`Python/compile.c:
/// compute_localsplus_info`): varnames (cells among them marked), other cells, frees.
fn derive_localsplus(
    version: Version,
    varnames: &[PyStr],
    cellvars: &[PyStr],
    freevars: &[PyStr],
    shape: &ArgShape,
) -> Vec<LocalPlus> {
    let mut out: Vec<LocalPlus> = varnames
        .iter()
        .map(|n| LocalPlus {
            name: n.clone(),
            kind: CO_FAST_LOCAL
                | if cellvars.contains(n) {
                    CO_FAST_CELL
                } else {
                    0
                },
        })
        .collect();
    if version >= Version::V3_14 {
        let pos = shape.argcount as usize;
        let kw = pos + shape.kwonly as usize;
        let mut kinds = Vec::new();
        for i in 0..pos {
            kinds.push(if (i as u32) < shape.posonly {
                ARG_POS
            } else {
                ARG_POS | ARG_KW
            });
        }
        kinds.extend((pos..kw).map(|_| ARG_KW));
        if shape.flags & 0x4 != 0 {
            kinds.push(ARG_VAR | ARG_POS);
        }
        if shape.flags & 0x8 != 0 {
            kinds.push(ARG_VAR | ARG_KW);
        }
        for (slot, bits) in out.iter_mut().zip(kinds) {
            slot.kind |= bits;
        }
    }
    out.extend(
        cellvars
            .iter()
            .filter(|c| !varnames.contains(c))
            .map(|n| LocalPlus {
                name: n.clone(),
                kind: CO_FAST_CELL,
            }),
    );
    out.extend(freevars.iter().map(|n| LocalPlus {
        name: n.clone(),
        kind: CO_FAST_FREE,
    }));
    out
}
