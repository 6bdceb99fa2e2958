//! One pass over a block's instructions: each one's operand, the labels, and what
//! the block's directives and layout need.

use std::cell::Cell;

use crate::code::exctable::ExceptionEntry;
use crate::code::instr::Decoded;
use crate::code::Code;
use crate::dis::line::OpNames;
use crate::dis::operand::{self, Arg, Tables};

/// Where instructions start, to find jump targets and exception table boundaries
/// (a few per block: a search each costs less than a table per offset).
pub struct Starts<'a> {
    instrs: &'a [Decoded],
    code_len: u64,
    /// Per slot (`offset / 2 % 64`), the index last found for an offset there: each
    /// exception table boundary is looked up three times (`exception_entries`,
    /// `number_labels`, `unit_label`), and jumps share targets. A guess, checked.
    found: [Cell<u32>; 64],
}

impl<'a> Starts<'a> {
    pub fn new(instrs: &'a [Decoded], code_len: usize) -> Starts<'a> {
        Starts {
            instrs,
            code_len: code_len as u64,
            found: [const { Cell::new(0) }; 64],
        }
    }

    /// The index of the instruction starting at byte `offset` (the number of
    /// instructions for the end of the code), if one does.
    #[inline]
    pub fn index(&self, offset: u64) -> Option<u32> {
        if offset == self.code_len {
            return Some(self.instrs.len() as u32);
        }
        let offset = u32::try_from(offset).ok()?;
        let slot = &self.found[(offset as usize >> 1) & 63];
        let k = slot.get();
        if self
            .instrs
            .get(k as usize)
            .is_some_and(|i| i.offset == offset)
        {
            return Some(k);
        }
        let k = self.search(offset)?;
        slot.set(k);
        Some(k)
    }

    /// [`index`](Self::index) without the memo, for lookups made once (jumps).
    #[inline]
    fn jump_target(&self, offset: u64) -> Option<u32> {
        if offset == self.code_len {
            return Some(self.instrs.len() as u32);
        }
        self.search(u32::try_from(offset).ok()?)
    }

    /// The instruction starting at `offset`, searched for.
    #[inline]
    fn search(&self, offset: u32) -> Option<u32> {
        let k = self.instrs.binary_search_by_key(&offset, |i| i.offset);
        k.ok().map(|k| k as u32)
    }
}

/// What one pass over the instructions finds.
pub struct Scan {
    /// Per instruction, the operand (a jump's target as an instruction index).
    pub args: Vec<Arg>,
    /// Per instruction, and one more for the end of the code: the number of the
    /// label there (`Ln`), 0 for none. Labels are numbered in code order.
    pub labels: Vec<u32>,
    /// Whether the constants, then the names, are first used in table order (so the
    /// assembler's first-use tables give them back without `.consts` / `.names`).
    pub consts_in_order: bool,
    pub names_in_order: bool,
    /// The widest opcode name among instructions with an operand.
    pub op_width: usize,
}

impl Scan {
    /// Classify every instruction of `code`; labels are marked (not yet numbered).
    /// `buffers` are the vectors of an earlier scan, reused.
    pub fn new(
        code: &Code,
        instrs: &[Decoded],
        tables: &Tables<'_>,
        starts: &Starts<'_>,
        buffers: (Vec<Arg>, Vec<u32>),
    ) -> Scan {
        let (mut args, mut labels) = buffers;
        labels.clear();
        labels.resize(instrs.len() + 1, 0);
        let (mut consts_in_order, mut names_in_order) = (true, true);
        let mut op_width = 0;
        // The next index a first use in table order would name; an index above it
        // is a first use out of order.
        let (mut next_const, mut next_name) = (0, 0);
        let in_order = |i: u32, next: &mut u32, ok: &mut bool| {
            if i == *next {
                *next += 1;
            } else if i > *next {
                *ok = false;
            }
        };
        let names = OpNames::of(code.version);
        let target = |o: u64| starts.jump_target(o);
        // Extended from a mapped slice iterator: no capacity check per push.
        args.clear();
        args.extend(instrs.iter().map(|ins| {
            let arg = operand::classify(ins, names.class(ins.opcode), tables, &target);
            match arg {
                Arg::Nothing => {}
                Arg::Label(k) => {
                    if let Some(l) = labels.get_mut(k as usize) {
                        *l = 1;
                    }
                }
                Arg::Const(i) => in_order(i, &mut next_const, &mut consts_in_order),
                Arg::Name(i, _) => in_order(i, &mut next_name, &mut names_in_order),
                _ => {}
            }
            if !matches!(arg, Arg::Nothing) {
                op_width = op_width.max(names.width(ins.opcode));
            }
            arg
        }));
        Scan {
            args,
            labels,
            consts_in_order: consts_in_order && next_const as usize == code.consts.len(),
            names_in_order: names_in_order && next_name as usize == code.names.len(),
            op_width,
        }
    }

    /// The vectors, for the next scan.
    pub fn into_buffers(self) -> (Vec<Arg>, Vec<u32>) {
        (self.args, self.labels)
    }

    /// Mark the exception table's boundaries as labels, then number every label in
    /// code order.
    pub fn number_labels(&mut self, excepts: &[ExceptionEntry], starts: &Starts<'_>) {
        for e in excepts {
            for u in [e.start, e.end, e.target] {
                if let Some(l) = starts
                    .index(2 * u64::from(u))
                    .and_then(|k| self.labels.get_mut(k as usize))
                {
                    *l = 1;
                }
            }
        }
        let mut n = 0;
        for l in &mut self.labels {
            if *l != 0 {
                n += 1;
                *l = n;
            }
        }
    }

    /// The number of the label at code unit `u` of the exception table (0 if none).
    pub fn unit_label(&self, u: u32, starts: &Starts<'_>) -> u32 {
        starts
            .index(2 * u64::from(u))
            .and_then(|k| self.labels.get(k as usize))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Starts::index` (memo and all) and `jump_target` against a search of every
    /// instruction, each offset asked several times and in an order that makes the
    /// memo's slots collide.
    #[test]
    fn starts_are_the_instructions_at_offsets() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for case in 0..200 {
            let n = case % 300;
            let mut offset = 0u32;
            let instrs: Vec<Decoded> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let at = offset;
                    offset += 2 + 2 * (seed % 3) as u32 * (seed % 5) as u32;
                    Decoded {
                        offset: at,
                        arg: 0,
                        opcode: 0,
                        ext: 0,
                        caches: 0,
                        cache_set: false,
                    }
                })
                .collect();
            let starts = Starts::new(&instrs, offset as usize);
            let end = u64::from(offset);
            for round in 0..3 {
                for o in (0..=end + 3).rev().step_by(round + 1).chain([1 << 33]) {
                    let want = if o == end {
                        Some(n as u32)
                    } else {
                        let at = instrs.iter().position(|i| u64::from(i.offset) == o);
                        at.map(|k| k as u32)
                    };
                    assert_eq!(starts.index(o), want, "offset {o}, case {case}");
                    assert_eq!(starts.jump_target(o), want, "offset {o}, case {case}");
                }
            }
        }
    }
}
