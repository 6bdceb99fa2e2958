//! Names the interpreter looks up on every attribute access or instantiation, made
//! once so that their hashes are computed once.

use crate::vm::load::CmpOp;
use crate::vm::value::num::BinOp;
use crate::vm::value::Str;

/// Frequently looked-up special method names.
pub struct Names {
    /// `__getattribute__`
    pub getattribute: Str,
    /// `__getattr__`
    pub getattr: Str,
    /// `__setattr__`
    pub setattr: Str,
    /// `__new__`
    pub new: Str,
    /// `__init__`
    pub init: Str,
    /// Each binary operator's dunder and its reflection, by `BinOp as usize`.
    pub binop: Vec<(Str, Str)>,
    /// Each comparison's dunder and its reflection, by `CmpOp as usize`.
    pub cmpop: Vec<(Str, Str)>,
}

impl Names {
    /// The names.
    pub fn new() -> Names {
        Names {
            getattribute: Str::intern("__getattribute__"),
            getattr: Str::intern("__getattr__"),
            setattr: Str::intern("__setattr__"),
            new: Str::intern("__new__"),
            init: Str::intern("__init__"),
            binop: BINOPS.iter().map(|op| interned(op.dunders())).collect(),
            cmpop: CMPOPS.iter().map(|op| interned(op.dunders())).collect(),
        }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names::new()
    }
}

/// Every binary operator, in declaration order.
const BINOPS: [BinOp; 13] = {
    use BinOp::*;
    [
        Add, Sub, Mul, TrueDiv, FloorDiv, Mod, Pow, LShift, RShift, And, Or, Xor, MatMul,
    ]
};

/// Every comparison, in declaration order.
const CMPOPS: [CmpOp; 6] = {
    use CmpOp::*;
    [Lt, Le, Eq, Ne, Gt, Ge]
};

fn interned((a, b): (&str, &str)) -> (Str, Str) {
    (Str::intern(a), Str::intern(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_tables_follow_the_enums() {
        let names = Names::new();
        for op in BINOPS {
            assert_eq!(names.binop[op as usize].0.as_str(), op.dunders().0);
            assert_eq!(names.binop[op as usize].1.as_str(), op.dunders().1);
        }
        for op in CMPOPS {
            assert_eq!(names.cmpop[op as usize].0.as_str(), op.dunders().0);
            assert_eq!(names.cmpop[op as usize].1.as_str(), op.dunders().1);
        }
    }
}
