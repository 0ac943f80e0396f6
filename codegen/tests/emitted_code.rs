//! Snapshots of the emitted code: one per seed action of the repository's
//! schema, and one per edge-case fixture under `tests/fixtures/`.
//!
//! A change to a schema file shows up here as a snapshot diff to review with
//! `cargo insta review`.

mod common;

use codegen::emit::OutputFile;
use codegen::load::SourceFile;

fn generate_repo() -> Vec<OutputFile> {
    let source = codegen::sync::read_schema_dir(&common::repo_root().join("schema")).unwrap();
    codegen::generate(&source).unwrap_or_else(|e| panic!("{e}"))
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is not generated"))
        .contents
}

#[test]
fn seed_action_modify_extended_service() {
    insta::assert_snapshot!(file(
        &generate_repo(),
        "src/actions/modify_extended_service.rs"
    ));
}

#[test]
fn seed_action_channel_create_seal_policy() {
    insta::assert_snapshot!(file(
        &generate_repo(),
        "src/actions/channel_create_seal_policy.rs"
    ));
}

#[test]
fn seed_structures() {
    let files = generate_repo();
    let text: Vec<String> = files
        .iter()
        .filter(|f| f.path.starts_with("src/structures/") && !f.path.ends_with("mod.rs"))
        .map(|f| format!("==> {}\n{}", f.path, f.contents))
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn error_codes() {
    insta::assert_snapshot!(file(&generate_repo(), "src/error_code.rs"));
}

#[test]
fn generating_twice_gives_identical_output() {
    assert_eq!(generate_repo(), generate_repo());
}

/// The generated files of a fixture that differ from one fixture to the next.
fn fixture(name: &str) -> String {
    let dir = common::repo_root()
        .join("codegen/tests/fixtures")
        .join(name);
    let mut source = codegen::sync::read_schema_dir(&dir).unwrap();
    source.files.push(SourceFile {
        path: "service.yaml".into(),
        text: common::SERVICE.into(),
    });
    let files = codegen::generate(&source).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    files
        .iter()
        .filter(|f| {
            f.path.starts_with("src/actions/")
                || f.path.starts_with("src/structures/")
                || f.path == "tests/examples.rs"
        })
        .filter(|f| !f.path.ends_with("mod.rs"))
        .map(|f| format!("==> {}\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! fixture_snapshot {
    ($name:ident) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(fixture(stringify!($name)));
        }
    };
}

fixture_snapshot!(keywords);
fixture_snapshot!(prelude_names);
fixture_snapshot!(recursive);
fixture_snapshot!(deprecated);
fixture_snapshot!(scalar_types);
fixture_snapshot!(output_structures);
fixture_snapshot!(renames);
