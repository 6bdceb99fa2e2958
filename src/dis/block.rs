//! One `.code @NAME ... .end` block: directives, labels, instructions, `.except`.

use std::io::Write;

use super::exact::{self, Positions, PrefixBuffers};
use super::line::{self, OpNames, PushStr};
use super::operand::{Arg, Suffix, Tables};
use super::repr::{const_repr, is_ascii_identifier, name_repr, push_int, text_literal};
use super::{flags, DisError, FileCtx};
use crate::code::exctable::ExceptionEntry;
use crate::code::instr::{self, Decoded};
use crate::code::{Code, Locals, PyStr, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use crate::version::Version;
use scan::{Scan, Starts};

mod scan;

/// Widest opcode column; longer names push their operand one space further.
const OPNAME_WIDTH: usize = 20;
/// Widest position column.
const POSITION_WIDTH: usize = 16;

/// `co_name` and `co_qualname` the assembler assumes for block `name`: the name
/// without a `#n` suffix, and for `co_name` the part after its last `.`.
pub fn default_names(block: &str) -> (&str, &str) {
    let qual = match block.rsplit_once('#') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => block,
    };
    let name = qual.rsplit_once('.').map_or(qual, |(_, n)| n);
    (name, qual)
}

/// [`name_repr`] into bytes: an ASCII identifier as it is, anything else through
/// `tmp`.
fn name_bytes(out: &mut Vec<u8>, s: &PyStr, version: Version, tmp: &mut String) {
    let b = s.as_bytes();
    if is_ascii_identifier(b) {
        out.extend_from_slice(b);
    } else {
        tmp.clear();
        name_repr(tmp, s, version);
        out.extend_from_slice(tmp.as_bytes());
    }
}

/// The smallest number of `EXTENDED_ARG` prefixes an argument needs.
fn min_ext(arg: u32, version: Version) -> u8 {
    let bits = if version.is_wordcode() { 8 } else { 16 };
    let mut n = 0u8;
    while n < 3 && u64::from(arg) >> (bits * (u32::from(n) + 1)) != 0 {
        n += 1;
    }
    n
}

/// Texts of a table's entries, each written on first use and copied afterwards
/// (each followed by a chunk of spaces, see [`line`]).
#[derive(Default)]
struct Reprs {
    text: Vec<u8>,
    /// Per entry, its range in `text`; `usize::MAX` as the start until written.
    spans: Vec<(usize, usize)>,
}

impl Reprs {
    /// Empty again, for a table of `n` entries (the buffers are kept).
    fn reset(&mut self, n: usize) {
        self.text.clear();
        self.spans.clear();
        self.spans.resize(n, (usize::MAX, 0));
    }

    /// Append entry `i`'s text to `out`, first writing it with `write`.
    #[inline(always)]
    fn push(&mut self, out: &mut Vec<u8>, i: usize, write: impl FnOnce(&mut Vec<u8>)) {
        let Some(&(start, end)) = self.spans.get(i) else {
            return;
        };
        let (start, end) = if start == usize::MAX {
            self.write(i, write)
        } else {
            (start, end)
        };
        let len = end - start;
        line::push_padded(out, &self.text, start, len, len);
    }

    /// Write entry `i`'s text (its first use); its range.
    #[inline(never)]
    fn write(&mut self, i: usize, write: impl FnOnce(&mut Vec<u8>)) -> (usize, usize) {
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        self.text.extend_from_slice(&line::SPACES);
        if let Some(span) = self.spans.get_mut(i) {
            *span = (start, end);
        }
        (start, end)
    }
}

struct Block<'a> {
    code: &'a Code,
    ctx: &'a FileCtx<'a>,
    out: &'a mut Vec<u8>,
    /// For texts written through `String` functions, then copied into `out`.
    tmp: String,
    /// The `.flags` texts written so far in the file, by value (a few distinct ones).
    flag_texts: Vec<(u32, Vec<u8>)>,
    consts: Reprs,
    names: Reprs,
    local_names: Reprs,
    free_names: Reprs,
    locals: Vec<&'a PyStr>,
    frees: Vec<&'a PyStr>,
}

