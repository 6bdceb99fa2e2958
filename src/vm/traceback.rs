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
    let mut ctx = Ctx::default();
    format_chain(vm, exc, &mut text, &mut ctx);
    let _ = err.write_all(text.as_bytes());
    1
}

/// `traceback._ExceptionPrintContext`: the nesting of exception groups.
#[derive(Default)]
struct Ctx {
    depth: usize,
    need_close: bool,
    seen: Vec<usize>,
}

impl Ctx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Append `text` with every line prefixed by the group margin.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// `max_group_width`
const MAX_GROUP_WIDTH: usize = 15;

fn format_chain(vm: &mut Vm, exc: &Rc<Instance>, out: &mut String, ctx: &mut Ctx) {
    let id = Rc::as_ptr(exc) as usize;
    ctx.seen.push(id);
    // 2.7 reports no chained exceptions.
    let chains = vm.version != crate::version::Version::V2_7;
    if let Some(d) = exc.exc.as_ref().filter(|_| chains) {
        let (cause, context, suppress) = {
            let d = d.borrow();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        let seen = &ctx.seen;
        let chained = |v: &Option<Value>| match v {
            Some(Value::Instance(i)) if !seen.contains(&(Rc::as_ptr(i) as usize)) => {
                Some(i.clone())
            }
            _ => None,
        };
        let (cause, context) = (chained(&cause), chained(&context));
        if let Some(c) = cause {
            format_chain(vm, &c, out, ctx);
            ctx.emit(
                out,
                "\nThe above exception was the direct cause of the following exception:\n\n",
                '|',
            );
        } else if !suppress {
            if let Some(c) = context {
                format_chain(vm, &c, out, ctx);
                ctx.emit(
                    out,
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                    '|',
                );
            }
        }
    }
    format_one(vm, exc, out, ctx);
}

fn format_one(vm: &mut Vm, exc: &Rc<Instance>, out: &mut String, ctx: &mut Ctx) {
    let stack = format_stack(exc, vm.version);
    let only = exception_only(vm, exc);
    let value = Value::Instance(exc.clone());
    if !vm.is_group(&value) {
        if !stack.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &stack, '|');
        }
        ctx.emit(out, &only, '|');
        return;
    }
    let top = ctx.depth == 0;
    if top {
        ctx.depth += 1;
    }
    if !stack.is_empty() {
        let margin = if top { '+' } else { '|' };
        ctx.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            margin,
        );
        ctx.emit(out, &stack, '|');
    }
    ctx.emit(out, &only, '|');
    let members = match vm.group_attr(&value, "exceptions") {
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    let n = members.len().min(MAX_GROUP_WIDTH + 1);
    ctx.need_close = false;
    for (i, m) in members.iter().take(n).enumerate() {
        let last = i + 1 == n;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        let lead = if i == 0 { "+-" } else { "  " };
        out.push_str(&format!(
            "{}{lead}+---------------- {title} ----------------\n",
            ctx.indent()
        ));
        ctx.depth += 1;
        match m {
            Value::Instance(e) if !truncated => format_chain(vm, e, out, ctx),
            _ => {
                let remaining = members.len() - MAX_GROUP_WIDTH;
                let s = if remaining > 1 { "s" } else { "" };
                ctx.emit(out, &format!("and {remaining} more exception{s}\n"), '|');
            }
        }
        if last && ctx.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                ctx.indent()
            ));
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if top {
        ctx.depth = 0;
    }
}

/// `Type: message` and the exception's notes, one per line.
fn exception_only(vm: &mut Vm, exc: &Rc<Instance>) -> String {
    let mut s = exception_line(vm, exc);
    s.push('\n');
    if let Some(Value::List(notes)) = exc.dict.borrow().get_str("__notes__") {
        for n in notes.borrow().iter() {
            if let Value::Str(t) = n {
                s.push_str(t.as_str());
                s.push('\n');
            }
        }
    }
    s
}

/// The `File ...` lines of the traceback, innermost last.
fn format_stack(exc: &Rc<Instance>, version: crate::version::Version) -> String {
    let mut out = String::new();
    let out = &mut out;
    let entries = exc
        .exc
        .as_ref()
        .map(|d| d.borrow().traceback.clone())
        .unwrap_or_default();
    if !entries.is_empty() {
        // `tb_print_internal`: at most 1000 entries (the newest), and runs of the same
        // entry beyond three collapsed into "[Previous line repeated N more times]".
        // 2.7 prints every entry.
        let cutoff = if version == crate::version::Version::V2_7 {
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
            if let Some(full) = e.line.and_then(|l| full_line(e.filename.as_str(), l)) {
                let src = full.trim();
                if !src.is_empty() {
                    out.push_str(&format!("    {src}\n"));
                    let carets = match (e.line, e.span) {
                        (Some(l), Some(span)) if version >= crate::version::Version::V3_11 => {
                            super::carets::caret_line(&full, l, span, version)
                        }
                        _ => None,
                    };
                    if let Some(c) = carets {
                        out.push_str(&format!("    {c}\n"));
                    }
                }
            }
        }
        repeated(out, count, cutoff);
    }
    out.clone()
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

fn full_line(file: &str, line: i32) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    Some(l.to_string())
}
