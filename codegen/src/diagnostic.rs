//! Problems found in the schema, each pointing at a place in a YAML file.

use std::fmt;

/// A 1-based line and column in a schema file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line, starting at 1.
    pub line: usize,
    /// Column, starting at 1.
    pub column: usize,
}

/// One problem: where it is, what is wrong, and what was probably meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Schema file, relative to the schema directory (`actions/Foo.yaml`) or,
    /// once [`Diagnostics::in_folder`] placed it, to the repository root.
    pub file: String,
    /// Position in that file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What was probably meant, or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `location` of `file`.
    pub fn new(file: &str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            location,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.location.line, self.location.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, sorted by file and position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, then position, then message, and drops exact repeats.
    pub fn finish(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.file, a.location, &a.message).cmp(&(&b.file, b.location, &b.message))
        });
        self.0.dedup();
        self
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names every file as under `folder` (empty or ending in `/`), so that
    /// paths read from where the command runs.
    pub fn in_folder(mut self, folder: &str) -> Self {
        for d in &mut self.0 {
            d.file.insert_str(0, folder);
        }
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the schema",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `wanted`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&wanted.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["Agent", "UserInfo", "OrganizationInfo"];
        assert_eq!(did_you_mean("Agnet", names), Some("Agent"));
        assert_eq!(did_you_mean("userinfo", names), Some("UserInfo"));
        assert_eq!(did_you_mean("Completely", names), None);
    }

    #[test]
    fn display_names_file_line_column_and_help() {
        let d = Diagnostic::new(
            "actions/A.yaml",
            Location { line: 3, column: 7 },
            "unknown type `Agnet`",
        )
        .with_help("did you mean `Agent`?");
        assert_eq!(
            d.to_string(),
            "actions/A.yaml:3:7: error: unknown type `Agnet`\n  help: did you mean `Agent`?"
        );
    }
}
