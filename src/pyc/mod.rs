//! .pyc files: the header of each era and the marshalled body.
//!
//! | versions | header |
//! | --- | --- |
//! | 2.7 | magic, mtime (8 bytes) |
//! | 3.6 | magic, mtime, source size (12 bytes) |
//! | 3.7+ | magic, PEP 552 flags, then mtime and size, or the 8-byte source hash (16 bytes) |

use std::path::Path;

use crate::marshal::{self, Tree};
use crate::version::Version;

/// A problem with a .pyc file.
#[derive(Debug, thiserror::Error)]
pub enum PycError {
    /// The file is shorter than its header.
    #[error("truncated header: {len} byte(s), a {version} header has {needed}")]
    ShortHeader {
        /// File length.
        len: usize,
        /// Header length.
        needed: usize,
        /// The version the magic named.
        version: Version,
    },
    /// The magic number belongs to no supported version.
    #[error("unknown magic number {magic} (bytes {bytes:02x?}); supported: 2.7 and 3.6 to 3.14")]
    UnknownMagic {
        /// The magic as a little-endian u16.
        magic: u16,
        /// The first four bytes.
        bytes: Vec<u8>,
    },
    /// Bytes 2..4 of the magic are not `\r\n`.
    #[error("bad magic: bytes 2-3 are {0:02x?}, expected 0d 0a")]
    BadMagicTail([u8; 2]),
    /// PEP 552 flags other than 0, 1, 2, 3.
    #[error("invalid PEP 552 flags 0x{0:08x} at byte 4 (only bits 0 and 1 are defined)")]
    BadFlags(u32),
    /// The marshalled body is bad; the offset is counted from the file start.
    #[error("marshal data {0}")]
    Marshal(#[from] marshal::Error),
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// How the importer decides whether the .pyc is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalidation {
    /// Compare the source's mtime (and size, 3.x).
    Timestamp {
        /// `int(st_mtime) & 0xFFFFFFFF`.
        mtime: u32,
        /// `st_size & 0xFFFFFFFF` (absent in 2.7).
        source_size: Option<u32>,
    },
    /// PEP 552 hash-based (3.7+).
    Hash {
        /// The SipHash of the source bytes.
        source_hash: u64,
        /// Whether the importer re-checks the hash (flag bit 1).
        check_source: bool,
    },
}

/// A .pyc header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The release line.
    pub version: Version,
    /// The exact magic number (alpha/rc releases use others than the final one).
    pub magic: u16,
    /// The raw PEP 552 flags word (3.7+; 0 before).
    pub flags: u32,
    /// Timestamp or hash.
    pub invalidation: Invalidation,
}

impl Header {
    /// A timestamp header with the version's final magic number.
    pub fn timestamp(version: Version, mtime: u32, source_size: u32) -> Header {
        Header {
            version,
            magic: version.magic(),
            flags: 0,
            invalidation: Invalidation::Timestamp {
                mtime,
                source_size: (version != Version::V2_7).then_some(source_size),
            },
        }
    }

    /// The number of bytes the header takes.
    pub fn len(&self) -> usize {
        self.version.header_len()
    }

    /// Headers are never empty; present for symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Parse the header at the start of a file.
    pub fn parse(data: &[u8]) -> Result<Header, PycError> {
        let Some(m) = data.get(..4) else {
            // A file cut inside the magic: short if what is there names a version.
            return Err(match data {
                [a, b, ..] => match Version::from_magic(u16::from_le_bytes([*a, *b])) {
                    Some(version) => PycError::ShortHeader {
                        len: data.len(),
                        needed: version.header_len(),
                        version,
                    },
                    None => PycError::UnknownMagic {
                        magic: u16::from_le_bytes([*a, *b]),
                        bytes: data.to_vec(),
                    },
                },
                _ => PycError::UnknownMagic {
                    magic: 0,
                    bytes: data.to_vec(),
                },
            });
        };
        let magic = u16::from_le_bytes([m[0], m[1]]);
        let Some(version) = Version::from_magic(magic) else {
            return Err(PycError::UnknownMagic {
                magic,
                bytes: m.to_vec(),
            });
        };
        if m[2..4] != *b"\r\n" {
            return Err(PycError::BadMagicTail([m[2], m[3]]));
        }
        let needed = version.header_len();
        if data.len() < needed {
            return Err(PycError::ShortHeader {
                len: data.len(),
                needed,
                version,
            });
        }
        let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
        let (flags, invalidation) = match version {
            Version::V2_7 => (
                0,
                Invalidation::Timestamp {
                    mtime: word(4),
                    source_size: None,
                },
            ),
            Version::V3_6 => (
                0,
                Invalidation::Timestamp {
                    mtime: word(4),
                    source_size: Some(word(8)),
                },
            ),
            _ => {
                let flags = word(4);
                if flags & !3 != 0 {
                    return Err(PycError::BadFlags(flags));
                }
                let inv = if flags & 1 != 0 {
                    Invalidation::Hash {
                        source_hash: u64::from(word(8)) | (u64::from(word(12)) << 32),
                        check_source: flags & 2 != 0,
                    }
                } else {
                    Invalidation::Timestamp {
                        mtime: word(8),
                        source_size: Some(word(12)),
                    }
                };
                (flags, inv)
            }
        };
        Ok(Header {
            version,
            magic,
            flags,
            invalidation,
        })
    }

