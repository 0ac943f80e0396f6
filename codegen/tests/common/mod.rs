//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::emit::OutputFile;
use codegen::load::SchemaSource;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A schema made of the given files.
pub fn source(files: &[(&str, &str)]) -> SchemaSource {
    SchemaSource::from_files(files)
}

/// A small valid service file.
pub const SERVICE: &str = "name: demo\ntitle: Demo service\napi_version: \"2020-01-01\"\nendpoint: demo.example.com\nrate_limit: 20\nerrors:\n  - code: InvalidParameter\n    doc: Bad parameter.\n  - code: RequestLimitExceeded\n    doc: Too fast.\n    retryable: true\n";

/// Writes each generated crate (folder name, files) as a member of one
/// temporary workspace called `name`, runs `cargo test --tests` on all of them
/// in one invocation and returns its standard output; panics if anything fails.
///
/// The workspace shares this one's lockfile (so nothing is fetched) and target
/// directory (so dependencies are built once for every such test).
pub fn test_generated_crates(name: &str, crates: &[(String, Vec<OutputFile>)]) -> String {
    let root = repo_root();
    let target: PathBuf = std::env::var_os("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|| root.join("target"));
    let dir = target.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (folder, files) in crates {
        codegen::sync::sync(&dir.join(folder), files, codegen::sync::Mode::Write).unwrap();
    }
    let members: Vec<String> = crates.iter().map(|(f, _)| format!("{f:?}")).collect();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .replace(
            "members = [\"codegen\", \"xtask\", \"runtime\", \"generated\", \"sdk-tests\"]",
            &format!("members = [{}]", members.join(", ")),
        )
        .replace(
            "{ path = \"runtime\" }",
            &format!("{{ path = {:?} }}", root.join("runtime")),
        );
    assert!(
        !manifest.contains("\"sdk-tests\""),
        "the workspace manifest changed shape; update this helper"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--quiet",
            "--tests",
            "--examples",
            "--workspace",
        ])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let _ = std::fs::remove_dir_all(Path::new(&dir));
    stdout
}

/// A valid action using the `Agent` structure and an enum of its own, the base
/// the schema tests break in one place at a time.
pub const ACTION: &str = "action: DoThing
summary: Does a thing.
request:
  - name: Agent
    type: Agent
    required: true
    doc: Caller.
  - name: Mode
    type: Mode
    doc: How.
response:
  - name: Url
    type: string
    doc: Link.
enums:
  - name: Mode
    doc: A mode.
    values:
      - value: FAST
        doc: Quickly.
      - value: SLOW
        doc: Slowly.
errors:
  - code: FailedOperation
    doc: Failed.
examples:
  - title: Works
    request: |
      {\"Agent\": {\"AppId\": \"a\"}, \"Mode\": \"FAST\"}
    response: |
      {\"Response\": {\"Url\": \"u\", \"RequestId\": \"r\"}}
";

/// The importer's test inputs: fixture files, a service description and one way to
/// plan an import of them.
pub mod import {
    use std::fs;
    use std::path::Path;

    use codegen::import::{
        plan, ImportError, ImportInput, ImportPlan, SchemaSubset, Selection, Source, Texts,
    };
    use codegen::raw::{RawErrorCode, RawService};

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

    /// A file of `tests/fixtures/import`.
    pub fn fixture(name: &str) -> String {
        fs::read_to_string(Path::new(DIR).join(name)).unwrap()
    }

    /// The essbasic service at `version`, listing `errors` as common codes.
    pub fn service(version: &str, errors: Vec<RawErrorCode>) -> RawService {
        RawService {
            name: "essbasic".into(),
            api_version: version.into(),
            endpoint: "essbasic.tencentcloudapi.com".into(),
            title: "t".into(),
            doc: None,
            rate_limit: 20,
            hosts: Default::default(),
            environments: Default::default(),
            errors,
        }
    }

    /// Plans an import of `api` (and `examples`); messages name the inputs
    /// `<dir>api.json` and `<dir>examples.json`.
    pub fn plan_import(
        dir: &str,
        api: &str,
        examples: Option<&str>,
        selection: Selection,
        service: &RawService,
        existing: &SchemaSubset,
        texts: Texts,
    ) -> Result<ImportPlan, ImportError> {
        let (api_name, examples_name) = (format!("{dir}api.json"), format!("{dir}examples.json"));
        plan(&ImportInput {
            api: Source {
                name: &api_name,
                text: api,
            },
            examples: examples.map(|text| Source {
                name: &examples_name,
                text,
            }),
            selection,
            service: Some(service),
            existing,
            texts,
        })
    }
}
