//! Editing code objects inside a marshalled tree while keeping everything else as it
//! was: the forms, FLAG_REF bits and references of all untouched objects, so that
//! objects CPython shared (a constant tuple used by two functions) stay shared.
//!
//! Replacing a field that other places refer to (a flagged `co_linetable` that a later
//! `r` repeats) would change theirs too, so the first of those references takes over
//! the old value, and references are renumbered.

use super::error::{Error, ErrorKind};
use super::object::{CodeObj, Obj, Value};
use super::tree::Tree;

/// New contents for one code object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEdit {
    /// `co_code`.
    pub code: Vec<u8>,
    /// `co_lnotab` / `co_linetable`.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable` (3.11+).
    pub exceptiontable: Option<Vec<u8>>,
    /// `co_stacksize`.
    pub stacksize: i32,
}

/// The tree with the `n`-th code object (in reading order, references not followed)
/// changed by `edits[n]` where that is `Some`.
pub fn edit_code_objects(
    tree: &Tree<'_>,
    edits: &[Option<CodeEdit>],
) -> Result<Tree<'static>, Error> {
    let root = tree.to_obj();
    Tree::from_obj(&edit_obj(&root, edits)?)
}

/// [`edit_code_objects`] on the owned form.
fn edit_obj(root: &Obj, edits: &[Option<CodeEdit>]) -> Result<Obj, Error> {
    // Pass 1: number the nodes in reading order; note slots, references and the
    // field nodes that will be replaced.
    let mut slot_of: Vec<Option<u32>> = Vec::new();
    let mut ref_of: Vec<Option<u32>> = Vec::new();
    let mut replaced: Vec<bool> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    let mut code_index = 0usize;
    let mut stack: Vec<(&Obj, bool)> = vec![(root, false)];
    while let Some((o, is_replaced)) = stack.pop() {
        let this = slot_of.len();
        slot_of.push(if o.takes_ref_slot() {
            owners.push(this);
            Some(owners.len() as u32 - 1)
        } else {
            None
        });
        ref_of.push(match o.value {
            Value::Ref(i) => Some(i),
            _ => None,
        });
        replaced.push(is_replaced);
        let mut children: Vec<(&Obj, bool)> = Vec::new();
        match &o.value {
            Value::Code(c) => {
                let edited = edits.get(code_index).is_some_and(Option::is_some);
                code_index += 1;
                let marks = replaced_fields(c);
                children.extend(c.fields().enumerate().map(|(i, x)| (x, edited && marks[i])));
            }
            Value::Tuple(items, _)
            | Value::List(items)
            | Value::Set(items)
            | Value::FrozenSet(items) => children.extend(items.iter().map(|x| (x, false))),
            Value::Dict(pairs) => pairs.iter().for_each(|(k, v)| {
                children.push((k, false));
                children.push((v, false))
            }),
            Value::Slice(parts) => children.extend(parts.iter().map(|x| (x, false))),
            _ => {}
        }
        children.reverse();
        stack.extend(children);
    }
    // A replaced field that owned a slot hands it to the first reference to it.
    let mut materialize: Vec<Option<usize>> = vec![None; slot_of.len()];
    for (id, slot) in slot_of.iter().enumerate() {
        if let (true, Some(s)) = (replaced[id], slot) {
            // The first reference that stays (a replaced field may itself have been a
            // reference to this slot).
            if let Some(first) = (0..ref_of.len()).find(|&i| ref_of[i] == Some(*s) && !replaced[i])
            {
                materialize[first] = Some(owners[*s as usize]);
            }
        }
    }
    // Pass 2: build the new tree.
    let old_nodes: Vec<&Obj> = collect(root);
    let mut new_root = root.clone();
    let mut code_index = 0usize;
    let mut id = 0usize;
    let mut err = None;
    walk_mut(&mut new_root, &mut |o| {
        let this = id;
        id += 1;
        if let Some(owner) = materialize[this] {
            let mut value = old_nodes[owner].clone();
            value.flagged = true;
            *o = value;
        }
        if let Value::Code(c) = &mut o.value {
            if let Some(Some(edit)) = edits.get(code_index) {
                if let Err(e) = apply(c, edit) {
                    err = Some(e);
                }
            }
            code_index += 1;
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    // Pass 3: renumber references: slots are handed out in reading order.
    let mut new_index: Vec<Option<u32>> = vec![None; owners.len()];
    let mut next = 0u32;
    let mut id = 0usize;
    let mut bad = false;
    walk_mut(&mut new_root, &mut |o| {
        let this = id;
        id += 1;
        let old_slot = match materialize[this] {
            Some(owner) => slot_of[owner],
            None if replaced[this] => None,
            None => slot_of[this],
        };
        if o.takes_ref_slot() {
            if let Some(s) = old_slot {
                new_index[s as usize] = Some(next);
            }
            next += 1;
        }
        if let Value::Ref(k) = &mut o.value {
            match new_index.get(*k as usize).copied().flatten() {
                Some(n) => *k = n,
                None => bad = true,
            }
        }
    });
    if bad {
        return Err(Error::new(
            0,
            ErrorKind::Unwritable("a reference names an object that was replaced".into()),
        ));
    }
    Ok(new_root)
}

/// Which of a code object's nested fields (in `CodeObj::fields` order) are replaced.
fn replaced_fields(c: &CodeObj) -> [bool; 13] {
    let mut marks = [false; 13];
    let fields = c.slots();
    let mut pos = 0;
    for (i, f) in fields.iter().enumerate() {
        if f.is_some() {
            marks[pos] = matches!(i, 0 | 11 | 12);
            pos += 1;
        }
    }
    marks
}

fn apply(c: &mut CodeObj, e: &CodeEdit) -> Result<(), Error> {
    c.code = Obj::new(Value::Bytes(e.code.clone().into()));
    c.linetable = Obj::new(Value::Bytes(e.linetable.clone().into()));
    match (&mut c.exceptiontable, &e.exceptiontable) {
        (Some(t), Some(new)) => *t = Obj::new(Value::Bytes(new.clone().into())),
        (None, None) => {}
        _ => {
            return Err(Error::new(
                0,
                ErrorKind::Unwritable("exception table edit does not match the layout".into()),
            ))
        }
    }
    c.stacksize = e.stacksize;
    Ok(())
}

fn walk_mut(root: &mut Obj, f: &mut impl FnMut(&mut Obj)) {
    let mut stack: Vec<&mut Obj> = vec![root];
    while let Some(o) = stack.pop() {
        f(o);
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

fn collect(root: &Obj) -> Vec<&Obj> {
    let mut v = Vec::new();
    root.walk(&mut |o| v.push(o));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marshal::{read, write, CodeField, Item, StrForm, TupleForm};
    use crate::Version;

    fn code(table: Obj, consts: Vec<Obj>) -> Obj {
        let s = |t: &str| Obj::new(Value::Str(t.as_bytes().into(), StrForm::ShortAscii));
        let empty = || Obj::new(Value::Tuple(vec![], TupleForm::Small));
        Obj::new(Value::Code(Box::new(CodeObj {
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            nlocals: 0,
            stacksize: 1,
            flags: 0,
            code: Obj::new(Value::Bytes(vec![0, 0].into())),
            consts: Obj::new(Value::Tuple(consts, TupleForm::Small)),
            names: empty(),
            varnames: None,
            freevars: None,
            cellvars: None,
            localsplusnames: Some(empty()),
            localspluskinds: Some(Obj::new(Value::Bytes(vec![].into()))),
            filename: s("f"),
            name: s("n"),
            qualname: Some(s("n")),
            firstlineno: 1,
            linetable: Obj::new(Value::Bytes(vec![].into())),
            exceptiontable: Some(table),
        })))
    }

    #[test]
    fn a_replaced_reference_to_a_replaced_field_gets_its_own_value() {
        // The inner code object's exception table is a reference to the outer one's.
        let shared = Obj {
            flagged: true,
            value: Value::Bytes(vec![1, 2, 3].into()),
        };
        let inner = code(Obj::new(Value::Ref(0)), vec![]);
        let outer = code(shared, vec![inner]);
        let edit = |t: u8| {
            Some(CodeEdit {
                code: vec![9, 0],
                linetable: vec![],
                exceptiontable: Some(vec![t]),
                stacksize: 2,
            })
        };
        let outer = Tree::from_obj(&outer).unwrap();
        let out = edit_code_objects(&outer, &[edit(7), edit(8)]).unwrap();
        let bytes = write(&out, Version::V3_12).unwrap();
        let back = read(&bytes, Version::V3_12).unwrap();
        let mut tables = Vec::new();
        for id in back.preorder(back.root()) {
            if let Item::Code(c) = back.item(id) {
                let t = back.resolve(c.field(CodeField::Exceptiontable).unwrap());
                if let Item::Bytes(b) = back.item(t.unwrap()) {
                    tables.push(b.to_vec());
                }
            }
        }
        assert_eq!(tables, vec![vec![7], vec![8]]);
    }
}
