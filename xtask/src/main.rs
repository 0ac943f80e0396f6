//! `cargo xtask <command>`: project automation.
mod import;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("import") => import::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask import --help");
            ExitCode::from(2)
        }
    }
}
