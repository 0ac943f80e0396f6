//! Import of Tencent's published API description (`api.json` + `examples.json`)
//! into the YAML schema.
//!
//! The pipeline is pure: the caller (`cargo xtask import`) reads the
//! description and the schema folder, calls [`import`], prints the
//! [`drift::DriftReport`] and hands the files the [`ImportPlan`] marks as
//! changed to [`crate::sync::update`], the writer `cargo xtask codegen` uses too.
//!
//! 1. [`description`] parses the two JSON files, naming the JSON path at fault.
//! 2. [`upstream`] turns the selected actions and every structure they reach
//!    into raw schema types (with [`types`], [`enums`], [`prose`], [`examples`]).
//! 3. [`merge`] lays that over the existing YAML so hand edits survive.
//! 4. [`drift`] describes what changed; [`render`] produces the file texts
//!    (styled by [`yaml_style`]).
//!
//! The existing schema is read by [`crate::load`], like for generation, and
//! converted to a [`SchemaSubset`]; the result is validated by
//! [`crate::validate`] before anything is written.

pub mod description;
pub mod drift;
pub mod enum_names;
pub mod enum_plan;
pub mod enums;
pub mod error;
pub mod example_errors;
pub mod example_fill;
pub mod examples;
pub mod merge;
pub mod prose;
pub mod render;
pub mod subset;
pub mod types;
pub mod upstream;
pub mod yaml_style;

pub use description::{ApiDescription, ExamplesFile};
pub use drift::DriftReport;
pub use error::ImportError;
pub use render::PlannedFile;
pub use subset::SchemaSubset;

use crate::diagnostic::Diagnostics;
use crate::load::{SchemaSource, SourceFile};
use crate::raw::RawService;

/// A named input text, so errors can name the file they come from.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// How to name the file in messages (usually its path).
    pub name: &'a str,
    /// The whole file content.
    pub text: &'a str,
}

/// Which actions to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every action of the description.
    All,
    /// These actions (by wire name).
    Actions(Vec<String>),
}

/// Everything the import needs, already read from disk.
#[derive(Clone, Debug)]
pub struct ImportInput<'a> {
    /// `api.json`.
    pub api: Source<'a>,
    /// `examples.json`, when given.
    pub examples: Option<Source<'a>>,
    /// Actions to import.
    pub selection: Selection,
    /// `service.yaml` of the target schema, when it exists; its name and API
    /// version must match the description's.
    pub service: Option<&'a RawService>,
    /// Every action and structure currently in the target schema.
    pub existing: &'a SchemaSubset,
    /// What new texts (docs, summaries, titles) say.
    pub texts: Texts,
}

/// What the import writes where the schema needs words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Texts {
    /// The description's own prose, converted to Markdown, for a maintainer
    /// to rewrite (`cargo xtask codegen` refuses Chinese text).
    #[default]
    Upstream,
    /// Facts only: every new text is `TODO`, which `cargo xtask codegen`
    /// refuses until someone writes it.
    Todo,
}

/// The outcome of an import, before anything is written.
#[derive(Clone, Debug)]
pub struct ImportPlan {
    /// What changed, per action and structure.
    pub report: DriftReport,
    /// Every file the import covers, with its new content.
    pub files: Vec<PlannedFile>,
}

impl ImportPlan {
    /// The files whose content differs from what the schema holds now.
    pub fn changed_files(&self) -> impl Iterator<Item = &PlannedFile> {
        self.files.iter().filter(|f| f.changed)
    }
}

/// Computes the whole import without touching the file system.
///
/// # Errors
/// Any problem with the inputs; nothing should be written then.
pub fn plan(input: &ImportInput<'_>) -> Result<ImportPlan, ImportError> {
    let api = ApiDescription::parse(input.api)?;
    if let Some(service) = input.service {
        api.check_service(input.api.name, service)?;
    }
    let examples = input.examples.map(ExamplesFile::parse).transpose()?;
    let (mut upstream, warnings) =
        upstream::build(&api, examples.as_ref(), &input.selection, input.existing)?;
    if input.texts == Texts::Todo {
        upstream::replace_texts(&mut upstream, crate::validate::docs::TODO);
    }
    let complete = input.selection == Selection::All;
    let mut merged = merge::merge(input.existing, &upstream, complete);
    example_errors::add_missing(&mut merged, input.service);
    let filled = example_fill::fill_required(&mut merged);
    let mut report = drift::report(input.existing, &upstream, &merged, &filled);
    report.warnings = warnings;
    let files = render::render(input.existing, &merged)?;
    Ok(ImportPlan { report, files })
}

/// The whole import into the schema folder `schema`, as read by
/// [`crate::sync::read_schema_dir`]: loads it with the generator's reader,
/// plans the files, and checks that the schema they leave behind passes
/// validation.
///
/// # Errors
/// A problem with the inputs, with the schema as it is, or with the schema
/// the import would leave; nothing should be written then.
pub fn import(
    schema: &SchemaSource,
    api: Source<'_>,
    examples: Option<Source<'_>>,
    selection: Selection,
    texts: Texts,
) -> Result<ImportPlan, ImportError> {
    let (mut raw, problems) = crate::load::parse(schema);
    if !problems.is_empty() {
        return Err(ImportError::Schema(
            Diagnostics(problems).finish().in_folder(&schema.folder),
        ));
    }
    let existing = SchemaSubset::from_raw(&raw)
        .map_err(|d| ImportError::Schema(d.in_folder(&schema.folder)))?;
    let plan = plan(&ImportInput {
        api,
        examples,
        selection,
        service: raw.service.as_ref().map(|s| &s.value),
        existing: &existing,
        texts,
    })?;
    // Only the changed files are parsed again; the others are already loaded.
    let mut problems = Vec::new();
    for file in plan.changed_files() {
        let file = SourceFile {
            path: file.path.clone(),
            text: file.contents.clone(),
        };
        if let Err(d) = raw.insert(&file) {
            problems.push(d);
        }
    }
    crate::validate::validate(&raw, problems)
        .map_err(|d| ImportError::Invalid(d.in_folder(&schema.folder)))?;
    Ok(plan)
}
