//! Reporting an uncaught exception the way CPython does (`Python/pythonrun.c:
//! print_exception_recursive`): chained exceptions first, then
//! `Traceback (most recent call last):`, one `File` entry per frame (with the
//! source line when the file can be read), and `Type: message`.

use std::io::Write;
use std::rc::Rc;

use super::interp::Vm;
use super::objects::Instance;
use super::value::Value;

/// Print the report for `exc` to `err`; the process exit status.
pub fn report_uncaught(vm: &mut Vm, exc: &Rc<Instance>, err: &mut dyn Write) -> i32 {
    if exc.class().is_subclass(&vm.types.exc("SystemExit")) {
        let arg = exc
            .exc
            .as_ref()
            .and_then(|d| d.borrow().args.first().cloned())
            .unwrap_or(Value::None);
        return match arg {
            Value::None => 0,
            Value::Int(i) => i as i32,
            Value::Bool(b) => i32::from(b),
            other => {
                let s = vm.to_str(&other).unwrap_or_default();
                let _ = writeln!(err, "{s}");
                1
            }
        };
    }
    let mut text = String::new();
    let mut seen = Vec::new();
    format_chain(vm, exc, &mut text, &mut seen);
    let _ = err.write_all(text.as_bytes());
    1
}

fn format_chain(vm: &mut Vm, exc: &Rc<Instance>, out: &mut String, seen: &mut Vec<usize>) {
    let id = Rc::as_ptr(exc) as usize;
    seen.push(id);
    // 2.7 reports no chained exceptions.
    let chains = vm.version != crate::version::Version::V2_7;
    if let Some(d) = exc.exc.as_ref().filter(|_| chains) {
        let (cause, context, suppress) = {
            let d = d.borrow();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        let chained = |v: &Option<Value>| match v {
            Some(Value::Instance(i)) if !seen.contains(&(Rc::as_ptr(i) as usize)) => {
                Some(i.clone())
            }
            _ => None,
        };
        if let Some(c) = chained(&cause) {
            format_chain(vm, &c, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if !suppress {
            if let Some(c) = chained(&context) {
                format_chain(vm, &c, out, seen);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
    }
    format_one(vm, exc, out);
}

fn format_one(vm: &mut Vm, exc: &Rc<Instance>, out: &mut String) {
    let entries = exc
        .exc
        .as_ref()
        .map(|d| d.borrow().traceback.clone())
        .unwrap_or_default();
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
        // `tb_print_internal`: at most 1000 entries (the newest), and runs of the same
        // entry beyond three collapsed into "[Previous line repeated N more times]".
        // 2.7 prints every entry.
        let cutoff = if vm.version == crate::version::Version::V2_7 {
            usize::MAX
        } else {
            RECURSIVE_CUTOFF
        };
        let mut last: Option<(&str, Option<i32>, &str)> = None;
        let mut count = 0usize;
        let skip = entries.len().saturating_sub(TRACEBACK_LIMIT);
        for e in entries.iter().rev().skip(skip) {
            let key = (e.filename.as_str(), e.line, e.name.as_str());
            if last != Some(key) {
                repeated(out, count, cutoff);
                last = Some(key);
                count = 0;
            }
            count += 1;
            if count > cutoff {
                continue;
            }
            let line = e.line.map_or_else(|| "None".to_string(), |l| l.to_string());
            out.push_str(&format!(
                "  File \"{}\", line {line}, in {}\n",
                e.filename, e.name
            ));
            if let Some(src) = e.line.and_then(|l| source_line(e.filename.as_str(), l)) {
                out.push_str(&format!("    {src}\n"));
            }
        }
        repeated(out, count, cutoff);
    }
    out.push_str(&exception_line(vm, exc));
    out.push('\n');
}

/// `sys.tracebacklimit`'s default.
const TRACEBACK_LIMIT: usize = 1000;
/// `TB_RECURSIVE_CUTOFF`
const RECURSIVE_CUTOFF: usize = 3;

fn repeated(out: &mut String, count: usize, cutoff: usize) {
    if count > cutoff {
        let n = count - cutoff;
        let s = if n > 1 { "s" } else { "" };
        out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
    }
}

/// `Type: message` (module-qualified unless `builtins` or `__main__`).
pub fn exception_line(vm: &mut Vm, exc: &Rc<Instance>) -> String {
    let cls = exc.class();
    let mut name = cls.qualname.to_string();
    // 3.11+ also leave out `__main__.`.
    let main_ok = vm.version >= crate::version::Version::V3_11 && cls.module.as_str() == "__main__";
    if cls.module.as_str() != "builtins" && !main_ok {
        name = format!("{}.{name}", cls.module);
    }
    let msg = vm
        .to_str(&Value::Instance(exc.clone()))
        .unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

fn source_line(file: &str, line: i32) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let t = l.trim();
    (!t.is_empty()).then(|| t.to_string())
}
