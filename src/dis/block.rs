//! One `.code @NAME ... .end` block: directives, labels, instructions, `.except`.

use std::io::Write;

use super::exact::{self, Positions, PrefixBuffers};
use super::line::PushStr;
use super::operand::{Arg, Tables};
use super::repr::{push_int, text_literal};
use super::{flags, DisError, FileCtx};
use crate::code::exctable::ExceptionEntry;
use crate::code::instr::{self, Decoded};
use crate::code::{Code, Locals, PyStr, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use crate::version::Version;
use scan::{Scan, Starts};
use texts::{name_bytes, write_const, Reprs};

mod lines;
mod scan;
mod texts;

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

/// The smallest number of `EXTENDED_ARG` prefixes an argument needs.
fn min_ext(arg: u32, version: Version) -> u8 {
    let bits = if version.is_wordcode() { 8 } else { 16 };
    let mut n = 0u8;
    while n < 3 && u64::from(arg) >> (bits * (u32::from(n) + 1)) != 0 {
        n += 1;
    }
    n
}

/// The tables whose entries' texts [`Reprs`] keep.
#[derive(Clone, Copy)]
enum Table {
    Consts,
    Names,
    /// Locals (varnames, or localsplus in 3.11+).
    Locals,
    /// Cell and free variables (localsplus in 3.11+).
    Frees,
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

    /// Write `co_consts[i]` (for `.consts`).
    fn push_const(&mut self, i: usize) {
        if let Some((start, end)) = self.span(Table::Consts, i) {
            self.out
                .extend_from_slice(self.consts.text.get(start..end).unwrap_or_default());
        }
    }

    /// The texts of `table`.
    #[inline(always)]
    fn reprs(&self, table: Table) -> &Reprs {
        match table {
            Table::Consts => &self.consts,
            Table::Names => &self.names,
            Table::Locals => &self.local_names,
            Table::Frees => &self.free_names,
        }
    }

    /// Where the text of entry `i` of `table` is in its [`Reprs`], written on first
    /// use; `None` past the table.
    #[inline(always)]
    fn span(&mut self, table: Table, i: usize) -> Option<(usize, usize)> {
        match self.reprs(table).span(i)? {
            (usize::MAX, _) => Some(self.first_use(table, i)),
            span => Some(span),
        }
    }

    /// Write the text of entry `i` of `table` (its first use); its range.
    #[inline(never)]
    fn first_use(&mut self, table: Table, i: usize) -> (usize, usize) {
        let (code, ctx, tmp, v) = (self.code, self.ctx, &mut self.tmp, self.code.version);
        match table {
            Table::Consts => self
                .consts
                .write(i, |s| write_const(s, &code.consts[i], v, ctx, tmp)),
            Table::Names => self.names.write_name(i, &code.names[i], v, tmp),
            Table::Locals => self.local_names.write_name(i, self.locals[i], v, tmp),
            Table::Frees => self.free_names.write_name(i, self.frees[i], v, tmp),
        }
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
