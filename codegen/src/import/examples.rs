//! Documented examples: extraction from `examples.json` and comparison.

use serde_json::Value;

use super::description::ApiExample;
use super::error::ImportError;
use super::prose;
use super::yaml_style::json_two_space;
use crate::raw::RawExample;

/// Turns one documented example into a schema example.
///
/// `path` names the example in `file` for errors (e.g. `actions.Foo[0]`).
///
/// # Errors
/// [`ImportError::Example`] when the request has no JSON body after a blank
/// line or either side is not valid JSON.
pub fn convert(file: &str, path: &str, example: &ApiExample) -> Result<RawExample, ImportError> {
    let error = |field: &str, message: String| ImportError::Example {
        file: file.to_owned(),
        path: format!("{path}.{field}"),
        message,
    };
    let body = request_body(&example.input).ok_or_else(|| {
        error(
            "input",
            "no JSON body after a blank line in the HTTP request".into(),
        )
    })?;
    check_json(body).map_err(|e| error("input", format!("request body is not valid JSON: {e}")))?;
    let response = example.output.trim();
    check_json(response)
        .map_err(|e| error("output", format!("response is not valid JSON: {e}")))?;
    let doc = prose::to_doc(&example.document);
    Ok(RawExample {
        title: example.title.trim().to_owned(),
        doc: (!doc.is_empty()).then_some(doc),
        request: format!("{}\n", json_two_space(body)),
        response: format!("{}\n", json_two_space(response)),
    })
}

/// The request body of a documented example as JSON, if it has one.
pub fn request_json(example: &ApiExample) -> Option<Value> {
    serde_json::from_str(request_body(&example.input)?).ok()
}

/// The JSON body of an HTTP request text: everything after the first blank line.
fn request_body(http: &str) -> Option<&str> {
    let mut offset = 0;
    for line in http.split_inclusive('\n') {
        offset += line.len();
        if line.trim().is_empty() {
            let body = http[offset..].trim();
            return (!body.is_empty()).then_some(body);
        }
    }
    None
}

fn check_json(text: &str) -> Result<(), String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => Ok(()),
        Ok(_) => Err("expected a JSON object".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether two examples carry the same request and response, compared as JSON
/// values (falling back to the trimmed text when one side is not JSON).
pub fn same_payload(a: &RawExample, b: &RawExample) -> bool {
    same_json(&a.request, &b.request) && same_json(&a.response, &b.response)
}

fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(input: &str, output: &str) -> ApiExample {
        ApiExample {
            title: " T ".into(),
            document: "<p>D</p>".into(),
            input: input.into(),
            output: output.into(),
        }
    }

    #[test]
    fn body_after_blank_line() {
        let ex = convert(
            "e.json",
            "actions.A[0]",
            &api(
                "POST / HTTP/1.1\r\nHost: x\r\n\r\n{\"A\": 1}",
                " {\"Response\": {}} ",
            ),
        )
        .unwrap();
        assert_eq!(ex.title, "T");
        assert_eq!(ex.doc.as_deref(), Some("D"));
        assert_eq!(ex.request, "{\"A\": 1}\n");
        assert_eq!(ex.response, "{\"Response\": {}}\n");
    }

    #[test]
    fn bad_examples_name_the_path() {
        let err = convert(
            "e.json",
            "actions.A[0]",
            &api("POST / HTTP/1.1\n{\"A\": 1}", "{}"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("e.json: actions.A[0].input: no JSON body"),
            "{err}"
        );
        let err = convert("e.json", "actions.A[1]", &api("POST /\n\n{oops", "{}")).unwrap_err();
        assert!(
            err.to_string()
                .contains("actions.A[1].input: request body is not valid JSON"),
            "{err}"
        );
        let err = convert("e.json", "actions.A[2]", &api("POST /\n\n{}", "[1]")).unwrap_err();
        assert!(err
            .to_string()
            .contains("actions.A[2].output: response is not valid JSON: expected a JSON object"));
    }

    #[test]
    fn payload_comparison_ignores_layout() {
        let a = RawExample {
            title: "a".into(),
            doc: None,
            request: "{\"A\":1,\"B\":2}".into(),
            response: "{}".into(),
        };
        let b = RawExample {
            title: "b".into(),
            doc: Some("x".into()),
            request: "{\n  \"B\": 2,\n  \"A\": 1\n}\n".into(),
            response: " {} ".into(),
        };
        assert!(same_payload(&a, &b));
        let c = RawExample {
            request: "{\"A\":2,\"B\":2}".into(),
            ..b
        };
        assert!(!same_payload(&a, &c));
    }
}
