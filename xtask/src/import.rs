//! `cargo xtask import`: reads Tencent's API description and the schema
//! directory, prints the drift report and writes the changed YAML files.
//!
//! All logic lives in `codegen::import`; this module only parses arguments and
//! does the file I/O. Nothing is written unless the whole import succeeds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::import::existing::{self, FileKind};
use codegen::import::{plan, ImportInput, PlannedFile, Selection, Source};
use codegen::load::SchemaSource;

const USAGE: &str = "\
usage: cargo xtask import --api <api.json> [--examples <examples.json>]
                          (--all | --action <Name>...) [--schema-dir <dir>] [--dry-run]

Imports the selected actions of Tencent's API description (and every structure
they reach) into the YAML schema, keeping hand edits. Prints what changed.

  --api <file>         api.json of the service version
  --examples <file>    examples.json of the service version
  --all                import every action
  --action <Name>      import this action (repeatable)
  --schema-dir <dir>   schema directory to update (default: schema)
  --dry-run            print the report, write nothing";

/// Parsed command line.
#[derive(Debug, Default)]
struct Args {
    api: Option<PathBuf>,
    examples: Option<PathBuf>,
    all: bool,
    actions: Vec<String>,
    schema_dir: Option<PathBuf>,
    dry_run: bool,
}

/// Entry point: `args` are the arguments after `import`.
pub fn run(args: &[String]) -> ExitCode {
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
    match import(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("import: error: {message}\nimport: nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(raw: &[String]) -> Result<Option<Args>, String> {
    let mut args = Args::default();
    let mut iter = raw.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "--help" | "-h" => return Ok(None),
            "--api" => args.api = Some(value()?.into()),
            "--examples" => args.examples = Some(value()?.into()),
            "--schema-dir" => args.schema_dir = Some(value()?.into()),
            "--action" => args.actions.push(value()?),
            "--all" => args.all = true,
            "--dry-run" => args.dry_run = true,
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

fn import(args: &Args) -> Result<(), String> {
    let api_path = args.api.as_deref().unwrap_or(Path::new("api.json"));
    let schema_dir = args
        .schema_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("schema"));
    let api_text = read(api_path)?;
    let examples_text = args.examples.as_deref().map(read).transpose()?;
    let (api_name, examples_name) = (
        api_path.display().to_string(),
        args.examples.as_ref().map(|p| p.display().to_string()),
    );

    // The schema is read once: for the merge, and again in memory for validation.
    let source = if schema_dir.exists() {
        codegen::sync::read_schema_dir(&schema_dir).map_err(|e| e.to_string())?
    } else {
        SchemaSource::default()
    };
    let display = |relative: &str| schema_dir.join(relative).display().to_string();
    let service = source
        .files
        .iter()
        .find(|f| f.path == "service.yaml")
        .map(|f| existing::load_service(&display(&f.path), &f.text))
        .transpose()
        .map_err(|e| e.to_string())?;
    let files: Vec<(FileKind, String, &str)> = source
        .files
        .iter()
        .filter_map(|f| {
            Some((
                schema_file_kind(&f.path)?,
                display(&f.path),
                f.text.as_str(),
            ))
        })
        .collect();
    let existing = existing::load(
        files
            .iter()
            .map(|(kind, name, text)| (*kind, name.as_str(), *text)),
    )
    .map_err(|e| e.to_string())?;

    let input = ImportInput {
        api: Source {
            name: &api_name,
            text: &api_text,
        },
        examples: examples_name
            .as_deref()
            .zip(examples_text.as_deref())
            .map(|(name, text)| Source { name, text }),
        selection: if args.all {
            Selection::All
        } else {
            Selection::Actions(args.actions.clone())
        },
        service: service.as_ref(),
        existing: &existing,
    };
    let plan = plan(&input).map_err(|e| e.to_string())?;
    print!("{}", plan.report);

    let changed: Vec<&PlannedFile> = plan.changed_files().collect();
    check_result(source, &changed)?;
    if args.dry_run {
        println!("dry run: {} file(s) would be written", changed.len());
        return Ok(());
    }
    write_all(&schema_dir, &changed)?;
    println!(
        "wrote {} file(s) under {}",
        changed.len(),
        schema_dir.display()
    );
    Ok(())
}

/// Validates the schema as it would be after the import, so an import never
/// leaves behind a schema that `cargo xtask codegen` rejects.
fn check_result(mut source: SchemaSource, changed: &[&PlannedFile]) -> Result<(), String> {
    for file in changed {
        let path = file.path.replace('\\', "/");
        source.files.retain(|f| f.path != path);
        source.files.push(codegen::load::SourceFile {
            path,
            text: file.contents.clone(),
        });
    }
    codegen::check(&source)
        .map(|_| ())
        .map_err(|d| format!("the imported schema would not pass validation:\n{d}"))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Which kind of importable file `path` (relative to the schema folder) is:
/// `actions/*.yaml`, `structures/*.yaml` or `enums.yaml`.
fn schema_file_kind(path: &str) -> Option<FileKind> {
    if path == "enums.yaml" {
        return Some(FileKind::Enums);
    }
    let (folder, name) = path.split_once('/')?;
    if !name.ends_with(".yaml") || name.contains('/') {
        return None;
    }
    match folder {
        "actions" => Some(FileKind::Action),
        "structures" => Some(FileKind::Structure),
        _ => None,
    }
}

/// Writes each file to a temporary sibling first, then renames them all, so a
/// failure part-way leaves whole files only.
fn write_all(schema_dir: &Path, files: &[&PlannedFile]) -> Result<(), String> {
    let mut staged = Vec::new();
    for file in files {
        let target = schema_dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let temp = target.with_extension("yaml.import-tmp");
        if let Err(e) = fs::write(&temp, &file.contents) {
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
            return Err(format!("{}: {e}", temp.display()));
        }
        staged.push((temp, target));
    }
    for (temp, target) in &staged {
        fs::rename(temp, target).map_err(|e| format!("{}: {e}", target.display()))?;
        println!("wrote {}", target.display());
    }
    Ok(())
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
            "--dry-run",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.api.as_deref(), Some(Path::new("a.json")));
        assert_eq!(a.examples.as_deref(), Some(Path::new("e.json")));
        assert_eq!(a.actions, ["A", "B"]);
        assert_eq!(a.schema_dir.as_deref(), Some(Path::new("s")));
        assert!(a.dry_run && !a.all);
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
