//! Reading schema files into their raw typed form.
//!
//! Each file is deserialized by `serde_yaml` into the types of [`crate::raw`]
//! (unknown keys rejected) and indexed by [`Positions`] so later checks can
//! point into it. Problems are collected, never fatal: a broken file is
//! reported and skipped, and the others are still checked.

use crate::diagnostic::{did_you_mean, Diagnostic, Location};
use crate::positions::Positions;
use crate::raw::{RawAction, RawCallback, RawEnum, RawEnumsFile, RawService, RawStructure};

/// One schema file: its path relative to the schema directory and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative path with `/` separators, e.g. `actions/ModifyExtendedService.yaml`.
    pub path: String,
    /// Full contents.
    pub text: String,
}

impl SourceFile {
    /// A file read as bytes: its text, or, when the bytes are not UTF-8, the
    /// problem located at the first bad byte (line and column counted in
    /// characters of the valid text before it, like every other location).
    pub fn decode(path: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile {
                path: path.to_owned(),
                text,
            }),
            Err(e) => Err(not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to())),
        }
    }
}

/// The problem of a file whose bytes stop being UTF-8 at `bad`.
fn not_utf8(path: &str, bytes: &[u8], bad: usize) -> Diagnostic {
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let location = Location {
        line: valid.matches('\n').count() + 1,
        column: valid[line_start..].chars().count() + 1,
    };
    let diagnostic = Diagnostic::new(
        path,
        location,
        format!(
            "the file is not UTF-8 text: byte 0x{:02X} cannot start or continue a character here",
            bytes[bad]
        ),
    );
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        diagnostic.with_help("the file looks like UTF-16; save it as UTF-8")
    } else {
        diagnostic.with_help("save the file as UTF-8")
    }
}

/// All files of a schema directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaSource {
    /// The files, in any order.
    pub files: Vec<SourceFile>,
    /// How messages name the folder the paths are relative to, with a
    /// trailing `/` (`schema/`), or empty to show the paths as they are.
    pub folder: String,
    /// Files that could not be read as text (not UTF-8), one problem each,
    /// located at the first bad byte; [`parse`] reports them with the rest.
    pub unreadable: Vec<Diagnostic>,
}

impl SchemaSource {
    /// A schema made of `(path, text)` pairs, e.g. for tests.
    pub fn from_files(files: &[(&str, &str)]) -> Self {
        SchemaSource {
            files: files
                .iter()
                .map(|(path, text)| SourceFile {
                    path: (*path).to_owned(),
                    text: (*text).to_owned(),
                })
                .collect(),
            folder: String::new(),
            unreadable: Vec::new(),
        }
    }

    /// Adds a file read as bytes: as text when it is UTF-8, otherwise as the
    /// problem [`SourceFile::decode`] found (for files that are schema input).
    pub fn add_bytes(&mut self, path: &str, bytes: Vec<u8>) {
        match SourceFile::decode(path, bytes) {
            Ok(file) => self.files.push(file),
            Err(problem) if classify(path).is_some() => self.unreadable.push(problem),
            // Not schema input (an image next to a README): never read.
            Err(_) => {}
        }
    }

    /// The same files, named in messages as under `folder`.
    pub fn shown_as(self, folder: &str) -> Self {
        let folder = match folder.trim_end_matches('/') {
            "" | "." => String::new(),
            trimmed => format!("{trimmed}/"),
        };
        SchemaSource { folder, ..self }
    }
}

/// A parsed file with what is needed to point into it.
#[derive(Debug)]
pub struct Parsed<T> {
    /// Relative path of the file.
    pub file: String,
    /// The deserialized contents.
    pub value: T,
    /// Positions of its keys and values.
    pub positions: Positions,
    /// The file's text, for checks that look inside block scalars.
    pub text: String,
}

impl<T> Parsed<T> {
    /// A diagnostic pointing at the value at `path` in this file.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.file, self.positions.value(path), message)
    }

    /// A diagnostic pointing at the key of `path` in this file.
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.file, self.positions.key(path), message)
    }
}

