//! Generator library.
pub mod raw;
