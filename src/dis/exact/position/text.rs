//! The text of a position prefix (`12`, `12-14`, `12:4-20`, `-`), written into a
//! fixed-size room with 4-byte stores from digit tables.

use super::Fields;
use crate::code::linetable::PlainEntry;
use crate::dis::line::CHUNK;

/// Where a prefix is written: 48 bytes for its text and a chunk the line writer may
/// copy with it. Writes go to indices below 80 (masked to 63, so no bounds checks) and
/// store four bytes at a time.
pub(super) type Room = [u8; 48 + CHUNK];

/// A [`Room`] of spaces.
pub(super) const ROOM: Room = [b' '; 48 + CHUNK];

/// Write the text of `f` at the start of `room` and at least 16 spaces after it (the
/// line writer copies up to 17 bytes, or the text and a space: [`super::STRIDE`]); its
/// length. The room holds whatever an earlier block left there.
#[inline(always)]
pub(super) fn write_text(room: &mut Room, f: Fields) -> usize {
    let n = write_fields(room, f);
    let i = n & 63;
    room[i..i + 16].copy_from_slice(&[b' '; 16]);
    n
}

/// The text of `f`: `-`, `12`, `12-14`, `12:4-20`, `12-14:?-8` (four numbers of at
/// most 10 digits and three separators, at most 43 bytes); its length.
#[inline(always)]
fn write_fields(room: &mut Room, [line, end_line, col, end_col]: Fields) -> usize {
    // One test for the usual case each: a line below 10000 (not absent), both
    // columns below 1000 (present); the rest out of line.
    let mut n = match NUMBERS.get(line as usize) {
        Some(&w) => put_entry(room, 0, w),
        None if line == PlainEntry::NO => return put_byte(room, 0, b'-'),
        None => put_dec(room, 0, line),
    };
    if end_line != line && end_line != PlainEntry::NO {
        n = put_after(room, n, &DASHED, end_line);
    }
    if (col | end_col) < 1000 {
        n = put_entry(room, n, COLONED[col as usize & 1023]);
        return put_entry(room, n, DASHED[end_col as usize & 1023]);
    }
    if col != PlainEntry::NO || end_col != PlainEntry::NO {
        n = put_rare_cols(room, n, col, end_col);
    }
    n
}

/// The columns of [`write_fields`] when one is absent or above 999; the end.
#[inline(never)]
fn put_rare_cols(room: &mut Room, at: usize, col: u32, end_col: u32) -> usize {
    let at = put_col_after(room, at, &COLONED, col);
    put_col_after(room, at, &DASHED, end_col)
}

/// A byte; the end.
#[inline(always)]
fn put_byte(room: &mut Room, at: usize, b: u8) -> usize {
    room[at & 63] = b;
    at + 1
}

/// A separator and a number, from `table` ([`DASHED`], [`COLONED`]); the end.
#[inline(always)]
fn put_after(room: &mut Room, at: usize, table: &[u64; 1024], v: u32) -> usize {
    if v < 1000 {
        return put_entry(room, at, table[v as usize & 1023]);
    }
    let at = put_byte(room, at, table[0] as u8);
    put_dec(room, at, v)
}

/// [`put_after`] for a column, `?` when absent (the entry at 1000).
#[inline(always)]
fn put_col_after(room: &mut Room, at: usize, table: &[u64; 1024], c: u32) -> usize {
    if c == PlainEntry::NO {
        return put_entry(room, at, table[1000]);
    }
    put_after(room, at, table, c)
}

/// Four bytes of text (a number's digits and spaces); `at + len`.
#[inline(always)]
fn put_word(room: &mut Room, at: usize, word: u32, len: usize) -> usize {
    let i = at & 63;
    room[i..i + 4].copy_from_slice(&word.to_le_bytes());
    at + len
}

/// Per number below 1000 (and 1000 to 1023, so an index can be masked): in the low
/// four bytes of a word `sep` (unless 0), the number's digits (`padded`: three,
/// zero-padded), spaces after, and in the fifth byte their count. At 1000, `sep?`.
const fn digit_words(sep: u8, padded: bool) -> [u64; 1024] {
    let mut t = [0u64; 1024];
    let lead = if sep == 0 { 0 } else { 1 };
    let mut n = 0;
    while n < 1024 {
        let d = [(n / 100 % 10) as u8, (n / 10 % 10) as u8, (n % 10) as u8];
        let skip = if padded || n >= 100 {
            0
        } else if n >= 10 {
            1
        } else {
            2
        };
        let mut b = [b' ', b' ', b' ', b' ', 0, 0, 0, 0];
        b[0] = sep;
        let mut i = skip;
        while i < 3 {
            b[lead + i - skip] = b'0' + d[i];
            i += 1;
        }
        b[4] = (lead + 3 - skip) as u8;
        if n == 1000 && sep != 0 {
            b = [sep, b'?', b' ', b' ', 2, 0, 0, 0];
        }
        t[n] = u64::from_le_bytes(b);
        n += 1;
    }
    t
}