/// Buffers the blocks of a file reuse.
#[derive(Default)]
pub struct Scratch {
    /// The constant, name, local and free variable texts.
    reprs: [Reprs; 4],
    /// For texts written through `String` functions.
    tmp: String,
    /// The `.flags` texts (one version per file).
    flag_texts: Vec<(u32, Vec<u8>)>,
    /// The decoded instructions.
    instrs: Vec<Decoded>,
    /// The scan's operands and labels.
    scan: (Vec<Arg>, Vec<u32>),
    /// The position prefix buffers.
    prefixes: PrefixBuffers,
}

/// Write the block of `code`, named `name`.
pub fn write_block(
    out: &mut Vec<u8>,
    ctx: &FileCtx<'_>,
    code: &Code,
    name: &str,
    scratch: &mut Scratch,
) -> Result<(), DisError> {
    let v = code.version;
    let mut instrs = std::mem::take(&mut scratch.instrs);
    instr::decode_each(&code.code, v, &mut instrs, |d| d).map_err(|error| DisError::Decode {
        block: name.to_string(),
        error,
    })?;
    let starts = Starts::new(&instrs, code.code.len());
    let (locals, frees): (Vec<&PyStr>, Vec<&PyStr>) = match &code.locals {
        Locals::Plus(slots) => {
            let names: Vec<&PyStr> = slots.iter().map(|l| &l.name).collect();
            (names.clone(), names)
        }
        Locals::Split {
            varnames,
            cellvars,
            freevars,
        } => (
            varnames.iter().collect(),
            cellvars.iter().chain(freevars).collect(),
        ),
    };
    let first_consts = exact::first_const_indices(&code.consts);
    let first_names = exact::first_indices(&code.names);
    let first_locals = exact::first_indices(&locals);
    // From 3.11 both are the localsplus names.
    let split_frees;
    let first_frees = if matches!(code.locals, Locals::Plus(_)) {
        &first_locals
    } else {
        split_frees = exact::first_indices(&frees);
        &split_frees
    };
    let tables = Tables {
        version: v,
        consts: &first_consts,
        names: &first_names,
        locals: &first_locals,
        frees: first_frees,
    };
    let buffers = std::mem::take(&mut scratch.scan);
    let mut scan = Scan::new(code, &instrs, &tables, &starts, buffers);
    let excepts = exact::exception_entries(code, |o| starts.index(o).is_some());
    scan.number_labels(excepts.as_deref().unwrap_or_default(), &starts);
    let positions = exact::positions(code, &instrs, std::mem::take(&mut scratch.prefixes));
    let [mut consts, mut names, mut local_names, mut free_names] =
        std::mem::take(&mut scratch.reprs);
    consts.reset(code.consts.len());
    names.reset(code.names.len());
    local_names.reset(locals.len());
    free_names.reset(frees.len());
    let mut b = Block {
        code,
        ctx,
        out,
        tmp: std::mem::take(&mut scratch.tmp),
        flag_texts: std::mem::take(&mut scratch.flag_texts),
        consts,
        names,
        local_names,
        free_names,
        locals,
        frees,
    };
    b.directives(name, &scan, &positions, excepts.is_none());
    b.instructions(&instrs, &scan, &positions);
    if let Some(entries) = &excepts {
        b.excepts(entries, &scan, &starts);
    }
    b.out.extend_from_slice(b".end\n");
    scratch.reprs = [b.consts, b.names, b.local_names, b.free_names];
    scratch.tmp = b.tmp;
    scratch.flag_texts = b.flag_texts;
    scratch.scan = scan.into_buffers();
    scratch.instrs = instrs;
    scratch.prefixes = positions.into_buffers();
    Ok(())
}

