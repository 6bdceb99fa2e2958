//! The instruction codec on arbitrary bytes: decoding never panics, and whatever
//! decodes encodes back to the same bytes, for every version.

use proptest::prelude::*;
use pycasm::code::instr;
use pycasm::Version;

fn version() -> impl Strategy<Value = Version> {
    prop::sample::select(Version::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decode_encode_is_identity(v in version(), code in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(instrs) = instr::decode(&code, v) {
            let back = instr::encode(&instrs, v).expect("decoded instructions encode");
            prop_assert_eq!(back, code);
            let mut end = 0;
            for i in &instrs {
                prop_assert_eq!(i.offset, end);
                end += i.size(v);
                if let Some(t) = i.target {
                    prop_assert!((t as usize) < instrs.len());
                }
            }
        }
    }

    #[test]
    fn extended_args_are_folded(v in version(), arg in any::<u32>()) {
        let table = v.opcodes();
        // An opcode with an argument that is not EXTENDED_ARG itself.
        let Some(op) = table.ops.iter().find(|o| {
            o.has_arg && o.code < 256 && o.code as u8 != table.extended_arg
                && o.jump.is_none() && o.kind == pycasm::opcode::OpKind::Real
        }) else {
            return Err(TestCaseError::fail(format!("{v}: no opcode with an argument")));
        };
        let ins = instr::Instruction {
            offset: 0,
            opcode: op.code as u8,
            arg,
            ext: if v.is_wordcode() { 3 } else { 1 },
            caches: op.cache_entries,
            cache_data: None,
            target: None,
        };
        let bytes = instr::encode(std::slice::from_ref(&ins), v).expect("encodes");
        let back = instr::decode(&bytes, v).expect("decodes");
        prop_assert_eq!(back, vec![ins]);
    }
}
