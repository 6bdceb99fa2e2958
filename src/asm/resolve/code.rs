//! One `.code` block to a [`Code`]: directives, opcodes and operands, the tables,
//! layout (`code::layout`), stack depth, line and exception tables.

use std::collections::HashMap;

use crate::asm::ast::{CodeBlock, Instr, OpName, PosSpec, Span, Stmt};
use crate::code::exctable::{ExceptionEntry, ExceptionTable};
use crate::code::layout::{self, Arg, Item, LayoutError};
use crate::code::linetable::{encode_canonical, InstrPosition, Position};
use crate::code::stackdepth::{self, StackError};
use crate::code::{Code, PyStr};
use crate::diag::Diagnostic;
use crate::opcode::{JumpKind, OpInfo, OpKind};
use crate::version::Version;

use super::constants::ConstCtx;
use super::directives::{hex, BlockDirs};
use super::labels::Labels;
use super::operands::{ArgSpec, OperandCtx};
use super::suggest::nearest;
use super::tables::{ArgShape, Tables};

/// An instruction after its first pass.
struct Pending<'a> {
    instr: &'a Instr,
    info: &'static OpInfo,
    spec: ArgSpec,
    ext: Option<u8>,
    cache: Option<Box<[u8]>>,
    position: Position,
    starts_line: bool,
}

/// `NAME` without a `#n` suffix.
fn strip_repeat(name: &str) -> &str {
    match name.rsplit_once('#') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    }
}

/// The opcode an instruction names, or why not.
fn opcode(version: Version, instr: &Instr, diags: &mut Vec<Diagnostic>) -> Option<&'static OpInfo> {
    let table = version.opcodes();
    let span = instr.op.span;
    let info = match &instr.op.node {
        OpName::Raw(n) => {
            let found = u8::try_from(*n).ok().and_then(|c| table.by_code(c));
            if found.is_none() {
                diags.push(Diagnostic::error(
                    span,
                    format!("opcode number {n} is not defined in {version}"),
                ));
            }
            found?
        }
        OpName::Name(name) => match table.by_name(name) {
            Some(i) => i,
            None => {
                diags.push(unknown_opcode(version, name, span));
                return None;
            }
        },
    };
    match info.kind {
        OpKind::Pseudo => {
            let hint = match info.name {
                "JUMP" | "JUMP_NO_INTERRUPT" => "use JUMP_FORWARD or JUMP_BACKWARD",
                "SETUP_FINALLY" | "SETUP_CLEANUP" | "SETUP_WITH" | "POP_BLOCK" => {
                    "3.11+ handlers are `.except` entries"
                }
                _ => "write the real instruction the compiler turns it into",
            };
            diags.push(
                Diagnostic::error(
                    span,
                    format!(
                        "`{}` is a compiler pseudo-instruction in {version}",
                        info.name
                    ),
                )
                .with_label("not in bytecode")
                .with_hint(hint),
            );
            return None;
        }
        OpKind::Specialized | OpKind::Instrumented | OpKind::Internal => diags.push(
            Diagnostic::warning(
                span,
                format!("`{}` is not an opcode compilers write", info.name),
            )
            .with_label("interpreter-internal"),
        ),
        OpKind::Real => {}
    }
    if matches!(info.name, "EXTENDED_ARG" | "CACHE") {
        diags.push(
            Diagnostic::warning(span, format!("`{}` written by hand", info.name))
                .with_hint("the assembler inserts EXTENDED_ARG prefixes and CACHE units itself"),
        );
    }
    Some(info)
}

fn unknown_opcode(version: Version, name: &str, span: Span) -> Diagnostic {
    let table = version.opcodes();
    let real = |i: &&OpInfo| i.kind == OpKind::Real;
    let mut d = Diagnostic::error(span, format!("unknown opcode `{name}` in {version}"))
        .with_label(format!("not an opcode of {version}"));
    let have: Vec<String> = Version::ALL
        .iter()
        .filter(|v| v.opcodes().by_name(name).filter(real).is_some())
        .map(|v| v.to_string())
        .collect();
    let near = nearest(name, table.ops.iter().filter(real).map(|i| i.name));
    let mut hint = Vec::new();
    if let Some(n) = near {
        hint.push(format!("did you mean `{n}`?"));
    }
    if !have.is_empty() {
        hint.push(format!("`{name}` exists in {}", have.join(", ")));
    }
    if !hint.is_empty() {
        d = d.with_hint(hint.join("; "));
    }
    d
}

