//! Tencent's machine-readable description: `api.json` and `examples.json`.
//!
//! Parsed by hand from [`serde_json::Value`] so every error names the JSON path
//! at fault. Only the keys the import uses are read; others are ignored.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::ImportError;
use super::Source;
use crate::raw::RawService;

/// `api.json`: the actions and objects of one service version.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiDescription {
    /// File name, for later error messages.
    pub file: String,
    /// `metadata.serviceShortName`, e.g. `essbasic`.
    pub service: Option<String>,
    /// `metadata.apiVersion`, e.g. `2021-05-26`.
    pub api_version: Option<String>,
    /// Actions by wire name.
    pub actions: BTreeMap<String, ApiAction>,
    /// Objects (requests, responses and structures) by name.
    pub objects: BTreeMap<String, ApiObject>,
}

/// One entry of `actions`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiAction {
    /// Human title (`name`).
    pub title: String,
    /// Description prose (`document`).
    pub document: String,
    /// Request object name (`input`).
    pub input: String,
    /// Response object name (`output`).
    pub output: String,
    /// `status` is `deprecated`.
    pub deprecated: bool,
}

/// One entry of `objects`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiObject {
    /// Description prose (`document`).
    pub document: String,
    /// Members in wire order.
    pub members: Vec<ApiMember>,
}

/// One member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiMember {
    /// Wire name.
    pub name: String,
    /// `type`: `string`, `int`, `bool`, `float`, `object` or `list`.
    pub ty: String,
    /// `member`: the scalar type, object name, or list element type.
    pub member: String,
    /// `required` (inputs).
    pub required: bool,
    /// `disabled`: documented as deprecated.
    pub disabled: bool,
    /// Prose (`document`), HTML or Markdown.
    pub document: String,
    /// `example`, when given.
    pub example: Option<String>,
}

/// `examples.json`: documented examples by action.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamplesFile {
    /// File name, for later error messages.
    pub file: String,
    /// Examples by action name, in documented order.
    pub actions: BTreeMap<String, Vec<ApiExample>>,
}

/// One documented example, still as text.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiExample {
    /// Short title.
    pub title: String,
    /// What the example shows.
    pub document: String,
    /// HTTP request text, JSON body after the first blank line.
    pub input: String,
    /// JSON response text.
    pub output: String,
}

impl ApiDescription {
    /// Parses `api.json`.
    ///
    /// # Errors
    /// Invalid JSON, or any required key missing or of the wrong type.
    pub fn parse(src: Source<'_>) -> Result<Self, ImportError> {
        let file = src.name;
        let root = parse_json(src)?;
        let root = as_object(file, "", &root, "the top level must be a JSON object")?;
        if !root.contains_key("actions") || !root.contains_key("objects") {
            return Err(ImportError::format(
                file,
                "",
                "not a Tencent API description (expected top-level `actions` and `objects`)",
            ));
        }
        let (service, api_version) = match root.get("metadata") {
            Some(meta) => {
                let meta = as_object(file, "metadata", meta, "expected an object")?;
                (
                    opt_str(file, "metadata", meta, "serviceShortName")?,
                    opt_str(file, "metadata", meta, "apiVersion")?,
                )
            }
            None => (None, None),
        };
        let actions = as_object(file, "actions", &root["actions"], "expected an object")?
            .iter()
            .map(|(name, v)| {
                Ok((
                    name.clone(),
                    parse_action(file, &format!("actions.{name}"), v)?,
                ))
            })
            .collect::<Result<_, ImportError>>()?;
        let objects = as_object(file, "objects", &root["objects"], "expected an object")?
            .iter()
            .map(|(name, v)| {
                Ok((
                    name.clone(),
                    parse_object(file, &format!("objects.{name}"), v)?,
                ))
            })
            .collect::<Result<_, ImportError>>()?;
        Ok(ApiDescription {
            file: file.to_owned(),
            service,
            api_version,
            actions,
            objects,
        })
    }

