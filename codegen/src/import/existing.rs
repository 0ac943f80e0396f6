//! Reads the existing schema files (as texts handed over by the caller).

use super::error::ImportError;
use super::subset::SchemaSubset;
use crate::raw::{RawAction, RawEnumsFile, RawService, RawStructure};

/// Which schema directory a file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `actions/<Name>.yaml`.
    Action,
    /// `structures/<Name>.yaml`.
    Structure,
    /// `enums.yaml`.
    Enums,
}

/// Parses existing action and structure files into a [`SchemaSubset`].
///
/// `files` are `(kind, file name for messages, text)`.
///
/// # Errors
/// [`ImportError::Schema`] naming the file that does not parse, or that
/// declares a name another file already declares.
pub fn load<'a>(
    files: impl IntoIterator<Item = (FileKind, &'a str, &'a str)>,
) -> Result<SchemaSubset, ImportError> {
    let mut subset = SchemaSubset::default();
    for (kind, file, text) in files {
        let duplicate = match kind {
            FileKind::Action => {
                let action: RawAction = parse(file, text)?;
                subset
                    .actions
                    .insert(action.action.clone(), action)
                    .is_some()
            }
            FileKind::Structure => {
                let structure: RawStructure = parse(file, text)?;
                subset
                    .structures
                    .insert(structure.structure.clone(), structure)
                    .is_some()
            }
            FileKind::Enums => {
                let file_enums: RawEnumsFile = parse(file, text)?;
                let mut duplicate = false;
                for e in file_enums.enums {
                    duplicate |= subset.enums.insert(e.name.clone(), e).is_some();
                }
                duplicate
            }
        };
        if duplicate {
            return Err(ImportError::Schema {
                file: file.to_owned(),
                message: "declares a name another file already declares".into(),
            });
        }
    }
    Ok(subset)
}

/// Parses `service.yaml`.
///
/// # Errors
/// [`ImportError::Schema`] naming the file.
pub fn load_service(file: &str, text: &str) -> Result<RawService, ImportError> {
    parse(file, text)
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ImportError> {
    serde_yaml::from_str(text).map_err(|e| ImportError::Schema {
        file: file.to_owned(),
        message: e.to_string(),
    })
}
