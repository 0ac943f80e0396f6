//! The only file-system code of the generator: reading a schema folder, and
//! bringing a folder in line with files the generator or the importer planned
//! (rust-analyzer's `ensure_file_contents`, for a whole set of files).
//!
//! `cargo xtask codegen` uses [`sync`] (the folder holds exactly the emitted
//! files), `cargo xtask import` uses [`update`] (only the planned files are
//! touched). Both write nothing in [`Mode::Check`], compare text with
//! newlines normalized, and write changed files through temporary siblings
//! renamed at the end, so a failure part-way leaves whole files only.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::OutputFile;
use crate::load::SchemaSource;

/// Reads every file under `dir` (recursively, sorted) as schema input. A
/// schema file that is not UTF-8 is no I/O error: it becomes a located problem
/// in [`SchemaSource::unreadable`], reported with the others.
pub fn read_schema_dir(dir: &Path) -> io::Result<SchemaSource> {
    let mut source = SchemaSource::default();
    for path in walk(dir)? {
        let relative = relative_path(dir, &path);
        let bytes = std::fs::read(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        source.add_bytes(&relative, bytes);
    }
    Ok(source)
}

/// Whether to write files or only compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files (and, for [`sync`], remove stale ones).
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// How a file on disk differs from what was planned for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// The file exists with other contents; a unified diff from disk to expected.
    Changed(String),
    /// The file should exist and does not.
    Missing,
    /// The file exists but nothing generates it.
    Stale,
}

/// What [`sync`] or [`update`] did or, in check mode, would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files that differ, by path relative to the folder, sorted.
    pub differences: Vec<(String, Difference)>,
    /// Files left as they were.
    pub unchanged: usize,
}

impl SyncReport {
    /// True when the folder already matched.
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Makes `out_dir` hold exactly `files` (in [`Mode::Write`]) or reports how it differs.
pub fn sync(out_dir: &Path, files: &[OutputFile], mode: Mode) -> io::Result<SyncReport> {
    let mut report = update(out_dir, files, mode)?;
    if !out_dir.exists() {
        return Ok(report);
    }
    let expected: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in walk(out_dir)? {
        let relative = relative_path(out_dir, &path);
        if !expected.contains(relative.as_str()) {
            if mode == Mode::Write {
                std::fs::remove_file(&path)?;
            }
            report.differences.push((relative, Difference::Stale));
        }
    }
    if mode == Mode::Write {
        remove_empty_dirs(out_dir)?;
    }
    report.differences.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(report)
}

/// Brings each of `files` under `dir` to its planned contents (in
/// [`Mode::Write`]) or reports how they differ; other files are left alone.
pub fn update(dir: &Path, files: &[OutputFile], mode: Mode) -> io::Result<SyncReport> {
    let mut report = SyncReport::default();
    let mut to_write = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        let difference = match std::fs::read_to_string(&path) {
            Ok(current) if normalize_newlines(&current) == file.contents => None,
            Ok(current) => Some(Difference::Changed(unified_diff(
                &file.path,
                &normalize_newlines(&current),
                &file.contents,
            ))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Some(Difference::Missing),
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        };
        match difference {
            None => report.unchanged += 1,
            Some(d) => {
                to_write.push((path, file.contents.as_str()));
                report.differences.push((file.path.clone(), d));
            }
        }
    }
    if mode == Mode::Write {
        write_staged(&to_write)?;
    }
    report.differences.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(report)
}

/// Writes every file to a temporary sibling first, then renames them all.
fn write_staged(files: &[(PathBuf, &str)]) -> io::Result<()> {
    let mut staged = Vec::new();
    for (target, contents) in files {
        let mut temp = target.clone().into_os_string();
        temp.push(".tmp");
        let temp = PathBuf::from(temp);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temp, contents));
        if let Err(e) = written {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            return Err(io::Error::new(e.kind(), format!("{}: {e}", temp.display())));
        }
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        std::fs::rename(&temp, target)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))?;
    }
    Ok(())
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{path} (on disk)"),
            &format!("b/{path} (from schema)"),
        )
        .to_string()
}

fn relative_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir`, sorted, skipping build output (`target/`).
fn walk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", current.display())))?;
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
            remove_empty_dirs(&path)?;
            if std::fs::read_dir(&path)?.next().is_none() {
                std::fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-sync-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn check_reports_changed_missing_and_stale_without_writing() {
        let dir = temp_dir("check");
        std::fs::create_dir_all(dir.join("src/old")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "old\n").unwrap();
        std::fs::write(dir.join("src/old/gone.rs"), "x\n").unwrap();
        let files = [file("src/lib.rs", "new\n"), file("src/added.rs", "a\n")];
        let report = sync(&dir, &files, Mode::Check).unwrap();
        let kinds: Vec<(&str, bool)> = report
            .differences
            .iter()
            .map(|(p, d)| (p.as_str(), matches!(d, Difference::Changed(diff) if diff.contains("-old") && diff.contains("+new"))))
            .collect();
        assert_eq!(
            kinds,
            [
                ("src/added.rs", false),
                ("src/lib.rs", true),
                ("src/old/gone.rs", false)
            ]
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("src/lib.rs")).unwrap(),
            "old\n"
        );
        assert!(dir.join("src/old/gone.rs").exists());

        let written = sync(&dir, &files, Mode::Write).unwrap();
        assert_eq!(written.differences.len(), 3);
        assert!(
            !dir.join("src/old").exists(),
            "stale files and their empty folders go"
        );
        assert!(sync(&dir, &files, Mode::Check).unwrap().is_clean());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn crlf_on_disk_counts_as_equal() {
        let dir = temp_dir("crlf");
        std::fs::write(dir.join("a.rs"), "x\r\ny\r\n").unwrap();
        assert!(sync(&dir, &[file("a.rs", "x\ny\n")], Mode::Check)
            .unwrap()
            .is_clean());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