/// Every file of the schema that parsed.
#[derive(Debug, Default)]
pub struct RawSchema {
    /// `service.yaml`, when present and valid.
    pub service: Option<Parsed<RawService>>,
    /// `structures/*.yaml`, sorted by path.
    pub structures: Vec<Parsed<RawStructure>>,
    /// `actions/*.yaml`, sorted by path.
    pub actions: Vec<Parsed<RawAction>>,
    /// `enums.yaml`, when present and valid.
    pub enums: Option<Parsed<RawEnumsFile>>,
    /// `callbacks/*.yaml`, sorted by path.
    pub callbacks: Vec<Parsed<RawCallback>>,
}

/// What kind of schema file a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `service.yaml`.
    Service,
    /// `enums.yaml`: the enums several files use.
    Enums,
    /// `structures/<Name>.yaml`.
    Structure,
    /// `actions/<Name>.yaml`.
    Action,
    /// `callbacks/<MsgType>.yaml`.
    Callback,
}

/// What kind of schema file `path` (relative to the schema folder) is:
/// `None` for files that are not schema input, an error for YAML files in
/// the wrong place. The one place that knows the folder layout.
pub fn classify(path: &str) -> Option<Result<FileKind, String>> {
    let is_yaml = path.ends_with(".yaml") || path.ends_with(".yml");
    if !is_yaml {
        return None; // READMEs, the JSON Schema and the like are not schema input.
    }
    let kind = match path.split('/').collect::<Vec<_>>().as_slice() {
        ["service.yaml"] => Ok(FileKind::Service),
        ["enums.yaml"] => Ok(FileKind::Enums),
        ["structures", name] if name.ends_with(".yaml") => Ok(FileKind::Structure),
        ["actions", name] if name.ends_with(".yaml") => Ok(FileKind::Action),
        ["callbacks", name] if name.ends_with(".yaml") => Ok(FileKind::Callback),
        _ => Err(format!(
            "`{path}` is not where schema files live; use `service.yaml`, `enums.yaml`, `structures/<Name>.yaml`, `actions/<Name>.yaml` or `callbacks/<MsgType>.yaml`"
        )),
    };
    Some(kind)
}

/// Parses every schema file, collecting problems instead of stopping at the first.
pub fn parse(source: &SchemaSource) -> (RawSchema, Vec<Diagnostic>) {
    let mut schema = RawSchema::default();
    let mut problems = source.unreadable.clone();
    for file in &source.files {
        if let Err(d) = schema.insert(file) {
            problems.push(d);
        }
    }
    if schema.service.is_none() && !problems.iter().any(|d| d.file == "service.yaml") {
        problems.push(Diagnostic::new(
            "service.yaml",
            Location { line: 1, column: 1 },
            "the schema has no `service.yaml`",
        ).with_help("create it with the service name, API version, endpoint, rate limit and common error codes"));
    }
    (schema, problems)
}

impl RawSchema {
    /// Parses `file` and adds it, replacing a file of the same path; files
    /// that are not schema input (READMEs, the JSON Schema) are ignored.
    ///
    /// # Errors
    /// The problem that keeps the file out: misplaced, empty or not parsing.
    pub fn insert(&mut self, file: &SourceFile) -> Result<(), Diagnostic> {
        let Some(kind) = classify(&file.path) else {
            return Ok(());
        };
        self.remove(&file.path);
        match kind.map_err(|message| {
            Diagnostic::new(&file.path, Location { line: 1, column: 1 }, message)
        })? {
            FileKind::Service => self.service = Some(parse_file(file)?),
            FileKind::Enums => self.enums = Some(parse_file(file)?),
            FileKind::Structure => insert_sorted(&mut self.structures, parse_file(file)?),
            FileKind::Action => insert_sorted(&mut self.actions, parse_file(file)?),
            FileKind::Callback => insert_sorted(&mut self.callbacks, parse_file(file)?),
        }
        Ok(())
    }

    /// The `enums` list of every structure, action and callback file and of
    /// `enums.yaml`, with the file and what is needed to point into it.
    pub fn enum_lists(&self) -> impl Iterator<Item = (&str, &[RawEnum], &Positions)> {
        let structures = self
            .structures
            .iter()
            .map(|s| (s.file.as_str(), s.value.enums.as_slice(), &s.positions));
        let actions = self
            .actions
            .iter()
            .map(|a| (a.file.as_str(), a.value.enums.as_slice(), &a.positions));
        let callbacks = self
            .callbacks
            .iter()
            .map(|c| (c.file.as_str(), c.value.enums.as_slice(), &c.positions));
        let shared = self
            .enums
            .iter()
            .map(|e| (e.file.as_str(), e.value.enums.as_slice(), &e.positions));
        structures.chain(actions).chain(callbacks).chain(shared)
    }

