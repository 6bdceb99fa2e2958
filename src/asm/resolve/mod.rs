//! Resolution: a parsed `.pyasm` file to a `.pyc` (`docs/language.md`).
//!
//! 1. File directives: `.version` (or the `--target` override), `.header`, `.magic`,
//!    `.marshal`.
//! 2. The block graph: the first `.code` block is the module; the others must be
//!    reachable from it through `@NAME` constants, without cycles. Blocks are built
//!    callees first, so a constant `@f` is the finished `Code` of block `f`.
//! 3. Each block ([`code::build`]): directives, operands, tables, layout, stack depth,
//!    line and exception tables.
//! 4. `Code::to_marshal`, then `marshal::shape::apply` for `.marshal`, then the header.
//!
//! Every problem found is reported; nothing is built when any is an error.

mod code;
mod constants;
mod directives;
mod labels;
mod operands;
mod suggest;
mod tables;

use std::collections::HashMap;

use crate::asm::ast::{CodeBlock, Directive, Expr, File, Item, Span, Spanned, Stmt};
use crate::code::{Code, PyStr};
use crate::diag::Diagnostic;
use crate::pyc::{Header, Invalidation, PycFile};
use crate::version::Version;

use suggest::nearest;

/// A successful assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    /// The file.
    pub pyc: PycFile,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Assemble a parsed file. `target` overrides `.version`. On failure, every
/// diagnostic (errors and warnings), in source order.
pub fn assemble(file: &File, target: Option<Version>) -> Result<Assembled, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let pyc = build(file, target, &mut diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    match pyc {
        Some(pyc) if !diags.iter().any(Diagnostic::is_error) => Ok(Assembled {
            pyc,
            warnings: diags,
        }),
        _ => Err(diags),
    }
}

struct FileDirs<'a> {
    version: Option<&'a Directive>,
    header: Option<&'a Directive>,
    magic: Option<&'a Directive>,
    marshal: Option<&'a Directive>,
}

const FILE_DIRECTIVES: &[&str] = &["version", "header", "magic", "marshal"];

fn file_directives<'a>(file: &'a File, diags: &mut Vec<Diagnostic>) -> FileDirs<'a> {
    let mut out = FileDirs {
        version: None,
        header: None,
        magic: None,
        marshal: None,
    };
    for item in &file.items {
        let Item::Directive(d) = item else { continue };
        let slot = match d.name.node.as_str() {
            "version" => &mut out.version,
            "header" => &mut out.header,
            "magic" => &mut out.magic,
            "marshal" => &mut out.marshal,
            other => {
                let mut e =
                    Diagnostic::error(d.name.span, format!("unknown file directive `.{other}`"));
                if let Some(near) = nearest(other, FILE_DIRECTIVES.iter().copied()) {
                    e = e.with_hint(format!("did you mean `.{near}`?"));
                } else {
                    e = e.with_hint("code-block directives go between `.code` and `.end`");
                }
                diags.push(e);
                continue;
            }
        };
        match slot {
            Some(first) => diags.push(
                Diagnostic::error(d.name.span, format!("duplicate `.{}`", d.name.node))
                    .with_secondary(first.name.span, "first given here"),
            ),
            None => *slot = Some(d),
        }
    }
    out
}

/// The text of a version argument: `3.12` may arrive as a float (and `3.10` as 3.1).
fn version_arg(e: &Spanned<Expr>) -> Option<String> {
    match &e.node {
        Expr::Float(f) if (*f - 3.1).abs() < 1e-9 => Some("3.10".into()),
        Expr::Float(f) => Some(format!("{f}")),
        Expr::Int(i) => Some(i.to_string()),
        Expr::Ident(s) => Some(s.clone()),
        Expr::Str(points, _) => Some(constants::text(points).to_string()),
        _ => None,
    }
}