/// Per number below 10000, its digits and spaces after in the low four bytes of a
/// word and their count in the fifth (lines: most are below 10000).
const fn number_words() -> [u64; 10000] {
    let mut t = [0u64; 10000];
    let mut n = 0;
    while n < 10000 {
        let mut b = [b' ', b' ', b' ', b' ', 0, 0, 0, 0];
        let len = if n >= 1000 {
            4
        } else if n >= 100 {
            3
        } else if n >= 10 {
            2
        } else {
            1
        };
        let mut i = 0;
        let mut rest = n;
        while i < len {
            b[len - 1 - i] = b'0' + (rest % 10) as u8;
            rest /= 10;
            i += 1;
        }
        b[4] = len as u8;
        t[n] = u64::from_le_bytes(b);
        n += 1;
    }
    t
}
static NUMBERS: [u64; 10000] = number_words();
const TRIPLES: [u64; 1024] = digit_words(0, true);
/// `-` and a number.
const DASHED: [u64; 1024] = digit_words(b'-', false);
/// `:` and a number.
const COLONED: [u64; 1024] = digit_words(b':', false);

/// A word of a digit table; the end.
#[inline(always)]
fn put_entry(room: &mut Room, at: usize, w: u64) -> usize {
    put_word(room, at, w as u32, (w >> 32) as usize)
}

/// Write the decimal digits of `v` at `at`; the end.
#[inline(always)]
fn put_dec(room: &mut Room, at: usize, v: u32) -> usize {
    if let Some(&w) = NUMBERS.get(v as usize) {
        return put_entry(room, at, w);
    }
    if v < 1_000_000 {
        let at = put_small(room, at, v / 1000);
        return put_three(room, at, v % 1000);
    }
    put_large(room, at, v)
}

/// The digits of `v` < 1000; the end.
#[inline(always)]
fn put_small(room: &mut Room, at: usize, v: u32) -> usize {
    put_entry(room, at, NUMBERS[v as usize & 1023])
}

/// Three zero-padded digits of `v` < 1000; the end.
#[inline(always)]
fn put_three(room: &mut Room, at: usize, v: u32) -> usize {
    put_word(room, at, TRIPLES[v as usize & 1023] as u32, 3)
}

/// [`put_dec`] of `v` >= 1000000, in groups of three digits.
#[inline(never)]
fn put_large(room: &mut Room, at: usize, v: u32) -> usize {
    let groups = [
        v / 1_000_000_000,
        v / 1_000_000 % 1000,
        v / 1000 % 1000,
        v % 1000,
    ];
    let first = groups.iter().position(|&g| g != 0).unwrap_or(3);
    let mut at = put_small(room, at, groups[first]);
    for &g in &groups[first + 1..] {
        at = put_three(room, at, g);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: Fields) -> String {
        // Over what an earlier block left.
        let mut room = [b'x'; 48 + CHUNK];
        let len = write_text(&mut room, f);
        let padded = (len + 1).max(super::super::STRIDE);
        assert!(room[len..padded].iter().all(|b| *b == b' '), "{f:?}");
        String::from_utf8_lossy(&room[..len]).into_owned()
    }

    #[test]
    fn prefix_texts() {
        const NO: u32 = PlainEntry::NO;
        for (f, want) in [
            ([NO, NO, NO, NO], "-"),
            ([0, 0, NO, NO], "0"),
            ([7, 9, NO, NO], "7-9"),
            ([12, 12, 4, 20], "12:4-20"),
            ([999, 1000, NO, 8], "999-1000:?-8"),
            ([100_000, 100_000, 5, NO], "100000:5-?"),
            ([1, 1, 1000, 7], "1:1000-7"),
            ([3, 3, 7, 1000], "3:7-1000"),
            ([9999, 10_000, 0, 999], "9999-10000:0-999"),
            ([10_000, 10_000, 12, NO], "10000:12-?"),
            ([5, 6, NO, 999], "5-6:?-999"),
            ([1_000_001, 1_000_001, 0, 0], "1000001:0-0"),
            (
                [2_147_483_647, NO, 4_294_967_294, 4_000_000_000],
                "2147483647:4294967294-4000000000",
            ),
            (
                [2_147_483_646, 2_147_483_647, 4_294_967_294, 4_294_967_293],
                "2147483646-2147483647:4294967294-4294967293",
            ),
        ] {
            assert_eq!(text(f), want);
        }
    }
}
