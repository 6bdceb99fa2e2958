//! `repr()` of floats and complex numbers: CPython's short float repr (shortest
//! round-trip digits from `ryu`, laid out as `format_float_short` does) and
//! `complex_repr`.

use std::fmt::Write;

use super::DEFAULT_NAN;

/// Shortest round-trip digits of a finite, non-zero `|x|`: `(digits, decpt)` with
/// `|x| = 0.DIGITS * 10^decpt` (the contract of `_Py_dg_dtoa` mode 0).
fn shortest_digits(x: f64) -> (String, i32) {
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x.abs());
    let (mant, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    let decpt = int.len() as i32 - lead as i32 + exp;
    (digits.to_string(), decpt)
}

/// `format_float_short` for format code `'r'`: `add_dot_0` appends `.0` to integral
/// values written without an exponent, `sign` writes `+` for positive values.
pub fn float_r(out: &mut String, x: f64, add_dot_0: bool, sign: bool) {
    if x.is_nan() {
        out.push_str(if sign { "+nan" } else { "nan" });
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if sign {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return;
    }
    let (digits, decpt) = if x == 0.0 {
        ("0".to_string(), 1)
    } else {
        shortest_digits(x)
    };
    let n = digits.len() as i32;
    // 'r': exponent form when decpt <= -4 or decpt > 16.
    let use_exp = decpt <= -4 || decpt > 16;
    let (decpt, exp) = if use_exp { (1, decpt - 1) } else { (decpt, 0) };
    let end = if !use_exp && add_dot_0 {
        n.max(decpt + 1)
    } else {
        n.max(decpt)
    };
    if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(&digits);
    } else {
        for i in 0..end {
            if i == decpt {
                out.push('.');
            }
            out.push(
                digits
                    .as_bytes()
                    .get(i as usize)
                    .map_or('0', |&b| b as char),
            );
        }
    }
    if use_exp {
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// `repr(float)`, with `float.frombits(0x...)` for NaNs other than the default.
pub fn float_repr(out: &mut String, x: f64) {
    if x.is_nan() && x.to_bits() != DEFAULT_NAN {
        let _ = write!(out, "float.frombits(0x{:016x})", x.to_bits());
    } else {
        float_r(out, x, true, false);
    }
}

/// `complex_repr`: `2j` when the real part is +0.0, else `(re±imj)`; `complex(re, im)`
/// when a part is infinite or NaN, which `inf`/`nan` literals could not spell.
pub fn complex_repr(out: &mut String, re: f64, im: f64) {
    if !re.is_finite() || !im.is_finite() {
        out.push_str("complex(");
        float_repr(out, re);
        out.push_str(", ");
        float_repr(out, im);
        out.push(')');
    } else if re == 0.0 && re.is_sign_positive() {
        float_r(out, im, false, false);
        out.push('j');
    } else {
        out.push('(');
        float_r(out, re, false, false);
        float_r(out, im, false, true);
        out.push_str("j)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> String {
        let mut s = String::new();
        float_repr(&mut s, x);
        s
    }

    fn c(re: f64, im: f64) -> String {
        let mut s = String::new();
        complex_repr(&mut s, re, im);
        s
    }

    #[test]
    fn floats_follow_cpython_layout() {
        assert_eq!(f(1e16), "1e+16");
        assert_eq!(f(1e15), "1000000000000000.0");
        assert_eq!(f(1e-5), "1e-05");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(f64::INFINITY), "inf");
        assert_eq!(f(f64::NEG_INFINITY), "-inf");
        assert_eq!(f(f64::NAN), "nan");
        assert_eq!(f(1e100), "1e+100");
        assert_eq!(f(5e-324), "5e-324");
        assert_eq!(f(123456789.125), "123456789.125");
        assert_eq!(f(1.7976931348623157e308), "1.7976931348623157e+308");
        assert_eq!(
            f(f64::from_bits(0x7ff8_0000_0000_0001)),
            "float.frombits(0x7ff8000000000001)"
        );
    }

    #[test]
    fn complex_follows_cpython_layout() {
        assert_eq!(c(1.0, 2.0), "(1+2j)");
        assert_eq!(c(0.0, -1.0), "-1j");
        assert_eq!(c(-0.0, -0.0), "(-0-0j)");
        assert_eq!(c(0.0, 2.5), "2.5j");
        assert_eq!(c(1.5, 0.0), "(1.5+0j)");
        assert_eq!(c(0.0, f64::INFINITY), "complex(0.0, inf)");
    }
}
