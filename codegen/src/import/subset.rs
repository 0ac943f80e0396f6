//! A set of schema files keyed by name: the existing schema, the upstream
//! import, or the merged result.

use std::collections::BTreeMap;

use crate::raw::{RawAction, RawEnum, RawStructure};

/// Actions and structures by name (deterministic order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaSubset {
    /// `actions/<Name>.yaml` contents by action name.
    pub actions: BTreeMap<String, RawAction>,
    /// `structures/<Name>.yaml` contents by structure name.
    pub structures: BTreeMap<String, RawStructure>,
    /// `enums/<Name>.yaml` contents (enums several files use) by enum name.
    pub enums: BTreeMap<String, RawEnum>,
}

impl SchemaSubset {
    /// Every enum declared anywhere in the subset: in an action's or
    /// structure's file, or in its own file.
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