fn position(
    version: Version,
    p: &crate::asm::ast::Spanned<PosSpec>,
) -> Result<Position, Diagnostic> {
    let PosSpec::At {
        line,
        end_line,
        cols,
    } = p.node
    else {
        return Ok(Position::NONE);
    };
    let line32 =
        |l: i64| i32::try_from(l).map_err(|_| Diagnostic::error(p.span, "line out of range"));
    if version < Version::V3_11 && (end_line.is_some() || cols.is_some()) {
        return Err(
            Diagnostic::error(p.span, format!("{version} positions are lines only"))
                .with_hint("end lines and columns are 3.11+"),
        );
    }
    let col = |c: Option<u64>| -> Result<Option<u32>, Diagnostic> {
        c.map(|c| u32::try_from(c).map_err(|_| Diagnostic::error(p.span, "column out of range")))
            .transpose()
    };
    let (col_start, col_end) = cols.unwrap_or((None, None));
    Ok(Position {
        line: Some(line32(line)?),
        end_line: if version >= Version::V3_11 {
            Some(line32(end_line.unwrap_or(line))?)
        } else {
            None
        },
        col: col(col_start)?,
        end_col: col(col_end)?,
    })
}

/// `[ext=N]` and `[cache="HEX"]`.
type Options = (Option<u8>, Option<Box<[u8]>>);

fn options(version: Version, info: &OpInfo, instr: &Instr) -> Result<Options, Diagnostic> {
    let mut ext = None;
    let mut cache = None;
    for opt in &instr.options {
        let (key, value) = &opt.node;
        match key.as_str() {
            "ext" => {
                let n = super::operands::number(value)?;
                ext = Some(u8::try_from(n).map_err(|_| {
                    Diagnostic::error(value.span, "at most 255 EXTENDED_ARG prefixes")
                })?);
            }
            "cache" => {
                let bytes = hex(value)?;
                let units = if version.has_exception_table() {
                    info.cache_entries
                } else {
                    0
                };
                if bytes.len() != 2 * usize::from(units) {
                    return Err(Diagnostic::error(
                        value.span,
                        format!(
                            "`{}` has {units} cache unit(s) in {version}: {} bytes, not {}",
                            info.name,
                            2 * units,
                            bytes.len()
                        ),
                    ));
                }
                cache = Some(bytes.into_boxed_slice());
            }
            other => {
                return Err(
                    Diagnostic::error(opt.span, format!("unknown option `{other}`"))
                        .with_hint("options are `ext=N` and `cache=\"HEX\"`"),
                )
            }
        }
    }
    Ok((ext, cache))
}

