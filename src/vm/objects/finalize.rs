//! Generators whose last reference went away while suspended: CPython closes
//! them then (`_PyGen_Finalize`), running their `finally` blocks. A `Drop` has
//! no VM to run code on, so the generator moves here and the VM closes it
//! before its next instruction that is not on the fast path (`Vm::finalize`).

use std::cell::{Cell, RefCell};

use super::Generator;

thread_local! {
    static DOOMED: RefCell<Vec<Generator>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Whether generators wait to be closed.
pub fn finalize_pending() -> bool {
    PENDING.with(Cell::get)
}

/// The generators waiting to be closed (and none waits any more).
pub fn take_doomed() -> Vec<Generator> {
    PENDING.with(|p| p.set(false));
    DOOMED
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default()
}

impl Drop for Generator {
    fn drop(&mut self) {
        // Coroutines and async generators are finalized differently (warnings,
        // event-loop hooks); a generator that never started has nothing to run.
        let plain = self.flags & (0x80 | 0x100 | 0x200) == 0;
        let suspended = self.frame.as_ref().is_some_and(|f| f.started);
        if !plain || self.finished || self.running || !suspended {
            return;
        }
        let doomed = Generator {
            frame: self.frame.take(),
            finished: false,
            running: false,
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            exc_state: std::mem::replace(&mut self.exc_state, crate::vm::value::Value::None),
            flags: self.flags,
        };
        let mut slot = Some(doomed);
        // During thread teardown there is no queue: the generator is just dropped.
        let _ = DOOMED.try_with(|q| {
            if let Ok(mut q) = q.try_borrow_mut() {
                q.extend(slot.take());
                PENDING.with(|p| p.set(true));
            }
        });
        if let Some(mut g) = slot {
            g.finished = true;
        }
    }
}
