//! Round-trip checks of code objects through the version-neutral model, used by
//! `pycasm roundtrip --level code` and the tests.

use super::exctable::ExceptionTable;
use super::linetable::LineTable;
use super::{instr, Code};
use crate::marshal::{self, Tree};
use crate::pyc::PycFile;

/// Check every code object of a .pyc: the model built from the marshal tree writes a
/// marshal tree that builds the same model again, and the bytecode decodes and
/// encodes to the same bytes. The error names the code object and what differed.
pub fn check(pyc: &PycFile) -> Result<(), String> {
    let code = Code::from_pyc(pyc).map_err(|e| e.to_string())?;
    let again = Tree::from_obj(&code.to_marshal()).map_err(|e| e.to_string())?;
    match Code::from_marshal(&again, again.root(), pyc.header.version) {
        Ok(c) if c == code => {}
        Ok(_) => return Err("code objects differ after a trip through marshal".into()),
        Err(e) => return Err(format!("rewritten code object unreadable: {e}")),
    }
    // The canonical tree, shaped like the original, writes the original bytes.
    let shape = marshal::shape::describe(&pyc.body);
    let shaped = marshal::shape::apply(code.to_marshal(), &shape, pyc.header.version)
        .map_err(|e| e.to_string())?;
    if shaped != pyc.body {
        return Err("the canonical tree in the original's shape differs".into());
    }
    let mut problem = None;
    code.walk(&mut |c, _| {
        if problem.is_none() {
            problem = check_one(c).err().map(|e| format!("{}: {e}", c.name));
        }
    });
    problem.map_or(Ok(()), Err)
}

/// Check one code object's bytecode and tables.
pub fn check_one(c: &Code) -> Result<(), String> {
    let instrs = instr::decode(&c.code, c.version).map_err(|e| e.to_string())?;
    let bytes = instr::encode(&instrs, c.version).map_err(|e| e.to_string())?;
    if bytes != c.code {
        return Err("co_code differs after decode and encode".into());
    }
    let lines = LineTable::decode(c.version.line_table_format(), &c.linetable, c.firstlineno)
        .map_err(|e| e.to_string())?;
    if lines.encode() != c.linetable {
        return Err("line table differs after decode and encode".into());
    }
    if c.version.has_exception_table() {
        let table = ExceptionTable::decode(&c.exceptiontable).map_err(|e| e.to_string())?;
        if table.encode() != c.exceptiontable {
            return Err("exception table differs after decode and encode".into());
        }
    }
    Ok(())
}
