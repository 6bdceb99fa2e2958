//! Decimal text of integers without `core::fmt` (hot in the disassembler's output
//! and in marshal shapes): whole runs of digits from a static table.

/// The decimal texts of 0 to 999, one after the other (`0`, `1`, ..., `10`, `11`,
/// ..., `999`), and of 000 to 999 zero-padded to three digits.
const SMALL_LEN: usize = 10 + 2 * 90 + 3 * 900;
const DIGIT_BYTES: [u8; SMALL_LEN + 3000] = {
    let mut b = [0u8; SMALL_LEN + 3000];
    let mut n = 0;
    let mut at = 0;
    while n < 1000 {
        if n >= 100 {
            b[at] = b'0' + (n / 100) as u8;
            at += 1;
        }
        if n >= 10 {
            b[at] = b'0' + (n / 10 % 10) as u8;
            at += 1;
        }
        b[at] = b'0' + (n % 10) as u8;
        at += 1;
        n += 1;
    }
    n = 0;
    while n < 1000 {
        b[at] = b'0' + (n / 100) as u8;
        b[at + 1] = b'0' + (n / 10 % 10) as u8;
        b[at + 2] = b'0' + (n % 10) as u8;
        at += 3;
        n += 1;
    }
    b
};
const DIGITS: &str = match std::str::from_utf8(&DIGIT_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("digits are ASCII"),
};

/// The text of `n` < 1000.
fn small(n: usize) -> &'static str {
    let (at, len) = match n {
        0..=9 => (n, 1),
        10..=99 => (10 + 2 * (n - 10), 2),
        _ => (190 + 3 * (n - 100), 3),
    };
    DIGITS.get(at..at + len).unwrap_or("?")
}

/// The three zero-padded digits of `n` < 1000.
fn padded(n: usize) -> &'static str {
    let at = SMALL_LEN + 3 * n;
    DIGITS.get(at..at + 3).unwrap_or("???")
}

/// The digits of 0 to 999, each followed by spaces to 7 bytes and the digit count,
/// for writers that copy the first four bytes whole and keep the count's worth.
pub static SMALL_WORDS: [[u8; 8]; 1000] = {
    let mut t = [[b' '; 8]; 1000];
    let mut n = 0;
    while n < 1000 {
        let digits = [(n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8];
        let skip = if n >= 100 {
            0
        } else if n >= 10 {
            1
        } else {
            2
        };
        let mut i = skip;
        while i < 3 {
            t[n][i - skip] = b'0' + digits[i];
            i += 1;
        }
        t[n][7] = (3 - skip) as u8;
        n += 1;
    }
    t
};

/// Where decimal text goes: a `String`, or the disassembler's byte buffer (whose
/// text is ASCII apart from copied reprs, and checked as UTF-8 once at the end).
pub trait Sink {
    /// Append one ASCII byte.
    fn push_ascii(&mut self, b: u8);
    /// Append a text.
    fn push_text(&mut self, s: &str);
}

impl Sink for String {
    #[inline]
    fn push_ascii(&mut self, b: u8) {
        self.push(char::from(b));
    }
    #[inline]
    fn push_text(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Sink for Vec<u8> {
    #[inline]
    fn push_ascii(&mut self, b: u8) {
        self.push(b);
    }
    #[inline]
    fn push_text(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// Append a decimal number without going through `core::fmt` (hot in block output).
#[inline]
pub fn push_int<S: Sink>(out: &mut S, n: i64) {
    // Most numbers (lines, columns, arguments) are below 1000: byte by byte, no copy
    // call (a fourth digit here costs more than it saves).
    if let Ok(n @ 0..1000) = u16::try_from(n) {
        let digit = |d: u16| b'0' + (d % 10) as u8;
        if n >= 100 {
            out.push_ascii(digit(n / 100));
        }
        if n >= 10 {
            out.push_ascii(digit(n / 10));
        }
        out.push_ascii(digit(n));
        return;
    }
    push_long(out, n);
}

/// [`push_int`] for the rest: whole runs of digits from a static table.
fn push_long<S: Sink>(out: &mut S, n: i64) {
    if n < 0 {
        out.push_ascii(b'-');
    }
    let v = n.unsigned_abs();
    if v < 1000 {
        out.push_text(small(v as usize));
        return;
    }
    // Groups of three digits, most significant first.
    let mut groups = [0usize; 7];
    let (mut k, mut rest) = (0, v);
    while rest >= 1000 {
        groups[k] = (rest % 1000) as usize;
        rest /= 1000;
        k += 1;
    }
    out.push_text(small(rest as usize));
    for &g in groups[..k].iter().rev() {
        out.push_text(padded(g));
    }
}
