//! Bad input to the importer: each case fails with a message naming the file
//! and the JSON path, object or member at fault, and produces no plan.

mod common;

use codegen::import::{SchemaSubset, Selection, Source, Texts};
use codegen::load::SchemaSource;
use codegen::raw::{RawEnum, RawEnumValue, RawField, RawService, RawStructure};
use serde_json::{json, Value};

use common::import::{fixture, plan_import};

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

fn service(version: &str) -> RawService {
    common::import::service(version, Vec::new())
}

/// Runs an import of `selection` and returns its error message.
fn error_with(
    api: &str,
    examples: Option<&str>,
    selection: Selection,
    existing: &SchemaSubset,
    version: &str,
) -> String {
    let service = service(version);
    match plan_import(
        "in/",
        api,
        examples,
        selection,
        &service,
        existing,
        Texts::Upstream,
    ) {
        Ok(plan) => panic!("expected an error, got a plan:\n{}", plan.report),
        Err(e) => e.to_string(),
    }
}

fn api_error(api: &Value) -> String {
    error_with(
        &api.to_string(),
        None,
        Selection::All,
        &SchemaSubset::default(),
        "2021-05-26",
    )
}

fn examples_error(examples: &Value) -> String {
    error_with(
        &fixture("api.json"),
        Some(&examples.to_string()),
        Selection::Actions(vec!["CreateWidget".into()]),
        &SchemaSubset::default(),
        "2021-05-26",
    )
}

#[test]
fn not_json() {
    let message = error_with(
        "{ nope",
        None,
        Selection::All,
        &SchemaSubset::default(),
        "2021-05-26",
    );
    assert!(
        message.starts_with("in/api.json: not valid JSON: "),
        "{message}"
    );
}

#[test]
fn not_the_format() {
    assert_eq!(
        api_error(&json!({"version": "1.0", "services": {}})),
        "in/api.json: not a Tencent API description (expected top-level `actions` and `objects`)"
    );
    assert_eq!(
        api_error(&json!([1, 2])),
        "in/api.json: the top level must be a JSON object"
    );
    assert_eq!(
        api_error(&json!({"actions": [], "objects": {}})),
        "in/api.json: actions: expected an object"
    );
}

#[test]
fn missing_object() {
    let mut api = fixture_json("api.json");
    api["objects"]
        .as_object_mut()
        .unwrap()
        .remove("CreateWidgetResponse");
    assert_eq!(
        api_error(&api),
        "in/api.json: actions.CreateWidget.output: refers to unknown object `CreateWidgetResponse`"
    );
}

#[test]
fn member_refers_to_unknown_object() {
    let mut api = fixture_json("api.json");
    api["objects"].as_object_mut().unwrap().remove("Option");
    assert_eq!(
        api_error(&api),
        "in/api.json: objects.CreateWidgetRequest.members[14] (Options): refers to unknown object `Option`"
    );
}

#[test]
fn malformed_members() {
    let mut api = fixture_json("api.json");
    api["objects"]["Caller"]["members"][0]["type"] = json!("map");
    assert_eq!(
        api_error(&api),
        "in/api.json: objects.Caller.members[0] (Id): unsupported type `map` with member `string`"
    );

    let mut api = fixture_json("api.json");
    api["objects"]["Caller"]["members"][1]
        .as_object_mut()
        .unwrap()
        .remove("member");
    assert_eq!(
        api_error(&api),
        "in/api.json: objects.Caller.members[1] (Label).member: missing (expected a string)"
    );

    let mut api = fixture_json("api.json");
    api["objects"]["Node"]["members"][0]["disabled"] = json!("no");
    assert_eq!(
        api_error(&api),
        "in/api.json: objects.Node.members[0] (Label).disabled: expected true or false"
    );

    let mut api = fixture_json("api.json");
    api["objects"]["Node"]["members"] = json!({});
    assert_eq!(
        api_error(&api),
        "in/api.json: objects.Node.members: expected an array of members"
    );
}

#[test]
fn unknown_action() {
    let message = error_with(
        &fixture("api.json"),
        None,
        Selection::Actions(vec!["CreateWidgt".into()]),
        &SchemaSubset::default(),
        "2021-05-26",
    );
    assert_eq!(
        message,
        "in/api.json: no action named `CreateWidgt` (did you mean `CreateWidget`?)"
    );
    let message = error_with(
        &fixture("api.json"),
        None,
        Selection::Actions(vec!["Zzz".into()]),
        &SchemaSubset::default(),
        "2021-05-26",
    );
    assert_eq!(message, "in/api.json: no action named `Zzz`");
}

