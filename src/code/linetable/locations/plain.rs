//! Location entries as the 3.12+ disassembler walks them ([`Entries::next_plain`]):
//! plain fields instead of `Option`s, the short and one-line forms (nearly every
//! entry) decoded inline, and whether each entry is in the form CPython's writer
//! picks for its position.

use super::{Entries, LocationEntry, LocationForm, Position};

#[cfg(doc)]
use super::super::canonical_entry;

/// A location entry without negative lines. Absent fields are [`PlainEntry::NO`]
/// (a decoded column is below `u32::MAX`, a line here at most `i32::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainEntry {
    /// Start line ([`NO`](Self::NO) only for the no-location form).
    pub line: u32,
    /// End line.
    pub end_line: u32,
    /// Start column.
    pub col: u32,
    /// End column.
    pub end_col: u32,
    /// Length in code units, 1 to 8.
    pub units: u8,
    /// Whether CPython's writer (`write_location_info_entry`), at the line state
    /// before the entry, writes its position in the entry's form, so in its bytes.
    pub canonical: bool,
}

impl PlainEntry {
    /// An absent field.
    pub const NO: u32 = u32::MAX;

    /// Whether two entries hold the same position.
    #[inline(always)]
    pub fn same_place(&self, other: &PlainEntry) -> bool {
        // Columns first: neighbours differ in them most often.
        (self.col, self.end_col) == (other.col, other.end_col)
            && (self.line, self.end_line) == (other.line, other.end_line)
    }

    /// The position ([`LocationEntry::position`]).
    pub fn position(&self) -> Position {
        let field = |v: u32| (v != Self::NO).then_some(v);
        let line = |v: u32| field(v).and_then(|v| i32::try_from(v).ok());
        Position {
            line: line(self.line),
            end_line: line(self.end_line),
            col: field(self.col),
            end_col: field(self.end_col),
        }
    }

    /// A one-line entry (codes 10-12); `same_line` when its line is the state's
    /// (code 10). The writer picks the short form when that can hold it.
    #[inline(always)]
    fn one_line(units: u8, line: u32, col: u8, end_col: u8, same_line: bool) -> PlainEntry {
        // `end_col - col` below 16 and not negative.
        let short = same_line && col < 80 && end_col.wrapping_sub(col) < 16;
        PlainEntry {
            line,
            end_line: line,
            col: col.into(),
            end_col: end_col.into(),
            units,
            canonical: !short,
        }
    }

    /// Whether the writer ([`canonical_entry`]) at line state `state` writes this
    /// position (a long entry's: an end line not before the line) in the long form:
    /// unless it fits the short or one-line form (one line, both columns) or the
    /// no-column form (one line, a column missing).
    #[inline(always)]
    fn long_is_canonical(&self, state: i32) -> bool {
        if self.end_line != self.line {
            return true;
        }
        let (c, ec) = (self.col, self.end_col);
        if c == Self::NO || ec == Self::NO {
            return false;
        }
        let delta = i64::from(self.line) - i64::from(state);
        let short = delta == 0 && c < 80 && ec.wrapping_sub(c) < 16;
        let one_line = (0..3).contains(&delta) && c < 128 && ec < 128;
        !short && !one_line
    }

    /// `e` (decoded at line state `state`), or `None` when a line is negative.
    /// Short, no-column and no-position entries are always canonical (a short entry
    /// keeps the state's line and its columns fit); one-line and long ones follow
    /// the writer's choice ([`one_line`](Self::one_line),
    /// [`long_is_canonical`](Self::long_is_canonical)).
    fn of(e: &LocationEntry, state: i32) -> Option<PlainEntry> {
        let line = |v: Option<i32>| v.map_or(Some(Self::NO), |l| u32::try_from(l).ok());
        let col = |v: Option<u32>| v.unwrap_or(Self::NO);
        let plain = PlainEntry {
            line: line(e.line)?,
            end_line: line(e.end_line)?,
            col: col(e.col),
            end_col: col(e.end_col),
            units: e.units,
            canonical: true,
        };
        Some(match e.form {
            LocationForm::OneLine => {
                let (c, ec) = (plain.col as u8, plain.end_col as u8);
                Self::one_line(e.units, plain.line, c, ec, e.line == Some(state))
            }
            LocationForm::Long => PlainEntry {
                canonical: plain.long_is_canonical(state),
                ..plain
            },
            LocationForm::Short | LocationForm::NoColumn | LocationForm::None => plain,
        })
    }
}

