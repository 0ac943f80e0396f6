//! `cargo xtask import`: reads Tencent's API description and the schema
//! folder, prints the drift report and writes the changed YAML files.
//!
//! All logic lives in `codegen::import`; the files are read and written by
//! `codegen::sync`, like for `cargo xtask codegen`. Nothing is written
//! unless the whole import succeeds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::emit::OutputFile;
use codegen::import::{Selection, Source, Texts};
use codegen::load::SchemaSource;
use codegen::sync::{self, Mode};

use crate::flags::Flags;
use crate::workspace;

const USAGE: &str = "\
usage: cargo xtask import --api <api.json> [--examples <examples.json>]
                          (--all | --action <Name>...) [--schema-dir <dir>]
                          [--facts-only] [--dry-run]

Imports the selected actions of Tencent's API description (and every structure
they reach) into the YAML schema, keeping hand edits. Prints what changed.

  --api <file>         api.json of the service version
  --examples <file>    examples.json of the service version
  --all                import every action
  --action <Name>      import this action (repeatable)
  --schema-dir <dir>   schema directory to update (default: schema)
  --facts-only         write TODO where the schema needs words (docs, titles)
                       instead of Tencent's prose; codegen refuses both until
                       someone writes them
  --dry-run            print the report, write nothing";

/// Parsed command line.
#[derive(Debug, Default)]
struct Args {
    api: Option<PathBuf>,
    examples: Option<PathBuf>,
    all: bool,
    actions: Vec<String>,
    schema_dir: Option<PathBuf>,
    facts_only: bool,
    dry_run: bool,
}

/// Entry point: `args` are the arguments after `import`.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("import: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match import(root, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("import: error: {message}\nimport: nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(raw: &[String]) -> Result<Option<Args>, String> {
    let mut args = Args::default();
    let mut flags = Flags::new(raw);
    while let Some(flag) = flags.next_flag() {
        let mut value = || flags.value().ok_or_else(|| format!("{flag} needs a value"));
        match flag {
            "--help" | "-h" => return Ok(None),
            "--api" => args.api = Some(value()?.into()),
            "--examples" => args.examples = Some(value()?.into()),
            "--schema-dir" => args.schema_dir = Some(value()?.into()),
            "--action" => args.actions.push(value()?),
            "--all" => args.all = true,
            "--dry-run" => args.dry_run = true,
            "--facts-only" => args.facts_only = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.api.is_none() {
        return Err("--api is required".into());
    }
    match (args.all, args.actions.is_empty()) {
        (true, true) | (false, false) => {}
        _ => return Err("give either --all or at least one --action, not both".into()),
    }
    Ok(Some(args))
}

fn import(root: &Path, args: &Args) -> Result<(), String> {
    let api_path = args.api.as_deref().unwrap_or(Path::new("api.json"));
    let schema_dir = args
        .schema_dir
        .clone()
        .unwrap_or_else(|| root.join("schema"));
    let api_text = read(api_path)?;
    let examples_text = args.examples.as_deref().map(read).transpose()?;
    let (api_name, examples_name) = (
        api_path.display().to_string(),
        args.examples.as_ref().map(|p| p.display().to_string()),
    );
    let schema_name = workspace::display(root, &schema_dir);
    let source = if schema_dir.exists() {
        sync::read_schema_dir(&schema_dir).map_err(|e| e.to_string())?
    } else {
        SchemaSource::default()
    }
    .shown_as(&schema_name);

    let plan = codegen::import::import(
        &source,
        Source {
            name: &api_name,
            text: &api_text,
        },
        examples_name
            .as_deref()
            .zip(examples_text.as_deref())
            .map(|(name, text)| Source { name, text }),
        if args.all {
            Selection::All
        } else {
            Selection::Actions(args.actions.clone())
        },
        if args.facts_only {
            Texts::Todo
        } else {
            Texts::Upstream
        },
    )
    .map_err(|e| e.to_string())?;
    print!("{}", plan.report);

    let changed: Vec<OutputFile> = plan.changed_files().map(OutputFile::from).collect();
    if args.dry_run {
        println!("dry run: {} file(s) would be written", changed.len());
        return Ok(());
    }
    let report = sync::update(&schema_dir, &changed, Mode::Write)
        .map_err(|e| format!("cannot write the schema: {e}"))?;
    for (path, _) in &report.differences {
        println!("wrote {schema_name}/{path}");
    }
    println!("wrote {} file(s) under {schema_name}", changed.len());
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Option<Args>, String> {
        parse_args(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_every_flag() {
        let a = args(&[
            "--api",
            "a.json",
            "--examples=e.json",
            "--action",
            "A",
            "--action=B",
            "--schema-dir",
            "s",
            "--facts-only",
            "--dry-run",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.api.as_deref(), Some(Path::new("a.json")));
        assert_eq!(a.examples.as_deref(), Some(Path::new("e.json")));
        assert_eq!(a.actions, ["A", "B"]);
        assert_eq!(a.schema_dir.as_deref(), Some(Path::new("s")));
        assert!(a.dry_run && a.facts_only && !a.all);
        assert!(args(&["--api", "a.json", "--all"]).unwrap().unwrap().all);
        assert!(args(&["--help"]).unwrap().is_none());
    }

    #[test]
    fn rejects_bad_combinations() {
        assert_eq!(args(&["--all"]).unwrap_err(), "--api is required");
        assert!(args(&["--api", "a.json"]).is_err());
        assert!(args(&["--api", "a.json", "--all", "--action", "A"]).is_err());
        assert_eq!(args(&["--api"]).unwrap_err(), "--api needs a value");
        assert_eq!(
            args(&["--api", "a", "--all", "--bogus"]).unwrap_err(),
            "unknown argument `--bogus`"
        );
    }
}
