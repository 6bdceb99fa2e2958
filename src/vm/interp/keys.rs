//! Dict and set keys whose class defines `__hash__` or `__eq__`: hashing and
//! equality call Python code, outside any borrow of the container. Every other key
//! takes the native path in [`Dict`](crate::vm::objects::Dict) and
//! [`Set`](crate::vm::objects::Set).

use std::cell::RefCell;

use super::{PyResult, Vm};
use crate::vm::objects::Set;
use crate::vm::value::{hash_value, DictRef, Value};

impl Vm {
    /// Whether hashing or comparing `k` needs Python code.
    pub fn needs_vm(&self, k: &Value) -> bool {
        match k {
            Value::Instance(i) => {
                let c = i.class();
                !c.is_exception()
                    && (c.lookup("__hash__").is_some() || c.lookup("__eq__").is_some())
            }
            Value::Tuple(t) => t.iter().any(|x| self.needs_vm(x)),
            _ => false,
        }
    }

    /// `hash(k)`, calling `__hash__` (a class defining `__eq__` without `__hash__`
    /// is unhashable, as in CPython).
    pub fn key_hash(&mut self, k: &Value) -> PyResult<i64> {
        match k {
            Value::Instance(i) => {
                let c = i.class();
                match c.lookup("__hash__") {
                    Some(Value::None) => Err(self.unhashable(k)),
                    Some(m) => {
                        let r = self.call_pos(&m, vec![k.clone()])?;
                        // `slot_tp_hash`: values that fit are kept, others reduced.
                        match (&r, r.as_bigint()) {
                            (_, None) => {
                                Err(self.type_error("__hash__ method should return an integer"))
                            }
                            (Value::Int(-1), _) => Ok(-2),
                            (Value::Int(h), _) => Ok(*h),
                            (_, Some(b)) => Ok(hash_value(&Value::from_bigint(b)).unwrap_or(0)),
                        }
                    }
                    None if c.lookup("__eq__").is_some() => Err(self.unhashable(k)),
                    None => Ok(hash_value(k).unwrap_or(0)),
                }
            }
            Value::Tuple(t) => {
                // tuplehash over the items' (possibly Python-level) hashes.
                let mut lanes = Vec::with_capacity(t.len());
                for x in t.iter() {
                    lanes.push(self.key_hash(x)?);
                }
                Ok(crate::vm::value::hash_lanes(&lanes))
            }
            _ => hash_value(k).ok_or_else(|| self.unhashable(k)),
        }
    }

    fn first_equal(&mut self, k: &Value, cands: Vec<(usize, Value)>) -> PyResult<Option<usize>> {
        for (i, c) in cands {
            if c.is(k) || self.eq(&c, k)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `d[k]` lookup.
    pub fn dict_get(&mut self, d: &DictRef, k: &Value) -> PyResult<Option<Value>> {
        if !self.needs_vm(k) {
            return d.borrow().get(k).map_err(self.hash_err(k));
        }
        let h = self.key_hash(k)?;
        let cands = d.borrow().candidates(h);
        Ok(match self.first_equal(k, cands)? {
            Some(i) => d.borrow().value_at(i),
            None => None,
        })
    }

    /// `d[k] = v`.
    pub fn dict_set(&mut self, d: &DictRef, k: Value, v: Value) -> PyResult<()> {
        if !self.needs_vm(&k) {
            return d
                .borrow_mut()
                .insert(k.clone(), v)
                .map_err(self.hash_err(&k));
        }
        let h = self.key_hash(&k)?;
        let cands = d.borrow().candidates(h);
        match self.first_equal(&k, cands)? {
            Some(i) => d.borrow_mut().set_at(i, v),
            None => d.borrow_mut().push_hashed(h, k, v),
        }
        Ok(())
    }

    /// `del d[k]`, returning the value.
    pub fn dict_del(&mut self, d: &DictRef, k: &Value) -> PyResult<Option<Value>> {
        if !self.needs_vm(k) {
            return d.borrow_mut().remove(k).map_err(self.hash_err(k));
        }
        let h = self.key_hash(k)?;
        let cands = d.borrow().candidates(h);
        Ok(match self.first_equal(k, cands)? {
            Some(i) => d.borrow_mut().remove_at(h, i),
            None => None,
        })
    }

    /// `s.add(k)`.
    pub fn set_add(&mut self, s: &RefCell<Set>, k: Value) -> PyResult<()> {
        if !self.needs_vm(&k) {
            return s.borrow_mut().add(k.clone()).map_err(self.hash_err(&k));
        }
        let h = self.key_hash(&k)?;
        let cands = s.borrow().candidates(h);
        if self.first_equal(&k, cands)?.is_none() {
            s.borrow_mut().insert_hashed(h, k);
        }
        Ok(())
    }

    /// `k in s`.
    pub fn set_contains(&mut self, s: &Set, k: &Value) -> PyResult<bool> {
        if !self.needs_vm(k) {
            return s.contains(k).map_err(self.hash_err(k));
        }
        let h = self.key_hash(k)?;
        let cands = s.candidates(h);
        Ok(self.first_equal(k, cands)?.is_some())
    }

    /// `s.discard(k)`; whether it was there.
    pub fn set_remove(&mut self, s: &RefCell<Set>, k: &Value) -> PyResult<bool> {
        if !self.needs_vm(k) {
            return s.borrow_mut().remove(k).map_err(self.hash_err(k));
        }
        let h = self.key_hash(k)?;
        let cands = s.borrow().candidates(h);
        match self.first_equal(k, cands)? {
            Some(i) => {
                s.borrow_mut().remove_slot(i);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