/// Build one block. `blocks` holds every block it refers to.
pub fn build(
    block: &CodeBlock,
    version: Version,
    default_filename: &PyStr,
    blocks: &HashMap<String, Option<Code>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Code> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let cctx = ConstCtx { version, blocks };
    let octx = OperandCtx {
        version,
        consts: &cctx,
    };
    let labels = Labels::collect(&block.body, diags);
    let mut dirs = BlockDirs::default();
    let mut seen = Vec::new();
    let mut pending: Vec<Pending<'_>> = Vec::new();
    let mut current = Position::NONE;
    let mut dropped = false;
    for stmt in &block.body {
        match stmt {
            Stmt::Directive(d) => {
                if let Err(e) = dirs.add(d, version, &cctx, &mut seen) {
                    diags.push(e);
                }
            }
            Stmt::Label(_) => {}
            Stmt::Instr(instr) => {
                let mut starts_line = false;
                if let Some(p) = &instr.position {
                    match position(version, p) {
                        Ok(pos) => current = pos,
                        Err(e) => diags.push(e),
                    }
                    starts_line = true;
                }
                let Some(info) = opcode(version, instr, diags) else {
                    dropped = true;
                    continue;
                };
                let spec = match octx.resolve(info, &instr.operands, instr.op.span) {
                    Ok(s) => s,
                    Err(e) => {
                        diags.push(e);
                        dropped = true;
                        continue;
                    }
                };
                let (ext, cache) = match options(version, info, instr) {
                    Ok(x) => x,
                    Err(e) => {
                        diags.push(e);
                        dropped = true;
                        continue;
                    }
                };
                pending.push(Pending {
                    instr,
                    info,
                    spec,
                    ext,
                    cache,
                    position: current,
                    starts_line,
                });
            }
        }
    }
    if dropped {
        // Offsets and label positions would be wrong.
        return None;
    }
    let flags = dirs.flags.unwrap_or(0);
    let shape = ArgShape {
        argcount: dirs.args.unwrap_or(0),
        posonly: dirs.posonly.unwrap_or(0),
        kwonly: dirs.kwonly.unwrap_or(0),
        flags,
    };
    let specs: Vec<&ArgSpec> = pending.iter().map(|p| &p.spec).collect();
    let tables = Tables::build(version, &dirs, &specs, &shape);
    let n = pending.len();
    let mut items = Vec::with_capacity(n);
    for p in &pending {
        let arg = match &p.spec {
            ArgSpec::Label(l, span) => match labels.get(l, *span) {
                Ok(i) => Arg::Label(i),
                Err(e) => {
                    diags.push(e);
                    Arg::Value(0)
                }
            },
            spec => match tables.arg(spec) {
                Ok(v) => Arg::Value(v),
                Err(e) => {
                    diags.push(e);
                    Arg::Value(0)
                }
            },
        };
        items.push(Item {
            opcode: p.info.code as u8,
            jump: p.info.jump,
            arg,
            ext: p.ext,
            caches: if version.has_exception_table() {
                p.info.cache_entries
            } else {
                0
            },
            cache_data: p.cache.clone(),
        });
    }
    let excepts: Vec<(usize, usize, usize)> = dirs
        .excepts
        .iter()
        .filter_map(|e| {
            let get = |l: &crate::asm::ast::Spanned<String>| labels.get(&l.node, l.span);
            match (get(&e.start), get(&e.end), get(&e.handler)) {
                (Ok(s), Ok(t), Ok(h)) => Some((s, t, h)),
                (a, b, c) => {
                    diags.extend([a.err(), b.err(), c.err()].into_iter().flatten());
                    None
                }
            }
        })
        .collect();
    let layout = match layout::layout(&items, version) {
        Ok(l) => l,
        Err(errs) => {
            for e in errs {
                diags.push(layout_error(version, &e, &pending));
            }
            return None;
        }
    };
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    let unit = |i: usize| layout.offsets[i.min(n)] / 2;
    let exc_table = match &dirs.exceptiontable {
        Some((raw, span)) => match ExceptionTable::decode(raw) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    *span,
                    format!("bad exception table: {e}"),
                ));
                return None;
            }
        },
        None => ExceptionTable {
            entries: dirs
                .excepts
                .iter()
                .zip(&excepts)
                .map(|(e, &(s, t, h))| ExceptionEntry {
                    start: unit(s),
                    end: unit(t),
                    target: unit(h),
                    depth: e.depth,
                    lasti: e.lasti,
                })
                .collect(),
        },
    };
    for (e, d) in exc_table.entries.iter().zip(&dirs.excepts) {
        if e.end < e.start {
            diags.push(Diagnostic::error(
                d.span,
                "`.except` range ends before it starts",
            ));
        }
    }
    let analysis = stackdepth::analyze(version, &layout.instrs, &exc_table.entries, flags);
    let explicit = dirs.stacksize.is_some();
    for err in &analysis.errors {
        diags.push(stack_error(
            version, err, &pending, &dirs, block.span, explicit,
        ));
    }
    let stacksize = dirs.stacksize.unwrap_or(analysis.max);
    let firstlineno = dirs.firstlineno.unwrap_or_else(|| {
        pending
            .iter()
            .find_map(|p| p.instr.position.as_ref().and(p.position.line))
            .unwrap_or(1)
    });
    let linetable = match &dirs.linetable {
        Some((raw, _)) => raw.clone(),
        None => {
            let positions: Vec<InstrPosition> = pending
                .iter()
                .enumerate()
                .map(|(i, p)| InstrPosition {
                    offset: layout.offsets[i],
                    size: layout.offsets[i + 1] - layout.offsets[i],
                    position: p.position,
                    starts_line: p.starts_line,
                })
                .collect();
            match encode_canonical(version, firstlineno, &positions) {
                Ok(t) => t.encode(),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        block.name.span,
                        format!("line table: {e}"),
                    ));
                    return None;
                }
            }
        }
    };
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    let base = strip_repeat(&block.name.node);
    let name = dirs
        .name
        .clone()
        .unwrap_or_else(|| PyStr::from(base.rsplit('.').next().unwrap_or(base)));
    let qualname = version
        .has_exception_table()
        .then(|| dirs.qualname.clone().unwrap_or_else(|| PyStr::from(base)));
    Some(Code {
        version,
        argcount: shape.argcount,
        posonlyargcount: shape.posonly,
        kwonlyargcount: shape.kwonly,
        stored_nlocals: tables.nlocals,
        stacksize,
        flags,
        code: layout.code,
        consts: tables.consts,
        names: tables.names,
        locals: tables.locals,
        filename: dirs
            .filename
            .clone()
            .unwrap_or_else(|| default_filename.clone()),
        name,
        qualname,
        firstlineno,
        linetable,
        exceptiontable: if version.has_exception_table() {
            exc_table.encode()
        } else {
            Vec::new()
        },
    })
}

