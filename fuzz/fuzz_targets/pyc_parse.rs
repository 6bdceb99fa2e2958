//! Whole .pyc files: header (magic, PEP 552 flags) and body. Accepted files must write
//! back byte for byte (`pycasm::fuzzing::check_pyc`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pycasm::fuzzing::check_pyc(data);
});
