//! Oracles for hostile input, shared by the cargo-fuzz targets in `fuzz/` and the seeded
//! property tests in `tests/bad_input.rs`.
//!
//! Each `check_*` function accepts any bytes. It returns normally when the library
//! behaved, and panics (the only panics in this crate, on purpose: that is how a fuzzer
//! learns of a bug) when it did not:
//! - an accepted input must write back to exactly the same bytes (the object model is
//!   lossless for *every* input the reader accepts, not only for CPython's output);
//! - a rejected input's error must point inside the input and say so in its message.
//!
//! The reader and writer themselves must not panic, overflow the stack or allocate out
//! of proportion; a fuzzer sees those as crashes, out-of-memory or stack-overflow
//! reports.

use crate::marshal;
use crate::pyc::{PycError, PycFile};
use crate::version::Version;

/// The version a fuzz input's first byte selects (any byte maps to some version).
pub fn version_from_byte(b: u8) -> Version {
    Version::ALL[usize::from(b) % Version::ALL.len()]
}

/// Read `data` as a marshalled object of `version`; if it is accepted, writing it back
/// must give `data` again; if not, the error must name an offset inside `data`.
/// Returns whether the input was accepted.
pub fn check_marshal(data: &[u8], version: Version) -> bool {
    match marshal::read(data, version) {
        Ok(tree) => {
            match marshal::write(&tree, version) {
                Ok(bytes) => assert!(
                    bytes == data,
                    "{version}: lossless round trip failed for {} accepted byte(s): {data:02x?}",
                    data.len()
                ),
                Err(e) => panic!("{version}: accepted input cannot be written back: {e}"),
            }
            true
        }
        Err(e) => {
            check_error(&e, data.len(), &version.to_string());
            false
        }
    }
}

/// The error's offset lies inside the input (the end counts: "needs more bytes") and
/// the message names it.
fn check_error(e: &marshal::Error, len: usize, what: &str) {
    assert!(
        e.offset() <= len,
        "{what}: error offset {} beyond the {len}-byte input: {e}",
        e.offset()
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("at byte {}: ", e.offset())),
        "{what}: error message does not name its offset: {msg}"
    );
}

/// [`check_marshal`] with the version picked by the first byte (for fuzzers).
pub fn check_marshal_any(data: &[u8]) -> bool {
    match data.split_first() {
        Some((&v, rest)) => check_marshal(rest, version_from_byte(v)),
        None => false,
    }
}

/// Parse `data` as a whole .pyc file; if it is accepted, its bytes must come back
/// unchanged; marshal errors must point inside the file. Returns whether it was
/// accepted.
pub fn check_pyc(data: &[u8]) -> bool {
    match PycFile::parse(data) {
        Ok(pyc) => {
            match pyc.to_bytes() {
                Ok(bytes) => assert!(
                    bytes == data,
                    "lossless .pyc round trip failed for {} accepted byte(s)",
                    data.len()
                ),
                Err(e) => panic!("accepted .pyc cannot be written back: {e}"),
            }
            true
        }
        Err(PycError::Marshal(e)) => {
            check_error(&e, data.len(), ".pyc body");
            false
        }
        Err(_) => false,
    }
}
