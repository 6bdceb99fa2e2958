//! Sharing repeated strings, the way CPython's writer does for interned strings: the
//! first occurrence is flagged (FLAG_REF) and later ones become references. Used for
//! trees built from scratch (`Code::to_marshal` writes no references), so that a
//! rewritten .pyc is about as small as CPython's.

use std::collections::HashMap;

use super::object::{Obj, StrForm, Value};
use crate::version::Version;

/// Flag every string or bytes value that occurs more than once and replace its later
/// occurrences by references (2.7: later occurrences of interned strings become string
/// references). The tree must not contain flags or references yet.
pub fn share_repeats(root: &mut Obj, version: Version) {
    if !version.has_marshal_refs() {
        share_interned_27(root);
        return;
    }
    let mut counts: HashMap<(u8, Box<[u8]>), u32> = HashMap::new();
    visit(root, &mut |o| {
        if let Some(k) = key(o) {
            *counts.entry(k).or_default() += 1;
        }
    });
    let mut slots: HashMap<(u8, Box<[u8]>), u32> = HashMap::new();
    let mut next = 0u32;
    let mut stack: Vec<&mut Obj> = vec![root];
    while let Some(o) = stack.pop() {
        if let Some(k) = key(o) {
            if let Some(&slot) = slots.get(&k) {
                *o = Obj::new(Value::Ref(slot));
                continue;
            }
            if counts.get(&k).copied().unwrap_or(0) > 1 {
                o.flagged = true;
                slots.insert(k, next);
                next += 1;
            }
            continue;
        }
        // Containers and code objects take slots only when flagged; they are not.
        let mut children: Vec<&mut Obj> = Vec::new();
        match &mut o.value {
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => children.extend(items.iter_mut()),
            Value::Dict(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                children.push(k);
                children.push(v)
            }),
            Value::Slice(parts) => children.extend(parts.iter_mut()),
            Value::Code(c) => children.extend(super::shape::code_fields_mut(c)),
            _ => {}
        }
        // Pre-order: the first child must be visited first.
        children.reverse();
        stack.extend(children);
    }
}

/// 2.7: every `t` string joins the string table; repeats become `R` references.
fn share_interned_27(root: &mut Obj) {
    let mut table: HashMap<Box<[u8]>, u32> = HashMap::new();
    let mut stack: Vec<&mut Obj> = vec![root];
    while let Some(o) = stack.pop() {
        if let Value::Str(b, StrForm::Interned) = &o.value {
            match table.get(b) {
                Some(&i) => *o = Obj::new(Value::StringRef(i)),
                None => {
                    let i = table.len() as u32;
                    table.insert(b.clone(), i);
                }
            }
            continue;
        }
        let mut children: Vec<&mut Obj> = Vec::new();
        match &mut o.value {
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => children.extend(items.iter_mut()),
            Value::Dict(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                children.push(k);
                children.push(v)
            }),
            Value::Slice(parts) => children.extend(parts.iter_mut()),
            Value::Code(c) => children.extend(super::shape::code_fields_mut(c)),
            _ => {}
        }
        children.reverse();
        stack.extend(children);
    }
}

fn key(o: &Obj) -> Option<(u8, Box<[u8]>)> {
    match &o.value {
        Value::Str(b, f) => Some((f.code(), b.clone())),
        Value::Bytes(b) => Some((b's', b.clone())),
        _ => None,
    }
}

fn visit(o: &Obj, f: &mut impl FnMut(&Obj)) {
    o.walk(&mut |x| f(x));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marshal::{read, write, StrForm, TupleForm};
    use crate::Version;

    #[test]
    fn repeats_become_references_that_read_back() {
        let s = |t: &str| Obj::new(Value::Str(t.as_bytes().into(), StrForm::ShortAsciiInterned));
        let mut tree = Obj::new(Value::Tuple(
            vec![s("a"), s("b"), s("a"), s("a")],
            TupleForm::Small,
        ));
        share_repeats(&mut tree, Version::V3_12);
        let bytes = write(&tree, Version::V3_12).unwrap();
        assert_eq!(
            bytes,
            b")\x04\xda\x01aZ\x01br\x00\x00\x00\x00r\x00\x00\x00\x00"
        );
        assert_eq!(read(&bytes, Version::V3_12).unwrap(), tree);
    }
}
