//! `cargo xtask <command>`: project automation.
mod codegen;
mod flags;
mod import;
mod workspace;

use std::process::ExitCode;

const USAGE: &str = "usage:\n  cargo xtask codegen [--check] [--schema-dir <dir>] [--out <dir>]\n  cargo xtask import --help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str);
    if !matches!(command, Some("codegen" | "import")) {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let root = match workspace::root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match command {
        Some("codegen") => codegen::run(&root, &args[1..]),
        _ => import::run(&root, &args[1..]),
    }
}