fn version(
    dirs: &FileDirs<'_>,
    target: Option<Version>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Version> {
    let written = dirs.version.map(|d| {
        let parsed = match d.args.as_slice() {
            [a] => version_arg(a)
                .and_then(|t| t.parse::<Version>().ok())
                .ok_or_else(|| {
                    Diagnostic::error(a.span, "unsupported Python version")
                        .with_label("not a supported version")
                        .with_hint("supported: 2.7, 3.6 to 3.14")
                }),
            _ => Err(Diagnostic::error(
                d.span,
                "`.version` takes one version: `.version 3.12`",
            )),
        };
        (d, parsed)
    });
    match (target, written) {
        (Some(t), Some((_, Err(_)))) | (Some(t), None) => Some(t),
        (Some(t), Some(_)) => Some(t),
        (None, Some((_, Ok(v)))) => Some(v),
        (None, Some((_, Err(e)))) => {
            diags.push(e);
            None
        }
        (None, None) => {
            diags.push(
                Diagnostic::error(Span::new(0, 0), "missing `.version`")
                    .with_hint("start the file with `.version 3.12`, or pass `--target 3.12`"),
            );
            None
        }
    }
}

fn number_arg(e: &Spanned<Expr>) -> Option<u64> {
    match &e.node {
        Expr::Int(i) => u64::try_from(i).ok(),
        Expr::Raw(r) => Some(*r),
        _ => None,
    }
}

fn header(dirs: &FileDirs<'_>, version: Version, diags: &mut Vec<Diagnostic>) -> Header {
    let mut h = Header::timestamp(version, 0, 0);
    if let Some(d) = dirs.header {
        let words: Vec<Option<&str>> = d
            .args
            .iter()
            .map(|a| match &a.node {
                Expr::Ident(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        let nums: Vec<Option<u64>> = d.args.iter().map(number_arg).collect();
        let u32_at = |i: usize| {
            nums.get(i)
                .copied()
                .flatten()
                .and_then(|n| u32::try_from(n).ok())
        };
        match words.first().copied().flatten() {
            Some("timestamp") => {
                let want = if version == Version::V2_7 { 2 } else { 3 };
                match (u32_at(1), u32_at(2)) {
                    (Some(m), s) if d.args.len() == want && (want == 2 || s.is_some()) => {
                        h = Header::timestamp(version, m, s.unwrap_or(0));
                    }
                    _ => diags.push(
                        Diagnostic::error(d.span, "malformed `.header timestamp`").with_hint(
                            if version == Version::V2_7 {
                                "2.7: `.header timestamp MTIME`"
                            } else {
                                "`.header timestamp MTIME SIZE`"
                            },
                        ),
                    ),
                }
            }
            Some("hash") if version >= Version::V3_7 => {
                let check = match words.get(2).copied().flatten() {
                    Some("checked") => Some(true),
                    Some("unchecked") => Some(false),
                    _ => None,
                };
                match (nums.get(1).copied().flatten(), check, d.args.len()) {
                    (Some(source_hash), Some(check_source), 3) => {
                        h.flags = 1 | if check_source { 2 } else { 0 };
                        h.invalidation = Invalidation::Hash {
                            source_hash,
                            check_source,
                        };
                    }
                    _ => diags.push(
                        Diagnostic::error(d.span, "malformed `.header hash`")
                            .with_hint("`.header hash 0xHEX checked` or `unchecked`"),
                    ),
                }
            }
            Some("hash") => diags.push(Diagnostic::error(
                d.span,
                format!("hash-based pycs are 3.7+, not {version}"),
            )),
            _ => diags.push(
                Diagnostic::error(d.span, "malformed `.header`")
                    .with_hint("`.header timestamp MTIME SIZE` or `.header hash 0xHEX checked`"),
            ),
        }
    }
    if let Some(d) = dirs.magic {
        match d.args.as_slice() {
            [a] => match number_arg(a).and_then(|n| u16::try_from(n).ok()) {
                Some(m) if Version::from_magic(m) == Some(version) => h.magic = m,
                Some(m) => diags.push(
                    Diagnostic::error(
                        a.span,
                        format!("magic number {m} is not one of {version}'s"),
                    )
                    .with_hint({
                        let (lo, hi) = version.magic_range();
                        format!("{version} magic numbers are {lo} to {hi}")
                    }),
                ),
                None => diags.push(Diagnostic::error(
                    a.span,
                    "expected a magic number (0 to 65535)",
                )),
            },
            _ => diags.push(Diagnostic::error(d.span, "`.magic` takes one number")),
        }
    }
    h
}

/// The `@NAME` references in an expression.
fn code_refs<'a>(e: &'a Spanned<Expr>, out: &mut Vec<(&'a str, Span)>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.node {
            Expr::CodeRef(n) => out.push((n, e.span)),
            Expr::Neg(x) => stack.push(x),
            Expr::BinOp(a, _, b) => stack.extend([&**a, &**b]),
            Expr::Tuple(v) | Expr::List(v) | Expr::Set(v) | Expr::Call(_, v) => stack.extend(v),
            Expr::Dict(pairs) => pairs.iter().for_each(|(k, x)| stack.extend([k, x])),
            _ => {}
        }
    }
}

fn block_refs(b: &CodeBlock) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    for stmt in &b.body {
        match stmt {
            Stmt::Instr(i) => i.operands.iter().for_each(|e| code_refs(e, &mut out)),
            Stmt::Directive(d) => d.args.iter().for_each(|e| code_refs(e, &mut out)),
            Stmt::Label(_) => {}
        }
    }
    out
}

/// The order to build blocks in (callees first), from the module; reports undefined,
/// unreachable and cyclic references.
fn build_order(blocks: &[&CodeBlock], diags: &mut Vec<Diagnostic>) -> Option<Vec<usize>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Some(&first) = index.get(b.name.node.as_str()) {
            diags.push(
                Diagnostic::error(
                    b.name.span,
                    format!("duplicate code block `@{}`", b.name.node),
                )
                .with_secondary(blocks[first].name.span, "first defined here"),
            );
        } else {
            index.insert(&b.name.node, i);
        }
    }
    let mut edges: Vec<Vec<(usize, Span)>> = Vec::with_capacity(blocks.len());
    let mut ok = true;
    for b in blocks {
        let mut out = Vec::new();
        for (name, span) in block_refs(b) {
            match index.get(name) {
                Some(&j) => out.push((j, span)),
                None => {
                    ok = false;
                    let mut d = Diagnostic::error(span, format!("undefined code block `@{name}`"))
                        .with_label("no `.code` block has this name");
                    if let Some(near) = nearest(name, index.keys().copied()) {
                        d = d.with_hint(format!("did you mean `@{near}`?"));
                    }
                    diags.push(d);
                }
            }
        }
        edges.push(out);
    }
    // Iterative depth-first search: 0 unvisited, 1 on the path, 2 done.
    let mut state = vec![0u8; blocks.len()];
    let mut order = Vec::new();
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    state[0] = 1;
    while let Some(&mut (b, ref mut next)) = stack.last_mut() {
        if let Some(&(c, span)) = edges[b].get(*next) {
            *next += 1;
            match state[c] {
                0 => {
                    state[c] = 1;
                    stack.push((c, 0));
                }
                1 => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            span,
                            format!("code block `@{}` contains itself", blocks[c].name.node),
                        )
                        .with_label("this reference closes a cycle")
                        .with_secondary(blocks[c].name.span, "the block")
                        .with_hint(
                            "a code object cannot be its own constant, directly or indirectly",
                        ),
                    );
                }
                _ => {}
            }
        } else {
            state[b] = 2;
            order.push(b);
            stack.pop();
        }
    }
    for (i, b) in blocks.iter().enumerate() {
        if state[i] == 0 && index.get(b.name.node.as_str()) == Some(&i) {
            diags.push(
                Diagnostic::warning(
                    b.name.span,
                    format!("code block `@{}` is never used", b.name.node),
                )
                .with_label("not reachable from the module")
                .with_hint("refer to it from a constant (`LOAD_CONST @name`), or remove it"),
            );
        }
    }
    ok.then_some(order)
}

