//! Inline cache of `LOAD_GLOBAL`. Each instruction remembers where it last found
//! its name: at a position of the globals dict, or at a position of the builtins
//! dict while the globals had a given key set ([`Dict::keys_version`]). A hit
//! reads the entry at that position after checking that its key is the name, so
//! rebinding a global or builtin needs no invalidation; adding or removing any
//! global changes the key set and sends a builtins hit back to the full lookup.

use std::cell::Cell;

use super::Frame;
use crate::vm::objects::Dict;
use crate::vm::value::{Str, Value};

/// The cache of one `LOAD_GLOBAL`.
#[derive(Debug, Default, Clone, Copy)]
pub enum GlobalCache {
    /// Nothing known yet.
    #[default]
    Empty,
    /// The name is at this position of the globals.
    Global(u32),
    /// The name is at this position of the builtins, and globals with this
    /// [`Dict::keys_version`] lack it.
    Builtin {
        /// Where the name is in the builtins.
        pos: u32,
        /// The globals' key set when it was found there.
        globals_keys: u64,
    },
}

/// Look `name` up in the frame's globals, then `builtins`, through `cache`;
/// `None` when it is in neither (the caller raises `NameError`).
#[inline]
pub(super) fn load_global(
    f: &Frame,
    builtins: &std::cell::RefCell<Dict>,
    cache: &Cell<GlobalCache>,
    name: &Str,
) -> Option<Value> {
    let globals = f.globals.borrow();
    match cache.get() {
        GlobalCache::Global(pos) => {
            if let Some(v) = globals.name_value_at(pos as usize, name) {
                return Some(v);
            }
        }
        GlobalCache::Builtin { pos, globals_keys } if globals.keys_version() == globals_keys => {
            if let Some(v) = builtins.borrow().name_value_at(pos as usize, name) {
                return Some(v);
            }
        }
        _ => {}
    }
    fill(&globals, &builtins.borrow(), cache, name)
}

/// The full lookup, remembering where the name was found.
#[cold]
fn fill(globals: &Dict, builtins: &Dict, cache: &Cell<GlobalCache>, name: &Str) -> Option<Value> {
    let found = |d: &Dict| {
        let pos = d.name_pos(name)?;
        Some((u32::try_from(pos).ok(), d.name_value_at(pos, name)?))
    };
    if let Some((pos, v)) = found(globals) {
        cache.set(pos.map_or(GlobalCache::Empty, GlobalCache::Global));
        return Some(v);
    }
    let (pos, v) = found(builtins)?;
    cache.set(pos.map_or(GlobalCache::Empty, |pos| GlobalCache::Builtin {
        pos,
        globals_keys: globals.keys_version(),
    }));
    Some(v)
}
