//! `cargo xtask codegen` as users run it, on copies of the repository's schema
//! and on clones of the repository sharing one target directory.

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
            if path.file_name().unwrap() != "target" {
                copy_dir(&path, &target);
            }
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&repo_root().join("schema"), &dir.join("schema"));
        copy_dir(&repo_root().join("generated"), &dir.join("generated"));
        Workspace { dir }
    }

    fn codegen(&self, extra: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("codegen")
            .args(extra)
            .arg("--schema")
            .arg(self.dir.join("schema"))
            .arg("--out")
            .arg(self.dir.join("generated"))
            .output()
            .unwrap()
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.join("schema").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn broken_schema_reports_positions_exits_non_zero_and_writes_nothing() {
    let ws = Workspace::new("broken");
    ws.edit(
        "actions/ModifyExtendedService.yaml",
        "type: Agent",
        "type: Agnet",
    );
    ws.edit(
        "structures/UserInfo.yaml",
        "  - name: OpenId\n    type: string",
        "  - name: OpenId\n    tpye: string",
    );
    let before = snapshot(&ws.dir.join("generated"));
    let out = ws.codegen(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("actions/ModifyExtendedService.yaml:12:11: error: unknown type `Agnet`"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `Agent`?"), "{stderr}");
    assert!(stderr.contains("structures/UserInfo.yaml:"), "{stderr}");
    assert!(stderr.contains("unknown field `tpye`"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&ws.dir.join("generated")),
        "generated/ must be left untouched"
    );
}

#[test]
fn a_schema_file_that_is_not_utf8_is_located_and_nothing_is_written() {
    let ws = Workspace::new("not-utf8");
    // A Latin-1 `é` (byte 0xE9) in the summary, line 3: `summary: Turn an ...`.
    let path = ws.dir.join("schema/actions/ModifyExtendedService.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("summary: Turn").unwrap() + "summary: ".len();
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xE9);
    std::fs::write(&path, bytes).unwrap();
    let before = snapshot(&ws.dir.join("generated"));

    let out = ws.codegen(&[]);

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "actions/ModifyExtendedService.yaml:3:10: error: the file is not UTF-8 text: byte 0xE9"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("help: save the file as UTF-8"), "{stderr}");
    assert!(!stderr.contains("cannot read the schema"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&ws.dir.join("generated")),
        "generated/ must be left untouched"
    );
}

#[test]
fn changing_an_enum_value_makes_check_fail_until_regenerated() {
    let ws = Workspace::new("enum");
    assert!(
        ws.codegen(&["--check"]).status.success(),
        "the repository's generated/ is up to date"
    );
    ws.edit(
        "actions/ModifyExtendedService.yaml",
        "value: DOWNLOAD_FLOW",
        "value: DOWNLOAD_FLOWS",
    );

    let check = ws.codegen(&["--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success());
    assert!(
        stderr.contains("stale: generated/src/actions/modify_extended_service.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("+            \"DOWNLOAD_FLOWS\" => Self::DownloadFlows,"),
        "{stderr}"
    );

    assert!(ws.codegen(&[]).status.success());
    assert!(ws.codegen(&["--check"]).status.success());
}

#[test]
fn stale_files_are_named_and_removed() {
    let ws = Workspace::new("stale");
    std::fs::write(ws.dir.join("generated/src/leftover.rs"), "// old\n").unwrap();
    let check = ws.codegen(&["--check"]);
    assert!(String::from_utf8_lossy(&check.stderr)
        .contains("not generated by the schema: generated/src/leftover.rs"));
    assert!(ws.codegen(&[]).status.success());
    assert!(!ws.dir.join("generated/src/leftover.rs").exists());
}

// Two clones of the repository sharing one `CARGO_TARGET_DIR`: each
// `cargo xtask codegen` works on the clone it runs in, never on the one that
// happened to build the binary.

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
