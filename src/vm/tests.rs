//! Unit tests of the runtime pieces that must match CPython bit for bit. Expected
//! values were printed by CPython 3.12 with `PYTHONHASHSEED=0`.

use std::rc::Rc;

use super::objects::Set;
use super::value::{float_repr, hash_value, Value};
use super::{RunOptions, Vm};

fn vm() -> Vm {
    Vm::new(&RunOptions::default(), Box::new(std::io::sink()))
}

#[test]
fn hashes_match_cpython() {
    assert_eq!(
        hash_value(&Value::str("abc")),
        Some(-4_594_863_902_769_663_758)
    );
    assert_eq!(
        hash_value(&Value::str("a")),
        Some(4_644_417_185_603_328_019)
    );
    assert_eq!(
        hash_value(&Value::str("héllo")),
        Some(6_395_329_678_795_984_700)
    );
    assert_eq!(
        hash_value(&Value::str("日本")),
        Some(6_243_316_497_235_261_705)
    );
    assert_eq!(
        hash_value(&Value::tuple(vec![Value::Int(1), Value::Int(2)])),
        Some(-3_550_055_125_485_641_917)
    );
    assert_eq!(
        hash_value(&Value::Float(1.5)),
        Some(1_152_921_504_606_846_977)
    );
    assert_eq!(
        hash_value(&Value::Float(0.1)),
        Some(230_584_300_921_369_408)
    );
    assert_eq!(hash_value(&Value::Int(-1)), Some(-2));
    assert_eq!(
        hash_value(&Value::from_bigint(num_bigint::BigInt::from(1u128 << 64))),
        Some(8)
    );
    let mut fs = Set::new();
    fs.add(Value::Int(1)).expect("hashable");
    fs.add(Value::Int(2)).expect("hashable");
    assert_eq!(
        hash_value(&Value::FrozenSet(Rc::new(fs))),
        Some(-1_826_646_154_956_904_602)
    );
    assert_eq!(hash_value(&Value::list(vec![])), None);
}

/// CPython ≤ 3.7's tuple hash (values printed by CPython 3.7, `PYTHONHASHSEED=0`).
#[test]
fn old_tuple_hashes_match_cpython_37() {
    let t = |items: Vec<Value>| hash_value(&Value::tuple(items));
    super::value::use_old_tuple_hash(true);
    let pair = t(vec![Value::Int(1), Value::Int(2)]);
    let empty = t(vec![]);
    let mixed = t(vec![
        Value::Int(-1),
        Value::from_bigint(num_bigint::BigInt::from(1u64 << 61)),
        Value::Float(0.5),
    ]);
    let nested = t(vec![
        Value::tuple(vec![Value::Int(1), Value::Int(2)]),
        Value::tuple(vec![Value::Int(3)]),
    ]);
    super::value::use_old_tuple_hash(false);
    assert_eq!(pair, Some(3_713_081_631_934_410_656));
    assert_eq!(empty, Some(3_527_539));
    assert_eq!(mixed, Some(6_586_588_523_870_000_992));
    assert_eq!(nested, Some(8_911_505_428_751_851_407));
}

#[test]
fn set_iteration_follows_the_hash_table() {
    let mut s = Set::new();
    for x in [1, 2, 3, 100, 33, 17] {
        s.add(Value::Int(x)).expect("hashable");
    }
    let order: Vec<i64> = s.items().iter().filter_map(Value::as_i64).collect();
    assert_eq!(order, [1, 2, 3, 100, 33, 17]);
    let mut words = Set::new();
    for w in ["b", "a", "c", "hello", "zz"] {
        words.add(Value::str(w)).expect("hashable");
    }
    let order: Vec<String> = words
        .items()
        .iter()
        .map(|v| match v {
            Value::Str(s) => s.to_string(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(order, ["zz", "b", "c", "a", "hello"]);
}

#[test]
fn format_spec_mini_language() {
    let mut vm = vm();
    let cases: &[(Value, &str, &str)] = &[
        (Value::Float(3.14259), ".2f", "3.14"),
        (Value::Float(12345.678), ".3e", "1.235e+04"),
        (Value::Float(1234567.891), ",.2f", "1,234,567.89"),
        (Value::Float(0.25), "%", "25.000000%"),
        (Value::Float(1e-5), "g", "1e-05"),
        (Value::Float(123456789.0), "g", "1.23457e+08"),
        (Value::Float(1.0), ".3", "1.0"),
        (Value::Int(42), "08b", "00101010"),
        (Value::Int(255), "#x", "0xff"),
        (Value::Int(1_000_000), ",", "1,000,000"),
        (Value::Int(-42), "+06d", "-00042"),
        (Value::Int(7), "^5", "  7  "),
        (Value::str("ab"), ">6", "    ab"),
        (Value::str("x"), "*^7", "***x***"),
    ];
    for (v, spec, want) in cases {
        assert_eq!(vm.format(v, spec).expect("formats"), *want, "{spec}");
    }
}

#[test]
fn percent_formatting() {
    let mut vm = vm();
    let args = Value::tuple(vec![
        Value::Float(3.14259),
        Value::Int(42),
        Value::str("x"),
        Value::Int(255),
    ]);
    let got =
        super::builtins::percent_format(&mut vm, "%5.2f|%-4d|%3s|%#x|%%", &args).expect("formats");
    assert_eq!(got, " 3.14|42  |  x|0xff|%");
}

#[test]
fn float_reprs() {
    for (x, want) in [
        (1e22, "1e+22"),
        (12345678901234567890.0, "1.2345678901234567e+19"),
        (2.5e-300, "2.5e-300"),
        (100.0, "100.0"),
        (-0.0, "-0.0"),
        (f64::INFINITY, "inf"),
    ] {
        assert_eq!(float_repr(x), want);
    }
}

#[test]
fn value_size_is_unchanged_by_str_marks() {
    // `Str` carries its marks next to the pointer; `Value` has room for them
    // (its largest payload is a complex number's two floats).
    assert_eq!(std::mem::size_of::<crate::vm::value::Value>(), 24);
}
