//! A set of schema files keyed by name: the existing schema, the upstream
//! import, or the merged result.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::load::{Parsed, RawSchema};
use crate::raw::{RawAction, RawEnum, RawStructure};

/// Actions and structures by name (deterministic order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaSubset {
    /// `actions/<Name>.yaml` contents by action name.
    pub actions: BTreeMap<String, RawAction>,
    /// `structures/<Name>.yaml` contents by structure name.
    pub structures: BTreeMap<String, RawStructure>,
    /// `enums.yaml` contents (enums several files use) by enum name.
    pub enums: BTreeMap<String, RawEnum>,
}

impl SchemaSubset {
    /// The actions and structures of a schema as [`crate::load`] read it.
    ///
    /// # Errors
    /// A diagnostic pointing at each file that declares a name an earlier file
    /// already declares.
    pub fn from_raw(raw: &RawSchema) -> Result<Self, Diagnostics> {
        let mut problems = Vec::new();
        let subset = SchemaSubset {
            actions: by_name(&raw.actions, "action", |a| &a.action, &mut problems),
            structures: by_name(
                &raw.structures,
                "structure",
                |s| &s.structure,
                &mut problems,
            ),
            enums: raw
                .enums
                .iter()
                .flat_map(|file| &file.value.enums)
                .map(|e| (e.name.clone(), e.clone()))
                .collect(),
        };
        if problems.is_empty() {
            Ok(subset)
        } else {
            Err(Diagnostics(problems).finish())
        }
    }

    /// Every enum declared anywhere in the subset: in an action's or
    /// structure's file, or in `enums.yaml`.
    pub fn enums(&self) -> impl Iterator<Item = &RawEnum> {
        self.actions
            .values()
            .flat_map(|a| a.enums.iter())
            .chain(self.structures.values().flat_map(|s| s.enums.iter()))
            .chain(self.enums.values())
    }

    /// Whether `name` is declared as an enum anywhere in the subset.
    pub fn has_enum(&self, name: &str) -> bool {
        self.enums().any(|e| e.name == name)
    }
}

fn by_name<T: Clone>(
    files: &[Parsed<T>],
    key: &str,
    name: impl Fn(&T) -> &String,
    problems: &mut Vec<crate::diagnostic::Diagnostic>,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    for file in files {
        if out
            .insert(name(&file.value).clone(), file.value.clone())
            .is_some()
        {
            problems.push(file.error_at(key, "declares a name another file already declares"));
        }
    }
    out
}
