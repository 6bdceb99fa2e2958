//! The marshal reader on arbitrary bytes; the first byte picks the version (all ten).
//! Accepted input must write back byte for byte (`pycasm::fuzzing::check_marshal`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pycasm::fuzzing::check_marshal_any(data);
});
