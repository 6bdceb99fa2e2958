//! One pass over a block's instructions: each one's operand, the labels, and what
//! the block's directives and layout need.

use crate::code::exctable::ExceptionEntry;
use crate::code::{Code, Instruction};
use crate::dis::line::OpNames;
use crate::dis::operand::{self, Arg, Tables};

/// Where instructions start: per byte offset of the code, and the end, the index of
/// the instruction starting there plus one (the end counts as instruction `n`); 0
/// inside an instruction.
pub struct Starts(Vec<u32>);

impl Starts {
    pub fn new(instrs: &[Instruction], code_len: usize) -> Starts {
        let mut at = vec![0u32; code_len + 1];
        for (k, ins) in instrs.iter().enumerate() {
            if let Some(slot) = at.get_mut(ins.offset as usize) {
                *slot = k as u32 + 1;
            }
        }
        if let Some(end) = at.last_mut() {
            *end = instrs.len() as u32 + 1;
        }
        Starts(at)
    }

    /// The index of the instruction starting at byte `offset` (`n` for the end of
    /// the code), if one does.
    #[inline]
    pub fn index(&self, offset: u64) -> Option<u32> {
        let i = usize::try_from(offset).ok()?;
        self.0.get(i).and_then(|&k| k.checked_sub(1))
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
    /// Total `EXTENDED_ARG` prefixes.
    pub prefixes: u32,
}

impl Scan {
    /// Classify every instruction of `code`; labels are marked (not yet numbered).
    pub fn new(code: &Code, instrs: &[Instruction], tables: &Tables<'_>, starts: &Starts) -> Scan {
        let mut scan = Scan {
            args: Vec::with_capacity(instrs.len()),
            labels: vec![0; instrs.len() + 1],
            consts_in_order: true,
            names_in_order: true,
            op_width: 0,
            prefixes: 0,
        };
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
        let target = |o: u64| starts.index(o);
        for ins in instrs {
            let arg = operand::classify(ins, names.class(ins.opcode), tables, &target);
            match arg {
                Arg::Nothing => {}
                Arg::Label(k) => {
                    if let Some(l) = scan.labels.get_mut(k as usize) {
                        *l = 1;
                    }
                }
                Arg::Const(i) => in_order(i, &mut next_const, &mut scan.consts_in_order),
                Arg::Name(i, _) => in_order(i, &mut next_name, &mut scan.names_in_order),
                _ => {}
            }
            if arg != Arg::Nothing {
                scan.op_width = scan.op_width.max(names.width(ins.opcode));
            }
            scan.prefixes += u32::from(ins.ext);
            scan.args.push(arg);
        }
        scan.consts_in_order &= next_const as usize == code.consts.len();
        scan.names_in_order &= next_name as usize == code.names.len();
        scan
    }

    /// Mark the exception table's boundaries as labels, then number every label in
    /// code order.
    pub fn number_labels(&mut self, excepts: &[ExceptionEntry], starts: &Starts) {
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
    pub fn unit_label(&self, u: u32, starts: &Starts) -> u32 {
        starts
            .index(2 * u64::from(u))
            .and_then(|k| self.labels.get(k as usize))
            .copied()
            .unwrap_or(0)
    }
}