#[test]
fn malformed_examples() {
    // One broken example is skipped with a warning naming it; the rest import.
    let cases = [
        (
            1,
            "input",
            "POST / HTTP/1.1\nHost: x\n{\"A\": 1}",
            "in/examples.json: actions.CreateWidget[1].input: no JSON body after a blank line in the HTTP request",
        ),
        (
            0,
            "input",
            "POST /\n\n{\"A\": ",
            "in/examples.json: actions.CreateWidget[0].input: request body is not valid JSON: ",
        ),
        (
            0,
            "output",
            "<html>502</html>",
            "in/examples.json: actions.CreateWidget[0].output: response is not valid JSON: ",
        ),
    ];
    for (index, key, text, message) in cases {
        let mut examples = fixture_json("examples.json");
        let total = examples["actions"]["CreateWidget"]
            .as_array()
            .unwrap()
            .len();
        examples["actions"]["CreateWidget"][index][key] = json!(text);
        let service = service("2021-05-26");
        let plan = plan_import(
            "in/",
            &fixture("api.json"),
            Some(&examples.to_string()),
            Selection::Actions(vec!["CreateWidget".into()]),
            &service,
            &SchemaSubset::default(),
            Texts::Upstream,
        )
        .unwrap();
        let warning = format!("warning: skipped a malformed example: {message}");
        let report = plan.report.to_string();
        assert!(
            report.lines().any(|l| l.starts_with(&warning)),
            "{warning:?} not in:\n{report}"
        );
        let kept = format!("{} example", total - 1);
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("action CreateWidget: new (") && l.contains(&kept)),
            "{kept:?} not in:\n{report}"
        );
    }

    let mut examples = fixture_json("examples.json");
    examples["actions"]["CreateWidget"][0]
        .as_object_mut()
        .unwrap()
        .remove("title");
    assert_eq!(
        examples_error(&examples),
        "in/examples.json: actions.CreateWidget[0].title: missing (expected a string)"
    );

    assert_eq!(
        examples_error(&json!({"examples": {}})),
        "in/examples.json: not a Tencent examples file (expected a top-level `actions`)"
    );
    assert_eq!(
        examples_error(&json!({"actions": {"CreateWidget": {}}})),
        "in/examples.json: actions.CreateWidget: expected an array of examples"
    );
}

#[test]
fn examples_of_other_actions_are_not_read() {
    // A broken example of an action that is not imported does not matter.
    let mut examples = fixture_json("examples.json");
    examples["actions"]["DescribeTree"][0]["output"] = json!("not json");
    let service = service("2021-05-26");
    let result = plan_import(
        "",
        &fixture("api.json"),
        Some(&examples.to_string()),
        Selection::Actions(vec!["CreateWidget".into()]),
        &service,
        &SchemaSubset::default(),
        Texts::Upstream,
    );
    assert!(result.is_ok());
}

#[test]
fn wrong_service_version() {
    let message = error_with(
        &fixture("api.json"),
        None,
        Selection::All,
        &SchemaSubset::default(),
        "2020-01-01",
    );
    assert_eq!(message, "in/api.json: metadata.apiVersion is `2021-05-26` but service.yaml has api_version `2020-01-01`");
}

#[test]
fn structure_clashes_with_existing_enum() {
    let mut existing = SchemaSubset::default();
    existing.structures.insert(
        "Holder".into(),
        RawStructure {
            structure: "Holder".into(),
            rust_name: None,
            doc: "d".into(),
            fields: vec![RawField {
                name: "K".into(),
                ty: "Node".into(),
                required: false,
                deprecated: false,
                doc: "d".into(),
                example: None,
            }],
            enums: vec![RawEnum {
                name: "Node".into(),
                doc: "d".into(),
                values: vec![RawEnumValue {
                    value: "A".into(),
                    doc: "a".into(),
                    deprecated: false,
                }],
            }],
            notes: None,
        },
    );
    let message = error_with(
        &fixture("api.json"),
        None,
        Selection::All,
        &existing,
        "2021-05-26",
    );
    assert_eq!(
        message,
        "structure `Node` of the description clashes with an enum of the same name in the schema"
    );
}

/// The import into a schema folder made of `files`, as an error message.
fn import_into(files: &[(&str, &str)]) -> String {
    let source = SchemaSource::from_files(files).shown_as("schema");
    let api = fixture("api.json");
    codegen::import::import(
        &source,
        Source {
            name: "api.json",
            text: &api,
        },
        None,
        Selection::All,
        Texts::Upstream,
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn broken_existing_schema_file() {
    let service =
        "name: essbasic\ntitle: t\napi_version: \"2021-05-26\"\nendpoint: e\nrate_limit: 20\n";
    let err = import_into(&[
        ("service.yaml", service),
        ("actions/X.yaml", "action: X\nsummary: s\nbogus: 1\n"),
    ]);
    assert!(
        err.contains("schema/actions/X.yaml:3:1: error: unknown field `bogus`"),
        "{err}"
    );
    let text = "structure: A\ndoc: d\nfields: []\n";
    let err = import_into(&[
        ("service.yaml", service),
        ("structures/A.yaml", text),
        ("structures/B.yaml", text),
    ]);
    assert!(
        err.contains(
            "schema/structures/B.yaml:1:12: error: declares a name another file already declares"
        ),
        "{err}"
    );
}
