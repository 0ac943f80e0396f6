//! Generator library: YAML schema → validated model → Rust source files.
//!
//! The stages are kept apart: [`load`] deserializes the files, [`validate`]
//! resolves and checks them into a [`model::Schema`], and the emitters turn
//! that model into formatted source text without touching the file system.
pub mod diagnostic;
pub mod emit;
pub mod import;
pub mod load;
pub mod model;
pub mod positions;
pub mod raw;
pub mod rust_names;
pub mod sync;
pub mod synthetic;
pub mod validate;

use diagnostic::Diagnostics;
use load::SchemaSource;
use model::Schema;

/// Loads and validates a whole schema, reporting every problem at once,
/// including texts that still say `TODO` or hold Chinese prose
/// ([`validate::docs`]).
pub fn check(source: &SchemaSource) -> Result<Schema, Diagnostics> {
    let (raw, mut problems) = load::parse(source);
    problems.extend(validate::docs::unwritten(&raw));
    validate::validate(&raw, problems).map_err(|d| d.in_folder(&source.folder))
}

/// Checks the schema and emits every file of the generated crate.
pub fn generate(source: &SchemaSource) -> Result<Vec<emit::OutputFile>, GenerateError> {
    let schema = check(source).map_err(GenerateError::Schema)?;
    emit::emit(&schema).map_err(GenerateError::Emit)
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// The schema has problems; each names its file, line and column.
    Schema(Diagnostics),
    /// The generator produced code that does not parse (a generator bug).
    Emit(emit::EmitError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Schema(d) => d.fmt(f),
            GenerateError::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}