    /// The header bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16);
        out.extend_from_slice(&self.magic.to_le_bytes());
        out.extend_from_slice(b"\r\n");
        if self.version.header_len() == 16 {
            out.extend_from_slice(&self.flags.to_le_bytes());
        }
        match self.invalidation {
            Invalidation::Timestamp { mtime, source_size } => {
                out.extend_from_slice(&mtime.to_le_bytes());
                if self.version != Version::V2_7 {
                    out.extend_from_slice(&source_size.unwrap_or(0).to_le_bytes());
                }
            }
            Invalidation::Hash { source_hash, .. } => {
                out.extend_from_slice(&source_hash.to_le_bytes())
            }
        }
        out
    }
}

/// `importlib.util.source_hash` of this version: SipHash keyed with the magic token
/// (SipHash-2-4 in 3.7-3.10, SipHash-1-3 from 3.11; `Python/pyhash.c`). `None` for
/// versions without hash-based pycs.
pub fn source_hash(version: Version, source: &[u8]) -> Option<u64> {
    use std::hash::Hasher;
    let k0 = u64::from(version.magic_token());
    match version {
        Version::V2_7 | Version::V3_6 => None,
        Version::V3_7 | Version::V3_8 | Version::V3_9 | Version::V3_10 => {
            let mut h = siphasher::sip::SipHasher24::new_with_keys(k0, 0);
            h.write(source);
            Some(h.finish())
        }
        _ => {
            let mut h = siphasher::sip::SipHasher13::new_with_keys(k0, 0);
            h.write(source);
            Some(h.finish())
        }
    }
}

/// A whole .pyc: header and the marshalled module code object.
#[derive(Debug, Clone, PartialEq)]
pub struct PycFile {
    /// The header.
    pub header: Header,
    /// The marshalled body (a code object in every file CPython writes).
    pub body: Tree<'static>,
}

impl PycFile {
    /// Parse a .pyc from bytes.
    pub fn parse(data: &[u8]) -> Result<PycFile, PycError> {
        PycFile::parse_owned(data.to_vec())
    }

    /// Parse a .pyc from bytes it keeps (the body's strings stay in them).
    pub fn parse_owned(data: Vec<u8>) -> Result<PycFile, PycError> {
        let header = Header::parse(&data)?;
        let start = header.len();
        let body = marshal::read_owned(data, start, header.version)?;
        Ok(PycFile { header, body })
    }

    /// Read a .pyc file.
    pub fn read(path: &Path) -> Result<PycFile, PycError> {
        let data = std::fs::read(path).map_err(|source| PycError::Io {
            path: path.display().to_string(),
            source,
        })?;
        PycFile::parse_owned(data)
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PycError> {
        let mut out = self.header.to_bytes();
        marshal::write_into(&self.body, self.header.version, &mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip_each_era() {
        for v in Version::ALL {
            let h = Header::timestamp(v, 0x1234_5678, 99);
            let b = h.to_bytes();
            assert_eq!(b.len(), v.header_len());
            assert_eq!(Header::parse(&b).ok(), Some(h));
        }
    }

    #[test]
    fn rejects_unknown_magic_and_flags() {
        let e = Header::parse(b"\x00\x00\r\n\0\0\0\0").expect_err("magic 0");
        assert!(e.to_string().contains("unknown magic number 0"), "{e}");
        let mut b = Header::timestamp(Version::V3_9, 0, 0).to_bytes();
        b[4] = 4;
        assert!(matches!(Header::parse(&b), Err(PycError::BadFlags(4))));
    }
}
