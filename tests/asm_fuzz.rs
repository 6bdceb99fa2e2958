//! Random and mutated text through the whole assembler (parse, resolve, encode, write)
//! never panics, for every target version, and every diagnostic's span lies inside
//! the text.

use proptest::prelude::*;
use pycasm::Version;

fn examples() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out = Vec::new();
    for v in ["2.7", "3.8", "3.11", "3.13"] {
        for e in std::fs::read_dir(dir.join(v)).expect("examples").flatten() {
            out.push(std::fs::read_to_string(e.path()).expect("read"));
        }
    }
    out.sort();
    out
}

fn assemble_all_targets(text: &str) {
    let (file, diags) = pycasm::asm::parse(text);
    for d in &diags {
        assert!(d.span.end as usize <= text.len());
    }
    for target in [
        None,
        Some(Version::V2_7),
        Some(Version::V3_10),
        Some(Version::V3_14),
    ] {
        match pycasm::asm::assemble(&file, target) {
            Ok(a) => {
                let _ = a.pyc.to_bytes();
            }
            Err(ds) => {
                for d in ds {
                    assert!(d.span.end as usize <= text.len(), "{d:?}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mutated_examples_never_panic(
        pick in 0usize..24,
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "", " ", "\n", "@", ",", "(", ")", "[", "]", ":", "-", "#", ";", "'", "\"", "0", "9999999999",
            "LOAD_CONST", "JUMP_FORWARD", "L1", ".except", ".code @x", ".end", "None", "1e400", "\\x",
            "EXTENDED_ARG", "RETURN_VALUE", "#300", "[ext=3]", "-> ", "depth", "lasti",
        ])), 1..6),
    ) {
        let all = examples();
        let mut text = all[pick % all.len()].clone();
        for (at, ins) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            // Delete a few characters, then insert a fragment.
            let end = (i + 3).min(text.len());
            let end = (i..=end).rev().find(|&e| text.is_char_boundary(e)).unwrap_or(i);
            text.replace_range(i..end, ins);
        }
        assemble_all_targets(&text);
    }

    #[test]
    fn random_text_never_panics(text in "[ -~\n]{0,300}") {
        assemble_all_targets(&text);
    }
}
