//! Errors of the import: each names the file and the JSON path or item at fault.

use std::fmt;

use crate::diagnostic::Diagnostics;

/// Why an import was refused. Nothing is written when one occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The input is not shaped like Tencent's description format.
    Format {
        /// File name as given by the caller.
        file: String,
        /// JSON path of the offending value, e.g. `objects.Agent.members[2].type`.
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// A member refers to an object the description does not define.
    UnknownObject {
        /// File name as given by the caller.
        file: String,
        /// JSON path of the member.
        path: String,
        /// The missing object name.
        object: String,
    },
    /// An action was requested that the description does not define.
    UnknownAction {
        /// File name as given by the caller.
        file: String,
        /// The requested name.
        action: String,
        /// The closest defined name, if any is close.
        suggestion: Option<String>,
    },
    /// An example of an imported action could not be read.
    Example {
        /// File name as given by the caller.
        file: String,
        /// JSON path of the example, e.g. `actions.Foo[1].input`.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The target schema cannot be imported into as it is: a file does not
    /// load, or two files declare the same name.
    Schema(Diagnostics),
    /// The schema the import would leave behind does not pass validation.
    Invalid(Diagnostics),
    /// The description and the target schema do not fit together.
    Conflict {
        /// What clashes.
        message: String,
    },
}

impl ImportError {
    pub(crate) fn format(file: &str, path: &str, message: impl Into<String>) -> Self {
        ImportError::Format {
            file: file.to_owned(),
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Format {
                file,
                path,
                message,
            } if path.is_empty() => {
                write!(f, "{file}: {message}")
            }
            ImportError::Format {
                file,
                path,
                message,
            } => write!(f, "{file}: {path}: {message}"),
            ImportError::UnknownObject { file, path, object } => {
                write!(f, "{file}: {path}: refers to unknown object `{object}`")
            }
            ImportError::UnknownAction {
                file,
                action,
                suggestion,
            } => {
                write!(f, "{file}: no action named `{action}`")?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean `{s}`?)"),
                    None => Ok(()),
                }
            }
            ImportError::Example {
                file,
                path,
                message,
            } => write!(f, "{file}: {path}: {message}"),
            ImportError::Schema(problems) => {
                write!(f, "the schema must be fixed before importing:\n{problems}")
            }
            ImportError::Invalid(problems) => {
                write!(
                    f,
                    "the imported schema would not pass validation:\n{problems}\n\
                     The problems are in the schema as the import would leave it. Fix the \
                     files they name that the import keeps (hand edits, examples), or the \
                     schema by hand, then run the import again; --dry-run shows the drift \
                     report without writing."
                )
            }
            ImportError::Conflict { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for ImportError {}
