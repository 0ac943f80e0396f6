//! A whole service's worth of schema (100 actions, 200 structures besides the
//! 200 request and response types) validates, generates deterministically, and
//! the generated crate compiles and passes all its example tests.

mod common;

#[test]
fn a_service_sized_schema_generates_builds_and_passes_its_examples() {
    let source = codegen::synthetic::schema(100, 200);
    let files = codegen::generate(&source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        files,
        codegen::generate(&source).unwrap(),
        "generation is deterministic"
    );
    assert_eq!(
        files
            .iter()
            .filter(|f| f.path.starts_with("src/actions/") && !f.path.ends_with("mod.rs"))
            .count(),
        100
    );
    assert_eq!(
        files
            .iter()
            .filter(|f| f.path.starts_with("src/structures/") && !f.path.ends_with("mod.rs"))
            .count(),
        200
    );

    let stdout = common::test_generated_crates("scale-test", &[("generated".into(), files)]);
    assert!(
        stdout.contains("test result: ok. 200 passed"),
        "all 200 example tests ran:\n{stdout}"
    );
}
