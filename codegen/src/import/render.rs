//! Renders merged items as YAML file texts, deterministically.

use serde::Serialize;

use super::error::ImportError;
use super::subset::SchemaSubset;
use super::yaml_style::indent_sequences;
use crate::raw::RawEnumsFile;

/// First line of every action and structure file.
pub const HEADER: &str = "# yaml-language-server: $schema=../schema.json\n";

/// The file of the enums several files share, relative to the schema folder.
pub const ENUMS_FILE: &str = "enums.yaml";

/// First line of [`ENUMS_FILE`].
const ENUMS_HEADER: &str = "# yaml-language-server: $schema=./schema.json\n";

/// One file the import covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    /// Path relative to the schema directory, e.g. `actions/Foo.yaml`.
    pub path: String,
    /// Full new content.
    pub contents: String,
    /// Whether the content differs (as data) from what the schema holds now;
    /// unchanged files are not rewritten.
    pub changed: bool,
}

impl From<&PlannedFile> for crate::emit::OutputFile {
    fn from(file: &PlannedFile) -> Self {
        crate::emit::OutputFile {
            path: file.path.clone(),
            contents: file.contents.clone(),
        }
    }
}

/// Renders every merged action and structure.
///
/// # Errors
/// A name that cannot be a file name, or a serialization failure.
pub fn render(
    existing: &SchemaSubset,
    merged: &SchemaSubset,
) -> Result<Vec<PlannedFile>, ImportError> {
    let mut files = Vec::new();
    for (name, action) in &merged.actions {
        let changed = existing.actions.get(name) != Some(action);
        files.push(planned("actions", name, action, changed)?);
    }
    for (name, structure) in &merged.structures {
        let changed = existing.structures.get(name) != Some(structure);
        files.push(planned("structures", name, structure, changed)?);
    }
    if !merged.enums.is_empty() || !existing.enums.is_empty() {
        let shared = RawEnumsFile {
            enums: merged.enums.values().cloned().collect(),
        };
        files.push(PlannedFile {
            path: ENUMS_FILE.to_owned(),
            contents: to_yaml_in(&shared, ENUMS_HEADER)?,
            changed: existing.enums != merged.enums,
        });
    }
    Ok(files)
}

fn planned<T>(dir: &str, name: &str, value: &T, changed: bool) -> Result<PlannedFile, ImportError>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq,
{
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(ImportError::Conflict {
            message: format!("`{name}` cannot be used as a file name"),
        });
    }
    Ok(PlannedFile {
        path: format!("{dir}/{name}.yaml"),
        contents: to_yaml(value)?,
        changed,
    })
}

/// Serializes one raw item, prefixed by [`HEADER`].
///
/// # Errors
/// Only if serialization fails, which the raw types never make it do.
pub fn to_yaml<T>(value: &T) -> Result<String, ImportError>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq,
{
    to_yaml_in(value, HEADER)
}

fn to_yaml_in<T>(value: &T, header: &str) -> Result<String, ImportError>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq,
{
    let plain = serde_yaml::to_string(value).map_err(|e| ImportError::Conflict {
        message: format!("cannot serialize YAML: {e}"),
    })?;
    let styled = indent_sequences(&plain);
    // The restyling is cosmetic: fall back to the plain text if it ever changed
    // the meaning.
    let same = serde_yaml::from_str::<T>(&styled).is_ok_and(|back| back == *value);
    let body = if same { styled } else { plain };
    Ok(format!("{header}{body}"))
}