impl Block<'_> {
    /// Append what `write` writes into a `String`.
    fn via_text(&mut self, write: impl FnOnce(&mut String)) {
        self.tmp.clear();
        write(&mut self.tmp);
        self.out.push_str(&self.tmp);
    }

    /// Write `co_consts[i]`, whose repr is computed once per block.
    #[inline]
    fn push_const(&mut self, i: usize) {
        let (code, ctx, tmp) = (self.code, self.ctx, &mut self.tmp);
        self.consts.push(self.out, i, |s| {
            let names = |c: &Code| ctx.block_name(c);
            tmp.clear();
            const_repr(tmp, &code.consts[i], code.version, &names);
            s.extend_from_slice(tmp.as_bytes());
        });
    }

    /// Write `co_names[i]`.
    #[inline]
    fn push_name(&mut self, i: usize) {
        let (names, v, tmp) = (&self.code.names, self.code.version, &mut self.tmp);
        self.names
            .push(self.out, i, |s| name_bytes(s, &names[i], v, tmp));
    }

    /// Write local `i`.
    #[inline]
    fn push_local(&mut self, i: usize) {
        let (locals, v, tmp) = (&self.locals, self.code.version, &mut self.tmp);
        self.local_names
            .push(self.out, i, |s| name_bytes(s, locals[i], v, tmp));
    }

    /// Write cell or free variable `i`.
    #[inline]
    fn push_free(&mut self, i: usize) {
        let (frees, v, tmp) = (&self.frees, self.code.version, &mut self.tmp);
        self.free_names
            .push(self.out, i, |s| name_bytes(s, frees[i], v, tmp));
    }

    fn name(&mut self, s: &PyStr) {
        name_bytes(self.out, s, self.code.version, &mut self.tmp);
    }

    fn names_directive(&mut self, directive: &str, names: &[&PyStr]) {
        if names.is_empty() {
            return;
        }
        self.out.push_str("    .");
        self.out.push_str(directive);
        for n in names {
            self.out.push(b' ');
            self.name(n);
        }
        self.out.push(b'\n');
    }

    fn directives(&mut self, block: &str, scan: &Scan, pos: &Positions, raw_exc: bool) {
        let c = self.code;
        let v = c.version;
        self.out.push_str(".code @");
        self.out.push_str(block);
        self.out.push(b'\n');
        let (dname, dqual) = default_names(block);
        if c.name.as_bytes() != dname.as_bytes() {
            self.out.push_str("    .name ");
            self.via_text(|t| text_literal(t, &c.name, v));
            self.out.push(b'\n');
        }
        if let Some(q) = c
            .qualname
            .as_ref()
            .filter(|q| q.as_bytes() != dqual.as_bytes())
        {
            self.out.push_str("    .qualname ");
            self.via_text(|t| text_literal(t, q, v));
            self.out.push(b'\n');
        }
        if self.ctx.is_module(c) || c.filename != self.ctx.filename {
            self.out.push_str("    .filename ");
            self.via_text(|t| text_literal(t, &c.filename, v));
            self.out.push(b'\n');
        }
        self.out.push_str("    .firstlineno ");
        push_int(self.out, c.firstlineno.into());
        self.out.push(b'\n');
        for (d, n) in [
            ("    .args ", c.argcount),
            ("    .posonly ", c.posonlyargcount),
            ("    .kwonly ", c.kwonlyargcount),
        ] {
            if n != 0 {
                self.out.push_str(d);
                push_int(self.out, n.into());
                self.out.push(b'\n');
            }
        }
        if c.flags != 0 {
            self.out.push_str("    .flags ");
            self.flags(c.flags);
            self.out.push(b'\n');
        }
        self.out.push_str("    .stacksize ");
        push_int(self.out, c.stacksize.into());
        self.out.push(b'\n');
        self.locals_directives();
        self.table_directives(scan);
        if !pos.exact {
            self.out
                .push_str("    ; positions do not give back the line table; its bytes:\n");
            let _ = writeln!(self.out, "    .linetable \"{}\"", hex(&c.linetable));
        }
        if raw_exc {
            self.out.push_str(
                "    ; the exception table has entries labels cannot express; its bytes:\n",
            );
            let _ = writeln!(
                self.out,
                "    .exceptiontable \"{}\"",
                hex(&c.exceptiontable)
            );
        }
    }

    /// The text of `.flags`, written once per value in a file.
    fn flags(&mut self, value: u32) {
        if let Some((_, text)) = self.flag_texts.iter().find(|(f, _)| *f == value) {
            self.out.extend_from_slice(text);
            return;
        }
        self.tmp.clear();
        flags::write_flags(&mut self.tmp, value, self.code.version);
        self.out.push_str(&self.tmp);
        self.flag_texts.push((value, self.tmp.as_bytes().to_vec()));
    }

    fn locals_directives(&mut self) {
        let c = self.code;
        let (vars, cells, frees): (Vec<&PyStr>, Vec<&PyStr>, Vec<&PyStr>) = match &c.locals {
            Locals::Split {
                varnames,
                cellvars,
                freevars,
            } => {
                if c.stored_nlocals as usize != varnames.len() {
                    let _ = writeln!(self.out, "    .nlocals {}", c.stored_nlocals);
                }
                (
                    varnames.iter().collect(),
                    cellvars.iter().collect(),
                    freevars.iter().collect(),
                )
            }
            Locals::Plus(slots) => {
                let vars = exact::slots_with(slots, CO_FAST_LOCAL);
                let cells = exact::slots_with(slots, CO_FAST_CELL);
                let frees = exact::slots_with(slots, CO_FAST_FREE);
                if !exact::localsplus_is_derived(c, slots, [&vars, &cells, &frees]) {
                    self.out.push_str("    .localsplus");
                    for s in slots {
                        self.out.push(b' ');
                        self.name(&s.name);
                        let _ = write!(self.out, ":{:#04x}", s.kind);
                    }
                    self.out.push(b'\n');
                    return;
                }
                (vars, cells, frees)
            }
        };
        self.names_directive("varnames", &vars);
        self.names_directive("cellvars", &cells);
        self.names_directive("freevars", &frees);
    }

    /// `.consts` / `.names` when the tables are not what first use would build.
    fn table_directives(&mut self, scan: &Scan) {
        if !scan.consts_in_order {
            self.out.push_str("    .consts ");
            for i in 0..self.code.consts.len() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.push_const(i);
            }
            self.out.push(b'\n');
        }
        if !scan.names_in_order {
            let names: Vec<&PyStr> = self.code.names.iter().collect();
            self.names_directive("names", &names);
        }
    }

    fn instructions(&mut self, instrs: &[Decoded], scan: &Scan, pos: &Positions) {
        let v = self.code.version;
        let pos_width = pos.widest().min(POSITION_WIDTH);
        let op_width = scan.op_width.min(OPNAME_WIDTH);
        // Jump arguments count bytes up to 3.9 (a prefix is 3 bytes in 2.7, 2 after),
        // code units from 3.10.
        let per_prefix = match v {
            Version::V2_7 => 3,
            _ if v < Version::V3_10 => 2,
            _ => 1,
        };
        // The code's prefix units, counted when a jump with prefixes first needs them.
        let mut shrink = None;
        let mut shrink_of = || {
            *shrink.get_or_insert_with(|| {
                let n: u32 = instrs.iter().map(|i| u32::from(i.ext)).sum();
                n.saturating_mul(per_prefix)
            })
        };
        let names = OpNames::of(v);
        let spaces = &line::SPACES[..];
        // Each line ends with the next one's indent (one append instead of two); a
        // label line takes it back.
        const INDENT: usize = 4;
        self.out.extend_from_slice(b"    ");
        let lines = instrs.iter().zip(&scan.args).zip(&scan.labels);
        for (k, ((ins, &arg), &label)) in lines.enumerate() {
            if label != 0 {
                self.out.truncate(self.out.len() - INDENT);
                self.label_line(label);
                self.out.extend_from_slice(b"    ");
            }
            if pos_width > 0 {
                let (at, len) = pos.span(k);
                let src = if len == 0 { spaces } else { pos.text() };
                line::push_padded(self.out, src, at, len, len.max(pos_width) + 1);
            }
            if matches!(arg, Arg::Nothing) {
                names.push(self.out, ins.opcode, 0, false);
            } else {
                let name_end = self.out.len() + names.push(self.out, ins.opcode, op_width, true);
                let operand_at = self.out.len();
                self.operand(arg, &scan.labels);
                // An empty operand leaves no padding at the end of the line.
                if self.out.len() == operand_at {
                    self.out.truncate(name_end);
                }
            }
            // Without prefixes the argument is one unit's, so none is the count the
            // assembler chooses too.
            if ins.ext > 0 || ins.cache_set {
                let jump = matches!(arg, Arg::Label(_));
                let shrink = if jump && ins.ext > 0 { shrink_of() } else { 0 };
                self.options(ins, jump, shrink);
            }
            self.out.extend_from_slice(b"\n    ");
        }
        self.out.truncate(self.out.len() - INDENT);
        if let Some(&label @ 1..) = scan.labels.get(instrs.len()) {
            self.label_line(label);
        }
    }

    /// `Ln:` on a line of its own.
    fn label_line(&mut self, n: u32) {
        self.out.push(b'L');
        push_int(self.out, n.into());
        self.out.push_str(":\n");
    }

    fn operand(&mut self, a: Arg, labels: &[u32]) {
        match a {
            Arg::Nothing => {}
            Arg::Raw(n) => {
                self.out.push(b'#');
                push_int(self.out, n.into());
            }
            Arg::Number(n) => push_int(self.out, n.into()),
            Arg::Const(i) => self.push_const(i as usize),
            Arg::Name(i, suffix) => {
                self.push_name(i as usize);
                // Literals of known length: copies without a call.
                match suffix {
                    Suffix::Plain => {}
                    Suffix::Null => self.out.extend_from_slice(b" null"),
                    Suffix::Method => self.out.extend_from_slice(b" method"),
                    Suffix::Twoarg => self.out.extend_from_slice(b" twoarg"),
                    Suffix::MethodTwoarg => self.out.extend_from_slice(b" method twoarg"),
                }
            }
            Arg::Local(i) => self.push_local(i as usize),
            Arg::Free(i) => self.push_free(i as usize),
            Arg::Pair(a, b) => {
                self.push_local(a as usize);
                self.out.push_str(", ");
                self.push_local(b as usize);
            }
            Arg::Label(k) => {
                self.out.push(b'L');
                push_int(self.out, labels.get(k as usize).map_or(0, |&n| n.into()));
            }
            Arg::Text(s) => self.out.push_str(s),
            Arg::BoolCmp(s) => {
                let _ = write!(self.out, "bool({s})");
            }
        }
    }

    /// `[ext=N]` when the assembler would not choose the same prefix count,
    /// `[cache="HEX"]` for non-zero inline caches.
    ///
    /// For arguments the assembler takes as given, its count is the minimum. A jump's
    /// argument is computed from the layout, which its own and the other prefixes
    /// change: CPython grows prefixes until nothing moves, and so does the assembler,
    /// which can then settle below a file's count (an absolute jump to just past a
    /// 256-byte boundary needs one prefix, and without it, two bytes less). A jump's
    /// count is therefore written whenever removing all of the code's `shrink`
    /// argument units of prefixes could let it need fewer (`shrink` is only read for
    /// a jump with prefixes).
    fn options(&mut self, ins: &Decoded, jump: bool, shrink: u32) {
        let v = self.code.version;
        let fewer = jump && ins.ext > 0 && min_ext(ins.arg.saturating_sub(shrink), v) < ins.ext;
        let ext = (fewer || ins.ext != min_ext(ins.arg, v)).then_some(ins.ext);
        if ext.is_none() && !ins.cache_set {
            return;
        }
        self.out.push_str(" [");
        if let Some(n) = ext {
            self.out.push_str("ext=");
            push_int(self.out, n.into());
        }
        if ins.cache_set {
            let data = ins.cache_bytes(&self.code.code);
            if ext.is_some() {
                self.out.push_str(", ");
            }
            self.out.push_str("cache=\"");
            self.via_text(|t| push_hex(t, data));
            self.out.push(b'"');
        }
        self.out.push(b']');
    }

    fn excepts(&mut self, entries: &[ExceptionEntry], scan: &Scan, starts: &Starts<'_>) {
        let l = |u: u32| scan.unit_label(u, starts) as usize;
        for e in entries {
            for (text, n) in [
                ("    .except L", l(e.start)),
                (" L", l(e.end)),
                (" -> L", l(e.target)),
                (" depth ", e.depth as usize),
            ] {
                self.out.push_str(text);
                push_int(self.out, n as i64);
            }
            if e.lasti {
                self.out.push_str(" lasti");
            }
            self.out.push(b'\n');
        }
    }
}

/// Lower-case hex of bytes.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(2 * b.len());
    push_hex(&mut s, b);
    s
}

/// Append the lower-case hex of bytes.
fn push_hex(out: &mut String, b: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.extend(
        b.iter()
            .flat_map(|&x| [x >> 4, x & 15].map(|d| char::from(DIGITS[usize::from(d)]))),
    );
}
