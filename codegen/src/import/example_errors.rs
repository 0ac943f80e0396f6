//! Error codes that only the documented examples reveal.
//!
//! Tencent's description has no per-action error codes, but an example may
//! answer with one. Such a code is added to the action's `errors` (unless the
//! service or the action already lists it) so the schema stays valid and the
//! code gets a typed variant; its doc is `TODO`, which `cargo xtask codegen`
//! refuses until a maintainer describes the code.

use std::collections::BTreeSet;

use crate::raw::{RawErrorCode, RawService};

use super::subset::SchemaSubset;

/// The doc given to a code found only in an example: it needs words.
pub const PLACEHOLDER_DOC: &str = crate::validate::docs::TODO;

/// Adds every example error code that neither the service nor the action lists.
pub fn add_missing(schema: &mut SchemaSubset, service: Option<&RawService>) {
    let common: BTreeSet<&str> = service
        .map(|s| s.errors.iter().map(|e| e.code.as_str()).collect())
        .unwrap_or_default();
    for action in schema.actions.values_mut() {
        let mut found = Vec::new();
        for example in &action.examples {
            let Ok(response) = serde_json::from_str::<serde_json::Value>(&example.response) else {
                continue;
            };
            if let Some(code) = response
                .pointer("/Response/Error/Code")
                .and_then(|c| c.as_str())
            {
                let listed = common.contains(code) || action.errors.iter().any(|e| e.code == code);
                if !listed && !found.contains(&code.to_owned()) {
                    found.push(code.to_owned());
                }
            }
        }
        action
            .errors
            .extend(found.into_iter().map(|code| RawErrorCode {
                code,
                doc: PLACEHOLDER_DOC.into(),
                retryable: false,
            }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{RawAction, RawExample};

    fn action(errors: &[&str], codes: &[&str]) -> RawAction {
        RawAction {
            action: "A".into(),
            host: None,
            pagination: None,
            summary: "s".into(),
            doc: None,
            rate_limit: None,
            deprecated: false,
            request: vec![],
            response: vec![],
            enums: vec![],
            errors: errors.iter().map(|c| RawErrorCode { code: (*c).into(), doc: "known".into(), retryable: false }).collect(),
            examples: codes
                .iter()
                .map(|c| RawExample {
                    title: "t".into(),
                    doc: None,
                    request: "{}".into(),
                    response: format!("{{\"Response\": {{\"Error\": {{\"Code\": \"{c}\", \"Message\": \"m\"}}, \"RequestId\": \"r\"}}}}"),
                    hand_written: false,
                })
                .collect(),
            notes: None,
        }
    }

    #[test]
    fn adds_unlisted_codes_once_and_keeps_listed_ones() {
        let mut schema = SchemaSubset::default();
        schema.actions.insert(
            "A".into(),
            action(
                &["Known.Code"],
                &["Known.Code", "New.Code", "New.Code", "Common"],
            ),
        );
        let service: RawService = serde_yaml::from_str("name: s\ntitle: t\napi_version: v\nendpoint: e\nrate_limit: 1\nerrors: [{code: Common, doc: d}]\n").unwrap();
        add_missing(&mut schema, Some(&service));
        let codes: Vec<(&str, &str)> = schema.actions["A"]
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.doc.as_str()))
            .collect();
        assert_eq!(
            codes,
            [("Known.Code", "known"), ("New.Code", PLACEHOLDER_DOC)]
        );
    }
}
