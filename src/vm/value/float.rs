//! `repr(float)`: the shortest round-tripping digits (`ryu`) laid out with
//! CPython's rules (`Python/pystrtod.c: format_float_short`, `repr` mode 'r':
//! exponent notation when the decimal exponent is below -4 or at least 16).

/// CPython's `repr()` of a float.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let (neg, digits, exp) = shortest_digits(x);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // Value = 0.d1d2d3... * 10^exp, i.e. the decimal point sits after `exp` digits.
    let n = digits.len() as i32;
    if -4 < exp && exp <= 16 {
        if exp <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp) as usize));
            out.push_str(&digits);
        } else if exp >= n {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (exp - n) as usize));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..exp as usize]);
            out.push('.');
            out.push_str(&digits[exp as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = exp - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.abs()));
    }
    out
}

/// (negative, significant digits without trailing zeros, decimal exponent such that
/// the value is `0.DIGITS * 10^exp`).
pub(crate) fn shortest_digits(x: f64) -> (bool, String, i32) {
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(x);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mant, e10) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    let mut digits: String = format!("{int_part}{frac_part}");
    let mut exp = int_part.len() as i32 + e10;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..lead);
    exp -= lead as i32;
    let trimmed = digits.trim_end_matches('0').len();
    digits.truncate(trimmed.max(1));
    (neg, digits, exp)
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn layouts() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(1.5e-7), "1.5e-07");
        assert_eq!(float_repr(123.456), "123.456");
        assert_eq!(float_repr(-2.5e300), "-2.5e+300");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
    }
}
