//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::load::{SchemaSource, SourceFile};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A schema made of the given files.
pub fn source(files: &[(&str, &str)]) -> SchemaSource {
    SchemaSource {
        files: files
            .iter()
            .map(|(path, text)| SourceFile {
                path: (*path).to_owned(),
                text: (*text).to_owned(),
            })
            .collect(),
        folder: String::new(),
    }
}

/// A small valid service file.
pub const SERVICE: &str = "name: demo\ntitle: Demo service\napi_version: \"2020-01-01\"\nendpoint: demo.example.com\nrate_limit: 20\nerrors:\n  - code: InvalidParameter\n    doc: Bad parameter.\n  - code: RequestLimitExceeded\n    doc: Too fast.\n    retryable: true\n";
