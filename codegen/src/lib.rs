//! Generator library: YAML schema → validated model → Rust source files.
//!
//! The stages are kept apart: [`load`] deserializes the files, [`validate`]
//! resolves and checks them into a [`model::Schema`], and the emitters turn
//! that model into formatted source text without touching the file system.
pub mod diagnostic;
pub mod import;
pub mod load;
pub mod model;
pub mod naming;
pub mod positions;
pub mod raw;
pub mod validate;

use diagnostic::Diagnostics;
use load::SchemaSource;
use model::Schema;

/// Loads and validates a whole schema, reporting every problem at once.
pub fn check(source: &SchemaSource) -> Result<Schema, Diagnostics> {
    let (raw, problems) = load::parse(source);
    validate::validate(&raw, problems)
}
