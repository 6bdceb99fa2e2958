//! The common scalars read without a branch on their type.
//!
//! Most objects of a module are short scalars (`R`, `t`, `s`, `i`, `N`; `z`, `Z` in
//! 3.x) in no predictable order, and a jump on the type code costs a misprediction
//! for nearly each of them. Instead a table gives, per type code, masks that pick the
//! payload length and the node's number out of the bytes after the type byte, so
//! every such scalar is read by the same instructions. References (3.x `r`) are read
//! next to them: together they are most children of a run (`Reader::simple`).

use super::{Error, Reader};
use crate::marshal::tree::{Packed, FLAGGED};

/// How to read an object with a given type byte.
#[derive(Clone, Copy)]
pub(super) struct Rule {
    /// The payload length is `arg & len_arg` (`arg`: the i32 after the type byte;
    /// its first byte for a `z`).
    len_arg: u32,
    /// The node's `a` is `(arg & a_arg) | (start & a_start)` (`start`: the payload's
    /// offset): one of them all ones, the other zero, or both zero.
    a_arg: u32,
    a_start: u32,
    /// Bytes before the payload (type byte and length); 0: not read here.
    pub(super) head: u8,
    /// The type code (FLAG_REF removed).
    pub(super) code: u8,
    /// `FLAG`, `SLOT`, `INTERNED`, `STRING_REF`, and where the node's `a` comes from
    /// (otherwise 0).
    pub(super) flags: u8,
}

/// `Rule::flags`: FLAG_REF is set (the same bit as in `Packed::bits`).
pub(super) const FLAG: u8 = FLAGGED;
/// Flagged and takes a reference slot (not a singleton).
const SLOT: u8 = 2;
/// A 2.7 interned string (`t`): the next entry of the string table.
const INTERNED: u8 = 4;
/// A 2.7 string reference (`R`): must name an entry of the string table.
const STRING_REF: u8 = 8;
/// The node's `a` is `arg` (`i`, `R`).
const A_ARG: u8 = 16;
/// The node's `a` is the payload's offset (strings).
const A_START: u8 = 32;

const NONE: Rule = Rule {
    len_arg: 0,
    a_arg: 0,
    a_start: 0,
    head: 0,
    code: 0,
    flags: 0,
};

/// The rule for a type code (FLAG_REF removed), and whether it takes a slot when
/// flagged.
const fn by_code(code: u8, v3: bool) -> (Rule, bool) {
    let long = Rule {
        head: 5,
        len_arg: !0,
        flags: A_START,
        ..NONE
    };
    let rule = match code {
        b'N' | b'F' | b'T' | b'.' | b'S' => return (Rule { head: 1, ..NONE }, false),
        b'R' if !v3 => {
            let flags = STRING_REF | A_ARG;
            return (
                Rule {
                    head: 5,
                    flags,
                    ..NONE
                },
                false,
            );
        }
        b'i' => Rule {
            head: 5,
            flags: A_ARG,
            ..NONE
        },
        b's' | b'u' => long,
        b't' if v3 => long,
        b't' => Rule {
            flags: INTERNED | A_START,
            ..long
        },
        b'a' | b'A' if v3 => long,
        b'z' | b'Z' if v3 => Rule {
            head: 2,
            len_arg: 0xff,
            flags: A_START,
            ..NONE
        },
        _ => return (NONE, false),
    };
    (rule, true)
}

/// By type byte: 2.7 has no FLAG_REF, so every byte is its own type code.
const fn rules(v3: bool) -> [Rule; 256] {
    let mut t = [NONE; 256];
    let mut byte = 0;
    while byte < 256 {
        let flagged = v3 && byte & 0x80 != 0;
        let code = if v3 { byte & 0x7f } else { byte } as u8;
        let (mut rule, slot) = by_code(code, v3);
        rule.code = code;
        if rule.flags & A_ARG != 0 {
            rule.a_arg = !0;
        }
        if rule.flags & A_START != 0 {
            rule.a_start = !0;
        }
        if flagged {
            rule.flags |= FLAG;
            if slot {
                rule.flags |= SLOT;
            }
        }
        t[byte] = rule;
        byte += 1;
    }
    t
}

/// By type byte, for 2.7 and for 3.x.
pub(super) static RULES: [[Rule; 256]; 2] = [rules(false), rules(true)];

impl Reader<'_> {
    /// The next eight bytes at `at`, if there are as many: most objects are a type byte
    /// and at most an i32, read with one bounds check and one load (the last few
    /// objects take the checked path).
    #[inline(always)]
    pub(super) fn word(&self, at: usize) -> Option<u64> {
        let w = self.data.get(at..at + 8)?;
        Some(u64::from_le_bytes(w.try_into().ok()?))
    }

    /// Read a scalar or reference at `at` into node `id`: where it ends, or `None`
    /// for any other object (nothing read).
    #[inline(always)]
    pub(super) fn simple<const V3: bool>(
        &mut self,
        at: usize,
        id: u32,
    ) -> Result<Option<usize>, Error> {
        let Some(w) = self.word(at) else {
            return Ok(None);
        };
        let arg = (w >> 8) as u32;
        let rule = &RULES[usize::from(V3)][usize::from(w as u8)];
        if rule.head != 0 {
            return self.leaf_by_rule::<V3>(rule, at, id, arg).map(Some);
        }
        if V3 && rule.code == b'r' {
            self.reference(at, id, rule.flags & FLAG != 0, arg)?;
            return Ok(Some(at + 5));
        }
        Ok(None)
    }

    /// Read the scalar at `at` (followed by `arg`) into node `id` by `rule` (whose
    /// `head` is not 0); where it ends.
    #[inline(always)]
    pub(super) fn leaf_by_rule<const V3: bool>(
        &mut self,
        rule: &Rule,
        at: usize,
        id: u32,
        arg: u32,
    ) -> Result<usize, Error> {
        let start = at + usize::from(rule.head);
        let len = arg & rule.len_arg;
        let end = start + len as usize;
        // `|` and `&` rather than `||` and `&&`: one branch, never taken.
        let string_ref = !V3 && rule.flags & STRING_REF != 0;
        if (end > self.data.len()) | (string_ref & (arg as usize >= self.strings.len())) {
            return Err(self.leaf_error(at, rule.code, arg));
        }
        let a = (arg & rule.a_arg) | (start as u32 & rule.a_start);
        // Push and take back: the same instructions whether or not it stays.
        if V3 {
            let n = self.refs.len();
            self.refs.push(id);
            self.refs.truncate(n + usize::from(rule.flags & SLOT != 0));
        } else {
            let n = self.strings.len();
            self.strings.push(id);
            self.strings
                .truncate(n + usize::from(rule.flags & INTERNED != 0));
        }
        self.store(
            id,
            Packed {
                a,
                b: len,
                code: rule.code,
                bits: rule.flags & FLAG,
            },
        );
        Ok(end)
    }

    /// What was wrong with a scalar `leaf_by_rule` refused.
    #[cold]
    fn leaf_error(&self, at: usize, code: u8, arg: u32) -> Error {
        match code {
            b'R' => self.bad_ref(at, arg as i32, self.strings.len()),
            b'z' | b'Z' => self.truncated(at + 2, "string", (arg & 0xff) as usize),
            _ => {
                let what = if code == b's' { "bytes" } else { "string" };
                self.bad_length(at + 1, what, arg, self.data.len() - (at + 5))
            }
        }
    }
}
