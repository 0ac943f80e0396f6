//! Synthetic schemas of any size, for the scale test and the benchmarks.
//!
//! The shape follows a real Tencent service: every action takes an `Agent`-like
//! structure, structures nest and refer to each other (one refers to itself),
//! fields use every type, some are deprecated, enums carry a few values, and
//! every action has a success and an error example. No Tencent text is used.

use crate::load::{SchemaSource, SourceFile};

/// Builds a schema with `actions` actions and `structures` structures.
pub fn schema(actions: usize, structures: usize) -> SchemaSource {
    let structures = structures.max(2);
    let mut files = vec![SourceFile {
        path: "service.yaml".into(),
        text: "name: synthetic\ntitle: Synthetic service\napi_version: \"2021-05-26\"\nendpoint: synthetic.example.com\nrate_limit: 20\nerrors:\n  - code: InvalidParameter\n    doc: Bad parameter.\n  - code: RequestLimitExceeded\n    doc: Too fast.\n    retryable: true\n".into(),
    }];
    for i in 0..structures {
        files.push(SourceFile {
            path: format!("structures/Struct{i}.yaml"),
            text: structure(i, structures),
        });
    }
    for i in 0..actions {
        files.push(SourceFile {
            path: format!("actions/Action{i}.yaml"),
            text: action(i, structures),
        });
    }
    SchemaSource {
        files,
        ..SchemaSource::default()
    }
}

fn structure(i: usize, total: usize) -> String {
    let next = (i + 1) % total;
    let mut text = format!(
        "structure: Struct{i}\ndoc: Synthetic structure {i}.\nfields:\n  - name: Id\n    type: string\n    required: true\n    doc: Identifier.\n  - name: Count\n    type: int64\n    doc: A count.\n  - name: Ratio\n    type: float\n    doc: A ratio.\n  - name: Flags\n    type: list<bool>\n    doc: Flags.\n  - name: Kind\n    type: Struct{i}Kind\n    doc: A kind.\n  - name: Legacy\n    type: string\n    deprecated: true\n    doc: No longer used.\n"
    );
    if i == 0 {
        text.push_str("  - name: Children\n    type: list<Struct0>\n    doc: A tree of itself.\n");
    }
    // Structures nest in chains of ten, as deep as real services nest them.
    if next > i && next % 10 != 0 {
        text.push_str(&format!(
            "  - name: Next\n    type: Struct{next}\n    doc: The next structure.\n"
        ));
    }
    text.push_str(&format!(
        "enums:\n  - name: Struct{i}Kind\n    doc: Kinds.\n    values:\n      - value: KIND_A\n        doc: First.\n      - value: KIND_B\n        doc: Second.\n      - value: OLD_KIND\n        doc: Gone.\n        deprecated: true\n"
    ));
    text
}

fn action(i: usize, structures: usize) -> String {
    let s = i % structures;
    format!(
        "action: Action{i}
summary: Synthetic action {i}.
request:
  - name: Item
    type: Struct{s}
    required: true
    doc: The item.
  - name: Mode
    type: Action{i}Mode
    required: true
    doc: How.
  - name: Tags
    type: list<string>
    doc: Tags.
  - name: Limit
    type: uint64
    doc: A limit.
response:
  - name: Items
    type: list<Struct{s}>
    doc: Items.
  - name: Total
    type: int64
    doc: Total.
enums:
  - name: Action{i}Mode
    doc: Modes.
    values:
      - value: FAST
        doc: Fast.
      - value: SLOW
        doc: Slow.
errors:
  - code: FailedOperation.Action{i}
    doc: Action {i} failed.
examples:
  - title: Success
    request: |
      {{\"Item\": {{\"Id\": \"x\", \"Count\": 3, \"Kind\": \"KIND_A\", \"Flags\": [true]}}, \"Mode\": \"FAST\", \"Tags\": [\"t\"], \"Limit\": 10}}
    response: |
      {{\"Response\": {{\"Items\": [{{\"Id\": \"x\", \"Ratio\": 0.5}}], \"Total\": 1, \"RequestId\": \"r-{i}\"}}}}
  - title: Failure
    request: |
      {{\"Item\": {{\"Id\": \"\"}}, \"Mode\": \"SLOW\"}}
    response: |
      {{\"Response\": {{\"Error\": {{\"Code\": \"FailedOperation.Action{i}\", \"Message\": \"no\"}}, \"RequestId\": \"e-{i}\"}}}}
"
    )
}
