//! `cargo xtask <command>`: project automation.
mod codegen;
mod import;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&workspace_root(), &args[1..]),
        Some("import") => import::run(&args[1..]),
        _ => {
            eprintln!("usage:\n  cargo xtask codegen [--check]\n  cargo xtask import --help");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