    /// Checks that the description is for the service and version of `service`.
    ///
    /// # Errors
    /// [`ImportError::Conflict`] naming both values when they differ.
    pub fn check_service(&self, file: &str, service: &RawService) -> Result<(), ImportError> {
        let checks = [
            (
                "metadata.serviceShortName",
                &self.service,
                &service.name,
                "name",
            ),
            (
                "metadata.apiVersion",
                &self.api_version,
                &service.api_version,
                "api_version",
            ),
        ];
        for (path, ours, theirs, key) in checks {
            if let Some(ours) = ours {
                if ours != theirs {
                    return Err(ImportError::Conflict {
                        message: format!(
                            "{file}: {path} is `{ours}` but service.yaml has {key} `{theirs}`"
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

impl ExamplesFile {
    /// Parses `examples.json` (its shape only; bodies are read per action later).
    ///
    /// # Errors
    /// Invalid JSON, or any required key missing or of the wrong type.
    pub fn parse(src: Source<'_>) -> Result<Self, ImportError> {
        let file = src.name;
        let root = parse_json(src)?;
        let root = as_object(file, "", &root, "the top level must be a JSON object")?;
        let Some(actions) = root.get("actions") else {
            return Err(ImportError::format(
                file,
                "",
                "not a Tencent examples file (expected a top-level `actions`)",
            ));
        };
        let actions = as_object(file, "actions", actions, "expected an object")?
            .iter()
            .map(|(name, list)| {
                let path = format!("actions.{name}");
                let Value::Array(list) = list else {
                    return Err(ImportError::format(
                        file,
                        &path,
                        "expected an array of examples",
                    ));
                };
                let examples = list
                    .iter()
                    .enumerate()
                    .map(|(i, v)| parse_example(file, &format!("{path}[{i}]"), v))
                    .collect::<Result<_, _>>()?;
                Ok((name.clone(), examples))
            })
            .collect::<Result<_, ImportError>>()?;
        Ok(ExamplesFile {
            file: file.to_owned(),
            actions,
        })
    }
}

fn parse_json(src: Source<'_>) -> Result<Value, ImportError> {
    serde_json::from_str(src.text)
        .map_err(|e| ImportError::format(src.name, "", format!("not valid JSON: {e}")))
}

fn parse_action(file: &str, path: &str, v: &Value) -> Result<ApiAction, ImportError> {
    let map = as_object(file, path, v, "expected an object")?;
    let status = opt_str(file, path, map, "status")?;
    Ok(ApiAction {
        title: opt_str(file, path, map, "name")?.unwrap_or_default(),
        document: opt_str(file, path, map, "document")?.unwrap_or_default(),
        input: req_str(file, path, map, "input")?,
        output: req_str(file, path, map, "output")?,
        deprecated: status.as_deref() == Some("deprecated"),
    })
}

fn parse_object(file: &str, path: &str, v: &Value) -> Result<ApiObject, ImportError> {
    let map = as_object(file, path, v, "expected an object")?;
    let members_path = format!("{path}.members");
    let Some(Value::Array(members)) = map.get("members") else {
        return Err(ImportError::format(
            file,
            &members_path,
            "expected an array of members",
        ));
    };
    let members = members
        .iter()
        .enumerate()
        .map(|(i, m)| parse_member(file, &format!("{members_path}[{i}]"), m))
        .collect::<Result<_, _>>()?;
    Ok(ApiObject {
        document: opt_str(file, path, map, "document")?.unwrap_or_default(),
        members,
    })
}

fn parse_member(file: &str, path: &str, v: &Value) -> Result<ApiMember, ImportError> {
    let map = as_object(file, path, v, "expected an object")?;
    let name = req_str(file, path, map, "name")?;
    // From here on the member's name reads better than its index.
    let path = format!("{path} ({name})");
    let example = match map.get("example") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    Ok(ApiMember {
        ty: req_str(file, &path, map, "type")?,
        member: req_str(file, &path, map, "member")?,
        required: opt_bool(file, &path, map, "required")?,
        disabled: opt_bool(file, &path, map, "disabled")?,
        document: opt_str(file, &path, map, "document")?.unwrap_or_default(),
        example,
        name,
    })
}

fn parse_example(file: &str, path: &str, v: &Value) -> Result<ApiExample, ImportError> {
    let map = as_object(file, path, v, "expected an object")?;
    Ok(ApiExample {
        title: req_str(file, path, map, "title")?,
        document: opt_str(file, path, map, "document")?.unwrap_or_default(),
        input: req_str(file, path, map, "input")?,
        output: req_str(file, path, map, "output")?,
    })
}

fn as_object<'v>(
    file: &str,
    path: &str,
    v: &'v Value,
    message: &str,
) -> Result<&'v Map<String, Value>, ImportError> {
    v.as_object()
        .ok_or_else(|| ImportError::format(file, path, message))
}

fn key_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn req_str(
    file: &str,
    path: &str,
    map: &Map<String, Value>,
    key: &str,
) -> Result<String, ImportError> {
    opt_str(file, path, map, key)?.ok_or_else(|| {
        ImportError::format(file, &key_path(path, key), "missing (expected a string)")
    })
}

fn opt_str(
    file: &str,
    path: &str,
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ImportError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ImportError::format(
            file,
            &key_path(path, key),
            "expected a string",
        )),
    }
}

fn opt_bool(
    file: &str,
    path: &str,
    map: &Map<String, Value>,
    key: &str,
) -> Result<bool, ImportError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ImportError::format(
            file,
            &key_path(path, key),
            "expected true or false",
        )),
    }
}
