//! The version-neutral code object and its codecs.
