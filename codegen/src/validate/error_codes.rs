//! The error-code pass: each list of codes is well formed and without
//! repeats, and the service's and every action's codes merge into one list
//! whose variant names stay distinct.

use std::collections::{BTreeMap, BTreeSet};

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::{Parsed, RawSchema};
use crate::model::{Action, ActionError, ErrorCode};
use crate::raw::RawErrorCode;
use crate::rust_names;

/// Merges common and per-action codes into one list, sorted by code, and
/// fills in each action's codes; `actions` are in the order of the loaded files.
pub(super) fn collect(cx: &mut Context<'_>, actions: &mut [Action]) -> Vec<ErrorCode> {
    let raw = cx.raw;
    let mut codes: BTreeMap<String, ErrorCode> = BTreeMap::new();
    if let Some(service) = &raw.service {
        check_list(cx, service, &service.value.errors);
        for e in service
            .value
            .errors
            .iter()
            .filter(|e| is_error_code(&e.code))
        {
            codes
                .entry(e.code.clone())
                .or_insert_with(|| new_error_code(e, true));
        }
    }
    for (action, parsed) in actions.iter_mut().zip(&raw.actions) {
        check_list(cx, parsed, &parsed.value.errors);
        let mut seen = BTreeSet::new();
        for e in parsed
            .value
            .errors
            .iter()
            .filter(|e| is_error_code(&e.code))
        {
            if !seen.insert(e.code.as_str()) {
                continue;
            }
            let entry = codes
                .entry(e.code.clone())
                .or_insert_with(|| new_error_code(e, false));
            entry.retryable |= e.retryable;
            entry.actions.push(action.name.clone());
            action.errors.push(ActionError {
                code: e.code.clone(),
                rust_name: entry.rust_name.clone(),
                doc: e.doc.clone(),
            });
        }
    }
    check_variants_distinct(cx, &codes);
    let mut list: Vec<ErrorCode> = codes.into_values().collect();
    for c in &mut list {
        c.actions.sort();
    }
    list
}

/// Reports codes that are malformed or listed twice in one `errors` list.
fn check_list<T>(cx: &mut Context<'_>, parsed: &Parsed<T>, list: &[RawErrorCode]) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in list.iter().enumerate() {
        let at = format!("errors[{i}].code");
        if !is_error_code(&e.code) {
            cx.report(parsed.error_at(&at, format!("`{}` is not an error code: expected dotted words such as `InvalidParameter.ParamError`", e.code)));
            continue;
        }
        if let Some(first) = seen.insert(e.code.as_str(), i) {
            cx.report(parsed.error_at(
                &at,
                format!(
                    "error code `{}` is listed twice (first at errors[{first}])",
                    e.code
                ),
            ));
        }
    }
}

/// Reports codes that become the same variant once their dots are removed.
fn check_variants_distinct(cx: &mut Context<'_>, codes: &BTreeMap<String, ErrorCode>) {
    let mut by_rust: BTreeMap<&str, &str> = BTreeMap::new();
    for c in codes.values() {
        let Some(prev) = by_rust.insert(&c.rust_name, &c.code) else {
            continue;
        };
        let message = format!(
            "error codes `{prev}` and `{}` both become the variant `{}`",
            c.code, c.rust_name
        );
        let d = first_listing(cx.raw, &c.code)
            .unwrap_or_else(|| Diagnostic::new("service.yaml", Default::default(), ""));
        cx.report(
            Diagnostic { message, ..d }
                .with_help("error codes must stay distinct once their dots are removed"),
        );
    }
}

/// The service-wide entry for `e`, as first documented (commonly or by one action).
fn new_error_code(e: &RawErrorCode, common: bool) -> ErrorCode {
    ErrorCode {
        code: e.code.clone(),
        rust_name: rust_names::error_variant_name(&e.code).unwrap_or_default(),
        doc: e.doc.clone(),
        retryable: e.retryable,
        common,
        actions: Vec::new(),
    }
}

/// Where `code` is first listed: in `service.yaml`, else in an action file.
fn first_listing(raw: &RawSchema, code: &str) -> Option<Diagnostic> {
    if let Some(service) = &raw.service {
        if let Some(i) = service.value.errors.iter().position(|e| e.code == code) {
            return Some(service.error_at(&format!("errors[{i}].code"), ""));
        }
    }
    raw.actions.iter().find_map(|a| {
        let i = a.value.errors.iter().position(|e| e.code == code)?;
        Some(a.error_at(&format!("errors[{i}].code"), ""))
    })
}

fn is_error_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('.').all(|segment| {
            let mut chars = segment.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}
