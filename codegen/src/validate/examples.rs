//! The examples pass: each documented example is valid JSON, matches its
//! action's request and response declarations, and answers with a known
//! error code. What passes becomes the model's [`Example`]s.

use std::collections::BTreeSet;

use serde_json::Value;

use super::example_json::{check_object, locate_in_block, Mismatch, TypeLookup};
use super::Context;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::load::Parsed;
use crate::model::{Action, ErrorCode, Example, ExampleOutcome, Field, Structure};
use crate::raw::RawAction;
use crate::rust_names;

/// Checks the examples of every action and stores those that pass in it;
/// `actions` are in the order of the loaded files.
pub(super) fn check(
    cx: &mut Context<'_>,
    actions: &mut [Action],
    structures: &[Structure],
    codes: &[ErrorCode],
) {
    let mut checker = Checker {
        lookup: Lookup { structures },
        codes,
        known_codes: codes.iter().map(|c| c.code.as_str()).collect(),
    };
    for (action, parsed) in actions.iter_mut().zip(&cx.raw.actions) {
        action.examples = checker.action(cx, parsed, action);
    }
}

/// What the checks of one schema's examples share.
struct Checker<'a> {
    lookup: Lookup<'a>,
    codes: &'a [ErrorCode],
    known_codes: BTreeSet<&'a str>,
}

impl Checker<'_> {
    fn action(
        &mut self,
        cx: &mut Context<'_>,
        parsed: &Parsed<RawAction>,
        action: &Action,
    ) -> Vec<Example> {
        let mut out = Vec::new();
        for (i, ex) in parsed.value.examples.iter().enumerate() {
            let base = format!("examples[{i}]");
            let request = json(cx, parsed, &format!("{base}.request"), &ex.request);
            let response = json(cx, parsed, &format!("{base}.response"), &ex.response);
            let (Some(request), Some(response)) = (request, response) else {
                continue;
            };

            let mut mismatches = Vec::new();
            match request.as_object() {
                Some(obj) => check_object(
                    obj,
                    &action.request,
                    &self.lookup,
                    "",
                    true,
                    &mut mismatches,
                ),
                None => mismatches.push(Mismatch {
                    path: String::new(),
                    key: None,
                    message: "the example request must be a JSON object".into(),
                    help: None,
                }),
            }
            report_mismatches(cx, parsed, &format!("{base}.request"), mismatches);

            let at = format!("{base}.response");
            let Some(outcome) = self.response(cx, parsed, &at, &response, action) else {
                continue;
            };
            let title = ex.title.trim().to_owned();
            out.push(Example {
                test_name: rust_names::example_test_name(out.len() + 1, &title),
                title,
                doc: ex.doc.clone(),
                request,
                request_text: ex.request.clone(),
                response_text: ex.response.clone(),
                outcome,
            });
        }
        out
    }

    fn response(
        &self,
        cx: &mut Context<'_>,
        parsed: &Parsed<RawAction>,
        at: &str,
        response: &Value,
        action: &Action,
    ) -> Option<ExampleOutcome> {
        let Some(inner) = response.get("Response").and_then(Value::as_object) else {
            cx.report(Diagnostic::new(
                &parsed.file,
                locate_in_block(parsed, at, None, None),
                "the example response must be an object `{\"Response\": {...}}`",
            ));
            return None;
        };
        let Some(Value::String(request_id)) = inner.get("RequestId") else {
            cx.report(Diagnostic::new(
                &parsed.file,
                locate_in_block(parsed, at, None, Some("Response")),
                "the example response has no string `RequestId`",
            ));
            return None;
        };
        let request_id = request_id.clone();
        if let Some(error) = inner.get("Error") {
            return self.error(cx, parsed, at, error, request_id);
        }
        let mut fields = inner.clone();
        fields.remove("RequestId");
        fields.remove("DeprecatedWarning");
        let mut mismatches = Vec::new();
        check_object(
            &fields,
            &action.response,
            &self.lookup,
            "",
            false,
            &mut mismatches,
        );
        report_mismatches(cx, parsed, at, mismatches);
        Some(ExampleOutcome::Success { request_id })
    }

    fn error(
        &self,
        cx: &mut Context<'_>,
        parsed: &Parsed<RawAction>,
        at: &str,
        error: &Value,
        request_id: String,
    ) -> Option<ExampleOutcome> {
        let code = error.get("Code").and_then(Value::as_str);
        let message_ok = error.get("Message").is_some_and(Value::is_string);
        let Some(code) = code.filter(|_| message_ok) else {
            cx.report(Diagnostic::new(
                &parsed.file,
                locate_in_block(parsed, at, None, Some("Error")),
                "the example's `Error` needs string `Code` and `Message`",
            ));
            return None;
        };
        let Some(known) = self.codes.iter().find(|c| c.code == code) else {
            let d = Diagnostic::new(&parsed.file, locate_in_block(parsed, at, None, Some("Code")), format!("the example answers with error code `{code}`, which neither this action nor the service lists"));
            cx.report(match did_you_mean(code, self.known_codes.iter().copied()) {
                Some(m) => d.with_help(format!("did you mean `{m}`? Otherwise add it to `errors`")),
                None => d.with_help("add it to this action's `errors`"),
            });
            return None;
        };
        Some(ExampleOutcome::Error {
            code: code.to_owned(),
            rust_name: known.rust_name.clone(),
            request_id,
        })
    }
}

/// The JSON text at `at`, parsed, or `None` once reported.
pub(super) fn json<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    at: &str,
    text: &str,
) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let location =
                locate_in_block(parsed, at, Some((e.line().max(1), e.column().max(1))), None);
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_owned();
            cx.report(Diagnostic::new(
                &parsed.file,
                location,
                format!("the example is not valid JSON: {message}"),
            ));
            None
        }
    }
}

pub(super) fn report_mismatches<T>(
    cx: &mut Context<'_>,
    parsed: &Parsed<T>,
    at: &str,
    mismatches: Vec<Mismatch>,
) {
    for m in mismatches {
        let location = locate_in_block(parsed, at, None, m.key.as_deref());
        let mut d = Diagnostic::new(&parsed.file, location, m.message);
        d.help = m.help;
        cx.report(d);
    }
}

pub(super) struct Lookup<'a> {
    pub(super) structures: &'a [Structure],
}

impl TypeLookup for Lookup<'_> {
    fn fields(&self, structure: &str) -> Option<&[Field]> {
        self.structures
            .iter()
            .find(|s| s.name == structure)
            .map(|s| s.fields.as_slice())
    }
}
