//! `co_flags` as names (`Include/cpython/code.h` `CO_*`, `Include/cpython/compile.h`
//! `CO_FUTURE_*`; bit values per version in pyc-formats §9.1).

use std::fmt::Write;

use crate::version::Version;

/// Every flag in the order `dis` writes them: its name, bit, the first version that
/// has it, and whether it is a `__future__` bit (those moved up by 4 in 3.8,
/// pyc-formats §9.1).
const FLAGS: [(&str, u32, Version, bool); 20] = [
    ("OPTIMIZED", 0x1, Version::V2_7, false),
    ("NEWLOCALS", 0x2, Version::V2_7, false),
    ("VARARGS", 0x4, Version::V2_7, false),
    ("VARKEYWORDS", 0x8, Version::V2_7, false),
    ("NESTED", 0x10, Version::V2_7, false),
    ("GENERATOR", 0x20, Version::V2_7, false),
    ("NOFREE", 0x40, Version::V2_7, false),
    ("COROUTINE", 0x80, Version::V3_6, false),
    ("ITERABLE_COROUTINE", 0x100, Version::V3_6, false),
    ("ASYNC_GENERATOR", 0x200, Version::V3_6, false),
    ("FUTURE_DIVISION", 0x2000, Version::V2_7, true),
    ("FUTURE_ABSOLUTE_IMPORT", 0x4000, Version::V2_7, true),
    ("FUTURE_WITH_STATEMENT", 0x8000, Version::V2_7, true),
    ("FUTURE_PRINT_FUNCTION", 0x10000, Version::V2_7, true),
    ("FUTURE_UNICODE_LITERALS", 0x20000, Version::V2_7, true),
    ("FUTURE_BARRY_AS_BDFL", 0x40000, Version::V3_6, true),
    ("FUTURE_GENERATOR_STOP", 0x80000, Version::V3_6, true),
    ("FUTURE_ANNOTATIONS", 0x100000, Version::V3_7, true),
    ("HAS_DOCSTRING", 0x0400_0000, Version::V3_14, false),
    ("METHOD", 0x0800_0000, Version::V3_14, false),
];

/// The flags of `version` with their bits, in the order `dis` writes them.
fn flags_of(version: Version) -> impl Iterator<Item = (&'static str, u32)> {
    let shift = if version >= Version::V3_8 { 4 } else { 0 };
    FLAGS
        .iter()
        .filter(move |f| version >= f.2)
        .map(move |&(name, bit, _, future)| (name, if future { bit << shift } else { bit }))
}

/// The flag names of `version` with their bits, in the order `dis` writes them.
pub fn flag_names(version: Version) -> Vec<(&'static str, u32)> {
    flags_of(version).collect()
}

/// `co_flags` as `NAME|NAME|0xBITS` (unknown bits as one hex number), `0` for none.
pub fn write_flags(out: &mut String, flags: u32, version: Version) {
    let mut rest = flags;
    let mut first = true;
    for (name, bit) in flags_of(version) {
        if rest & bit != 0 {
            if !first {
                out.push('|');
            }
            out.push_str(name);
            rest &= !bit;
            first = false;
        }
    }
    if rest != 0 || first {
        if !first {
            out.push('|');
        }
        let _ = write!(out, "{rest:#x}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_leftover_bits() {
        let mut s = String::new();
        write_flags(&mut s, 0x3 | 0x1000, Version::V2_7);
        assert_eq!(s, "OPTIMIZED|NEWLOCALS|0x1000");
        s.clear();
        write_flags(&mut s, 0x0100_0000, Version::V3_12);
        assert_eq!(s, "FUTURE_ANNOTATIONS");
        s.clear();
        write_flags(&mut s, 0x20000, Version::V3_7);
        assert_eq!(s, "FUTURE_UNICODE_LITERALS");
    }
}
