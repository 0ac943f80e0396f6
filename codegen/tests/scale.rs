//! A whole service's worth of schema (100 actions, 200 structures besides the
//! 200 request and response types) validates, generates deterministically, and
//! the generated crate compiles and passes all its example tests.

mod common;

use std::path::Path;
use std::process::Command;

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

    // Build it as a crate of its own workspace, sharing this workspace's
    // lockfile (so nothing is fetched) and target directory (so nothing is rebuilt twice).
    let root = common::repo_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|| root.join("target"));
    let dir = target.join("scale-test");
    let _ = std::fs::remove_dir_all(&dir);
    let crate_dir = dir.join("generated");
    codegen::sync::sync(&crate_dir, &files, codegen::sync::Mode::Write).unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let manifest = manifest
        .replace(
            "members = [\"codegen\", \"xtask\", \"runtime\", \"generated\", \"sdk-tests\"]",
            "members = [\"generated\"]",
        )
        .replace(
            "{ path = \"runtime\" }",
            &format!("{{ path = {:?} }}", root.join("runtime")),
        );
    assert!(
        manifest.contains("members = [\"generated\"]"),
        "the workspace manifest changed shape; update this test"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--quiet", "--tests", "-p", "synthetic"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("test result: ok. 200 passed"),
        "all 200 example tests ran:\n{stdout}"
    );
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}