impl Entries<'_> {
    /// The next entry as a [`PlainEntry`]; `None` at the end, at an error or at an
    /// entry with a negative line ([`failed`](Self::failed) tells the last two).
    #[inline(always)]
    pub fn next_plain(&mut self) -> Option<PlainEntry> {
        let at = self.r.pos;
        let &first = self.r.bytes.get(at)?;
        let code = (first >> 3) & 15;
        let units = (first & 7) + 1;
        let line = u32::try_from(self.line).unwrap_or(PlainEntry::NO);
        if first & 0x80 != 0 && line != PlainEntry::NO {
            if code <= 9 {
                if let Some(&b) = self.r.bytes.get(at + 1).filter(|b| **b & 0x80 == 0) {
                    self.r.pos = at + 2;
                    let col = u32::from(code) * 8 + u32::from((b >> 4) & 7);
                    return Some(PlainEntry {
                        line,
                        end_line: line,
                        col,
                        end_col: col + u32::from(b & 15),
                        units,
                        canonical: true,
                    });
                }
            } else if code <= 12 {
                let delta = u32::from(code - 10);
                if let Some(&[col, end_col]) = self.r.bytes.get(at + 1..at + 3) {
                    if (col | end_col) & 0x80 == 0 && line + delta <= i32::MAX as u32 {
                        self.r.pos = at + 3;
                        self.line += delta as i32;
                        let line = line + delta;
                        return Some(PlainEntry::one_line(units, line, col, end_col, delta == 0));
                    }
                }
            }
        }
        self.next_rare(first)
    }

    /// [`next_plain`](Self::next_plain) for the other forms, negative lines and
    /// errors.
    #[cold]
    #[inline(never)]
    fn next_rare(&mut self, first: u8) -> Option<PlainEntry> {
        let state = self.line;
        if let Some(e) = self.next_long_small(first) {
            return Some(e);
        }
        if let Some(e) = self.next_simple(first) {
            return Some(e);
        }
        let e = self
            .entry(first)
            .ok()
            .and_then(|e| PlainEntry::of(&e, state));
        self.failed = e.is_none();
        e
    }

    /// A long entry whose four numbers take a byte each (most: a position over
    /// several lines, columns below 63), with non-negative lines; `None` leaves the
    /// others to [`next_simple`](Self::next_simple).
    #[inline(always)]
    fn next_long_small(&mut self, first: u8) -> Option<PlainEntry> {
        let at = self.r.pos;
        let &[d, dl, c, ec] = self.r.bytes.get(at + 1..)?.first_chunk::<4>()?;
        // One-byte varints; 1 is a non-minimal zero.
        if first & 0xf8 != 0xf0 || (d | dl | c | ec) & 0xc0 != 0 || d == 1 {
            return None;
        }
        let delta = if d & 1 == 1 {
            -i64::from(d >> 1)
        } else {
            i64::from(d >> 1)
        };
        let line = u32::try_from(i64::from(self.line) + delta).ok()?;
        let end_line = line + u32::from(dl);
        if end_line > i32::MAX as u32 {
            return None;
        }
        let (col, end_col) = (u32::from(c).wrapping_sub(1), u32::from(ec).wrapping_sub(1));
        let mut e = PlainEntry {
            line,
            end_line,
            col,
            end_col,
            units: (first & 7) + 1,
            canonical: true,
        };
        e.canonical = e.long_is_canonical(self.line);
        self.r.pos = at + 5;
        self.line = line as i32;
        Some(e)
    }

    /// The no-position form, and the no-column and long forms whose numbers take at
    /// most two bytes, with non-negative lines (nearly all of them); `None` leaves
    /// anything else (errors included) to the checked decoder.
    #[inline(always)]
    fn next_simple(&mut self, first: u8) -> Option<PlainEntry> {
        let units = (first & 7) + 1;
        let mut e = PlainEntry {
            line: PlainEntry::NO,
            end_line: PlainEntry::NO,
            col: PlainEntry::NO,
            end_col: PlainEntry::NO,
            units,
            canonical: true,
        };
        let mut at = self.r.pos + 1;
        let bytes = self.r.bytes;
        let mut varint = || {
            let v = short_varint(bytes, at)?;
            at += 1 + usize::from(v >= 64);
            Some(v)
        };
        // A signed varint (1 is a non-minimal zero); the line it leads to.
        let mut line = || match varint()? {
            1 => None,
            u => {
                let d = if u & 1 == 1 {
                    -i64::from(u >> 1)
                } else {
                    i64::from(u >> 1)
                };
                u32::try_from(i64::from(self.line) + d)
                    .ok()
                    .filter(|l| *l <= i32::MAX as u32)
            }
        };
        match first {
            0xf8..=0xff => {}
            0xe8..=0xef => {
                e.line = line()?;
                e.end_line = e.line;
            }
            0xf0..=0xf7 => {
                e.line = line()?;
                e.end_line = e.line + varint()?;
                if e.end_line > i32::MAX as u32 {
                    return None;
                }
                e.col = varint()?.wrapping_sub(1);
                e.end_col = varint()?.wrapping_sub(1);
                e.canonical = e.long_is_canonical(self.line);
            }
            _ => return None,
        }
        self.r.pos = at;
        if e.line != PlainEntry::NO {
            self.line = e.line as i32;
        }
        Some(e)
    }
}

