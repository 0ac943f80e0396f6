//! Generator library: YAML schema → validated model → Rust source files.
pub mod import;
pub mod raw;