fn build(file: &File, target: Option<Version>, diags: &mut Vec<Diagnostic>) -> Option<PycFile> {
    let dirs = file_directives(file, diags);
    let version = version(&dirs, target, diags)?;
    let header = header(&dirs, version, diags);
    let blocks: Vec<&CodeBlock> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Code(c) => Some(c),
            Item::Directive(_) => None,
        })
        .collect();
    let Some(module) = blocks.first() else {
        diags.push(
            Diagnostic::error(Span::new(0, 0), "no `.code` block")
                .with_hint("the first `.code @<module> ... .end` block is the module"),
        );
        return None;
    };
    let order = build_order(&blocks, diags)?;
    let filename = module
        .body
        .iter()
        .find_map(|s| match s {
            Stmt::Directive(d) if d.name.node == "filename" => {
                d.args.first().and_then(|a| operands::name_of(a).ok())
            }
            _ => None,
        })
        .unwrap_or_else(|| PyStr::from("<pycasm>"));
    let mut built: HashMap<String, Option<Code>> = HashMap::new();
    let mut root = None;
    for i in order {
        let b = blocks[i];
        let c = code::build(b, version, &filename, &built, diags);
        if i == 0 {
            root = c;
        } else {
            built.insert(b.name.node.clone(), c);
        }
    }
    let root = root?;
    let canonical = root.to_marshal();
    let body = if let Some(d) = dirs.marshal {
        let shape = match d.args.as_slice() {
            [Spanned {
                node: Expr::Str(points, _),
                ..
            }] => constants::text(points).to_string(),
            _ => {
                diags.push(Diagnostic::error(d.span, "`.marshal` takes one string"));
                return None;
            }
        };
        match crate::marshal::shape::apply(canonical, &shape, version) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(d.args[0].span, format!("bad `.marshal` shape: {e}"))
                        .with_label(format!("object {} does not fit", e.index)),
                );
                return None;
            }
        }
    } else {
        match crate::marshal::Tree::from_obj(&canonical) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    module.span,
                    format!("the code object cannot be marshalled: {e}"),
                ));
                return None;
            }
        }
    };
    Some(PycFile { header, body })
}
