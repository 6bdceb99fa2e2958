//! Lone surrogates in a 3.x `str` (`'\ud800'`, `chr(0xdc80)`): UTF-8 cannot
//! encode them, so `encode()` and writing to stdout raise `UnicodeEncodeError`
//! unless an error handler says otherwise.

use super::super::interp::{Error, PyResult, Vm};
use crate::vm::objects::Args;
use crate::vm::value::{Str, Value};

/// The error for the surrogates at character positions `start..end`.
fn encode_error(vm: &Vm, s: &Str, start: usize, end: usize) -> Error {
    let what = if end - start == 1 {
        let c = s
            .as_str()
            .chars()
            .nth(start)
            .map_or(0xd800, |c| s.code_point(c));
        format!("character '\\u{c:04x}' in position {start}")
    } else {
        format!("characters in position {start}-{}", end - 1)
    };
    vm.exc_args(
        "UnicodeEncodeError",
        vec![Value::str(&format!(
            "'utf-8' codec can't encode {what}: surrogates not allowed"
        ))],
    )
}

/// `s` as UTF-8 under the error handler `errors`.
fn encode_utf8(vm: &Vm, s: &Str, errors: &str) -> PyResult<Vec<u8>> {
    let points: Vec<u32> = s.as_str().chars().map(|c| s.code_point(c)).collect();
    let mut out = Vec::with_capacity(points.len());
    let mut i = 0;
    while i < points.len() {
        let p = points[i];
        if !(0xd800..=0xdfff).contains(&p) {
            let c = char::from_u32(p).unwrap_or('\u{fffd}');
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            i += 1;
            continue;
        }
        match errors {
            "surrogatepass" => out.extend([
                0xe0 | (p >> 12) as u8,
                0x80 | ((p >> 6) & 0x3f) as u8,
                0x80 | (p & 0x3f) as u8,
            ]),
            "surrogateescape" if (0xdc80..=0xdcff).contains(&p) => out.push((p - 0xdc00) as u8),
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => out.extend(format!("\\u{p:04x}").bytes()),
            _ => {
                let end = (i..points.len())
                    .find(|&j| !(0xd800..=0xdfff).contains(&points[j]))
                    .unwrap_or(points.len());
                return Err(encode_error(vm, s, i, end));
            }
        }
        i += 1;
    }
    Ok(out)
}

/// `s.encode(encoding='utf-8', errors='strict')` of a string with surrogates.
pub fn encode(vm: &Vm, s: &Str, args: &Args) -> PyResult<Value> {
    let errors = args.pos.get(1).or_else(|| {
        args.kw
            .iter()
            .find(|(k, _)| k.as_str() == "errors")
            .map(|(_, v)| v)
    });
    let errors = match errors {
        Some(Value::Str(e)) => e.to_string(),
        _ => "strict".into(),
    };
    Ok(Value::Bytes(encode_utf8(vm, s, &errors)?.into()))
}

/// Text written to stdout/stderr: `UnicodeEncodeError` on a lone surrogate.
pub fn check_writable(vm: &Vm, s: &Str) -> PyResult<()> {
    if s.has_surrogates() {
        encode_utf8(vm, s, "strict")?;
    }
    Ok(())
}
