// Placeholder until tools/gen_opcodes.py writes the real tables.
use super::{OpInfo, OpcodeTable};
use crate::version::Version;

static EMPTY: [OpInfo; 0] = [];

static TABLES: [OpcodeTable; 10] = {
    const fn t(version: Version) -> OpcodeTable {
        OpcodeTable {
            version,
            have_argument: 90,
            extended_arg: 144,
            cmp_op: &[],
            binary_ops: &[],
            ops: &EMPTY,
            by_code: [None; 256],
        }
    }
    [
        t(Version::V2_7),
        t(Version::V3_6),
        t(Version::V3_7),
        t(Version::V3_8),
        t(Version::V3_9),
        t(Version::V3_10),
        t(Version::V3_11),
        t(Version::V3_12),
        t(Version::V3_13),
        t(Version::V3_14),
    ]
};

pub(super) fn table(version: Version) -> &'static OpcodeTable {
    &TABLES[version.index()]
}
