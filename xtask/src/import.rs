//! `cargo xtask import` (owned by the import work).
use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("import: not available yet");
    ExitCode::from(2)
}
