//! Property tests of the schema loader and validator: arbitrary bytes and arbitrary
//! JSON-shaped YAML, as whole files or grafted into a valid action, never make the
//! generator panic; every problem is located (file of the schema, line and column
//! from 1, inside the file); a file that is not UTF-8 is located at its first bad
//! byte; and whatever passes validation emits code that parses.
//!
//! Bounded for `cargo test`: 256 cases per property (`PROPTEST_CASES` overrides).

mod common;

use codegen::load::SchemaSource;
use common::{ACTION, SERVICE};
use proptest::prelude::*;
use serde_yaml::Value as Yaml;

const AGENT: &str = "structure: Agent
doc: Caller.
fields:
  - name: AppId
    type: string
    required: true
    doc: Application.
  - name: Tags
    type: list<string>
    doc: Labels.
";

const PATHS: &[&str] = &[
    "service.yaml",
    "enums.yaml",
    "structures/Agent.yaml",
    "structures/Other.yaml",
    "actions/DoThing.yaml",
    "actions/Other.yaml",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The base schema with `path` replaced by `bytes`.
fn schema_with(path: &str, bytes: Vec<u8>) -> SchemaSource {
    let mut source = SchemaSource::from_files(&[
        ("service.yaml", SERVICE),
        ("structures/Agent.yaml", AGENT),
        ("actions/DoThing.yaml", ACTION),
    ]);
    source.files.retain(|f| f.path != path);
    source.add_bytes(path, bytes);
    source
}

/// Checks, and emits what passes; every problem must be located.
fn check_located(source: &SchemaSource) -> Result<(), TestCaseError> {
    match codegen::check(source) {
        Ok(schema) => {
            let emitted = codegen::emit::emit(&schema);
            prop_assert!(emitted.is_ok(), "{}", emitted.unwrap_err());
        }
        Err(diagnostics) => {
            prop_assert!(!diagnostics.is_empty());
            for d in &diagnostics.0 {
                prop_assert!(
                    d.location.line >= 1 && d.location.column >= 1,
                    "unlocated: {d}"
                );
                prop_assert!(PATHS.contains(&d.file.as_str()), "which file? {d}");
                if let Some(f) = source.files.iter().find(|f| f.path == d.file) {
                    let lines = f.text.lines().count().max(1);
                    prop_assert!(d.location.line <= lines + 1, "past the end: {d}");
                }
            }
        }
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i64>().prop_map(Into::into),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Into::into),
        any::<String>().prop_map(Into::into),
        // Words the schema means something by.
        prop::sample::select(vec![
            "Agent",
            "Mode",
            "FAST",
            "string",
            "list<Agent>",
            "list<",
            "int64",
            "DoThing",
            "TODO",
            "Request_Id",
            "type",
            "name",
            "doc",
            "",
            "中文",
        ])
        .prop_map(Into::into),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "name",
                    "type",
                    "doc",
                    "required",
                    "values",
                    "value",
                    "fields",
                    "request",
                    "response",
                    "enums",
                    "errors",
                    "code",
                    "examples",
                    "title",
                    "action",
                    "structure",
                    "summary",
                    "deprecated",
                    "x",
                ])
                .prop_map(str::to_owned),
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every node of a YAML tree, by index path.
fn node_count(v: &Yaml) -> usize {
    1 + match v {
        Yaml::Sequence(s) => s.iter().map(node_count).sum(),
        Yaml::Mapping(m) => m.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Replaces the `n`th node (pre-order) with `with`.
fn graft(v: &mut Yaml, n: &mut usize, with: &Yaml) {
    if *n == 0 {
        *v = with.clone();
        *n = usize::MAX;
        return;
    }
    *n -= 1;
    match v {
        Yaml::Sequence(s) => s.iter_mut().for_each(|c| {
            if *n != usize::MAX {
                graft(c, n, with)
            }
        }),
        Yaml::Mapping(m) => m.values_mut().for_each(|c| {
            if *n != usize::MAX {
                graft(c, n, with)
            }
        }),
        _ => {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_are_located_problems_or_valid(
        path in prop::sample::select(PATHS),
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            // Mostly-valid YAML with a few bytes changed, some not UTF-8.
            (prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6))
                .prop_map(|edits| {
                    let mut b = ACTION.as_bytes().to_vec();
                    for (at, byte) in edits {
                        let i = at.index(b.len());
                        b[i] = byte;
                    }
                    b
                }),
        ],
    ) {
        let source = schema_with(path, bytes.clone());
        check_located(&source)?;
        // A file that is not UTF-8 is reported at its first bad byte.
        if let Err(e) = std::str::from_utf8(&bytes) {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let diagnostics = codegen::check(&source).unwrap_err();
            prop_assert!(
                diagnostics.0.iter().any(|d| d.file == path
                    && d.location.line == line
                    && d.message.contains("not UTF-8")),
                "{diagnostics}"
            );
        }
    }

    #[test]
    fn arbitrary_json_files_are_located_problems_or_valid(
        path in prop::sample::select(PATHS),
        value in json_value(),
    ) {
        let text = serde_yaml::to_string(&value).unwrap();
        check_located(&schema_with(path, text.into_bytes()))?;
    }

    #[test]
    fn arbitrary_json_grafted_into_a_valid_file_is_located(
        target in prop::sample::select(&["actions/DoThing.yaml", "structures/Agent.yaml", "service.yaml"][..]),
        at in any::<prop::sample::Index>(),
        value in json_value(),
    ) {
        let base = match target {
            "actions/DoThing.yaml" => ACTION,
            "structures/Agent.yaml" => AGENT,
            _ => SERVICE,
        };
        let mut tree: Yaml = serde_yaml::from_str(base).unwrap();
        let mut n = at.index(node_count(&tree));
        let with: Yaml = serde_yaml::to_value(&value).unwrap();
        graft(&mut tree, &mut n, &with);
        let text = serde_yaml::to_string(&tree).unwrap();
        check_located(&schema_with(target, text.into_bytes()))?;
    }
}
