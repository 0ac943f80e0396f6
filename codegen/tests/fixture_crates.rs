//! Every edge-case fixture under `tests/fixtures/` generates a crate that
//! compiles and passes its own tests (documented examples, contract tests),
//! so an emitted file that stops compiling fails here, not only as a
//! snapshot diff. All fixtures build in one workspace, in one cargo run.

mod common;

use codegen::load::SourceFile;

const FIXTURES: &[&str] = &[
    "keywords",
    "prelude_names",
    "recursive",
    "deprecated",
    "scalar_types",
    "output_structures",
    "renames",
    "callbacks",
    "paging",
];

#[test]
fn every_fixture_compiles_and_passes_its_tests() {
    let crates: Vec<(String, Vec<codegen::emit::OutputFile>)> = FIXTURES
        .iter()
        .map(|name| {
            let dir = common::repo_root()
                .join("codegen/tests/fixtures")
                .join(name);
            let mut source = codegen::sync::read_schema_dir(&dir).unwrap();
            // Each crate needs a package name of its own.
            source.files.push(SourceFile {
                path: "service.yaml".into(),
                text: common::SERVICE.replace("name: demo", &format!("name: fixture_{name}")),
            });
            let files =
                codegen::generate(&source).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
            ((*name).to_owned(), files)
        })
        .collect();
    let stdout = common::test_generated_crates("fixture-crates", &crates);
    let failed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test result:") && !l.starts_with("test result: ok."))
        .collect();
    assert!(failed.is_empty(), "{stdout}");
    let passed = stdout
        .lines()
        .filter(|l| l.starts_with("test result: ok."))
        .count();
    // Per crate: its library, `tests/contract.rs`, `tests/examples.rs` and
    // each example program (built, and run with no tests): `call`, and
    // `callback` and `receiver` where the schema has callbacks.
    let binaries: usize = crates
        .iter()
        .map(|(_, files)| {
            3 + files
                .iter()
                .filter(|f| f.path.starts_with("examples/"))
                .count()
        })
        .sum();
    assert_eq!(passed, binaries, "every test binary ran:\n{stdout}");
}
