//! `co_flags` as names (`Include/cpython/code.h` `CO_*`, `Include/cpython/compile.h`
//! `CO_FUTURE_*`; bit values per version in pyc-formats §9.1).

use std::fmt::Write;

use crate::version::Version;

/// The flag names of `version` with their bits, in the order `dis` writes them.
pub fn flag_names(version: Version) -> Vec<(&'static str, u32)> {
    let mut v = vec![
        ("OPTIMIZED", 0x1),
        ("NEWLOCALS", 0x2),
        ("VARARGS", 0x4),
        ("VARKEYWORDS", 0x8),
        ("NESTED", 0x10),
        ("GENERATOR", 0x20),
        ("NOFREE", 0x40),
    ];
    if version != Version::V2_7 {
        v.extend([
            ("COROUTINE", 0x80),
            ("ITERABLE_COROUTINE", 0x100),
            ("ASYNC_GENERATOR", 0x200),
        ]);
    }
    // The __future__ bits moved up by 4 in 3.8 (pyc-formats §9.1).
    let shift = if version >= Version::V3_8 { 4 } else { 0 };
    let mut future = vec![
        ("FUTURE_DIVISION", 0x2000),
        ("FUTURE_ABSOLUTE_IMPORT", 0x4000),
        ("FUTURE_WITH_STATEMENT", 0x8000),
        ("FUTURE_PRINT_FUNCTION", 0x10000),
        ("FUTURE_UNICODE_LITERALS", 0x20000),
    ];
    if version >= Version::V3_6 {
        future.extend([
            ("FUTURE_BARRY_AS_BDFL", 0x40000),
            ("FUTURE_GENERATOR_STOP", 0x80000),
        ]);
    }
    if version >= Version::V3_7 {
        future.push(("FUTURE_ANNOTATIONS", 0x100000));
    }
    v.extend(future.into_iter().map(|(n, b)| (n, b << shift)));
    if version >= Version::V3_14 {
        v.extend([("HAS_DOCSTRING", 0x0400_0000), ("METHOD", 0x0800_0000)]);
    }
    v
}

/// `co_flags` as `NAME|NAME|0xBITS` (unknown bits as one hex number), `0` for none.
pub fn write_flags(out: &mut String, flags: u32, version: Version) {
    let mut rest = flags;
    let mut first = true;
    for (name, bit) in flag_names(version) {
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