/// The varint at `at` when it takes one or two bytes and is minimal; `None` for
/// anything else.
#[inline(always)]
fn short_varint(bytes: &[u8], at: usize) -> Option<u32> {
    let b = *bytes.get(at)?;
    if b & 0xc0 == 0 {
        return Some(b.into());
    }
    let c = *bytes.get(at + 1)?;
    (b & 0x80 == 0 && c & 0xc0 == 0 && c != 0).then(|| u32::from(b & 63) | u32::from(c) << 6)
}

#[cfg(test)]
mod tests {
    use super::super::super::canonical_entry;
    use super::super::Locations;
    use super::*;

    /// A pseudo-random generator (xorshift), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn long_form_rule_is_the_writers() {
        for state in [0, 5, 6, 7, 8, 100] {
            for line in [5u32, 6, 7, 8, 9] {
                for end in [line, line + 1] {
                    for col in [0, 3, 79, 80, 127, 128, PlainEntry::NO] {
                        for end_col in [0, 3, 18, 79, 94, 95, 127, 128, 300, PlainEntry::NO] {
                            let e = PlainEntry {
                                line,
                                end_line: end,
                                col,
                                end_col,
                                units: 1,
                                canonical: true,
                            };
                            let writer = canonical_entry(e.position(), 1, &mut { state });
                            assert_eq!(
                                e.long_is_canonical(state),
                                writer == Some(LocationForm::Long),
                                "{e:?} at state {state}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// A table of plausible entries, now and then a broken or unusual byte.
    fn table(rng: &mut Rng) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..rng.below(40) {
            let code = rng.below(16) as u8;
            out.push(0x80 | code << 3 | rng.below(8) as u8);
            let payload = match code {
                0..=9 => 1,
                10..=12 => 2,
                13 => 1 + rng.below(2),
                14 => 4 + rng.below(3),
                _ => 0,
            };
            for _ in 0..payload {
                let b = match rng.below(10) {
                    0 => 0x40 | rng.below(64) as u8,
                    1 => rng.below(256) as u8,
                    2 => 1,
                    _ => rng.below(64) as u8,
                };
                out.push(b);
            }
        }
        if rng.below(4) == 0 && !out.is_empty() {
            let at = rng.below(out.len() as u64) as usize;
            out[at] = rng.below(256) as u8;
        }
        out
    }

    #[test]
    fn plain_entries_are_the_checked_decoders() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let bytes = table(&mut rng);
            let firstlineno = rng.below(6) as i32 - 2;
            // The checked decoder's entries as plain ones, up to an error or a
            // negative line.
            let mut expected = Vec::new();
            let mut state = firstlineno;
            let mut stops = false;
            for e in Locations::entries(&bytes, firstlineno) {
                let Some(p) = e.ok().and_then(|e| {
                    let p = PlainEntry::of(&e, state);
                    if !matches!(e.form, LocationForm::Short | LocationForm::None) {
                        state = e.line.unwrap_or(state);
                    }
                    p
                }) else {
                    stops = true;
                    break;
                };
                expected.push(p);
            }
            let mut entries = Locations::entries(&bytes, firstlineno);
            let got: Vec<PlainEntry> = std::iter::from_fn(|| entries.next_plain()).collect();
            assert_eq!(got, expected, "{bytes:02x?} from line {firstlineno}");
            assert_eq!(entries.failed(), stops, "{bytes:02x?}");
        }
    }
}
