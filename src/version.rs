//! CPython release lines and their magic numbers.
//!
//! Everything version-specific in pycasm is keyed by [`Version`]; the per-version facts
//! that are not opcode data (magic numbers, header size, marshal version, code-object
//! layout) live here.

use std::fmt;
use std::str::FromStr;

/// A supported CPython release line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// CPython 2.7
    V2_7,
    /// CPython 3.6
    V3_6,
    /// CPython 3.7
    V3_7,
    /// CPython 3.8
    V3_8,
    /// CPython 3.9
    V3_9,
    /// CPython 3.10
    V3_10,
    /// CPython 3.11
    V3_11,
    /// CPython 3.12
    V3_12,
    /// CPython 3.13
    V3_13,
    /// CPython 3.14
    V3_14,
}

/// A version string that names no supported release line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported Python version `{0}` (supported: 2.7, 3.6 to 3.14)")]
pub struct UnknownVersion(pub String);

impl Version {
    /// Every supported version, oldest first.
    pub const ALL: [Version; 10] = [
        Version::V2_7,
        Version::V3_6,
        Version::V3_7,
        Version::V3_8,
        Version::V3_9,
        Version::V3_10,
        Version::V3_11,
        Version::V3_12,
        Version::V3_13,
        Version::V3_14,
    ];

    /// `(major, minor)`.
    pub const fn major_minor(self) -> (u8, u8) {
        match self {
            Version::V2_7 => (2, 7),
            Version::V3_6 => (3, 6),
            Version::V3_7 => (3, 7),
            Version::V3_8 => (3, 8),
            Version::V3_9 => (3, 9),
            Version::V3_10 => (3, 10),
            Version::V3_11 => (3, 11),
            Version::V3_12 => (3, 12),
            Version::V3_13 => (3, 13),
            Version::V3_14 => (3, 14),
        }
    }

    /// Position in [`Version::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The magic number written by the final releases of this line
    /// (`importlib.util.MAGIC_NUMBER`; `imp.get_magic()` in 2.7).
    pub const fn magic(self) -> u16 {
        match self {
            Version::V2_7 => 62211,
            Version::V3_6 => 3379,
            Version::V3_7 => 3394,
            Version::V3_8 => 3413,
            Version::V3_9 => 3425,
            Version::V3_10 => 3439,
            Version::V3_11 => 3495,
            Version::V3_12 => 3531,
            Version::V3_13 => 3571,
            Version::V3_14 => 3627,
        }
    }

    /// The four magic bytes at the start of a .pyc.
    pub const fn magic_bytes(self) -> [u8; 4] {
        let m = self.magic().to_le_bytes();
        [m[0], m[1], b'\r', b'\n']
    }

    /// The magic bytes read as a little-endian `u32` (the key of the source hash).
    pub const fn magic_token(self) -> u32 {
        u32::from_le_bytes(self.magic_bytes())
    }

    /// The range of magic numbers that belong to this release line, alphas and
    /// release candidates included (`Lib/importlib/_bootstrap_external.py` history).
    pub const fn magic_range(self) -> (u16, u16) {
        match self {
            Version::V2_7 => (62171, 62211),
            Version::V3_6 => (3360, 3379),
            Version::V3_7 => (3390, 3399),
            Version::V3_8 => (3400, 3419),
            Version::V3_9 => (3420, 3429),
            Version::V3_10 => (3430, 3449),
            Version::V3_11 => (3450, 3499),
            Version::V3_12 => (3500, 3549),
            Version::V3_13 => (3550, 3599),
            Version::V3_14 => (3600, 3649),
        }
    }

    /// The release line a magic number belongs to.
    pub fn from_magic(magic: u16) -> Option<Version> {
        Version::ALL.into_iter().find(|v| {
            let (lo, hi) = v.magic_range();
            (lo..=hi).contains(&magic)
        })
    }

    /// The marshal format version `importlib` writes .pyc bodies with.
    pub const fn marshal_version(self) -> u8 {
        match self {
            Version::V2_7 => 2,
            Version::V3_14 => 5,
            _ => 4,
        }
    }

