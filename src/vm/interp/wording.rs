//! Error messages whose wording changed between versions (the interpreter of
//! the program's version decides).

use super::Vm;
use crate::version::Version;

impl Vm {
    /// Assigning to a property without a setter: 3.11 names property and class,
    /// 3.10 the attribute, older versions neither.
    pub(super) fn no_setter_message(&self, name: &str, class: &str) -> String {
        if self.version >= Version::V3_11 {
            format!("property '{name}' of '{class}' object has no setter")
        } else if self.version >= Version::V3_10 {
            format!("can't set attribute '{name}'")
        } else {
            "can't set attribute".to_string()
        }
    }
}
