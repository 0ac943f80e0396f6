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
        hand_written: false,
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

/// How an action's examples change when they follow the description.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExampleChanges {
    /// Titles of upstream examples new to the schema.
    pub added: Vec<String>,
    /// Titles (the schema's) of examples whose request or response upstream edited.
    pub edited: Vec<String>,
    /// Titles of examples upstream no longer has; they are dropped.
    pub removed: Vec<String>,
}

impl ExampleChanges {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.edited.is_empty() && self.removed.is_empty()
    }
}

/// The examples of an action after an import: upstream's, in upstream's
/// order, each keeping the schema's title and doc where the schema has it.
///
/// An upstream example with the same request and response as an existing
/// one is that example. Otherwise, since imported examples keep upstream's
/// order, an unmatched upstream example and an unmatched existing one between
/// the same matched neighbours are one example that upstream edited. Existing
/// examples without a counterpart are dropped, except hand-written ones, which
/// stay after the upstream ones.
pub fn align(old: &[RawExample], new: &[RawExample]) -> (Vec<RawExample>, ExampleChanges) {
    let imported: Vec<&RawExample> = old.iter().filter(|e| !e.hand_written).collect();
    // For each upstream example, the existing example with the same payload.
    let mut used = vec![false; imported.len()];
    let matched: Vec<Option<usize>> = new
        .iter()
        .map(|n| {
            let i = (0..imported.len()).find(|&i| !used[i] && same_payload(imported[i], n))?;
            used[i] = true;
            Some(i)
        })
        .collect();
    let mut changes = ExampleChanges::default();
    let mut out = Vec::new();
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = matched[j] {
            out.push(imported[i].clone());
            continue;
        }
        // The gap between the existing examples matched before and after `j`.
        let low = matched[..j]
            .iter()
            .rev()
            .find_map(|m| *m)
            .map_or(0, |i| i + 1);
        let high = matched[j + 1..]
            .iter()
            .find_map(|m| *m)
            .unwrap_or(imported.len());
        match (low..high).find(|&i| !used[i]) {
            Some(i) => {
                used[i] = true;
                changes.edited.push(imported[i].title.clone());
                out.push(RawExample {
                    request: n.request.clone(),
                    response: n.response.clone(),
                    ..imported[i].clone()
                });
            }
            None => {
                changes.added.push(n.title.clone());
                out.push(n.clone());
            }
        }
    }
    changes.removed = (0..imported.len())
        .filter(|&i| !used[i])
        .map(|i| imported[i].title.clone())
        .collect();
    out.extend(old.iter().filter(|e| e.hand_written).cloned());
    (out, changes)
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
            hand_written: false,
        };
        let b = RawExample {
            title: "b".into(),
            doc: Some("x".into()),
            request: "{\n  \"B\": 2,\n  \"A\": 1\n}\n".into(),
            response: " {} ".into(),
            hand_written: false,
        };
        assert!(same_payload(&a, &b));
        let c = RawExample {
            request: "{\"A\":2,\"B\":2}".into(),
            ..b
        };
        assert!(!same_payload(&a, &c));
    }

    fn ex(title: &str, n: u32) -> RawExample {
        RawExample {
            title: title.into(),
            doc: Some(format!("doc {title}")),
            request: format!("{{\"N\": {n}}}"),
            response: "{}".into(),
            hand_written: false,
        }
    }

    #[test]
    fn examples_follow_upstream() {
        let hand = RawExample {
            hand_written: true,
            ..ex("Hand", 9)
        };
        let old = [ex("One", 1), ex("Two", 2), ex("Three", 3), hand];
        let titles =
            |out: &[RawExample]| -> Vec<String> { out.iter().map(|e| e.title.clone()).collect() };
        // Upstream edited the second: the payload changes, our title stays.
        let (out, changes) = align(&old, &[ex("一", 1), ex("二", 22), ex("三", 3)]);
        assert_eq!(titles(&out), ["One", "Two", "Three", "Hand"]);
        assert_eq!(out[1].request, "{\"N\": 22}");
        assert_eq!(out[1].doc.as_deref(), Some("doc Two"));
        assert_eq!(changes.edited, ["Two"]);
        assert!(changes.added.is_empty() && changes.removed.is_empty());
        // Upstream dropped the second and appended a new one.
        let (out, changes) = align(&old, &[ex("一", 1), ex("三", 3), ex("五", 5)]);
        assert_eq!(titles(&out), ["One", "Three", "五", "Hand"]);
        assert_eq!(changes.removed, ["Two"]);
        assert_eq!(changes.added, ["五"]);
        assert!(changes.edited.is_empty());
        // Nothing changed.
        let (same, none) = align(&old, &[ex("一", 1), ex("二", 2), ex("三", 3)]);
        assert_eq!(same, old);
        assert!(none.is_empty());
    }
}
