//! Two clones of the repository sharing one `CARGO_TARGET_DIR`: each
//! `cargo xtask codegen` works on the clone it runs in, never on the one that
//! happened to build the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A clone of the parts of the repository `cargo xtask codegen` needs.
fn clone(dir: &Path) {
    let root = repo_root();
    let _ = std::fs::remove_dir_all(dir);
    for part in [
        "schema",
        "generated",
        ".cargo",
        "codegen/src",
        "codegen/benches",
        "xtask/src",
    ] {
        copy_dir(&root.join(part), &dir.join(part));
    }
    for file in ["Cargo.lock", "codegen/Cargo.toml", "xtask/Cargo.toml"] {
        std::fs::copy(root.join(file), dir.join(file)).unwrap();
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .replace(
            "members = [\"codegen\", \"xtask\", \"runtime\", \"generated\", \"sdk-tests\"]",
            "members = [\"codegen\", \"xtask\"]",
        )
        .replace(
            "{ path = \"runtime\" }",
            &format!("{{ path = {:?} }}", root.join("runtime")),
        );
    assert!(
        manifest.contains("members = [\"codegen\", \"xtask\"]"),
        "the workspace manifest changed shape; update this test"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

fn edit(clone: &Path, from: &str, to: &str) {
    let path = clone.join("schema/actions/ModifyExtendedService.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn generated_action(clone: &Path) -> String {
    std::fs::read_to_string(clone.join("generated/src/actions/modify_extended_service.rs")).unwrap()
}

fn succeeded(output: Output) -> Output {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn each_clone_regenerates_only_itself() {
    let target = repo_root().join("target/xtask-clones");
    let base = std::env::temp_dir().join(format!("xtask-clones-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    clone(&a);
    clone(&b);
    let cargo_xtask = |clone: &Path| {
        Command::new(env!("CARGO"))
            .args(["xtask", "codegen"])
            .current_dir(clone)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap()
    };

    edit(&a, "value: DOWNLOAD_FLOW", "value: DOWNLOAD_FLOWS");
    let b_before = generated_action(&b);
    succeeded(cargo_xtask(&a));
    assert!(generated_action(&a).contains("DownloadFlows"));
    assert_eq!(generated_action(&b), b_before, "clone b was not touched");

    edit(&b, "value: AUTO_SIGN", "value: AUTO_SIGNING");
    let a_before = generated_action(&a);
    succeeded(cargo_xtask(&b));
    assert!(generated_action(&b).contains("AutoSigning"));
    assert!(!generated_action(&b).contains("DownloadFlows"));
    assert_eq!(generated_action(&a), a_before, "clone a was not touched");

    // The built binary, run by hand from inside a clone, finds that clone.
    edit(&a, "value: PAGING_SEAL", "value: PAGING_SEALS");
    let binary = target
        .join("debug/xtask")
        .with_extension(std::env::consts::EXE_EXTENSION);
    let check = |dir: &Path| {
        Command::new(&binary)
            .args(["codegen", "--check"])
            .current_dir(dir)
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap()
    };
    let stale = check(&a.join("schema"));
    assert!(!stale.status.success(), "clone a is stale");
    succeeded(check(&b.join("schema")));

    let _ = std::fs::remove_dir_all(&base);
}
