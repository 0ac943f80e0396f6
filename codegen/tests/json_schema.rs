//! `schema/schema.json` (for editors) describes the same keys as the serde types.

mod common;

use std::collections::BTreeSet;

fn keys(schema: &serde_json::Value, definition: &str) -> BTreeSet<String> {
    schema["definitions"][definition]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn serde_keys<T: serde::Serialize>(value: &T) -> BTreeSet<String> {
    serde_json::to_value(value)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn json_schema_matches_the_serde_types() {
    let text = std::fs::read_to_string(common::repo_root().join("schema/schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Parse maximal documents so that every optional key is present when serialized back.
    let action: codegen::raw::RawAction = serde_yaml::from_str(
        "action: A\nsummary: s\ndoc: d\nrate_limit: 1\nhost: file\ndeprecated: true\npagination: {offset: O, limit: L, items: I, total: T, offset_unit: page, doc: d}\nrequest: []\nresponse: []\nenums: [{name: E, doc: d, values: [{value: V, doc: d, deprecated: true}]}]\nerrors: [{code: C, doc: d, retryable: true}]\nexamples: [{title: t, doc: d, request: '{}', response: '{}', hand_written: true}]\nnotes: n\n",
    )
    .unwrap();
    assert_eq!(keys(&schema, "action"), serde_keys(&action));
    assert_eq!(keys(&schema, "enum"), serde_keys(&action.enums[0]));
    assert_eq!(keys(&schema, "errorCode"), serde_keys(&action.errors[0]));
    let field: codegen::raw::RawField = serde_yaml::from_str(
        "name: A\ntype: string\nrequired: true\ndeprecated: true\ndoc: d\nexample: e\n",
    )
    .unwrap();
    assert_eq!(keys(&schema, "field"), serde_keys(&field));
    let structure: codegen::raw::RawStructure = serde_yaml::from_str(
        "structure: S\nrust_name: R\ndoc: d\nfields: []\nenums: [{name: E, doc: d, values: []}]\nnotes: n\n",
    )
    .unwrap();
    assert_eq!(keys(&schema, "structure"), serde_keys(&structure));
    let service: codegen::raw::RawService = serde_yaml::from_str(
        "name: s\ntitle: t\napi_version: v\nendpoint: e\ndoc: d\nrate_limit: 1\nerrors: []\nhosts: {file: f}\nenvironments: {test: {doc: d, endpoint: e, hosts: {file: f}}}\n",
    )
    .unwrap();
    assert_eq!(keys(&schema, "service"), serde_keys(&service));
    let environment = &schema["definitions"]["service"]["properties"]["environments"];
    assert_eq!(
        environment["additionalProperties"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        serde_keys(&service.environments["test"])
    );
    let pagination = &schema["definitions"]["action"]["properties"]["pagination"];
    assert_eq!(
        pagination["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        serde_keys(action.pagination.as_ref().unwrap())
    );
    let shared: codegen::raw::RawEnumsFile =
        serde_yaml::from_str("enums: [{name: E, doc: d, values: []}]\n").unwrap();
    assert_eq!(keys(&schema, "enums"), serde_keys(&shared));
    let callback: codegen::raw::RawCallback = serde_yaml::from_str(
        "callback: C\nsummary: s\ndoc: d\nfields: []\nenums: [{name: E, doc: d, values: []}]\nexamples: [{title: t, doc: d, message: '{}'}]\nnotes: n\n",
    )
    .unwrap();
    assert_eq!(keys(&schema, "callback"), serde_keys(&callback));
    assert_eq!(
        schema["definitions"]["callback"]["properties"]["examples"]["items"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        serde_keys(&callback.examples[0])
    );
    // A callback member is a field without `required`.
    let mut callback_field = serde_keys(&field);
    callback_field.remove("required");
    assert_eq!(keys(&schema, "callbackField"), callback_field);
    let example = &action.examples[0];
    assert_eq!(
        schema["definitions"]["action"]["properties"]["examples"]["items"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        serde_keys(example)
    );
}
