//! Checking documented examples against the action they belong to.

use serde_json::Value;

use crate::diagnostic::{did_you_mean, Location};
use crate::load::Parsed;
use crate::model::{Field, TypeRef};

/// Looks up what the checks need to know about named types.
pub trait TypeLookup {
    /// Fields of a structure.
    fn fields(&self, structure: &str) -> Option<&[Field]>;
}

/// One mismatch between an example and the declared fields.
#[derive(Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Dotted path inside the JSON, e.g. `Agent.ProxyOperator.OpenId`.
    pub path: String,
    /// The key to point at in the JSON text, when there is one.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What was probably meant.
    pub help: Option<String>,
}

/// Checks that `object` holds exactly the declared `fields`, recursively.
pub fn check_object(
    object: &serde_json::Map<String, Value>,
    fields: &[Field],
    lookup: &dyn TypeLookup,
    path: &str,
    strict_required: bool,
    out: &mut Vec<Mismatch>,
) {
    for (key, value) in object {
        let here = join(path, key);
        match fields.iter().find(|f| &f.wire_name == key) {
            Some(field) => check_value(value, &field.ty, lookup, &here, key, strict_required, out),
            None => out.push(Mismatch {
                path: here,
                key: Some(key.clone()),
                message: format!("the example sends `{key}`, which is not declared here"),
                help: did_you_mean(key, fields.iter().map(|f| f.wire_name.as_str()))
                    .map(|m| format!("did you mean `{m}`?"))
                    .or_else(|| Some(String::from("declare it, or fix the example"))),
            }),
        }
    }
    if strict_required {
        for field in fields.iter().filter(|f| f.required) {
            if !object.contains_key(&field.wire_name) {
                out.push(Mismatch {
                    path: path.to_owned(),
                    key: None,
                    message: format!(
                        "the example lacks `{}`, which is declared as required{}",
                        field.wire_name,
                        if path.is_empty() {
                            String::new()
                        } else {
                            format!(" in `{path}`")
                        }
                    ),
                    help: Some(String::from(
                        "add it to the example, or declare it as optional",
                    )),
                });
            }
        }
    }
}

fn check_value(
    value: &Value,
    ty: &TypeRef,
    lookup: &dyn TypeLookup,
    path: &str,
    key: &str,
    strict_required: bool,
    out: &mut Vec<Mismatch>,
) {
    let ok = match (ty, value) {
        (_, Value::Null) => !strict_required,
        (TypeRef::String | TypeRef::Date | TypeRef::Enum(_), Value::String(_)) => true,
        (TypeRef::Int64, Value::Number(n)) => n.is_i64(),
        (TypeRef::Uint64, Value::Number(n)) => n.is_u64(),
        (TypeRef::Float, Value::Number(_)) => true,
        (TypeRef::Bool, Value::Bool(_)) => true,
        (TypeRef::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                check_value(
                    v,
                    item,
                    lookup,
                    &format!("{path}[{i}]"),
                    key,
                    strict_required,
                    out,
                );
            }
            true
        }
        (TypeRef::Struct(name), Value::Object(map)) => {
            if let Some(fields) = lookup.fields(name) {
                check_object(map, fields, lookup, path, strict_required, out);
            }
            true
        }
        _ => false,
    };
    if !ok {
        out.push(Mismatch {
            path: path.to_owned(),
            key: Some(key.to_owned()),
            message: format!(
                "the example gives `{path}` the value {}, but it is declared as {}",
                short(value),
                describe(ty)
            ),
            help: None,
        });
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// Human description of a type, for messages.
pub fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a string".into(),
        TypeRef::Int64 => "an int64".into(),
        TypeRef::Uint64 => "a uint64".into(),
        TypeRef::Float => "a float".into(),
        TypeRef::Bool => "a bool".into(),
        TypeRef::Date => "a date string".into(),
        TypeRef::List(item) => format!("a list of {}", describe(item)),
        TypeRef::Struct(name) => format!("structure `{name}`"),
        TypeRef::Enum(name) => format!("enum `{name}` (a string)"),
    }
}

/// Where, in the YAML file, a spot inside the block scalar at `yaml_path` is.
///
/// `json_line` is 1-based within the block's text; `needle` is searched for
/// (as a quoted JSON key) when no line is known.
pub fn locate_in_block<T>(
    parsed: &Parsed<T>,
    yaml_path: &str,
    json_line: Option<(usize, usize)>,
    needle: Option<&str>,
) -> Location {
    let start = parsed.positions.value(yaml_path);
    let lines: Vec<&str> = parsed.text.lines().collect();
    let Some(first) = lines.get(start.line.saturating_sub(1)) else {
        return start;
    };
    let after_indicator = first.get(start.column.saturating_sub(1)..).unwrap_or("");
    // yaml-rust2 marks a block scalar either at its indicator or at its first content line.
    let body_first = if after_indicator.starts_with('|') || after_indicator.starts_with('>') {
        start.line // 0-based index of the line after the indicator
    } else if start.line >= 2 && is_block_indicator_line(lines[start.line - 2]) {
        start.line - 1
    } else {
        return start; // Not a block scalar: point at the value itself.
    };
    let indent = lines
        .get(body_first)
        .map(|l| l.len() - l.trim_start().len())
        .unwrap_or(0);
    let target = match (json_line, needle) {
        (Some((line, col)), _) => Some((body_first + line - 1, indent + col)),
        (None, Some(key)) => {
            let quoted = format!("\"{key}\"");
            lines
                .iter()
                .enumerate()
                .skip(body_first)
                .take_while(|(_, l)| {
                    l.trim().is_empty() || l.len() - l.trim_start().len() >= indent
                })
                .find_map(|(i, l)| l.find(&quoted).map(|c| (i, c + 1)))
        }
        (None, None) => None,
    };
    match target {
        Some((line_index, column)) => Location {
            line: line_index + 1,
            column,
        },
        None => start,
    }
}

fn is_block_indicator_line(line: &str) -> bool {
    let t = line.trim_end();
    let last = t.rsplit(' ').next().unwrap_or("");
    (last.starts_with('|') || last.starts_with('>')) && last.len() <= 3
}