    /// Size of the .pyc header in bytes.
    pub const fn header_len(self) -> usize {
        match self {
            Version::V2_7 => 8,
            Version::V3_6 => 12,
            _ => 16,
        }
    }

    /// True for 3.6+: two-byte instructions.
    pub const fn is_wordcode(self) -> bool {
        !matches!(self, Version::V2_7)
    }

    /// True for 3.11+: inline CACHE entries, the exception table, localsplus.
    pub const fn has_exception_table(self) -> bool {
        self.index() >= Version::V3_11.index()
    }

    /// True for 3.x: marshal FLAG_REF / TYPE_REF references.
    pub const fn has_marshal_refs(self) -> bool {
        self.marshal_version() >= 3
    }

    /// The line table format of `co_lnotab` / `co_linetable`.
    pub const fn line_table_format(self) -> LineTableFormat {
        match self {
            Version::V2_7 => LineTableFormat::LnotabUnsigned,
            Version::V3_6 | Version::V3_7 | Version::V3_8 | Version::V3_9 => {
                LineTableFormat::LnotabSigned
            }
            Version::V3_10 => LineTableFormat::Linetable310,
            _ => LineTableFormat::Locations,
        }
    }

    /// Which fields a marshalled code object has, in which order.
    pub const fn code_layout(self) -> CodeLayout {
        match self {
            Version::V2_7 => CodeLayout::Py27,
            Version::V3_6 | Version::V3_7 => CodeLayout::Py36,
            Version::V3_8 | Version::V3_9 | Version::V3_10 => CodeLayout::Py38,
            _ => CodeLayout::Py311,
        }
    }

    /// The .pyc tag CPython uses in `__pycache__` names (`cpython-312`).
    pub fn cache_tag(self) -> String {
        let (a, b) = self.major_minor();
        format!("cpython-{a}{b}")
    }
}

/// The four line-table encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineTableFormat {
    /// 2.7 `co_lnotab`: unsigned line increments.
    LnotabUnsigned,
    /// 3.6-3.9 `co_lnotab`: signed line increments.
    LnotabSigned,
    /// 3.10 `co_linetable` (PEP 626).
    Linetable310,
    /// 3.11+ location table (PEP 657).
    Locations,
}

/// The field order of a marshalled code object (`Python/marshal.c: w_object`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLayout {
    /// 2.7: no kw-only count.
    Py27,
    /// 3.6-3.7: adds `co_kwonlyargcount`.
    Py36,
    /// 3.8-3.10: adds `co_posonlyargcount`.
    Py38,
    /// 3.11+: localsplus names and kinds, qualname, exception table; no nlocals.
    Py311,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.major_minor();
        write!(f, "{a}.{b}")
    }
}

impl FromStr for Version {
    type Err = UnknownVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let t = t
            .strip_prefix("python")
            .or_else(|| t.strip_prefix("py"))
            .unwrap_or(t);
        Version::ALL
            .into_iter()
            .find(|v| {
                let (a, b) = v.major_minor();
                t == format!("{a}.{b}") || t == format!("{a}{b}")
            })
            .ok_or_else(|| UnknownVersion(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_magic_is_inside_its_range_and_ranges_are_disjoint() {
        for v in Version::ALL {
            assert_eq!(Version::from_magic(v.magic()), Some(v));
            for w in Version::ALL {
                if v != w {
                    let (a, b) = v.magic_range();
                    let (c, d) = w.magic_range();
                    assert!(b < c || d < a, "{v} and {w} overlap");
                }
            }
        }
        assert_eq!(Version::from_magic(3000), None);
        assert_eq!(Version::V3_14.magic_bytes(), [0x2b, 0x0e, 0x0d, 0x0a]);
        assert_eq!(Version::V2_7.magic_bytes(), [0x03, 0xf3, 0x0d, 0x0a]);
    }

    #[test]
    fn parses_version_strings() {
        assert_eq!("3.10".parse(), Ok(Version::V3_10));
        assert_eq!("27".parse(), Ok(Version::V2_7));
        assert_eq!("py3.14".parse(), Ok(Version::V3_14));
        assert!("3.5".parse::<Version>().is_err());
        assert!("3.1".parse::<Version>().is_err());
    }
}
