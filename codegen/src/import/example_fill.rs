//! Keeps documented examples valid when a parameter becomes required.
//!
//! Upstream examples often predate a new required parameter. Rather than
//! refuse the whole import (the schema would no longer validate), the import
//! puts a placeholder into each example that lacks the parameter: the
//! member's documented example value, else an empty value of its type. The
//! drift report lists every such example so a maintainer replaces it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::subset::SchemaSubset;
use super::types::element_of;
use super::yaml_style::json_two_space;
use crate::raw::RawField;

/// Fills missing required top-level parameters into every example request;
/// returns, per action, `(example title, parameter)` for each fill.
pub fn fill_required(schema: &mut SchemaSubset) -> BTreeMap<String, Vec<(String, String)>> {
    let mut filled = BTreeMap::new();
    for (name, action) in &mut schema.actions {
        let required: Vec<&RawField> = action
            .request
            .iter()
            .filter(|f| f.required && !f.deprecated)
            .collect();
        for example in &mut action.examples {
            let Ok(Value::Object(mut request)) = serde_json::from_str::<Value>(&example.request)
            else {
                continue;
            };
            let mut changed = false;
            for field in &required {
                if !request.contains_key(&field.name) {
                    request.insert(field.name.clone(), placeholder(field));
                    filled
                        .entry(name.clone())
                        .or_insert_with(Vec::new)
                        .push((example.title.clone(), field.name.clone()));
                    changed = true;
                }
            }
            if changed {
                let text = Value::Object(request).to_string();
                example.request = format!("{}\n", json_two_space(&text));
            }
        }
    }
    filled
}

/// The member's documented example when it is valid JSON of the right shape,
/// else the empty value of its type.
fn placeholder(field: &RawField) -> Value {
    let list = element_of(&field.ty).1;
    let documented = field
        .example
        .as_deref()
        .map(|e| serde_json::from_str::<Value>(e).unwrap_or_else(|_| Value::String(e.to_owned())));
    let scalar = |v: &Value| !v.is_array() && !v.is_object();
    match (documented, list, field.ty.as_str()) {
        (Some(v @ Value::Array(_)), true, _) => v,
        (_, true, _) => Value::Array(Vec::new()),
        (Some(v), false, "string" | "date") if scalar(&v) => Value::String(match v {
            Value::String(s) => s,
            other => other.to_string(),
        }),
        (Some(v @ Value::Number(_)), false, "int64" | "uint64" | "float") => v,
        (Some(v @ Value::Bool(_)), false, "bool") => v,
        (_, false, "string" | "date") => Value::String(String::new()),
        (_, false, "int64" | "uint64") => Value::from(0),
        (_, false, "float") => Value::from(0.0),
        (_, false, "bool") => Value::Bool(false),
        // A structure or an enum: an enum takes its documented example as text.
        (Some(Value::String(s)), false, _) => Value::String(s),
        _ => Value::Object(Map::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{RawAction, RawExample};

    fn field(name: &str, ty: &str, example: Option<&str>) -> RawField {
        RawField {
            name: name.into(),
            ty: ty.into(),
            required: true,
            deprecated: false,
            doc: "d".into(),
            example: example.map(str::to_owned),
        }
    }

    #[test]
    fn fills_each_missing_required_parameter() {
        let mut schema = SchemaSubset::default();
        schema.actions.insert(
            "A".into(),
            RawAction {
                action: "A".into(),
                host: None,
                pagination: None,
                summary: "s".into(),
                doc: None,
                rate_limit: None,
                deprecated: false,
                request: vec![
                    field("Have", "string", None),
                    field("Name", "string", Some("x")),
                    field("Count", "int64", Some("3")),
                    field("Ids", "list<string>", None),
                ],
                response: Vec::new(),
                enums: Vec::new(),
                errors: Vec::new(),
                examples: vec![RawExample {
                    title: "T".into(),
                    doc: None,
                    request: "{\"Have\": \"h\"}".into(),
                    response: "{}".into(),
                    hand_written: false,
                }],
                notes: None,
            },
        );
        let filled = fill_required(&mut schema);
        assert_eq!(
            filled["A"],
            [
                ("T".to_owned(), "Name".to_owned()),
                ("T".to_owned(), "Count".to_owned()),
                ("T".to_owned(), "Ids".to_owned())
            ]
        );
        let request: Value =
            serde_json::from_str(&schema.actions["A"].examples[0].request).unwrap();
        assert_eq!(
            request,
            serde_json::json!({"Have": "h", "Name": "x", "Count": 3, "Ids": []})
        );
    }
}