fn layout_error(version: Version, e: &LayoutError, pending: &[Pending<'_>]) -> Diagnostic {
    let at = |i: usize| pending.get(i).map_or_else(Span::default, |p| p.instr.span);
    match e {
        LayoutError::WrongDirection { index, kind } => {
            let p = &pending[(*index).min(pending.len().saturating_sub(1))];
            let name = p.info.name;
            let span = match &p.spec {
                ArgSpec::Label(_, s) => *s,
                _ => p.instr.span,
            };
            let table = version.opcodes();
            let swap = |from: &str, to: &str| {
                let other = name.replace(from, to);
                (other != name && table.by_name(&other).is_some()).then_some(other)
            };
            let (msg, hint) = match kind {
                JumpKind::Forward => (
                    format!("`{name}` to an earlier label"),
                    match swap("FORWARD", "BACKWARD") {
                        Some(o) => format!("use {o}"),
                        None => format!("`{name}` only jumps forward in {version}; jump forward to a JUMP_BACKWARD"),
                    },
                ),
                JumpKind::Backward => (
                    format!("`{name}` to a later label"),
                    match swap("BACKWARD", "FORWARD") {
                        Some(o) => format!("use {o}"),
                        None => "use JUMP_FORWARD".to_string(),
                    },
                ),
                _ => (
                    format!("`{name}` to an earlier label"),
                    if table.by_name("JUMP_ABSOLUTE").is_some() && name == "JUMP_FORWARD" {
                        "use JUMP_ABSOLUTE".to_string()
                    } else {
                        format!("`{name}` is a relative jump: its target must follow it")
                    },
                ),
            };
            Diagnostic::error(span, msg)
                .with_label("target is on the wrong side")
                .with_hint(hint)
        }
        LayoutError::ExtTooSmall { index, arg, needed } => Diagnostic::error(
            at(*index),
            format!("argument {arg} needs {needed} EXTENDED_ARG prefix(es), more than `ext` gives"),
        ),
        LayoutError::Unencodable { index } => Diagnostic::error(
            at(*index),
            "jump target cannot be encoded in this instruction",
        ),
        LayoutError::Encode(e) => Diagnostic::error(Span::default(), e.to_string()),
    }
}

fn stack_error(
    version: Version,
    e: &StackError,
    pending: &[Pending<'_>],
    dirs: &BlockDirs,
    block: Span,
    explicit: bool,
) -> Diagnostic {
    let at = |i: usize| pending.get(i).map_or(block, |p| p.instr.span);
    let name = |i: usize| pending.get(i).map_or("?", |p| p.info.name);
    let d = match e {
        StackError::Empty => Diagnostic::error(block, "code block has no instructions")
            .with_hint("CPython code ends in RETURN_VALUE"),
        StackError::UnknownOpcode { index } => {
            Diagnostic::error(at(*index), "opcode has no stack effect")
        }
        StackError::Underflow {
            index,
            depth,
            effect,
        } => Diagnostic::error(
            at(*index),
            format!(
                "stack underflow: `{}` at depth {depth} (effect {effect})",
                name(*index)
            ),
        )
        .with_label("pops more than the stack holds"),
        StackError::Inconsistent {
            index,
            first,
            other,
            from,
        } => {
            let d = Diagnostic::error(
                at(*index),
                format!(
                    "inconsistent stack depth at a join: {first} on one path, {other} on another"
                ),
            )
            .with_label(format!("reached with depth {first}"))
            .with_secondary(at(*from), format!("this path arrives with depth {other}"));
            if version < Version::V3_10 {
                // CPython's own model is not neutral around every loop up to 3.9.
                return Diagnostic {
                    severity: crate::diag::Severity::Warning,
                    ..d
                };
            }
            d
        }
        StackError::FallsOffEnd { index } => {
            Diagnostic::error(at(*index), "execution can run off the end of the code")
                .with_label("falls through past the last instruction")
                .with_hint("end every path with a return, a raise or an unconditional jump")
        }
        StackError::BadTarget { index } => {
            Diagnostic::error(at(*index), "jump target is not an instruction")
        }
        StackError::BadHandler { entry } => Diagnostic::error(
            dirs.excepts.get(*entry).map_or(block, |e| e.span),
            "exception handler is not an instruction",
        ),
    };
    if explicit {
        // With `.stacksize` given, the author has taken over the stack.
        Diagnostic {
            severity: crate::diag::Severity::Warning,
            ..d
        }
    } else {
        d
    }
}