    fn remove(&mut self, path: &str) {
        if self.service.as_ref().is_some_and(|s| s.file == path) {
            self.service = None;
        }
        if self.enums.as_ref().is_some_and(|e| e.file == path) {
            self.enums = None;
        }
        self.structures.retain(|s| s.file != path);
        self.actions.retain(|a| a.file != path);
        self.callbacks.retain(|c| c.file != path);
    }
}

fn insert_sorted<T>(list: &mut Vec<Parsed<T>>, parsed: Parsed<T>) {
    let at = list.partition_point(|p| p.file < parsed.file);
    list.insert(at, parsed);
}

fn parse_file<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<Parsed<T>, Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(Diagnostic::new(
            &file.path,
            Location { line: 1, column: 1 },
            "the file is empty",
        ));
    }
    match serde_yaml::from_str::<T>(&file.text) {
        Ok(value) => Ok(Parsed {
            file: file.path.clone(),
            value,
            positions: Positions::index(&file.text),
            text: file.text.clone(),
        }),
        Err(err) => Err(yaml_error(&file.path, &err)),
    }
}

fn yaml_error(path: &str, err: &serde_yaml::Error) -> Diagnostic {
    let location = err
        .location()
        .map(|l| Location {
            line: l.line(),
            column: l.column(),
        })
        .unwrap_or(Location { line: 1, column: 1 });
    let text = err.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let message = match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    };
    let help = unknown_field_help(&message);
    let diagnostic = Diagnostic::new(path, location, message);
    match help {
        Some(h) => diagnostic.with_help(h),
        None => diagnostic,
    }
}

/// For "unknown field `x`, expected one of `a`, `b`", suggests the closest field.
fn unknown_field_help(message: &str) -> Option<String> {
    let start = message.find("unknown field `")? + "unknown field `".len();
    let rest = &message[start..];
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(field, candidates.iter().copied()).map(|m| format!("did you mean `{m}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_position_and_suggestion() {
        let (_, problems) = parse(&SchemaSource::from_files(&[(
            "structures/A.yaml",
            "structure: A\ndoc: x\nfields:\n  - name: B\n    tpye: string\n    doc: y\n",
        )]));
        let d = problems
            .iter()
            .find(|d| d.file == "structures/A.yaml")
            .unwrap();
        assert!(
            d.message.starts_with("fields[0]: unknown field `tpye`"),
            "{}",
            d.message
        );
        assert_eq!(d.location, Location { line: 5, column: 5 });
        assert_eq!(d.help.as_deref(), Some("did you mean `type`?"));
    }

    #[test]
    fn callback_files_are_classified_and_their_enums_listed() {
        assert_eq!(
            classify("callbacks/OrgAuth.yaml"),
            Some(Ok(FileKind::Callback))
        );
        assert!(matches!(
            classify("callbacks/deep/OrgAuth.yaml"),
            Some(Err(_))
        ));
        let (raw, _) = parse(&SchemaSource::from_files(&[(
            "callbacks/A.yaml",
            "callback: A\nsummary: s\nfields: []\nenums: [{name: E, doc: d, values: [{value: V, doc: d}]}]\nexamples: [{title: t, message: '{}'}]\n",
        )]));
        assert_eq!(raw.callbacks.len(), 1);
        let files: Vec<&str> = raw.enum_lists().map(|(f, _, _)| f).collect();
        assert_eq!(files, ["callbacks/A.yaml"]);
    }

    #[test]
    fn syntax_errors_and_misplaced_files_are_reported() {
        let (_, problems) = parse(&SchemaSource::from_files(&[
            ("actions/A.yaml", "action: [unclosed\n"),
            ("misc/B.yaml", "a: 1\n"),
            ("README.md", "not yaml"),
        ]));
        let files: Vec<&str> = problems.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(files, ["actions/A.yaml", "misc/B.yaml", "service.yaml"]);
        assert!(problems[0].location.line >= 1);
    }
}
