//! The marshal tree's code object accessors on real .pyc files.

use pycasm::marshal::{CodeField, Item};
use pycasm::pyc::PycFile;

const FIELDS: [CodeField; 13] = [
    CodeField::Code,
    CodeField::Consts,
    CodeField::Names,
    CodeField::Varnames,
    CodeField::Localsplusnames,
    CodeField::Localspluskinds,
    CodeField::Freevars,
    CodeField::Cellvars,
    CodeField::Filename,
    CodeField::Name,
    CodeField::Qualname,
    CodeField::Linetable,
    CodeField::Exceptiontable,
];

/// `field_table` answers what `field` answers, field by field, for every code object
/// of some stdlib modules of a split-layout (3.8) and a 3.11+ version (3.12).
#[test]
fn field_table_is_field_by_field() {
    let mut checked = 0;
    for lib in ["3.8", "3.12"] {
        let Ok(dirs) = std::fs::read_dir("/root/.pyenv/versions") else {
            return;
        };
        let Some(root) = dirs.filter_map(Result::ok).map(|d| d.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{lib}.")))
        }) else {
            eprintln!("SKIP {lib}: no interpreter");
            continue;
        };
        let cache = root.join(format!("lib/python{lib}/__pycache__"));
        let tag = lib.replace('.', "");
        for name in ["os", "typing", "dataclasses"] {
            let path = cache.join(format!("{name}.cpython-{tag}.pyc"));
            let Ok(pyc) = PycFile::read(&path) else {
                continue;
            };
            let body = &pyc.body;
            for id in body.preorder(body.root()) {
                if let Item::Code(c) = body.item(id) {
                    let table = c.field_table();
                    for (k, f) in FIELDS.iter().enumerate() {
                        assert_eq!(table[k], c.field(*f), "{path:?} {f:?}");
                    }
                    checked += 1;
                }
            }
        }
    }
    eprintln!("{checked} code objects");
}
